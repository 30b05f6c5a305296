import { errors, ZxError, type Localized } from '@zhenxing/core';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  ApplyProjectInputSchema,
  DecisionInputSchema,
  ProgressReportInputSchema,
  ProjectStage,
  PublishNoticeInputSchema,
  StageDateInputSchema,
  TenderInputSchema,
} from '../index.ts';
import type { ProjectsContext } from './settings.ts';
import { assertNotices } from './notices.ts';
import { notices, progressReports, projects, type ProjectRow } from './schema.ts';
import { wrongStage } from './stages.ts';

const PROJECT: Localized = { 'zh-CN': '项目', en: 'The project' };

/** Loads a project the caller may see (else NOT_FOUND, never confirming it exists); locks it for writes. */
export async function loadProject(context: ProjectsContext, id: number, lock = false): Promise<ProjectRow> {
  const query = context.db
    .select()
    .from(projects)
    .where(and(eq(projects.id, id), context.access.where(projects.countyCode, projects.villageCode)));
  const [project] = lock ? await query.for('update') : await query;
  if (!project || !context.access.canSee(project.villageCode)) throw errors.notFound(PROJECT);
  return project;
}

/** The action date: given or today, never in the future. */
function actionDate(context: ProjectsContext, on: string | undefined): string {
  const now = context.today;
  if (on && on > now) {
    throw errors.invalid({ 'zh-CN': `日期 ${on} 晚于今天，不能预先办理。`, en: `The date ${on} is in the future; record a step only once it has happened.` });
  }
  return on ?? now;
}

async function moveTo(context: ProjectsContext, before: ProjectRow, changes: Partial<typeof projects.$inferInsert>, action: string): Promise<ProjectRow> {
  const [after] = await context.db.update(projects).set(changes).where(eq(projects.id, before.id)).returning();
  const project = after as ProjectRow;
  await context.audit({ action, regionCode: project.villageCode, entityType: 'project', entityId: project.id, before, after: project });
  return project;
}

function requireStage(project: ProjectRow, expected: readonly ProjectStage[], action: Localized): void {
  const stage = project.stage as ProjectStage;
  if (!expected.includes(stage)) throw wrongStage(stage, expected, action);
}

/** 村申报: a village applies; epidemic-urgent projects that raise 脱贫/监测户 incomes are marked priority. */
export async function applyProject(context: ProjectsContext, input: z.output<typeof ApplyProjectInputSchema>): Promise<ProjectRow> {
  context.access.assertRegion(input.villageCode);
  const appliedOn = actionDate(context, input.appliedOn);
  const [row] = await context.db
    .insert(projects)
    .values({
      countyCode: input.villageCode.slice(0, 6),
      villageCode: input.villageCode,
      title: input.title,
      category: input.category,
      description: input.description,
      budgetFen: input.budgetFen,
      epidemicUrgent: input.epidemicUrgent,
      raisesIncome: input.raisesIncome,
      priority: input.epidemicUrgent && input.raisesIncome,
      linksFarmers: input.linksFarmers,
      reachesHouseholds: input.reachesHouseholds,
      povertyExitedHouseholds: input.povertyExitedHouseholds,
      monitoredHouseholds: input.monitoredHouseholds,
      stage: 'applied',
      parallelMode: context.settings?.parallelMode ?? false,
      appliedOn,
    })
    .returning();
  const project = row as ProjectRow;
  await context.audit({ action: 'project.apply', regionCode: project.villageCode, entityType: 'project', entityId: project.id, after: project });
  return project;
}

/** 公示 / 公告: any notice of "三公示一公告"; the steps that wait for them check their dates. */
export async function publishNotice(context: ProjectsContext, input: z.output<typeof PublishNoticeInputSchema>) {
  const project = await loadProject(context, input.projectId, true);
  context.access.assertRegion(project.villageCode);
  if (project.stage === 'rejected') throw wrongStage('rejected', ['applied', 'township-reviewed', 'approved'], { 'zh-CN': '发布公示', en: 'publicised' });
  const [row] = await context.db
    .insert(notices)
    .values({
      countyCode: project.countyCode,
      villageCode: project.villageCode,
      projectId: project.id,
      kind: input.kind,
      startDate: input.startDate,
      endDate: input.endDate,
      content: input.content,
    })
    .returning();
  const notice = row as typeof notices.$inferSelect;
  await context.audit({ action: 'project.notice', regionCode: project.villageCode, entityType: 'project-notice', entityId: notice.id, after: notice });
  return notice;
}

