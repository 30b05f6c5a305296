import { fileURLToPath } from 'node:url';
import { definePlugin, READ_ROLES } from '@zhenxing/core';
import { recordAllocation } from './allocations.ts';
import { seedProjectsDemo } from './demo.ts';
import { projectIndicators } from './indicators.ts';
import { projectsRouter } from './router.ts';
import { projectsSettings } from './settings.ts';

/**
 * 项目库与资金拨付 (§5). Village applies → township reviews → county approves, with "三公示一公告"
 * (parallel in the epidemic-period mode); then tendering, construction, progress, completion,
 * acceptance; payments decided by `disbursementDecision`. Works alone (the budget caps payments)
 * or beside `funds` (allocations from `funds.allocated` cap them; payments raise
 * `projects.payment-made`). See README.md.
 */
export const projectsPlugin = definePlugin({
  id: 'projects',
  title: { 'zh-CN': '项目库与资金拨付', en: 'Project library and disbursement' },
  version: '1.0.0',
  dependsOn: [],
  settings: projectsSettings,
  permissions: {
    'project.read': READ_ROLES,
    'project.apply': ['county_admin', 'township_officer', 'village_cadre'],
    'project.notice': ['county_admin', 'township_officer', 'village_cadre'],
    'project.review': ['county_admin', 'township_officer'],
    'project.approve': ['county_admin'],
    'project.implement': ['county_admin', 'township_officer', 'village_cadre'],
    'project.accept': ['county_admin'],
    'payment.read': ['province_admin', 'city_admin', 'county_admin', 'township_officer', 'inspector'],
    'payment.make': ['county_admin'],
  },
  migrations: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemas: ['projects'],
  router: projectsRouter,
  on: { 'funds.allocated': recordAllocation },
  indicators: projectIndicators,
  demo: seedProjectsDemo,
});

export default projectsPlugin;
