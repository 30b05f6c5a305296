/**
 * 暗访 (unannounced visits) and 整改 (rectification tasks).
 *
 * The province or a city records an inspection of a county, township or village inside its scope:
 * date, inspectors (names), households visited (read through the registry's public exports only)
 * and the problems found, each with a category, a description, an optional household, evidence in
 * the core upload store, a responsible region (the inspected county or below) and a deadline. A
 * draft is seen only by the recording level and above (the database also hides drafts below a
 * city); on submission every problem becomes an open task the responsible region sees. The region
 * closes a task with a note and at least one evidence upload (never without); the inspecting level
 * accepts it or returns it with a reason. Overdue = not accepted after the deadline (Asia/Shanghai).
 * No text here may hold an ID or mobile number; household details beyond the head's name never leave.
 */
import { countyOf, errors, keepUpload, readKeptUpload, ZxError } from '@zhenxing/core';
import { getHouseholdProfile, householdHeadNames, householdProfilesPage } from '@zhenxing/plugin-registry/server';
import { and, asc, desc, eq, inArray, like, lt, ne, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CreateInspectionInputSchema,
  InspectionHousehold,
  InspectionView,
  ListTasksInputSchema,
  RectificationDashboard,
  RectificationRegionRow,
  ReturnTaskInputSchema,
  SubmitTaskInputSchema,
  TaskView,
} from '../index.ts';
import { holdsPersonalData } from './notices.ts';
import { regionNames } from './province.ts';
import { inspections, rectificationTasks, type InspectionRow, type TaskRow } from './schema.ts';
import type { AssessmentContext } from './settings.ts';

type ReadContext = Pick<AssessmentContext, 'db' | 'access' | 'user' | 'today'>;
type WriteContext = Pick<AssessmentContext, 'db' | 'access' | 'audit' | 'user' | 'actor' | 'clock' | 'today'>;

/** Upload purposes (core upload store): the inspectors' evidence of a problem, the region's evidence of its rectification. */
export const FINDING_PURPOSE = 'finding';
export const RECTIFICATION_PURPOSE = 'rectification';
export const EVIDENCE_TYPES = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

const inspectionNotFound = () => errors.notFound({ 'zh-CN': '暗访记录', en: 'The inspection' });
const taskNotFound = () => errors.notFound({ 'zh-CN': '整改任务', en: 'The rectification task' });
const householdNotFound = () => errors.notFound({ 'zh-CN': '农户', en: 'The household' });

/** Inspections are recorded, accepted and returned by the province or a city only. */
export function requireInspectingLevel(context: Pick<AssessmentContext, 'user'>): string {
  if (context.user.scopeCode.length > 4) {
    throw new ZxError('FORBIDDEN', 'inspecting-level-only', {
      'zh-CN': '暗访记录由省、市两级录入，整改由其验收。',
      en: 'Inspections are recorded, and rectifications accepted, by the province or a city only.',
    });
  }
  return context.user.scopeCode;
}

/** A code inside the requested region (and the user's scope, in a county with the module). */
function assertInRequest(context: Pick<AssessmentContext, 'access'>, code: string): void {
  context.access.assertRegion(code);
  if (!code.startsWith(context.access.regionCode)) throw errors.outOfScope(code);
}

/** The caller works at the recording level of `recordedScope` or above it (sees its drafts, accepts its tasks). */
const atInspectingLevel = (context: Pick<AssessmentContext, 'user'>, recordedScope: string): boolean =>
  context.user.scopeCode.length <= 4 && recordedScope.startsWith(context.user.scopeCode);

const personalDataError = '不得含身份证号、手机号等个人信息 / must not hold ID or phone numbers';

function checkPersonal(fields: Record<string, string>): void {
  const fieldErrors: Record<string, string[]> = {};
  for (const [field, text] of Object.entries(fields)) if (holdsPersonalData(text)) fieldErrors[field] = [personalDataError];
  if (Object.keys(fieldErrors).length > 0) {
    throw errors.invalid({ 'zh-CN': '内容含个人信息，未保存', en: 'The text holds personal data; nothing was saved' }, { fieldErrors });
  }
}

