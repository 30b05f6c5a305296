import { errors, isWithinRegion } from '@zhenxing/core';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import {
  checkFieldValue,
  checkFieldValues,
  isNumericField,
  type AdjustInputSchema,
  type FieldDefinition,
  type FieldMessage,
  type FieldValues,
  type SaveSubmissionInputSchema,
} from '../index.ts';
import { loadCall, loadPeriod } from './calls.ts';
import { belowCounty, fieldErrors, notFoundSubmission, sealedError, wrongStatus } from './errors.ts';
import { sealHash } from './seal.ts';
import { adjustments, notices, submissionHistory, submissions, type CallRow, type PeriodRow, type Prefill, type SubmissionRow } from './schema.ts';
import type { DispatchContext } from './settings.ts';
import { endOfShanghaiDay, minutesLate } from './time.ts';
import { rollupFor } from './townships.ts';
import { regionNames } from './names.ts';

type Ctx = Pick<DispatchContext, 'db' | 'access' | 'audit' | 'runtime' | 'clock' | 'actor' | 'parameters' | 'user'>;
type ReadCtx = Pick<DispatchContext, 'db' | 'access' | 'runtime' | 'clock' | 'parameters' | 'user'>;

/** The county a county-level action is for; a township or village user cannot act for the county. */
function countyOfRequest(ctx: Pick<Ctx, 'access' | 'user'>): string {
  if (ctx.user.scopeCode.length > 6) throw belowCounty(ctx.user.scopeCode);
  const county = ctx.access.requireCounty();
  ctx.access.assertRegion(county);
  return county;
}

/**
 * The platform's figure for every mapped field: the indicator computed for the county as of the
 * period's end (the last instant of its last day, Asia/Shanghai), counting the county only where
 * the indicator's module is enabled.
 */
export async function prefillFor(ctx: ReadCtx, call: CallRow, period: PeriodRow, countyCode: string): Promise<Record<string, Prefill>> {
  const asOf = endOfShanghaiDay(period.endsOn);
  const result: Record<string, Prefill> = {};
  for (const field of call.fields) {
    if (!isNumericField(field) || !field.indicator) continue;
    const registered = ctx.runtime.indicators.get(field.indicator);
    if (!registered) continue;
    const counties = await ctx.runtime.modules.enabledCounties(ctx.db, registered.plugin, countyCode);
    // An indicator that honours `asOf` answers for the period's end whatever changed since; one that
    // does not counts its current rows (with the clock at the period's end), and the figure says so.
    const historical = registered.indicator.asOf === true;
    const raw = await registered.indicator.compute({
      db: ctx.db,
      regionCode: countyCode,
      counties,
      now: asOf,
      ...(historical ? { asOf } : {}),
      parameters: ctx.parameters,
    });
    // No data (null) means no platform figure: the county fills the field itself.
    if (raw === null || !Number.isFinite(raw)) continue;
    const value = field.type === 'percent' ? Math.round(raw * 100) / 100 : Math.round(raw);
    result[field.key] = {
      indicator: field.indicator,
      source: 'indicator',
      value,
      asOf: asOf.toISOString(),
      periodEnd: historical,
      computedAt: ctx.clock.now().toISOString(),
    };
  }
  return result;
}

/**
 * The figures the form opens with: the indicator figures (kept from the first save) and the current
 * township sums (replacing earlier ones: townships may report until the county submits).
 */
function withRollup(prefilled: Record<string, Prefill>, rollup: Record<string, Prefill> | undefined): Record<string, Prefill> {
  const kept = Object.fromEntries(Object.entries(prefilled).filter(([, prefill]) => prefill.source !== 'townships'));
  return { ...kept, ...rollup };
}

