import { fileURLToPath } from 'node:url';
import { definePlugin } from '@zhenxing/core';
import { assessmentModule } from '../index.ts';
import { seedAssessmentDemo } from './demo.ts';
import { assessmentIndicators } from './indicators.ts';
import { EVIDENCE_TYPES, FINDING_PURPOSE, MAX_EVIDENCE_BYTES, RECTIFICATION_PURPOSE } from './inspections.ts';
import { assessmentRouter } from './router.ts';
import { assessmentSettings } from './settings.ts';
import { assessmentTodos } from './todos.ts';

/** 考核评估: schemes from every plugin's indicators, sealed scores, 通报, 暗访 and 整改. See README.md. */
export const assessmentPlugin = definePlugin({
  module: assessmentModule,
  version: '0.1.0',
  // 暗访 names households of the registry, read through its public server exports only.
  dependsOn: ['registry'],
  settings: assessmentSettings,
  migrations: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemas: ['assessment'],
  router: assessmentRouter,
  uploads: {
    [FINDING_PURPOSE]: { maxBytes: MAX_EVIDENCE_BYTES, types: Object.keys(EVIDENCE_TYPES) as (keyof typeof EVIDENCE_TYPES)[], permission: 'inspection.manage' },
    [RECTIFICATION_PURPOSE]: {
      maxBytes: MAX_EVIDENCE_BYTES,
      types: Object.keys(EVIDENCE_TYPES) as (keyof typeof EVIDENCE_TYPES)[],
      permission: 'rectification.submit',
    },
  },
  indicators: assessmentIndicators,
  todos: assessmentTodos,
  demo: seedAssessmentDemo,
});

export default assessmentPlugin;