function taskView(
  row: TaskRow,
  inspection: Pick<InspectionRow, 'visitedOn'>,
  names: ReadonlyMap<string, string>,
  households: ReadonlyMap<number, string>,
  today: string,
): TaskView {
  const householdName = row.householdId === null ? null : households.get(row.householdId);
  return {
    id: row.id,
    inspectionId: row.inspectionId,
    visitedOn: inspection.visitedOn,
    targetRegionName: names.get(row.countyCode) ?? row.countyCode,
    category: row.category,
    description: row.description,
    householdId: row.householdId,
    householdName: householdName ? `${householdName}户` : null,
    evidenceUploadIds: row.evidenceUploadIds,
    responsibleRegionCode: row.responsibleRegionCode,
    responsibleRegionName: names.get(row.responsibleRegionCode) ?? row.responsibleRegionCode,
    countyCode: row.countyCode,
    deadline: row.deadline,
    status: row.status,
    overdue: isOverdue(row, today),
    rectificationNote: row.rectificationNote,
    rectificationUploadIds: row.rectificationUploadIds,
    submittedOn: row.submittedOn,
    returnReason: row.returnReason,
    acceptedOn: row.acceptedOn,
  };
}

/** Overdue: submitted to the region (not a draft), not accepted, and the deadline (a Shanghai date) is before today. */
export const isOverdue = (row: Pick<TaskRow, 'status' | 'deadline'>, today: string): boolean =>
  row.status !== 'draft' && row.status !== 'accepted' && row.deadline < today;

async function taskViews(context: ReadContext, rows: readonly TaskRow[]): Promise<TaskView[]> {
  const inspectionIds = [...new Set(rows.map((row) => row.inspectionId))];
  const visits =
    inspectionIds.length === 0
      ? []
      : await context.db.select({ id: inspections.id, visitedOn: inspections.visitedOn }).from(inspections).where(inArray(inspections.id, inspectionIds));
  const visitedOn = new Map(visits.map((row) => [row.id, row.visitedOn]));
  const names = await regionNames(context.db, [...rows.map((row) => row.responsibleRegionCode), ...rows.map((row) => row.countyCode)]);
  const households = await householdHeadNames(
    context.db,
    rows.flatMap((row) => (row.householdId === null ? [] : [row.householdId])),
  );
  return rows.map((row) => taskView(row, { visitedOn: visitedOn.get(row.inspectionId) ?? '' }, names, households, context.today));
}

async function inspectionView(context: ReadContext, row: InspectionRow): Promise<InspectionView> {
  const taskRows = await context.db.select().from(rectificationTasks).where(eq(rectificationTasks.inspectionId, row.id)).orderBy(asc(rectificationTasks.id));
  const seen = atInspectingLevel(context, row.recordedScope) ? taskRows : taskRows.filter((task) => context.access.canSee(task.responsibleRegionCode));
  const heads = await householdHeadNames(context.db, row.householdIds);
  const profiles = await Promise.all(row.householdIds.map((householdId) => getHouseholdProfile(context.db, householdId, context.today)));
  const villages = profiles.flatMap((profile) => (profile ? [profile.household.villageCode] : []));
  const names = await regionNames(context.db, [row.recordedScope, row.targetRegionCode, ...villages]);
  const households: InspectionHousehold[] = profiles.flatMap((profile) =>
    profile
      ? [
          {
            householdId: profile.household.id,
            headName: heads.get(profile.household.id) ?? '',
            villageCode: profile.household.villageCode,
            villageName: names.get(profile.household.villageCode) ?? profile.household.villageCode,
          },
        ]
      : [],
  );
  return {
    id: row.id,
    recordedScope: row.recordedScope,
    recordedScopeName: names.get(row.recordedScope) ?? row.recordedScope,
    targetRegionCode: row.targetRegionCode,
    targetRegionName: names.get(row.targetRegionCode) ?? row.targetRegionCode,
    countyCode: row.countyCode,
    visitedOn: row.visitedOn,
    inspectors: row.inspectors,
    households,
    notes: row.notes,
    status: row.status,
    createdBy: row.createdBy,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    tasks: await taskViews(context, seen),
  };
}