function isoOrNull(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

function present(row: SubmissionRow) {
  // The sealed content is read through the seal query, with its hash checked.
  const { sealed: _sealed, ...rest } = row;
  return {
    ...rest,
    firstSubmittedAt: isoOrNull(rest.firstSubmittedAt),
    submittedAt: isoOrNull(rest.submittedAt),
    acceptedAt: isoOrNull(rest.acceptedAt),
    updatedAt: rest.updatedAt.toISOString(),
  };
}

/** The county's form for a period: the saved submission, or a fresh one opened with the platform's figures. */
export async function openForm(ctx: ReadCtx, periodId: number) {
  // A form is one county's: a province- or city-wide request has none to show, and a township or
  // village user sees only their own township's sub-report (townships.form), not the county's answer.
  if (ctx.user.scopeCode.length > 6) throw belowCounty(ctx.user.scopeCode);
  const county = ctx.access.countyCode;
  if (!county) throw notFoundSubmission();
  const { call, period, counties } = await loadPeriod(ctx, periodId);
  if (!counties.includes(county)) throw notFoundSubmission();
  const [row] = await ctx.db
    .select()
    .from(submissions)
    .where(and(eq(submissions.periodId, periodId), eq(submissions.countyCode, county), ctx.access.where(submissions.countyCode)));
  const rollup = await rollupFor(ctx, call, period, county);
  // While the answer can still be edited, the township sums are the current ones; once submitted, the stored ones.
  const editable = !row || row.status === 'draft' || row.status === 'returned';
  const prefilled = editable ? withRollup(row ? row.prefilled : await prefillFor(ctx, call, period, county), rollup?.prefilled) : (row?.prefilled ?? {});
  const values: FieldValues = row ? row.values : Object.fromEntries(Object.entries(prefilled).map(([key, prefill]) => [key, prefill.value]));
  const history = row ? await ctx.db.select().from(submissionHistory).where(eq(submissionHistory.submissionId, row.id)).orderBy(asc(submissionHistory.id)) : [];
  const adjusted = row
    ? await ctx.db.select().from(adjustments).where(eq(adjustments.submissionId, row.id)).orderBy(asc(adjustments.effectiveOn), asc(adjustments.id))
    : [];
  const now = ctx.clock.now();
  const names = await regionNames(ctx.db, [county, call.regionCode]);
  return {
    countyCode: county,
    countyName: names.get(county) ?? county,
    call: {
      id: call.id,
      title: call.title,
      description: call.description,
      regionCode: call.regionCode,
      regionName: names.get(call.regionCode) ?? call.regionCode,
      fields: call.fields,
      townshipReports: call.townshipReports,
    },
    period: { id: period.id, label: period.label, startsOn: period.startsOn, endsOn: period.endsOn, dueAt: period.dueAt.toISOString() },
    overdue: now.getTime() >= period.dueAt.getTime() + 60_000 && (!row || row.firstSubmittedAt === null),
    submission: row ? present(row) : null,
    status: row?.status ?? 'not-started',
    values,
    prefilled,
    corrections: row?.corrections ?? {},
    /** 乡镇分报 (calls that ask for it): each township's status and figures, and those not reported yet. */
    townships: rollup ? { fields: rollup.fields, lines: rollup.townships, missing: rollup.missing } : null,
    history: history.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
    adjustments: adjusted.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
  };
}

/** A mapped field whose value differs from the platform's figure needs a reason; reasons for equal values are dropped. */
function checkCorrections(fields: readonly FieldDefinition[], values: FieldValues, prefilled: Record<string, Prefill>, reasons: Record<string, string>) {
  const problems: Record<string, FieldMessage> = {};
  const kept: Record<string, string> = {};
  for (const field of fields) {
    const prefill = prefilled[field.key];
    if (!prefill) continue;
    const value = values[field.key];
    if (value === undefined || value === null || value === prefill.value) continue;
    const reason = reasons[field.key];
    if (!reason)
      problems[field.key] =
        prefill.source === 'townships'
          ? { 'zh-CN': `与乡镇合计 ${prefill.value} 不同，须填写更正理由`, en: `differs from the townships' sum ${prefill.value}: give a reason` }
          : { 'zh-CN': `与平台数 ${prefill.value} 不同，须填写更正理由`, en: `differs from the platform's ${prefill.value}: give a reason` };
    else kept[field.key] = reason;
  }
  return { problems, kept };
}

async function history(ctx: Pick<Ctx, 'db' | 'clock' | 'actor'>, row: SubmissionRow, action: string, comment: string | null, values: FieldValues | null) {
  await ctx.db
    .insert(submissionHistory)
    .values({ submissionId: row.id, countyCode: row.countyCode, action, actor: ctx.actor.username, comment, values, at: ctx.clock.now() });
}

async function loadOwnSubmission(ctx: Ctx, periodId: number, county: string): Promise<SubmissionRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(submissions)
    .where(and(eq(submissions.periodId, periodId), eq(submissions.countyCode, county), ctx.access.where(submissions.countyCode)));
  return row;
}

