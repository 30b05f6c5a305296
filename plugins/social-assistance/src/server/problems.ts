/**
 * 省领导包联's problem list: a problem a leader's inspection found, with a rectification deadline,
 * stays open until the county rectifies it with evidence (photos kept in the core upload store,
 * like visits' photos). Overdue = open after its deadline (Asia/Shanghai date).
 */
import { errors, keepUpload, readKeptUpload, ZxError, type ModuleContext } from '@zhenxing/core';
import { and, asc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateProblemInputSchema, ProblemView, RectifyProblemInputSchema } from '../index.ts';
import { getRelationship, type ReadContext, type WriteContext } from './relationships.ts';
import { problems, type ProblemRow } from './schema.ts';

export const EVIDENCE_TYPES = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

const problemNotFound = () => errors.notFound({ 'zh-CN': '问题', en: 'The problem' });

/** Problems belong to a county's leader contact: a township or village request sees none of them. */
function problemScope(access: ModuleContext['access']): SQL {
  return access.regionCode.length > 6 ? sql`false` : access.where(problems.countyCode);
}

export function problemView(row: ProblemRow, today: string): ProblemView {
  return {
    id: row.id,
    countyCode: row.countyCode,
    relationshipId: row.relationshipId,
    inspection: row.inspection,
    foundOn: row.foundOn,
    description: row.description,
    deadline: row.deadline,
    status: row.status,
    overdue: row.status === 'open' && row.deadline < today,
    rectifiedOn: row.rectifiedOn,
    rectification: row.rectification,
    evidenceUploadIds: row.evidenceUploadIds,
  };
}

export async function listProblems(
  context: ReadContext,
  filter: { status: 'open' | 'rectified' | 'overdue' | 'all'; relationshipId?: number },
): Promise<ProblemView[]> {
  let status: SQL | undefined;
  if (filter.status === 'open') status = eq(problems.status, 'open');
  else if (filter.status === 'rectified') status = eq(problems.status, 'rectified');
  else if (filter.status === 'overdue') status = and(eq(problems.status, 'open'), lt(problems.deadline, context.today));
  const rows = await context.db
    .select()
    .from(problems)
    .where(and(problemScope(context.access), status, filter.relationshipId ? eq(problems.relationshipId, filter.relationshipId) : undefined))
    .orderBy(asc(problems.deadline), asc(problems.id));
  return rows.map((row) => problemView(row, context.today));
}

/** The province records a problem from a leader's inspection of a leader-contact relationship. */
export async function createProblem(context: WriteContext, input: z.output<typeof CreateProblemInputSchema>): Promise<ProblemView> {
  const relationship = await getRelationship(context, input.relationshipId, true);
  context.access.assertRegion(relationship.countyCode);
  if (relationship.system !== 'leader-contact') {
    throw errors.invalid(
      { 'zh-CN': '只有省领导包联的督导检查登记问题', en: 'Problems are recorded for leader contact only' },
      { fieldErrors: { relationshipId: ['不是省领导包联 / not a leader contact'] } },
    );
  }
  const [row] = (await context.db
    .insert(problems)
    .values({
      countyCode: relationship.countyCode,
      relationshipId: relationship.id,
      inspection: input.inspection,
      foundOn: input.foundOn,
      description: input.description,
      deadline: input.deadline,
      status: 'open',
      evidenceUploadIds: [],
      createdBy: context.actor.username,
    })
    .returning()) as [ProblemRow];
  await context.audit({ action: 'problem.create', regionCode: row.countyCode, entityType: 'assistance-problem', entityId: row.id, after: row });
  return problemView(row, context.today);
}