/** Inspections of the request: submitted ones, and drafts only for their recording level and above. */
function inspectionScope(context: ReadContext): SQL {
  const visible = context.access.where(inspections.countyCode, inspections.targetRegionCode);
  const drafts = context.user.scopeCode.length <= 4 ? like(inspections.recordedScope, `${context.user.scopeCode}%`) : undefined;
  return and(visible, drafts ? or(eq(inspections.status, 'submitted'), drafts) : eq(inspections.status, 'submitted')) as SQL;
}

async function loadInspection(context: ReadContext, inspectionId: number, forUpdate = false): Promise<InspectionRow> {
  const query = context.db
    .select()
    .from(inspections)
    .where(and(eq(inspections.id, inspectionId), inspectionScope(context)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row || !context.access.canSee(row.targetRegionCode)) throw inspectionNotFound();
  return row;
}

export async function listInspections(context: ReadContext): Promise<InspectionView[]> {
  const rows = await context.db.select().from(inspections).where(inspectionScope(context)).orderBy(desc(inspections.visitedOn), desc(inspections.id));
  return Promise.all(rows.map((row) => inspectionView(context, row)));
}

export async function getInspection(context: ReadContext, inspectionId: number): Promise<InspectionView> {
  return inspectionView(context, await loadInspection(context, inspectionId));
}

/** Households of the inspected region to choose from (head's name and village only), through the registry's public read. */
export async function inspectionHouseholds(context: ReadContext, targetRegionCode: string, limit: number): Promise<InspectionHousehold[]> {
  assertInRequest(context, targetRegionCode);
  const county = countyOf(targetRegionCode) as string;
  const profiles = await householdProfilesPage(context.db, { countyCodes: [county], regionPrefix: targetRegionCode, afterId: 0, limit }, context.today);
  const names = await regionNames(
    context.db,
    profiles.map((profile) => profile.household.villageCode),
  );
  return profiles.map((profile) => ({
    householdId: profile.household.id,
    headName: profile.members.find((member) => member.relation === 'head')?.name ?? '',
    villageCode: profile.household.villageCode,
    villageName: names.get(profile.household.villageCode) ?? profile.household.villageCode,
  }));
}

/** A household the inspectors name: it exists, the caller may see it, and it lies in `region`. */
async function checkHousehold(context: WriteContext, householdId: number, region: string, field: string): Promise<void> {
  const profile = await getHouseholdProfile(context.db, householdId, context.today);
  if (!profile || !context.access.canSee(profile.household.villageCode)) throw householdNotFound();
  if (!profile.household.villageCode.startsWith(region)) {
    throw errors.invalid(
      { 'zh-CN': '农户不在暗访的区域内', en: 'The household lies outside the inspected region' },
      { fieldErrors: { [field]: ['不在暗访区域内的农户 / a household outside the inspected region'] } },
    );
  }
}

/** Records a draft inspection with its problems (drafts of tasks); evidence uploads are kept in this transaction. */
export async function createInspection(context: WriteContext, input: z.output<typeof CreateInspectionInputSchema>): Promise<InspectionView> {
  const scope = requireInspectingLevel(context);
  assertInRequest(context, input.targetRegionCode);
  const countyCode = countyOf(input.targetRegionCode) as string;
  const texts: Record<string, string> = { notes: input.notes };
  input.inspectors.forEach((name, index) => (texts[`inspectors.${index}`] = name));
  input.problems.forEach((problem, index) => (texts[`problems.${index}.description`] = problem.description));
  checkPersonal(texts);
  const householdIds = [...new Set(input.householdIds)];
  for (const [index, householdId] of householdIds.entries()) await checkHousehold(context, householdId, input.targetRegionCode, `householdIds.${index}`);
  for (const [index, problem] of input.problems.entries()) {
    assertInRequest(context, problem.responsibleRegionCode);
    if (countyOf(problem.responsibleRegionCode) !== countyCode) {
      throw errors.invalid(
        { 'zh-CN': '责任区域应在被暗访的县（区）内', en: 'The responsible region lies in the inspected county' },
        { fieldErrors: { [`problems.${index}.responsibleRegionCode`]: ['不在被暗访的县（区）内 / outside the inspected county'] } },
      );
    }
    if (problem.deadline < input.visitedOn) {
      throw errors.invalid(
        { 'zh-CN': '整改期限不能早于暗访日期', en: 'The deadline is before the visit' },
        { fieldErrors: { [`problems.${index}.deadline`]: ['整改期限早于暗访日期 / before the visit'] } },
      );
    }
    if (problem.householdId !== undefined) await checkHousehold(context, problem.householdId, countyCode, `problems.${index}.householdId`);
  }
  const [row] = (await context.db
    .insert(inspections)
    .values({
      recordedScope: scope,
      countyCode,
      targetRegionCode: input.targetRegionCode,
      visitedOn: input.visitedOn,
      inspectors: input.inspectors,
      householdIds,
      notes: input.notes,
      status: 'draft',
      createdBy: context.actor.username,
    })
    .returning()) as [InspectionRow];
  const tasks: TaskRow[] = [];
  for (const problem of input.problems) {
    const evidence = [...new Set(problem.evidenceUploadIds)];
    for (const uploadId of evidence) {
      await keepUpload(
        context.db,
        { uploadId, plugin: 'assessment', purpose: FINDING_PURPOSE, userId: context.actor.userId ?? -1, countyCode },
        context.clock.now(),
      );
    }
    const [task] = (await context.db
      .insert(rectificationTasks)
      .values({
        inspectionId: row.id,
        recordedScope: scope,
        countyCode,
        responsibleRegionCode: problem.responsibleRegionCode,
        category: problem.category,
        description: problem.description,
        householdId: problem.householdId ?? null,
        evidenceUploadIds: evidence,
        deadline: problem.deadline,
        status: 'draft',
      })
      .returning()) as [TaskRow];
    tasks.push(task);
  }
  await context.audit({
    action: 'inspection.create',
    regionCode: row.targetRegionCode,
    entityType: 'assessment-inspection',
    entityId: row.id,
    after: { ...row, tasks },
  });
  return inspectionView(context, row);
}

/** Submits a draft: the inspected region now sees it, and every problem becomes an open rectification task. */
export async function submitInspection(context: WriteContext, inspectionId: number): Promise<InspectionView> {
  requireInspectingLevel(context);
  const before = await loadInspection(context, inspectionId, true);
  if (!atInspectingLevel(context, before.recordedScope)) throw inspectionNotFound();
  if (before.status !== 'draft') {
    throw new ZxError('PRECONDITION_FAILED', 'inspection-submitted', { 'zh-CN': '暗访记录已提交', en: 'The inspection is submitted already' });
  }
  const [row] = (await context.db
    .update(inspections)
    .set({ status: 'submitted', submittedBy: context.actor.username, submittedAt: context.clock.now() })
    .where(and(eq(inspections.id, before.id), eq(inspections.status, 'draft')))
    .returning()) as [InspectionRow];
  const opened = await context.db
    .update(rectificationTasks)
    .set({ status: 'open' })
    .where(and(eq(rectificationTasks.inspectionId, row.id), eq(rectificationTasks.status, 'draft')))
    .returning({ id: rectificationTasks.id });
  await context.audit({
    action: 'inspection.submit',
    regionCode: row.targetRegionCode,
    entityType: 'assessment-inspection',
    entityId: row.id,
    before,
    after: { ...row, openedTasks: opened.map((task) => task.id) },
  });
  return inspectionView(context, row);
}

/** Tasks of the request (never drafts): the responsible region inside the caller's scope. */
function taskScope(context: ReadContext): SQL {
  return and(context.access.where(rectificationTasks.countyCode, rectificationTasks.responsibleRegionCode), ne(rectificationTasks.status, 'draft')) as SQL;
}

export async function listTasks(context: ReadContext, filter: z.output<typeof ListTasksInputSchema>['status']): Promise<TaskView[]> {
  let status: SQL | undefined;
  if (filter === 'overdue') status = and(inArray(rectificationTasks.status, ['open', 'submitted', 'returned']), lt(rectificationTasks.deadline, context.today));
  else if (filter !== 'all') status = eq(rectificationTasks.status, filter);
  const rows = await context.db
    .select()
    .from(rectificationTasks)
    .where(and(taskScope(context), status))
    .orderBy(asc(rectificationTasks.deadline), asc(rectificationTasks.id));
  return taskViews(context, rows);
}

async function loadTask(context: ReadContext, taskId: number, forUpdate = false): Promise<TaskRow> {
  const query = context.db
    .select()
    .from(rectificationTasks)
    .where(and(eq(rectificationTasks.id, taskId), taskScope(context)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row || !context.access.canSee(row.responsibleRegionCode)) throw taskNotFound();
  return row;
}

async function oneTaskView(context: ReadContext, row: TaskRow): Promise<TaskView> {
  const [view] = await taskViews(context, [row]);
  return view as TaskView;
}

/** The responsible region closes its task: a note and at least one evidence upload (its own, for this county). */
export async function submitTask(context: WriteContext, input: z.output<typeof SubmitTaskInputSchema>): Promise<TaskView> {
  const before = await loadTask(context, input.taskId, true);
  context.access.assertRegion(before.responsibleRegionCode);
  if (before.status !== 'open' && before.status !== 'returned') {
    throw new ZxError('PRECONDITION_FAILED', 'task-not-open', {
      'zh-CN': '该整改任务已提交或已销号',
      en: 'The task is submitted or accepted already',
    });
  }
  const evidence = [...new Set(input.evidenceUploadIds)];
  if (evidence.length === 0) {
    throw errors.invalid(
      { 'zh-CN': '整改销号须上传整改佐证材料', en: 'Closing a task needs evidence' },
      { fieldErrors: { evidenceUploadIds: ['请上传至少一份整改佐证材料 / upload at least one piece of evidence'] } },
    );
  }
  checkPersonal({ note: input.note });
  for (const uploadId of evidence) {
    await keepUpload(
      context.db,
      { uploadId, plugin: 'assessment', purpose: RECTIFICATION_PURPOSE, userId: context.actor.userId ?? -1, countyCode: before.countyCode },
      context.clock.now(),
    );
  }
  const [row] = (await context.db
    .update(rectificationTasks)
    .set({
      status: 'submitted',
      rectificationNote: input.note,
      rectificationUploadIds: evidence,
      submittedOn: context.today,
      submittedBy: context.actor.username,
    })
    .where(eq(rectificationTasks.id, before.id))
    .returning()) as [TaskRow];
  await context.audit({
    action: 'rectification.submit',
    regionCode: row.responsibleRegionCode,
    entityType: 'assessment-task',
    entityId: row.id,
    before,
    after: row,
  });
  return oneTaskView(context, row);
}

/** A submitted task of an inspection the caller's level (or one above) recorded. */
async function taskForReview(context: WriteContext, taskId: number): Promise<TaskRow> {
  requireInspectingLevel(context);
  const before = await loadTask(context, taskId, true);
  if (!atInspectingLevel(context, before.recordedScope)) throw taskNotFound();
  context.access.assertRegion(before.responsibleRegionCode);
  if (before.status !== 'submitted') {
    throw new ZxError('PRECONDITION_FAILED', 'task-not-submitted', {
      'zh-CN': '该整改任务尚未提交整改结果',
      en: 'The task has no rectification submitted',
    });
  }
  return before;
}

export async function acceptTask(context: WriteContext, taskId: number): Promise<TaskView> {
  const before = await taskForReview(context, taskId);
  const [row] = (await context.db
    .update(rectificationTasks)
    .set({ status: 'accepted', acceptedOn: context.today, acceptedBy: context.actor.username })
    .where(eq(rectificationTasks.id, before.id))
    .returning()) as [TaskRow];
  await context.audit({
    action: 'rectification.accept',
    regionCode: row.responsibleRegionCode,
    entityType: 'assessment-task',
    entityId: row.id,
    before,
    after: row,
  });
  return oneTaskView(context, row);
}

export async function returnTask(context: WriteContext, input: z.output<typeof ReturnTaskInputSchema>): Promise<TaskView> {
  const before = await taskForReview(context, input.taskId);
  checkPersonal({ reason: input.reason });
  const [row] = (await context.db
    .update(rectificationTasks)
    .set({ status: 'returned', returnReason: input.reason })
    .where(eq(rectificationTasks.id, before.id))
    .returning()) as [TaskRow];
  await context.audit({
    action: 'rectification.return',
    regionCode: row.responsibleRegionCode,
    entityType: 'assessment-task',
    entityId: row.id,
    before,
    after: row,
  });
  return oneTaskView(context, row);
}

/** One evidence file of a task the reader may see (the finding's or the rectification's), as a data URL. */
export async function taskEvidence(
  context: ReadContext,
  taskId: number,
  uploadId: string,
): Promise<{ taskId: number; countyCode: string; uploadId: string; fileName: string; dataUrl: string; bytes: number }> {
  const row = await loadTask(context, taskId);
  const purpose = row.evidenceUploadIds.includes(uploadId) ? FINDING_PURPOSE : row.rectificationUploadIds.includes(uploadId) ? RECTIFICATION_PURPOSE : null;
  if (!purpose) throw taskNotFound();
  const upload = await readKeptUpload(context.db, { uploadId, plugin: 'assessment', purpose });
  if (!upload || upload.countyCode !== row.countyCode || !(upload.type in EVIDENCE_TYPES)) throw taskNotFound();
  const mime = EVIDENCE_TYPES[upload.type as keyof typeof EVIDENCE_TYPES];
  return {
    taskId,
    countyCode: row.countyCode,
    uploadId,
    fileName: upload.fileName,
    bytes: upload.bytes,
    dataUrl: `data:${mime};base64,${upload.content.toString('base64')}`,
  };
}

/** The child region a code belongs to under `parent` (province → city → county → township → village). */
function childOf(parent: string, code: string): string {
  const next = parent.length === 2 ? 4 : parent.length === 4 ? 6 : parent.length === 6 ? 9 : 12;
  return code.slice(0, next);
}

/** Counts of tasks (already scoped, no drafts) as of `today`. */
export function rectificationCounts(
  rows: readonly Pick<TaskRow, 'status' | 'deadline' | 'submittedOn'>[],
  today: string,
): Omit<RectificationRegionRow, 'regionCode' | 'regionName'> {
  const due = rows.filter((row) => row.status === 'accepted' || row.deadline < today);
  const onTime = due.filter((row) => row.status === 'accepted' && row.submittedOn !== null && row.submittedOn <= row.deadline);
  return {
    problems: rows.length,
    open: rows.filter((row) => row.status === 'open').length,
    submitted: rows.filter((row) => row.status === 'submitted').length,
    returned: rows.filter((row) => row.status === 'returned').length,
    accepted: rows.filter((row) => row.status === 'accepted').length,
    overdue: rows.filter((row) => isOverdue(row, today)).length,
    onTimeRate: due.length === 0 ? null : Math.floor((onTime.length * 10_000) / due.length) / 100,
  };
}

/** Problems and rectification status by the child regions of the request (names, never bare codes). */
export async function rectificationDashboard(context: ReadContext): Promise<RectificationDashboard> {
  const rows = await context.db
    .select({
      responsibleRegionCode: rectificationTasks.responsibleRegionCode,
      status: rectificationTasks.status,
      deadline: rectificationTasks.deadline,
      submittedOn: rectificationTasks.submittedOn,
    })
    .from(rectificationTasks)
    .where(taskScope(context));
  const parent = context.access.regionCode;
  const groups = new Map<string, typeof rows>();
  for (const row of rows) {
    const child = childOf(parent, row.responsibleRegionCode);
    groups.set(child, [...(groups.get(child) ?? []), row]);
  }
  const names = await regionNames(context.db, [parent, ...groups.keys()]);
  const regions = [...groups.entries()]
    .map(([code, group]) => ({ regionCode: code, regionName: names.get(code) ?? code, ...rectificationCounts(group, context.today) }))
    .sort((a, b) => a.regionCode.localeCompare(b.regionCode));
  return {
    regionCode: parent,
    regionName: names.get(parent) ?? parent,
    today: context.today,
    total: { regionCode: parent, regionName: names.get(parent) ?? parent, ...rectificationCounts(rows, context.today) },
    regions,
  };
}