/** Saves (and with `submit`, submits) the county's values: every field checked on its own; sealed periods refused. */
export async function saveSubmission(ctx: Ctx, input: z.output<typeof SaveSubmissionInputSchema>, submit: boolean) {
  const county = countyOfRequest(ctx);
  const { call, period, counties } = await loadPeriod(ctx, input.periodId);
  if (!counties.includes(county)) throw notFoundSubmission();
  const existing = await loadOwnSubmission(ctx, period.id, county);
  if (existing?.status === 'accepted') throw sealedError(existing.acceptedAt);
  if (existing && existing.status !== 'draft' && existing.status !== 'returned') {
    throw wrongStatus(existing.status, { 'zh-CN': '修改（已报送，等待审核）', en: 'edited while it awaits review' });
  }
  const rollup = await rollupFor(ctx, call, period, county);
  const prefilled = withRollup(existing?.prefilled ?? (await prefillFor(ctx, call, period, county)), rollup?.prefilled);
  const problems = checkFieldValues(call.fields, input.values, submit);
  const corrections = checkCorrections(call.fields, input.values, prefilled, input.corrections);
  const all = { ...corrections.problems, ...problems };
  if (Object.keys(all).length > 0) throw fieldErrors(all);
  const now = ctx.clock.now();
  const values: FieldValues = Object.fromEntries(call.fields.map((field) => [field.key, input.values[field.key] ?? null]));
  const submitted = submit
    ? {
        status: 'submitted',
        submittedAt: now,
        firstSubmittedAt: existing?.firstSubmittedAt ?? now,
        minutesLate: existing?.firstSubmittedAt ? existing.minutesLate : minutesLate(period.dueAt, now),
      }
    : { status: existing?.status ?? 'draft' };
  let row: SubmissionRow;
  if (existing) {
    const [updated] = await ctx.db
      .update(submissions)
      .set({ values, prefilled, corrections: corrections.kept, updatedAt: now, ...submitted })
      .where(eq(submissions.id, existing.id))
      .returning();
    row = updated as SubmissionRow;
  } else {
    const [inserted] = await ctx.db
      .insert(submissions)
      .values({
        callId: call.id,
        periodId: period.id,
        countyCode: county,
        values,
        prefilled,
        corrections: corrections.kept,
        updatedAt: now,
        ...submitted,
        status: submitted.status,
      })
      .returning();
    row = inserted as SubmissionRow;
  }
  await history(ctx, row, submit ? (existing?.status === 'returned' ? 'resubmit' : 'submit') : 'save', null, values);
  await ctx.audit({
    action: submit ? 'submission.submit' : 'submission.save',
    regionCode: county,
    entityType: 'dispatch-submission',
    entityId: row.id,
    before: existing ?? null,
    after: row,
  });
  return present(row);
}

/** A submission the request may see by id, with its call and period; NOT_FOUND otherwise. */
async function loadSubmission(ctx: Pick<Ctx, 'db' | 'access'>, submissionId: number) {
  const [row] = await ctx.db
    .select()
    .from(submissions)
    .where(and(eq(submissions.id, submissionId), ctx.access.where(submissions.countyCode)));
  if (!row) throw notFoundSubmission();
  const { call, period } = await loadPeriod(ctx, row.periodId);
  return { row, call, period };
}

