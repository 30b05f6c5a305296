import { and, asc, eq, inArray } from 'drizzle-orm';
import { isNumericField, type FieldValue } from '../index.ts';
import { loadPeriod } from './calls.ts';
import { periods, submissions, type SubmissionRow } from './schema.ts';
import type { DispatchContext } from './settings.ts';
import { effectiveValues } from './submissions.ts';
import { minutesLate } from './time.ts';
import { regionNames } from './names.ts';

type Ctx = Pick<DispatchContext, 'db' | 'access' | 'clock'>;

export type LateKind = 'on-time' | 'late' | 'missing' | 'pending';

/**
 * 迟报 / 漏报 for one period, computed at minute precision against the deadline (Asia/Shanghai wall
 * time): a county that first submitted after the due minute is late (迟报) by that many minutes; one
 * that has not submitted once the due minute has passed is missing (漏报), late so far by the minutes
 * since; before the deadline an unsubmitted county is pending.
 */
export async function lateList(ctx: Ctx, periodId: number) {
  const { call, period, counties } = await loadPeriod(ctx, periodId);
  const rows = await ctx.db
    .select()
    .from(submissions)
    .where(and(eq(submissions.periodId, periodId), ctx.access.where(submissions.countyCode)));
  const now = ctx.clock.now();
  const deadlinePassed = minutesLate(period.dueAt, now) > 0;
  const names = await regionNames(ctx.db, counties);
  const entries = counties.map((countyCode) => {
    const row = rows.find((candidate) => candidate.countyCode === countyCode);
    const first = row?.firstSubmittedAt ?? null;
    let kind: LateKind;
    let minutes: number;
    if (first) {
      minutes = row?.minutesLate ?? minutesLate(period.dueAt, first);
      kind = minutes > 0 ? 'late' : 'on-time';
    } else if (deadlinePassed) {
      kind = 'missing';
      minutes = minutesLate(period.dueAt, now);
    } else {
      kind = 'pending';
      minutes = 0;
    }
    return {
      countyCode,
      countyName: names.get(countyCode) ?? countyCode,
      kind,
      minutesLate: minutes,
      status: row?.status ?? 'not-started',
      firstSubmittedAt: first?.toISOString() ?? null,
    };
  });
  return {
    call: { id: call.id, title: call.title },
    period: { id: period.id, label: period.label, dueAt: period.dueAt.toISOString() },
    asOf: now.toISOString(),
    entries,
    late: entries.filter((entry) => entry.kind === 'late'),
    missing: entries.filter((entry) => entry.kind === 'missing'),
  };
}

function numeric(value: FieldValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

/** A period against the previous one of the same call: per county and field, both values and the change. */
export async function comparePeriods(ctx: Ctx, periodId: number) {
  const { call, period, counties } = await loadPeriod(ctx, periodId);
  const [previous] = await ctx.db
    .select()
    .from(periods)
    .where(and(eq(periods.callId, call.id), eq(periods.number, period.number - 1)));
  const periodIds = previous ? [period.id, previous.id] : [period.id];
  const rows = await ctx.db
    .select()
    .from(submissions)
    .where(and(inArray(submissions.periodId, periodIds), ctx.access.where(submissions.countyCode)))
    .orderBy(asc(submissions.id));
  const values = new Map<string, Record<string, FieldValue>>();
  for (const row of rows as SubmissionRow[]) values.set(`${row.periodId}:${row.countyCode}`, await effectiveValues(ctx, row));
  const names = await regionNames(ctx.db, counties);
  return {
    period: { id: period.id, label: period.label },
    previous: previous ? { id: previous.id, label: previous.label } : null,
    rows: counties.map((countyCode) => {
      const now = values.get(`${period.id}:${countyCode}`);
      const before = previous ? values.get(`${previous.id}:${countyCode}`) : undefined;
      return {
        countyCode,
        countyName: names.get(countyCode) ?? countyCode,
        fields: call.fields.map((field) => {
          const current = now?.[field.key] ?? null;
          const prior = before?.[field.key] ?? null;
          const a = numeric(current);
          const b = numeric(prior);
          return {
            key: field.key,
            label: field.label,
            current,
            previous: prior,
            change: isNumericField(field) && a !== null && b !== null ? Math.round((a - b) * 100) / 100 : null,
            changed: current !== prior,
          };
        }),
      };
    }),
  };
}
