import { countyOf, errors, isWithinRegion } from '@zhenxing/core';
import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { checkFieldValues, townshipFields, type FieldMessage, type FieldValues, type TownshipSaveInputSchema } from '../index.ts';
import { loadPeriod } from './calls.ts';
import { fieldErrors, sealedError, wrongStatus } from './errors.ts';
import { townshipsOf } from './names.ts';
import { submissions, townshipReports, type CallRow, type PeriodRow, type Prefill, type TownshipReportRow } from './schema.ts';
import type { DispatchContext } from './settings.ts';

type Ctx = Pick<DispatchContext, 'db' | 'access' | 'audit' | 'clock' | 'actor' | 'user'>;
type ReadCtx = Pick<DispatchContext, 'db' | 'access' | 'clock' | 'user'>;

const notFoundTownshipReport = () => errors.notFound({ 'zh-CN': '乡镇分报', en: 'Township sub-report' });

/** One township's line in the county's roll-up. */
export interface TownshipLine {
  code: string;
  name: string;
  status: 'not-started' | 'draft' | 'submitted';
  submittedAt: string | null;
  values: FieldValues;
}

/**
 * The county's roll-up of a period: every township of the county (the region table, level 乡镇)
 * with its sub-report's status, and per summable field the sum of the *submitted* sub-reports.
 * Townships without a submitted sub-report are listed as not reported; with none submitted there is
 * no figure (the county fills the field itself).
 */
export async function rollupFor(ctx: Pick<DispatchContext, 'db' | 'clock'>, call: CallRow, period: PeriodRow, countyCode: string) {
  if (!call.townshipReports) return null;
  const fields = townshipFields(call.fields);
  const townships = await townshipsOf(ctx.db, countyCode);
  const rows = await ctx.db
    .select()
    .from(townshipReports)
    .where(and(eq(townshipReports.periodId, period.id), eq(townshipReports.countyCode, countyCode)))
    .orderBy(asc(townshipReports.townshipCode));
  const lines: TownshipLine[] = townships.map((township) => {
    const row = rows.find((candidate) => candidate.townshipCode === township.code);
    return {
      code: township.code,
      name: township.name,
      status: (row?.status ?? 'not-started') as TownshipLine['status'],
      submittedAt: row?.submittedAt?.toISOString() ?? null,
      values: row?.values ?? {},
    };
  });
  const submitted = lines.filter((line) => line.status === 'submitted');
  const prefilled: Record<string, Prefill> = {};
  if (submitted.length > 0) {
    const asOf = ctx.clock.now().toISOString();
    for (const field of fields) {
      const value = submitted.reduce((sum, line) => sum + (typeof line.values[field.key] === 'number' ? (line.values[field.key] as number) : 0), 0);
      prefilled[field.key] = { source: 'townships', value, asOf, townships: { reported: submitted.length, of: lines.length } };
    }
  }
  return {
    fields: fields.map((field) => field.key),
    townships: lines,
    missing: lines.filter((line) => line.status !== 'submitted').map(({ code, name }) => ({ code, name })),
    prefilled,
  };
}

/**
 * The township a request acts for, checked before anything is read: inside the caller's own scope
 * (a township officer: only their own township; a county user: a township of their county), inside
 * the request's region, and a real township of the region table.
 */
async function checkTownship(ctx: ReadCtx, townshipCode: string): Promise<string> {
  if (!isWithinRegion(townshipCode, ctx.user.scopeCode)) throw errors.outOfScope(townshipCode);
  if (!isWithinRegion(townshipCode, ctx.access.regionCode) && !isWithinRegion(ctx.access.regionCode, townshipCode)) throw errors.outOfScope(townshipCode);
  ctx.access.assertRegion(townshipCode);
  const county = countyOf(townshipCode) as string;
  const known = await townshipsOf(ctx.db, county);
  if (!known.some((township) => township.code === townshipCode)) throw notFoundTownshipReport();
  return county;
}

/** The period and call for a township's sub-report: the call must ask the township's county and ask for sub-reports. */
async function loadForTownship(ctx: ReadCtx, periodId: number, townshipCode: string) {
  const county = await checkTownship(ctx, townshipCode);
  const { call, period, counties } = await loadPeriod(ctx, periodId);
  if (!counties.includes(county) || !call.townshipReports) throw notFoundTownshipReport();
  return { call, period, county };
}