async function getProblem(context: Pick<ModuleContext, 'db' | 'access'>, problemId: number, forUpdate = false): Promise<ProblemRow> {
  const query = context.db
    .select()
    .from(problems)
    .where(and(eq(problems.id, problemId), problemScope(context.access)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row || !context.access.canSee(row.countyCode)) throw problemNotFound();
  return row;
}

/**
 * The county rectifies a problem: a note and at least one photo of evidence, kept for good in this
 * transaction (the uploader's, for this county, else NOT_FOUND). Without evidence the problem stays open.
 */
export async function rectifyProblem(context: WriteContext, input: z.output<typeof RectifyProblemInputSchema>): Promise<ProblemView> {
  const before = await getProblem(context, input.problemId, true);
  context.access.assertRegion(before.countyCode);
  if (before.status === 'rectified') {
    throw new ZxError('PRECONDITION_FAILED', 'problem-rectified', { 'zh-CN': '该问题已整改销号', en: 'The problem is rectified already' });
  }
  const evidence = [...new Set(input.evidenceUploadIds)];
  if (evidence.length === 0) {
    throw errors.invalid(
      { 'zh-CN': '整改销号须上传整改佐证材料（照片）', en: 'Rectification needs evidence (photos)' },
      { fieldErrors: { evidenceUploadIds: ['请上传至少一张整改佐证照片 / upload at least one photo of evidence'] } },
    );
  }
  if (input.rectifiedOn < before.foundOn || input.rectifiedOn > context.today) {
    throw errors.invalid(
      { 'zh-CN': '整改日期不合理', en: 'The rectification date is not plausible' },
      { fieldErrors: { rectifiedOn: ['整改日期应在发现日期与今天之间 / between the finding and today'] } },
    );
  }
  for (const uploadId of evidence) {
    await keepUpload(
      context.db,
      { uploadId, plugin: 'social-assistance', purpose: 'evidence', userId: context.actor.userId ?? -1, countyCode: before.countyCode },
      context.clock.now(),
    );
  }
  const [row] = (await context.db
    .update(problems)
    .set({
      status: 'rectified',
      rectifiedOn: input.rectifiedOn,
      rectification: input.rectification,
      evidenceUploadIds: evidence,
      rectifiedBy: context.actor.username,
    })
    .where(eq(problems.id, before.id))
    .returning()) as [ProblemRow];
  await context.audit({ action: 'problem.rectify', regionCode: row.countyCode, entityType: 'assistance-problem', entityId: row.id, before, after: row });
  return problemView(row, context.today);
}

/** One evidence photo of a problem the reader may see, as a data URL. */
export async function problemEvidence(
  context: Pick<ModuleContext, 'db' | 'access'>,
  problemId: number,
  uploadId: string,
): Promise<{ problemId: number; countyCode: string; uploadId: string; dataUrl: string; bytes: number }> {
  const row = await getProblem(context, problemId);
  if (!row.evidenceUploadIds.includes(uploadId)) throw problemNotFound();
  const upload = await readKeptUpload(context.db, { uploadId, plugin: 'social-assistance', purpose: 'evidence' });
  if (!upload || upload.countyCode !== row.countyCode || !(upload.type in EVIDENCE_TYPES)) throw problemNotFound();
  const mime = EVIDENCE_TYPES[upload.type as keyof typeof EVIDENCE_TYPES];
  return { problemId, countyCode: row.countyCode, uploadId, bytes: upload.bytes, dataUrl: `data:${mime};base64,${upload.content.toString('base64')}` };
}

/** Problems found and rectified in `year`, and open / overdue now, over rows already scoped. */
export function problemCounts(rows: readonly ProblemRow[], year: number, today: string): { found: number; rectified: number; open: number; overdue: number } {
  const inYear = (day: string | null) => day !== null && day.startsWith(`${year}-`);
  return {
    found: rows.filter((row) => inYear(row.foundOn)).length,
    rectified: rows.filter((row) => row.status === 'rectified' && inYear(row.rectifiedOn)).length,
    open: rows.filter((row) => row.status === 'open').length,
    overdue: rows.filter((row) => row.status === 'open' && row.deadline < today).length,
  };
}
