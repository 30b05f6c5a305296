/**
 * §2 台账: households whose per-capita income fell or is low (the rules' incomeLedgerFlags, with the
 * parameter set in force), one entry per household and year. An entry opens when the rules flag the
 * household, keeps its history, and closes when the flags clear. Re-run per county as a job, by hand,
 * and after every income change.
 */
import { errors, type ModuleContext } from '@zhenxing/core';
import type { HouseholdIncomeRow } from '@zhenxing/plugin-registry';
import { isPovertyExited, readHouseholdIncomes } from '@zhenxing/plugin-registry/server';
import { incomeLedgerFlags, type ParameterSet } from '@zhenxing/rules';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { LedgerEntry, LedgerHistoryItem } from '../index.ts';
import { adjustments, ledgerEntries, plans, type AdjustmentRow, type LedgerRow } from './schema.ts';
import { adjustmentsOf, incomeOf, incomeRowOf, yearOf, type TrackingContext } from './tracking.ts';

export type LedgerContext = TrackingContext;

const ENTRY_WHAT = { 'zh-CN': '该台账记录', en: 'The ledger entry' } as const;

export function ledgerEntry(row: LedgerRow, hasPlan: boolean): LedgerEntry {
  return {
    id: row.id,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    householdId: row.householdId,
    year: row.year,
    status: row.status,
    fell: row.fell,
    low: row.low,
    perCapitaFen: row.perCapitaFen,
    previousYearPerCapitaFen: row.previousYearPerCapitaFen,
    reasons: row.reasons,
    parameterVersion: row.parameterVersion,
    openedOn: row.openedOn,
    closedOn: row.closedOn,
    history: row.history,
    hasPlan,
  };
}

/** What happened to the household's entry: nothing, opened, changed (flags or figures), closed. */
export type LedgerOutcome = 'unchanged' | 'opened' | 'changed' | 'closed' | 'not-flagged';

/**
 * Decides one household's flags for `year` from its bulk-read income row, its adjustments of the
 * year and its existing entry, and writes the entry when anything changed (audited). Households
 * that are not 脱贫户 are not on the ledger. The parameter set is the one in force today in the county.
 */
export async function evaluateIncome(
  context: LedgerContext,
  row: HouseholdIncomeRow,
  year: number,
  adjusted: readonly AdjustmentRow[],
  existing: LedgerRow | undefined,
  parameters?: ParameterSet,
): Promise<LedgerOutcome> {
  const income = incomeOf(row, year, adjusted);
  const set = parameters ?? context.parameters.inForce(row.countyCode, context.today);
  const flags =
    isPovertyExited(row) && income.base !== null
      ? incomeLedgerFlags({ perCapitaIncomeFen: income.perCapitaFen, previousYearPerCapitaIncomeFen: income.previousYearPerCapitaFen }, set)
      : null;
  const needs = flags?.needsLedgerEntry ?? false;
  if (!existing && !needs) return 'not-flagged';
  const status: 'open' | 'closed' = needs ? 'open' : 'closed';
  const fell = flags?.fell ?? false;
  const low = flags?.low ?? false;
  if (
    existing &&
    existing.status === status &&
    existing.fell === fell &&
    existing.low === low &&
    existing.perCapitaFen === income.perCapitaFen &&
    existing.parameterVersion === set.version
  ) {
    return 'unchanged';
  }
  const item: LedgerHistoryItem = { on: context.today, status, fell, low, perCapitaFen: income.perCapitaFen, parameterVersion: set.version };
  const values = {
    status,
    fell,
    low,
    perCapitaFen: income.perCapitaFen,
    previousYearPerCapitaFen: income.previousYearPerCapitaFen,
    reasons: flags?.reasons ?? [],
    parameterVersion: set.version,
    villageCode: row.villageCode,
    updatedAt: context.clock.now(),
  };
  let saved: LedgerRow;
  let outcome: LedgerOutcome;
  if (!existing) {
    [saved] = (await context.db
      .insert(ledgerEntries)
      .values({ ...values, countyCode: row.countyCode, householdId: row.householdId, year, openedOn: context.today, closedOn: null, history: [item] })
      .returning()) as [LedgerRow];
    outcome = 'opened';
  } else {
    const reopened = existing.status === 'closed' && status === 'open';
    [saved] = (await context.db
      .update(ledgerEntries)
      .set({
        ...values,
        openedOn: reopened ? context.today : existing.openedOn,
        closedOn: status === 'closed' ? context.today : null,
        history: [...existing.history, item],
      })
      .where(eq(ledgerEntries.id, existing.id))
      .returning()) as [LedgerRow];
    outcome = status === 'closed' && existing.status === 'open' ? 'closed' : reopened ? 'opened' : 'changed';
  }
  await context.audit({
    action: `ledger.${outcome === 'changed' ? 'change' : outcome === 'opened' ? 'open' : 'close'}`,
    regionCode: row.villageCode,
    entityType: 'income-ledger-entry',
    entityId: saved.id,
    before: existing ?? null,
    after: saved,
  });
  return outcome;
}

