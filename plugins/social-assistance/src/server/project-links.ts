/**
 * Funded projects of a relationship (资金支持 / 产业协作) linked to the projects plugin's library. Only
 * where that plugin is installed and enabled for the county: the project is read through its public
 * read-only export (`readProjects` of `@zhenxing/plugin-projects/server`, limited to the caller's
 * counties), never its tables. Without it the link shows no project (the page says 未启用).
 */
import { errors, ZxError, type HostRuntime, type ModuleContext } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { LinkableProjects, ProjectLinkInputSchema, ProjectLinkView } from '../index.ts';
import { getRelationship, type ReadContext, type WriteContext } from './relationships.ts';
import { projectLinks, type ProjectLinkRow } from './schema.ts';

const PROJECTS = 'projects';
type RuntimeContext = { runtime: HostRuntime };

/** The counties among `counties` where the projects module is installed and enabled. */
async function projectCounties(context: Pick<ModuleContext, 'db'> & RuntimeContext, counties: readonly string[]): Promise<string[]> {
  if (!context.runtime.plugins.has(PROJECTS)) return [];
  const enabled: string[] = [];
  for (const county of new Set(counties)) if (await context.runtime.modules.isEnabled(context.db, PROJECTS, county)) enabled.push(county);
  return enabled;
}

/** The projects plugin's public read, loaded only where it is installed. */
async function readProjects(db: Executor, counties: readonly string[], ids?: readonly number[]) {
  if (counties.length === 0) return [];
  const projects = await import('@zhenxing/plugin-projects/server');
  return projects.readProjects(db, counties, ids);
}

/** Whether a county can link projects, and its projects to pick from. */
export async function linkableProjects(context: ReadContext & RuntimeContext, countyCode: string): Promise<LinkableProjects & { countyCode: string }> {
  context.access.assertRegion(countyCode);
  const counties = await projectCounties(context, [countyCode]);
  const projects = await readProjects(context.db, counties);
  return {
    countyCode,
    enabled: counties.length > 0,
    projects: projects.map(({ id, title, stage, countyCode: county }) => ({ id, title, stage, countyCode: county })),
  };
}

async function views(context: Pick<ModuleContext, 'db'> & RuntimeContext, rows: readonly ProjectLinkRow[]): Promise<ProjectLinkView[]> {
  const counties = await projectCounties(
    context,
    rows.map((row) => row.countyCode),
  );
  const projects = await readProjects(
    context.db,
    counties,
    rows.filter((row) => counties.includes(row.countyCode)).map((row) => row.projectId),
  );
  const byId = new Map(projects.map((project) => [project.id, project] as const));
  return rows.map((row) => {
    const project = counties.includes(row.countyCode) ? byId.get(row.projectId) : undefined;
    return {
      id: row.id,
      countyCode: row.countyCode,
      relationshipId: row.relationshipId,
      year: row.year,
      projectId: row.projectId,
      amountFen: row.amountFen,
      project: project ? { id: project.id, title: project.title, stage: project.stage, href: `/projects/${project.id}` } : null,
    };
  });
}

export async function listProjectLinks(context: ReadContext & RuntimeContext, filter: { relationshipId?: number; year?: number }): Promise<ProjectLinkView[]> {
  const rows = await context.db
    .select()
    .from(projectLinks)
    .where(
      and(
        context.access.where(projectLinks.countyCode),
        filter.relationshipId ? eq(projectLinks.relationshipId, filter.relationshipId) : undefined,
        filter.year ? eq(projectLinks.year, filter.year) : undefined,
      ),
    )
    .orderBy(asc(projectLinks.year), asc(projectLinks.id));
  return views(context, rows);
}

/** The recipient county links a funded project of its 资金支持 / 产业协作 pairing; audited. */
export async function linkProject(context: WriteContext & RuntimeContext, input: z.output<typeof ProjectLinkInputSchema>): Promise<ProjectLinkView> {
  const relationship = await getRelationship(context, input.relationshipId, true);
  context.access.assertRegion(relationship.countyCode);
  if (relationship.system !== 'pairing' || (relationship.kind !== 'funds' && relationship.kind !== 'industry'))
    throw errors.invalid(
      { 'zh-CN': '只有资金支持或产业协作关联项目', en: 'Only a funds or industry pairing links projects' },
      { fieldErrors: { relationshipId: ['不是资金支持或产业协作 / not a funds or industry pairing'] } },
    );
  const counties = await projectCounties(context, [relationship.countyCode]);
  if (counties.length === 0)
    throw new ZxError('PRECONDITION_FAILED', 'projects-not-enabled', {
      'zh-CN': '本县未启用项目库模块，不能关联项目',
      en: 'The project library is not enabled for this county',
    });
  const [project] = await readProjects(context.db, counties, [input.projectId]);
  if (!project) throw errors.notFound({ 'zh-CN': '项目', en: 'The project' });
  const [existing] = await context.db
    .select({ id: projectLinks.id })
    .from(projectLinks)
    .where(and(eq(projectLinks.relationshipId, relationship.id), eq(projectLinks.projectId, project.id), eq(projectLinks.year, input.year)));
  if (existing) throw new ZxError('CONFLICT', 'project-linked', { 'zh-CN': '该项目本年度已关联', en: 'The project is linked for this year already' });
  const [row] = (await context.db
    .insert(projectLinks)
    .values({
      countyCode: relationship.countyCode,
      relationshipId: relationship.id,
      year: input.year,
      projectId: project.id,
      amountFen: input.amountFen,
      createdBy: context.actor.username,
    })
    .returning()) as [ProjectLinkRow];
  await context.audit({ action: 'project-link.create', regionCode: project.villageCode, entityType: 'assistance-project-link', entityId: row.id, after: row });
  const [view] = await views(context, [row]);
  return view as ProjectLinkView;
}