/** Accepting and returning are for the issuing region: the caller's scope must hold the call's region. */
function assertIssuer(ctx: Pick<Ctx, 'user'>, call: CallRow) {
  if (!isWithinRegion(call.regionCode, ctx.user.scopeCode)) throw errors.outOfScope(call.regionCode);
}

/** The city's review (市级审核): a submitted answer marked reviewed, with a comment. */
export async function reviewSubmission(ctx: Ctx, submissionId: number, comment: string) {
  if (ctx.user.scopeCode.length > 6) throw belowCounty(ctx.user.scopeCode);
  const { row } = await loadSubmission(ctx, submissionId);
  if (row.status === 'accepted') throw sealedError(row.acceptedAt);
  if (row.status !== 'submitted') throw wrongStatus(row.status, { 'zh-CN': '审核', en: 'reviewed' });
  const [updated] = await ctx.db
    .update(submissions)
    .set({ status: 'reviewed', reviewComment: comment, updatedAt: ctx.clock.now() })
    .where(eq(submissions.id, row.id))
    .returning();
  await history(ctx, row, 'review', comment, null);
  await ctx.audit({
    action: 'submission.review',
    regionCode: row.countyCode,
    entityType: 'dispatch-submission',
    entityId: row.id,
    before: row,
    after: updated,
  });
  return present(updated as SubmissionRow);
}

/** Returned with a comment: the county may edit and resubmit; an in-app notice tells it why. */
export async function returnSubmission(ctx: Ctx, submissionId: number, comment: string) {
  const { row, call, period } = await loadSubmission(ctx, submissionId);
  assertIssuer(ctx, call);
  if (row.status === 'accepted') throw sealedError(row.acceptedAt);
  if (row.status !== 'submitted' && row.status !== 'reviewed') throw wrongStatus(row.status, { 'zh-CN': '退回', en: 'returned' });
  const now = ctx.clock.now();
  const [updated] = await ctx.db
    .update(submissions)
    .set({ status: 'returned', returnComment: comment, updatedAt: now })
    .where(eq(submissions.id, row.id))
    .returning();
  await history(ctx, row, 'return', comment, null);
  await ctx.db.insert(notices).values({
    countyCode: row.countyCode,
    callId: call.id,
    periodId: period.id,
    kind: 'returned',
    message: `「${call.title}」${period.label} 的报送被退回：${comment}`,
    createdAt: now,
  });
  await ctx.audit({
    action: 'submission.return',
    regionCode: row.countyCode,
    entityType: 'dispatch-submission',
    entityId: row.id,
    before: row,
    after: updated,
  });
  return present(updated as SubmissionRow);
}

/** What is frozen when a submission is accepted: the figures, the platform figures they opened with, the form. */
export function sealedContent(row: SubmissionRow, call: CallRow, period: PeriodRow, acceptedAt: Date, acceptedBy: string) {
  return {
    call: { id: call.id, title: call.title, regionCode: call.regionCode, fields: call.fields },
    period: { id: period.id, label: period.label, startsOn: period.startsOn, endsOn: period.endsOn, dueAt: period.dueAt.toISOString() },
    countyCode: row.countyCode,
    values: row.values,
    prefilled: row.prefilled,
    corrections: row.corrections,
    firstSubmittedAt: isoOrNull(row.firstSubmittedAt),
    minutesLate: row.minutesLate,
    acceptedAt: acceptedAt.toISOString(),
    acceptedBy,
  };
}