/** Re-evaluates one household (after an income change); silently nothing for an unknown household. */
export async function reevaluate(context: LedgerContext, householdId: number, year: number): Promise<LedgerOutcome> {
  const row = await incomeRowOf(context.db, householdId, year);
  if (!row) return 'not-flagged';
  const [existing] = await context.db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.householdId, householdId), eq(ledgerEntries.year, year)));
  return evaluateIncome(context, row, year, await adjustmentsOf(context.db, householdId, year), existing);
}

export interface RerunSummary {
  counties: string[];
  year: number;
  /** Households whose flags were decided: those the rules may flag, plus every entry and every adjusted household. */
  evaluated: number;
  opened: number;
  closed: number;
  changed: number;
  open: number;
}

/**
 * Re-runs the flags over the 脱贫户 of the given counties, set-based: one bulk read of the
 * registry's incomes narrowed in SQL to households the rules may flag (income below last year's,
 * or near or under the highest line/threshold in force there), plus every household with an entry
 * or an in-year change this year (read by id), so entries close when their flags clear. Only
 * entries whose flags or figures changed are written.
 */
export async function rerunCounties(context: LedgerContext, counties: readonly string[], year: number): Promise<RerunSummary> {
  const summary: RerunSummary = { counties: [...counties], year, evaluated: 0, opened: 0, closed: 0, changed: 0, open: 0 };
  if (counties.length === 0) return summary;
  const sets = new Map(counties.map((county) => [county, context.parameters.inForce(county, context.today)] as const));
  const limit = Math.max(...[...sets.values()].map((set) => Math.max(set.monitoringLineFen, set.incomeLedger.lowIncomeThresholdFen)));
  const existing = new Map(
    (
      await context.db
        .select()
        .from(ledgerEntries)
        .where(and(inArray(ledgerEntries.countyCode, [...counties]), eq(ledgerEntries.year, year)))
    ).map((entry) => [entry.householdId, entry] as const),
  );
  const adjusted = new Map<number, AdjustmentRow[]>();
  const adjustmentRows = await context.db
    .select()
    .from(adjustments)
    .where(and(inArray(adjustments.countyCode, [...counties]), eq(adjustments.year, year)))
    .orderBy(asc(adjustments.recordedOn), asc(adjustments.id));
  for (const adjustment of adjustmentRows) {
    const list = adjusted.get(adjustment.householdId) ?? [];
    list.push(adjustment);
    adjusted.set(adjustment.householdId, list);
  }
  const candidates = await readHouseholdIncomes(context.db, {
    countyCodes: counties,
    year,
    povertyExitedOnly: true,
    lowOrFell: { perCapitaAtMostFen: limit },
  });
  const read = new Set(candidates.map((row) => row.householdId));
  const others = [...new Set([...existing.keys(), ...adjusted.keys()])].filter((householdId) => !read.has(householdId));
  const rows = [...candidates, ...(await readHouseholdIncomes(context.db, { householdIds: others, year }))];
  for (const row of rows) {
    summary.evaluated += 1;
    const outcome = await evaluateIncome(context, row, year, adjusted.get(row.householdId) ?? [], existing.get(row.householdId), sets.get(row.countyCode));
    if (outcome === 'opened') summary.opened += 1;
    if (outcome === 'closed') summary.closed += 1;
    if (outcome === 'changed') summary.changed += 1;
  }
  const [open] = await context.db
    .select({ open: count() })
    .from(ledgerEntries)
    .where(and(inArray(ledgerEntries.countyCode, [...counties]), eq(ledgerEntries.year, year), eq(ledgerEntries.status, 'open')));
  summary.open = open?.open ?? 0;
  return summary;
}

