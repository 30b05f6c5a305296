/**
 * §2 台账: households whose per-capita income fell or is low (the rules' incomeLedgerFlags, with the
 * parameter set in force), one entry per household and year. An entry opens when the rules flag the
 * household, keeps its history, and closes when the flags clear. Re-run per county as a job, by hand,
 * and after every income change.
 */
import { errors, type ModuleContext } from '@zhenxing/core';
import type { HouseholdProfile } from '@zhenxing/plugin-registry';
import { getHouseholdProfile, isPovertyExited, listHouseholdsForVisitDuty } from '@zhenxing/plugin-registry/server';
import { incomeLedgerFlags, monthOf, type ParameterSet } from '@zhenxing/rules';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { LedgerEntry, LedgerHistoryItem } from '../index.ts';
import { ledgerEntries, plans, type LedgerRow } from './schema.ts';
import { adjustmentsOf, incomeOf, yearOf, type TrackingContext } from './tracking.ts';

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
 * Evaluates one household's flags for `year` and writes its entry (audited). Households that are
 * not 脱贫户 are not on the ledger. The parameter set is the one in force today in the county.
 */
export async function evaluateHousehold(context: LedgerContext, profile: HouseholdProfile, year: number, parameters?: ParameterSet): Promise<LedgerOutcome> {
  const { household } = profile;
  const [existing] = await context.db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.householdId, household.id), eq(ledgerEntries.year, year)));
  const income = incomeOf(profile, year, await adjustmentsOf(context.db, household.id, year));
  const set = parameters ?? context.parameters.inForce(household.countyCode, context.today);
  const flags =
    isPovertyExited(household) && income.base !== null
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
    villageCode: household.villageCode,
    updatedAt: context.clock.now(),
  };
  let row: LedgerRow;
  let outcome: LedgerOutcome;
  if (!existing) {
    [row] = (await context.db
      .insert(ledgerEntries)
      .values({ ...values, countyCode: household.countyCode, householdId: household.id, year, openedOn: context.today, closedOn: null, history: [item] })
      .returning()) as [LedgerRow];
    outcome = 'opened';
  } else {
    const reopened = existing.status === 'closed' && status === 'open';
    [row] = (await context.db
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
    regionCode: household.villageCode,
    entityType: 'income-ledger-entry',
    entityId: row.id,
    before: existing ?? null,
    after: row,
  });
  return outcome;
}

/** Re-evaluates one household (after an income change); silently nothing for an unknown household. */
export async function reevaluate(context: LedgerContext, householdId: number, year: number): Promise<LedgerOutcome> {
  const profile = await getHouseholdProfile(context.db, householdId, context.today);
  if (!profile) return 'not-flagged';
  return evaluateHousehold(context, profile, year);
}

export interface RerunSummary {
  counties: string[];
  year: number;
  evaluated: number;
  opened: number;
  closed: number;
  changed: number;
  open: number;
}

/** Re-runs the flags over every 脱贫户 (and 监测户 that left poverty) of the given counties. */
export async function rerunCounties(context: LedgerContext, counties: readonly string[], year: number): Promise<RerunSummary> {
  const summary: RerunSummary = { counties: [...counties], year, evaluated: 0, opened: 0, closed: 0, changed: 0, open: 0 };
  const households = await listHouseholdsForVisitDuty(context.db, counties, monthOf(context.today));
  const seen = new Set<number>();
  for (const listed of households) {
    seen.add(listed.householdId);
    const profile = await getHouseholdProfile(context.db, listed.householdId, context.today);
    if (!profile) continue;
    summary.evaluated += 1;
    const outcome = await evaluateHousehold(context, profile, year);
    if (outcome === 'opened') summary.opened += 1;
    if (outcome === 'closed') summary.closed += 1;
    if (outcome === 'changed') summary.changed += 1;
  }
  // Open entries of households that left the list (status changed) are evaluated too, so they can close.
  if (counties.length > 0) {
    const open = await context.db
      .select({ householdId: ledgerEntries.householdId })
      .from(ledgerEntries)
      .where(and(inArray(ledgerEntries.countyCode, [...counties]), eq(ledgerEntries.year, year), eq(ledgerEntries.status, 'open')));
    for (const entry of open) {
      if (seen.has(entry.householdId)) continue;
      const outcome = await reevaluate(context, entry.householdId, year);
      if (outcome === 'closed') summary.closed += 1;
    }
    const stillOpen = await context.db
      .select({ id: ledgerEntries.id })
      .from(ledgerEntries)
      .where(and(inArray(ledgerEntries.countyCode, [...counties]), eq(ledgerEntries.year, year), eq(ledgerEntries.status, 'open')));
    summary.open = stillOpen.length;
  }
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
