import { errors, ZxError } from '@zhenxing/core';
import { isWithinRegion } from '@zhenxing/core';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { periodLabel, type CreateCallInputSchema, type Recurrence } from '../index.ts';
import { notFoundCall } from './errors.ts';
import { calls, periods, submissions, targets, type CallRow, type PeriodRow } from './schema.ts';
import type { DispatchContext } from './settings.ts';
import { periodDates, shanghaiInstant } from './time.ts';
import { regionNames } from './names.ts';
import { addDays } from '@zhenxing/rules';

type Ctx = Pick<DispatchContext, 'db' | 'access' | 'audit' | 'runtime' | 'clock' | 'actor'>;

/** Creates a call with all its periods and the counties asked; audited. */
export async function createCall(ctx: Ctx, input: z.output<typeof CreateCallInputSchema>) {
  const regionCode = ctx.access.regionCode;
  if (regionCode.length > 6) {
    // A township or village cannot issue a call: refused for the caller's level, like any scope refusal.
    throw new ZxError('FORBIDDEN', 'out-of-scope', {
      'zh-CN': '调度任务由省、市或县（区）发起，乡镇和村不能发起。',
      en: 'A data call is issued by the province, a city or a county, not by a township or village.',
    });
  }
  const unknown: Record<string, { 'zh-CN': string; en: string }> = {};
  for (const field of input.fields) {
    if ('indicator' in field && field.indicator && !ctx.runtime.indicators.has(field.indicator)) {
      unknown[field.key] = { 'zh-CN': `平台没有指标 ${field.indicator}`, en: `the platform has no indicator ${field.indicator}` };
    }
  }
  if (Object.keys(unknown).length > 0) {
    throw errors.invalid({ 'zh-CN': '字段映射的指标不存在。', en: 'A field maps to an indicator the platform does not have.' }, { fields: unknown });
  }
  let counties: string[];
  if (input.counties) {
    for (const county of input.counties) {
      if (!isWithinRegion(county, regionCode)) throw errors.outOfScope(county);
      ctx.access.assertRegion(county);
    }
    counties = [...input.counties].sort();
  } else {
    // Default: counties of the region with this module and every mapped indicator's module enabled.
    counties = [...ctx.access.counties];
    const plugins = new Set(input.fields.flatMap((field) => ('indicator' in field && field.indicator ? [field.indicator.split('.')[0] as string] : [])));
    for (const plugin of plugins) {
      const enabled = new Set(await ctx.runtime.modules.enabledCounties(ctx.db, plugin, regionCode));
      counties = counties.filter((county) => enabled.has(county));
    }
    counties.sort();
  }
  if (counties.length === 0) {
    throw errors.invalid({ 'zh-CN': '没有可以报送的县（区）：请检查模块启用情况。', en: 'No county can answer this call: check which modules are enabled.' });
  }
  const now = ctx.clock.now();
  const [call] = await ctx.db
    .insert(calls)
    .values({
      regionCode,
      title: input.title,
      description: input.description,
      fields: input.fields,
      recurrence: input.recurrence,
      dueDaysAfterEnd: input.dueDaysAfterEnd,
      dueTime: input.dueTime,
      remindHoursBefore: input.remindHoursBefore,
      townshipReports: input.townshipReports,
      createdBy: ctx.actor.username,
      createdAt: now,
    })
    .returning();
  if (!call) throw new Error('insert returned no call');
  const periodRows = Array.from({ length: input.periodCount }, (_, index) => {
    const { startsOn, endsOn } = periodDates(input.recurrence as Recurrence, input.firstPeriodStart, index);
    const number = input.firstNumber + index;
    return {
      callId: call.id,
      regionCode,
      number,
      label: periodLabel(startsOn, number),
      startsOn,
      endsOn,
      dueAt: shanghaiInstant(addDays(endsOn, input.dueDaysAfterEnd), input.dueTime),
    };
  });
  const created = await ctx.db.insert(periods).values(periodRows).returning();
  await ctx.db.insert(targets).values(counties.map((countyCode) => ({ callId: call.id, countyCode })));
  await ctx.audit({
    action: 'call.create',
    regionCode,
    entityType: 'dispatch-call',
    entityId: call.id,
    after: { ...call, counties, periods: created.map((period) => period.label) },
  });
  return { ...call, counties, periods: created };
}

/** The counties of a call the request may see (none: the call is invisible to it). */
export async function visibleTargets(ctx: Pick<Ctx, 'db' | 'access'>, callId: number): Promise<string[]> {
  const rows = await ctx.db
    .select({ countyCode: targets.countyCode })
    .from(targets)
    .where(and(eq(targets.callId, callId), ctx.access.where(targets.countyCode)))
    .orderBy(asc(targets.countyCode));
  return rows.map((row) => row.countyCode);
}

