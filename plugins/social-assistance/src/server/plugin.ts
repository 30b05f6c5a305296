/**
 * 强化社会帮扶 — §6: 中央单位定点帮扶, 省内区域性结对帮扶 (six kinds), 省领导包联 (with the
 * inspection problem list) and 省直部门定点帮扶 of villages: organisations, relationships, annual
 * targets and results, progress and the counties lacking a required relationship.
 */
import { fileURLToPath } from 'node:url';
import { definePlugin } from '@zhenxing/core';
import { socialAssistanceModule } from '../index.ts';
import { seedSocialAssistanceDemo } from './demo.ts';
import { socialAssistanceIndicators } from './indicators.ts';
import { MAX_EVIDENCE_BYTES } from './problems.ts';
import { socialAssistanceRouter } from './router.ts';
import { socialAssistanceSettings } from './settings.ts';

export const socialAssistancePlugin = definePlugin({
  module: socialAssistanceModule,
  description: {
    'zh-CN': '中央单位定点帮扶、省内结对帮扶、省领导包联与省直部门定点帮扶：帮扶关系、年度目标与完成、问题整改、进度与未落实县。',
    en: 'Central-unit aid, province-internal pairing, leader contact and department aid: relationships, annual targets and results, problems, progress and the counties lacking one.',
  },
  version: '1.1.0',
  dependsOn: ['registry'],
  settings: socialAssistanceSettings,
  migrations: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemas: ['social_assistance'],
  router: socialAssistanceRouter,
  uploads: {
    results: { maxBytes: 5 * 1024 * 1024, types: ['xlsx', 'csv'], permission: 'result.record' },
    evidence: { maxBytes: MAX_EVIDENCE_BYTES, types: ['jpeg', 'png', 'webp'], permission: 'result.record' },
  },
  indicators: socialAssistanceIndicators,
  demo: seedSocialAssistanceDemo,
});

export { socialAssistanceSettings, type SocialAssistanceSettings } from './settings.ts';

export default socialAssistancePlugin;