function present(row: TownshipReportRow | undefined) {
  return row ? { ...row, submittedAt: row.submittedAt?.toISOString() ?? null, updatedAt: row.updatedAt.toISOString() } : null;
}

/** The county's own answer state decides whether townships may still change their figures. */
async function countyStatus(ctx: Pick<Ctx, 'db'>, periodId: number, county: string) {
  const [row] = await ctx.db
    .select({ status: submissions.status, acceptedAt: submissions.acceptedAt })
    .from(submissions)
    .where(and(eq(submissions.periodId, periodId), eq(submissions.countyCode, county)));
  return row ?? null;
}

/** A township's sub-report form: the summable fields, its saved values and status, and whether it can still be edited. */
export async function townshipForm(ctx: ReadCtx, periodId: number, townshipCode: string) {
  const { call, period, county } = await loadForTownship(ctx, periodId, townshipCode);
  const [row] = await ctx.db
    .select()
    .from(townshipReports)
    .where(and(eq(townshipReports.periodId, period.id), eq(townshipReports.townshipCode, townshipCode), ctx.access.where(townshipReports.countyCode)));
  const countyAnswer = await countyStatus(ctx, period.id, county);
  const [township] = (await townshipsOf(ctx.db, county)).filter((candidate) => candidate.code === townshipCode);
  return {
    townshipCode,
    townshipName: township?.name ?? townshipCode,
    countyCode: county,
    call: { id: call.id, title: call.title, fields: townshipFields(call.fields) },
    period: { id: period.id, label: period.label, startsOn: period.startsOn, endsOn: period.endsOn, dueAt: period.dueAt.toISOString() },
    status: (row?.status ?? 'not-started') as TownshipLine['status'],
    values: row?.values ?? {},
    report: present(row),
    editable: !countyAnswer || countyAnswer.status === 'draft' || countyAnswer.status === 'returned',
  };
}

/** Saves (and with `submit`, submits) a township's sub-report: its fields only, each checked by its rule; audited. */
export async function saveTownshipReport(ctx: Ctx, input: z.output<typeof TownshipSaveInputSchema>) {
  const { call, period, county } = await loadForTownship(ctx, input.periodId, input.townshipCode);
  const countyAnswer = await countyStatus(ctx, period.id, county);
  if (countyAnswer?.status === 'accepted') throw sealedError(countyAnswer.acceptedAt);
  if (countyAnswer && countyAnswer.status !== 'draft' && countyAnswer.status !== 'returned') {
    throw wrongStatus(countyAnswer.status, { 'zh-CN': '修改乡镇分报（县级已报送）', en: 'changed at township level (the county has submitted)' });
  }
  const fields = townshipFields(call.fields);
  const problems: Record<string, FieldMessage> = checkFieldValues(fields, input.values, input.submit);
  if (Object.keys(problems).length > 0) throw fieldErrors(problems);
  const values: FieldValues = Object.fromEntries(fields.map((field) => [field.key, input.values[field.key] ?? null]));
  const now = ctx.clock.now();
  const [existing] = await ctx.db
    .select()
    .from(townshipReports)
    .where(and(eq(townshipReports.periodId, period.id), eq(townshipReports.townshipCode, input.townshipCode), ctx.access.where(townshipReports.countyCode)));
  const status = input.submit ? 'submitted' : (existing?.status ?? 'draft');
  const submittedAt = input.submit ? now : (existing?.submittedAt ?? null);
  let row: TownshipReportRow | undefined;
  if (existing) {
    [row] = await ctx.db
      .update(townshipReports)
      .set({ values, status, submittedAt, updatedBy: ctx.actor.username, updatedAt: now })
      .where(eq(townshipReports.id, existing.id))
      .returning();
  } else {
    [row] = await ctx.db
      .insert(townshipReports)
      .values({
        callId: call.id,
        periodId: period.id,
        countyCode: county,
        townshipCode: input.townshipCode,
        status,
        values,
        submittedAt,
        updatedBy: ctx.actor.username,
        updatedAt: now,
      })
      .returning();
  }
  if (!row) throw new Error('township sub-report not written');
  await ctx.audit({
    action: input.submit ? 'township-report.submit' : 'township-report.save',
    regionCode: input.townshipCode,
    entityType: 'dispatch-township-report',
    entityId: row.id,
    before: existing ?? null,
    after: row,
  });
  return present(row) as NonNullable<ReturnType<typeof present>>;
}