/** 乡镇审核: waits for the village publicity (ended, or started in parallel mode). */
export async function reviewProject(context: ProjectsContext, input: z.output<typeof DecisionInputSchema>): Promise<ProjectRow> {
  const project = await loadProject(context, input.id, true);
  context.access.assertRegion(project.villageCode);
  requireStage(project, ['applied'], { 'zh-CN': '进行乡镇审核', en: 'reviewed by the township' });
  const on = actionDate(context, input.on);
  if (input.decision === 'reject') return moveTo(context, project, { stage: 'rejected', reviewedOn: on }, 'project.review.reject');
  await assertNotices(context.db, project.id, ['village-publicity'], on, project.parallelMode);
  return moveTo(context, project, { stage: 'township-reviewed', reviewedOn: on }, 'project.review.pass');
}

/** 县级审定: waits for the village and township publicity. Parallel mode overlaps notices with steps; the order of the steps stays. */
export async function approveProject(context: ProjectsContext, input: z.output<typeof DecisionInputSchema>): Promise<ProjectRow> {
  const project = await loadProject(context, input.id, true);
  context.access.assertRegion(project.villageCode);
  requireStage(project, ['township-reviewed'], { 'zh-CN': '县级审定', en: 'approved by the county' });
  const on = actionDate(context, input.on);
  if (input.decision === 'reject') return moveTo(context, project, { stage: 'rejected', approvedOn: on }, 'project.approve.reject');
  await assertNotices(context.db, project.id, ['village-publicity', 'township-publicity'], on, project.parallelMode);
  return moveTo(context, project, { stage: 'approved', approvedOn: on }, 'project.approve.pass');
}

/** 招投标: after the county publicity and the county announcement. */
export async function tenderProject(context: ProjectsContext, input: z.output<typeof TenderInputSchema>): Promise<ProjectRow> {
  const project = await loadProject(context, input.id, true);
  context.access.assertRegion(project.villageCode);
  requireStage(project, ['approved'], { 'zh-CN': '招投标', en: 'tendered' });
  const on = actionDate(context, input.on);
  await assertNotices(context.db, project.id, ['county-publicity', 'county-announcement'], on, project.parallelMode);
  return moveTo(context, project, { stage: 'tendered', tenderedOn: on, winningBidder: input.winningBidder }, 'project.tender');
}

export async function startProject(context: ProjectsContext, input: z.output<typeof StageDateInputSchema>): Promise<ProjectRow> {
  const project = await loadProject(context, input.id, true);
  context.access.assertRegion(project.villageCode);
  requireStage(project, ['tendered'], { 'zh-CN': '动工', en: 'started' });
  return moveTo(context, project, { stage: 'started', startedOn: actionDate(context, input.on) }, 'project.start');
}

/** 进度报告: progress never goes backwards and always comes with evidence. */
export async function reportProgress(context: ProjectsContext, input: z.output<typeof ProgressReportInputSchema>) {
  const project = await loadProject(context, input.projectId, true);
  context.access.assertRegion(project.villageCode);
  requireStage(project, ['started'], { 'zh-CN': '报告进度', en: 'reported on' });
  if (input.progressBasisPoints < project.progressBasisPoints) {
    throw new ZxError('BAD_REQUEST', 'progress-backwards', {
      'zh-CN': `报告的进度低于已报告的 ${project.progressBasisPoints / 100}%，工程进度不能倒退；如需更正，请联系县级管理员。`,
      en: `The reported progress is below the ${project.progressBasisPoints / 100}% already reported; progress cannot go back. Ask a county admin to correct it.`,
    });
  }
  const reportedOn = actionDate(context, input.reportedOn);
  const [row] = await context.db
    .insert(progressReports)
    .values({
      countyCode: project.countyCode,
      villageCode: project.villageCode,
      projectId: project.id,
      progressBasisPoints: input.progressBasisPoints,
      text: input.text,
      attachments: input.attachments,
      reportedOn,
    })
    .returning();
  const report = row as typeof progressReports.$inferSelect;
  await moveTo(context, project, { progressBasisPoints: input.progressBasisPoints }, 'project.progress');
  return report;
}

/** 完工: construction is complete, so progress is 100%. */
export async function completeProject(context: ProjectsContext, input: z.output<typeof StageDateInputSchema>): Promise<ProjectRow> {
  const project = await loadProject(context, input.id, true);
  context.access.assertRegion(project.villageCode);
  requireStage(project, ['started'], { 'zh-CN': '完工', en: 'completed' });
  return moveTo(context, project, { stage: 'completed', completedOn: actionDate(context, input.on), progressBasisPoints: 10_000 }, 'project.complete');
}

/** 验收: after completion; unlocks the final payment. */
export async function acceptProject(context: ProjectsContext, input: z.output<typeof StageDateInputSchema>): Promise<ProjectRow> {
  const project = await loadProject(context, input.id, true);
  context.access.assertRegion(project.villageCode);
  requireStage(project, ['completed'], { 'zh-CN': '验收', en: 'accepted' });
  return moveTo(context, project, { stage: 'accepted', acceptedOn: actionDate(context, input.on) }, 'project.accept');
}