/** The ledger of the caller's region for a year, with whether each household has a plan. */
export async function listLedger(
  context: Pick<ModuleContext, 'db' | 'access' | 'today'>,
  year: number | undefined,
  status: 'open' | 'closed' | 'all',
): Promise<LedgerEntry[]> {
  const forYear = year ?? yearOf(context.today);
  const rows = await context.db
    .select()
    .from(ledgerEntries)
    .where(
      and(
        context.access.where(ledgerEntries.countyCode, ledgerEntries.villageCode),
        eq(ledgerEntries.year, forYear),
        status === 'all' ? undefined : eq(ledgerEntries.status, status),
      ),
    )
    .orderBy(asc(ledgerEntries.villageCode), asc(ledgerEntries.householdId));
  const planned = await householdsWithPlans(
    context,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ledgerEntry(row, planned.has(row.id)));
}

async function householdsWithPlans(context: Pick<ModuleContext, 'db' | 'access'>, entryIds: readonly number[]): Promise<Set<number>> {
  if (entryIds.length === 0) return new Set();
  const rows = await context.db
    .select({ entryId: plans.ledgerEntryId })
    .from(plans)
    .where(and(context.access.where(plans.countyCode, plans.villageCode), inArray(plans.ledgerEntryId, [...entryIds])));
  return new Set(rows.map((row) => row.entryId));
}

export interface LedgerCoverage {
  /** The region asked about. */
  regionCode: string;
  year: number;
  open: number;
  withPlan: number;
  /** withPlan / open in basis points; 10000 when nothing is open. */
  coverageBasisPoints: number;
  plansOnTrack: number;
  plansOverdue: number;
}

export async function ledgerCoverage(context: Pick<ModuleContext, 'db' | 'access' | 'today'>, year: number | undefined): Promise<LedgerCoverage> {
  const entries = await listLedger(context, year, 'open');
  const withPlan = entries.filter((entry) => entry.hasPlan).length;
  const planRows = await context.db
    .select({ dueOn: plans.dueOn, status: plans.status })
    .from(plans)
    .where(
      and(context.access.where(plans.countyCode, plans.villageCode), inArray(plans.ledgerEntryId, entries.length > 0 ? entries.map((entry) => entry.id) : [0])),
    );
  const overdue = planRows.filter((plan) => plan.status === 'active' && plan.dueOn < context.today).length;
  return {
    regionCode: context.access.regionCode,
    year: year ?? yearOf(context.today),
    open: entries.length,
    withPlan,
    coverageBasisPoints: entries.length === 0 ? 10_000 : Math.floor((withPlan * 10_000) / entries.length),
    plansOnTrack: planRows.length - overdue,
    plansOverdue: overdue,
  };
}

/** The entry's flags decided again under another published parameter set (nothing is written). */
export async function replayEntry(context: LedgerContext, entryId: number, parameterVersion: string) {
  const [row] = await context.db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.id, entryId), context.access.where(ledgerEntries.countyCode, ledgerEntries.villageCode)));
  if (!row || !context.access.canSee(row.villageCode)) throw errors.notFound(ENTRY_WHAT);
  const set = context.parameters.byVersion(parameterVersion);
  return {
    entryId: row.id,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    householdId: row.householdId,
    recorded: { fell: row.fell, low: row.low, parameterVersion: row.parameterVersion, reasons: row.reasons },
    replayed: incomeLedgerFlags({ perCapitaIncomeFen: row.perCapitaFen, previousYearPerCapitaIncomeFen: row.previousYearPerCapitaFen }, set),
  };
}
