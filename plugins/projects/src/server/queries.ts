import { and, asc, desc, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import { errors } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import { diffParameterSets } from '@zhenxing/rules';
import { PROJECT_STAGES, type ProjectStage } from '../index.ts';
import type { ProjectsContext } from './settings.ts';
import { allocations, notices, payments, progressReports, projects } from './schema.ts';
import { allocatedFen, decidePayment, paymentBasis } from './payments.ts';
import { loadProject } from './workflow.ts';

/** Priority projects (因疫情急需、助脱贫户监测户增收) first, then oldest application first. */
const PRIORITY_ORDER = [desc(projects.priority), asc(projects.appliedOn), asc(projects.id)] as const;

export function listProjects(context: ProjectsContext, stage: ProjectStage | undefined) {
  const scope = context.access.where(projects.countyCode, projects.villageCode);
  return context.db
    .select()
    .from(projects)
    .where(stage ? and(scope, eq(projects.stage, stage)) : scope)
    .orderBy(...PRIORITY_ORDER);
}

/** 待审队列: awaiting township review or county approval, priority first (优先入库). */
export function reviewQueue(context: ProjectsContext) {
  return context.db
    .select()
    .from(projects)
    .where(and(context.access.where(projects.countyCode, projects.villageCode), inArray(projects.stage, ['applied', 'township-reviewed'])))
    .orderBy(...PRIORITY_ORDER);
}

/** 待安排资金: approved or later, not yet fully funded — priority first (优先安排资金). */
export async function fundingQueue(context: ProjectsContext) {
  // A grouped sub-select joined on the project id: a correlated sub-select in a one-table select is
  // rendered with unqualified columns, and `id` would bind to the allocation's own id (issue 11).
  const allocated = context.db
    .select({ projectId: allocations.projectId, totalFen: sql<number>`sum(${allocations.amountFen})`.as('total_fen') })
    .from(allocations)
    .groupBy(allocations.projectId)
    .as('allocated');
  const rows = await context.db
    .select({ project: projects, allocatedFen: sql<number>`coalesce(${allocated.totalFen}, 0)::bigint`.mapWith(Number) })
    .from(projects)
    .leftJoin(allocated, eq(allocated.projectId, projects.id))
    .where(
      and(
        context.access.where(projects.countyCode, projects.villageCode),
        inArray(projects.stage, ['approved', 'tendered', 'started', 'completed', 'accepted']),
      ),
    )
    .orderBy(...PRIORITY_ORDER);
  return rows
    .filter((row) => row.allocatedFen < row.project.budgetFen)
    .map((row) => ({ ...row.project, allocatedFen: row.allocatedFen, shortfallFen: row.project.budgetFen - row.allocatedFen }));
}

export async function projectDetail(context: ProjectsContext, id: number) {
  const project = await loadProject(context, id);
  const [noticeRows, reports, allocationRows, paymentRows, basis, allocated] = await Promise.all([
    context.db.select().from(notices).where(eq(notices.projectId, id)).orderBy(asc(notices.startDate), asc(notices.id)),
    context.db.select().from(progressReports).where(eq(progressReports.projectId, id)).orderBy(asc(progressReports.id)),
    context.db.select().from(allocations).where(eq(allocations.projectId, id)).orderBy(asc(allocations.id)),
    context.db.select().from(payments).where(eq(payments.projectId, id)).orderBy(asc(payments.id)),
    paymentBasis(context, project),
    allocatedFen(context.db, id),
  ]);
  // 已安排资金 is the server's sum (the same one the payment cap uses); the page shows it as is.
  return { project, notices: noticeRows, progressReports: reports, allocations: allocationRows, payments: paymentRows, ...basis, allocatedFen: allocated };
}

export async function previewPayment(context: ProjectsContext, projectId: number, amountFen: number) {
  const project = await loadProject(context, projectId);
  return decidePayment(context, project, amountFen);
}

/**
 * "Evaluate under …" for a payment: the rules' decision for paying `amountFen` now under the set in
 * force today (or `recordedVersion`) beside the one under a chosen published set, with the reasons
 * each time and the numbers that differ. Read-only.
 */
export async function replayPayment(context: ProjectsContext, projectId: number, amountFen: number, version: string, recordedVersion?: string) {
  const project = await loadProject(context, projectId);
  const province = project.countyCode.slice(0, 2);
  const recordedSet = recordedVersion ? context.parameters.byVersion(recordedVersion) : context.parameters.inForce(project.countyCode, context.today);
  const chosen = context.parameters.byVersion(version);
  if (recordedSet.provinceCode !== province || chosen.provinceCode !== province) {
    throw errors.notFound({ 'zh-CN': '该省的参数版本', en: "The province's parameter set" });
  }
  const [recorded, replayed] = [await decidePayment(context, project, amountFen, recordedSet), await decidePayment(context, project, amountFen, chosen)];
  return {
    projectId,
    recordedVersion: recordedSet.version,
    replayedVersion: chosen.version,
    recorded,
    replayed,
    changed: recorded.allowed !== replayed.allowed || recorded.maximumFen !== replayed.maximumFen || recorded.minimumFen !== replayed.minimumFen,
    parameterChanges: diffParameterSets(recordedSet, chosen),
    availableVersions: context.parameters.published(project.countyCode).map((set) => set.version),
  };
}

export function listPayments(context: ProjectsContext, projectId: number | undefined) {
  const scope = context.access.where(payments.countyCode, payments.villageCode);
  return context.db
    .select()
    .from(payments)
    .where(projectId ? and(scope, eq(payments.projectId, projectId)) : scope)
    .orderBy(asc(payments.id));
}

export function listNotices(context: ProjectsContext, projectId: number | undefined) {
  const scope = context.access.where(notices.countyCode, notices.villageCode);
  return context.db
    .select()
    .from(notices)
    .where(projectId ? and(scope, eq(notices.projectId, projectId)) : scope)
    .orderBy(asc(notices.id));
}

export function listProgressReports(context: ProjectsContext, projectId: number | undefined) {
  const scope = context.access.where(progressReports.countyCode, progressReports.villageCode);
  return context.db
    .select()
    .from(progressReports)
    .where(projectId ? and(scope, eq(progressReports.projectId, projectId)) : scope)
    .orderBy(asc(progressReports.id));
}

export interface StageCounts {
  countyCode: string;
  byStage: Record<ProjectStage, number>;
  priority: number;
  budgetFen: number;
  paidFen: number;
  povertyExitedHouseholds: number;
  monitoredHouseholds: number;
}

const emptyStages = (): Record<ProjectStage, number> => Object.fromEntries(PROJECT_STAGES.map((stage) => [stage, 0])) as Record<ProjectStage, number>;

/** Projects by stage per county, with beneficiary households (脱贫户、监测户) — one query. */
export async function stageCounts(db: Executor, where: SQL): Promise<StageCounts[]> {
  const rows = await db
    .select({
      countyCode: projects.countyCode,
      stage: projects.stage,
      projects: sql<number>`count(*)::int`.mapWith(Number),
      priority: sql<number>`count(*) filter (where ${projects.priority})::int`.mapWith(Number),
      budgetFen: sql<number>`coalesce(sum(${projects.budgetFen}), 0)::bigint`.mapWith(Number),
      paidFen: sql<number>`coalesce(sum(${projects.paidFen}), 0)::bigint`.mapWith(Number),
      povertyExitedHouseholds: sql<number>`coalesce(sum(${projects.povertyExitedHouseholds}), 0)::bigint`.mapWith(Number),
      monitoredHouseholds: sql<number>`coalesce(sum(${projects.monitoredHouseholds}), 0)::bigint`.mapWith(Number),
    })
    .from(projects)
    .where(where)
    .groupBy(projects.countyCode, projects.stage)
    .orderBy(projects.countyCode);
  const byCounty = new Map<string, StageCounts>();
  for (const row of rows) {
    const county = byCounty.get(row.countyCode) ?? {
      countyCode: row.countyCode,
      byStage: emptyStages(),
      priority: 0,
      budgetFen: 0,
      paidFen: 0,
      povertyExitedHouseholds: 0,
      monitoredHouseholds: 0,
    };
    county.byStage[row.stage as ProjectStage] += row.projects;
    county.priority += row.priority;
    county.budgetFen += row.budgetFen;
    county.paidFen += row.paidFen;
    if (row.stage !== 'rejected') {
      county.povertyExitedHouseholds += row.povertyExitedHouseholds;
      county.monitoredHouseholds += row.monitoredHouseholds;
    }
    byCounty.set(row.countyCode, county);
  }
  return [...byCounty.values()];
}

/** Projects by stage for the requested region: per county, a total, and the counties without the module. */
export async function stageDashboard(context: ProjectsContext) {
  const counties = await stageCounts(context.db, context.access.where(projects.countyCode, projects.villageCode));
  const total = emptyStages();
  for (const county of counties) for (const stage of PROJECT_STAGES) total[stage] += county.byStage[stage];
  return {
    regionCode: context.access.regionCode,
    counties,
    total,
    povertyExitedHouseholds: counties.reduce((sum, county) => sum + county.povertyExitedHouseholds, 0),
    monitoredHouseholds: counties.reduce((sum, county) => sum + county.monitoredHouseholds, 0),
    countiesWithoutModule: context.access.countiesWithoutModule,
  };
}

/** Village/township-scoped SQL for indicators, which get a region and the enabled counties. */
export function indicatorScope(regionCode: string, counties: readonly string[]): SQL {
  const inCounties = counties.length > 0 ? inArray(projects.countyCode, [...counties]) : sql`false`;
  return regionCode.length > 6 ? (and(inCounties, like(projects.villageCode, `${regionCode}%`)) as SQL) : inCounties;
}
