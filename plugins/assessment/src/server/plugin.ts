import { fileURLToPath } from 'node:url';
import { definePlugin } from '@zhenxing/core';
import { assessmentModule } from '../index.ts';
import { seedAssessmentDemo } from './demo.ts';
import { assessmentRouter } from './router.ts';
import { assessmentSettings } from './settings.ts';

/** 考核评估: schemes from every plugin's indicators, sealed scores, 通报. See README.md. */
export const assessmentPlugin = definePlugin({
  module: assessmentModule,
  version: '0.1.0',
  dependsOn: [],
  settings: assessmentSettings,
  migrations: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemas: ['assessment'],
  router: assessmentRouter,
  demo: seedAssessmentDemo,
});

export default assessmentPlugin;