/** Accepted: the submission is sealed — its content frozen and hashed (sha256 over canonical JSON). */
export async function acceptSubmission(ctx: Ctx, submissionId: number, comment: string) {
  const { row, call, period } = await loadSubmission(ctx, submissionId);
  assertIssuer(ctx, call);
  if (row.status === 'accepted') throw sealedError(row.acceptedAt);
  if (row.status !== 'submitted' && row.status !== 'reviewed') throw wrongStatus(row.status, { 'zh-CN': '采纳', en: 'accepted' });
  const now = ctx.clock.now();
  const sealed = sealedContent(row, call, period, now, ctx.actor.username);
  const [updated] = await ctx.db
    .update(submissions)
    .set({ status: 'accepted', acceptedAt: now, acceptedBy: ctx.actor.username, sealed, sealHash: sealHash(sealed), updatedAt: now })
    .where(eq(submissions.id, row.id))
    .returning();
  await history(ctx, row, 'accept', comment || null, null);
  await ctx.audit({
    action: 'submission.accept',
    regionCode: row.countyCode,
    entityType: 'dispatch-submission',
    entityId: row.id,
    before: row,
    after: updated,
  });
  return present(updated as SubmissionRow);
}

/** A sealed submission read back with its hash checked again, and its dated adjustments. */
export async function verifySeal(ctx: Pick<Ctx, 'db' | 'access'>, submissionId: number) {
  const { row } = await loadSubmission(ctx, submissionId);
  if (row.status !== 'accepted' || !row.sealed || !row.sealHash) {
    return { submissionId: row.id, countyCode: row.countyCode, sealed: false as const, intact: null, sealHash: null, content: null, adjustments: [] };
  }
  const recomputed = sealHash(row.sealed);
  const adjusted = await ctx.db
    .select()
    .from(adjustments)
    .where(eq(adjustments.submissionId, row.id))
    .orderBy(asc(adjustments.effectiveOn), asc(adjustments.id));
  return {
    submissionId: row.id,
    countyCode: row.countyCode,
    sealed: true as const,
    intact: recomputed === row.sealHash,
    sealHash: row.sealHash,
    content: row.sealed,
    adjustments: adjusted.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
  };
}

/** A dated adjustment of a sealed figure: validated by the field's rule; the sealed value is kept unchanged. */
export async function adjustSealed(ctx: Ctx, input: z.output<typeof AdjustInputSchema>) {
  const county = countyOfRequest(ctx);
  const { row, call } = await loadSubmission(ctx, input.submissionId);
  if (row.countyCode !== county) throw notFoundSubmission();
  if (row.status !== 'accepted')
    throw wrongStatus(row.status, {
      'zh-CN': '调整（仅封存后的报送可调整，未封存时请直接修改）',
      en: 'adjusted (only sealed submissions are; edit an open one)',
    });
  const field = call.fields.find((candidate) => candidate.key === input.field);
  if (!field) throw fieldErrors({ [input.field]: { 'zh-CN': '表中没有此字段', en: 'no such field in the form' } });
  const problem = checkFieldValue(field, input.value, true);
  if (problem) throw fieldErrors({ [field.key]: problem });
  const [entry] = await ctx.db
    .insert(adjustments)
    .values({
      submissionId: row.id,
      countyCode: row.countyCode,
      field: field.key,
      sealedValue: row.values[field.key] ?? null,
      value: input.value,
      reason: input.reason,
      effectiveOn: input.effectiveOn,
      actor: ctx.actor.username,
      at: ctx.clock.now(),
    })
    .returning();
  if (!entry) throw new Error('insert returned no adjustment');
  await ctx.audit({ action: 'submission.adjust', regionCode: row.countyCode, entityType: 'dispatch-submission', entityId: row.id, after: entry });
  return { ...entry, at: entry.at.toISOString() };
}

/** The figures in force for each field: the sealed (or submitted) value, replaced by the latest dated adjustment. */
export async function effectiveValues(ctx: Pick<Ctx, 'db'>, row: SubmissionRow): Promise<FieldValues> {
  const base: FieldValues = { ...row.values };
  if (row.status !== 'accepted') return base;
  const adjusted = await ctx.db
    .select()
    .from(adjustments)
    .where(eq(adjustments.submissionId, row.id))
    .orderBy(desc(adjustments.effectiveOn), desc(adjustments.id));
  for (const entry of [...adjusted].reverse()) base[entry.field] = entry.value;
  return base;
}

export { loadCall };
