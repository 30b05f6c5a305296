import { fileURLToPath } from 'node:url';
import { projectsModule } from '../index.ts';
import { definePlugin } from '@zhenxing/core';
import { recordAllocation } from './allocations.ts';
import { seedProjectsDemo } from './demo.ts';
import { projectIndicators } from './indicators.ts';
import { projectsRouter } from './router.ts';
import { projectsSettings } from './settings.ts';
import { projectsTodos } from './todos.ts';

/**
 * 项目库与资金拨付 (§5). Village applies → township reviews → county approves, with "三公示一公告"
 * (parallel in the epidemic-period mode); then tendering, construction, progress, completion,
 * acceptance; payments decided by `disbursementDecision`. Works alone (the budget caps payments)
 * or beside `funds` (allocations from `funds.allocated` cap them; payments raise
 * `projects.payment-made`). See README.md.
 */
export const projectsPlugin = definePlugin({
  module: projectsModule,
  version: '1.0.0',
  dependsOn: [],
  settings: projectsSettings,
  migrations: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemas: ['projects'],
  router: projectsRouter,
  on: { 'funds.allocated': recordAllocation },
  indicators: projectIndicators,
  todos: projectsTodos,
  demo: seedProjectsDemo,
});

/** Read-only API for other modules (never the tables). */
export { readProjects, type PublicProject } from './public.ts';

export default projectsPlugin;