/** A call the request may see (at least one of its counties in scope), else NOT_FOUND. */
export async function loadCall(ctx: Pick<Ctx, 'db' | 'access'>, callId: number): Promise<{ call: CallRow; counties: string[] }> {
  const counties = await visibleTargets(ctx, callId);
  if (counties.length === 0) throw notFoundCall();
  const [call] = await ctx.db.select().from(calls).where(eq(calls.id, callId));
  if (!call) throw notFoundCall();
  return { call, counties };
}

/** A period of a call the request may see, else NOT_FOUND. */
export async function loadPeriod(ctx: Pick<Ctx, 'db' | 'access'>, periodId: number): Promise<{ call: CallRow; period: PeriodRow; counties: string[] }> {
  const [period] = await ctx.db.select().from(periods).where(eq(periods.id, periodId));
  if (!period) throw notFoundCall();
  const { call, counties } = await loadCall(ctx, period.callId);
  return { call, period, counties };
}

/** Calls that ask at least one county of the request, newest first, with their next deadline. */
export async function listCalls(ctx: Pick<Ctx, 'db' | 'access' | 'clock'>) {
  const visible = await ctx.db.selectDistinct({ callId: targets.callId }).from(targets).where(ctx.access.where(targets.countyCode));
  const ids = visible.map((row) => row.callId);
  if (ids.length === 0) return [];
  const rows = await ctx.db.select().from(calls).where(inArray(calls.id, ids)).orderBy(asc(calls.id));
  const allPeriods = await ctx.db.select().from(periods).where(inArray(periods.callId, ids)).orderBy(asc(periods.number));
  const allTargets = await ctx.db
    .select()
    .from(targets)
    .where(and(inArray(targets.callId, ids), ctx.access.where(targets.countyCode)))
    .orderBy(asc(targets.countyCode));
  const now = ctx.clock.now();
  const names = await regionNames(ctx.db, [...rows.map((call) => call.regionCode), ...allTargets.map((target) => target.countyCode)]);
  return rows
    .map((call) => {
      const own = allPeriods.filter((period) => period.callId === call.id);
      const next = own.find((period) => period.dueAt >= now) ?? null;
      return {
        id: call.id,
        regionCode: call.regionCode,
        regionName: names.get(call.regionCode) ?? call.regionCode,
        title: call.title,
        recurrence: call.recurrence,
        townshipReports: call.townshipReports,
        fieldCount: call.fields.length,
        periodCount: own.length,
        counties: allTargets.filter((target) => target.callId === call.id).map((target) => target.countyCode),
        countyNames: allTargets.filter((target) => target.callId === call.id).map((target) => names.get(target.countyCode) ?? target.countyCode),
        nextPeriod: next ? { id: next.id, label: next.label, dueAt: next.dueAt.toISOString() } : null,
      };
    })
    .reverse();
}

/** A call with its form, periods and, per period, the status of every visible county. */
export async function callDetail(ctx: Pick<Ctx, 'db' | 'access' | 'clock'>, callId: number) {
  const { call, counties } = await loadCall(ctx, callId);
  const callPeriods = await ctx.db.select().from(periods).where(eq(periods.callId, callId)).orderBy(asc(periods.number));
  const rows = await ctx.db
    .select({
      id: submissions.id,
      periodId: submissions.periodId,
      countyCode: submissions.countyCode,
      status: submissions.status,
      minutesLate: submissions.minutesLate,
    })
    .from(submissions)
    .where(and(eq(submissions.callId, callId), ctx.access.where(submissions.countyCode)));
  const names = await regionNames(ctx.db, [call.regionCode, ...counties]);
  const nameOf = (code: string) => names.get(code) ?? code;
  return {
    call: { ...call, createdAt: call.createdAt.toISOString(), regionName: nameOf(call.regionCode) },
    counties,
    countyNames: counties.map(nameOf),
    periods: callPeriods.map((period) => ({
      id: period.id,
      number: period.number,
      label: period.label,
      startsOn: period.startsOn,
      endsOn: period.endsOn,
      dueAt: period.dueAt.toISOString(),
      submissions: counties.map((countyCode) => {
        const row = rows.find((candidate) => candidate.periodId === period.id && candidate.countyCode === countyCode);
        return {
          countyCode,
          countyName: nameOf(countyCode),
          submissionId: row?.id ?? null,
          status: row?.status ?? 'not-started',
          minutesLate: row?.minutesLate ?? null,
        };
      }),
    })),
  };
}
