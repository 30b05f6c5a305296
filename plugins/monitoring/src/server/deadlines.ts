/**
 * §1 简 — the 15-day clock. The rules decide (identificationDeadline, identificationProgress); this
 * file only picks the parameter set in force, applies the county's warning setting to it, and maps
 * days overdue to the escalation level the county configured.
 */
import type { ParameterLookup } from '@zhenxing/core';
import { identificationDeadline, identificationProgress, type IdentificationProgress, type ParameterSet } from '@zhenxing/rules';
import type { EscalationLevel } from '../index.ts';
import { DEFAULT_SETTINGS, type MonitoringSettings } from './settings.ts';

/** The parameter set in force for a county (its province) on a day, from the platform's published sets (`ctx.parameters`). */
export function parametersFor(parameters: ParameterLookup, countyCode: string, onDate: string): ParameterSet {
  return parameters.inForce(countyCode, onDate);
}

/**
 * The identification parameters with the county's warning setting applied: a county that warns
 * `n` days before the deadline gets warningDay = deadlineDays − n. Everything else is the rules'.
 */
export function identificationParameters(lookup: ParameterLookup, countyCode: string, discoveredOn: string, settings: MonitoringSettings | null): ParameterSet {
  const parameters = parametersFor(lookup, countyCode, discoveredOn);
  const before = settings?.warningDaysBeforeDeadline ?? null;
  if (before === null) return parameters;
  const { deadlineDays } = parameters.identification;
  return { ...parameters, identification: { ...parameters.identification, warningDay: Math.max(0, deadlineDays - before) } };
}

export function deadlineFor(lookup: ParameterLookup, countyCode: string, discoveredOn: string, settings: MonitoringSettings | null) {
  return identificationDeadline(discoveredOn, identificationParameters(lookup, countyCode, discoveredOn, settings));
}

/** Where a case stands today (or at completion): the rules' identificationProgress. */
export function progressOf(
  lookup: ParameterLookup,
  row: { countyCode: string; discoveredOn: string; completedOn: string | null },
  today: string,
  settings: MonitoringSettings | null,
): IdentificationProgress {
  const parameters = identificationParameters(lookup, row.countyCode, row.discoveredOn, settings);
  const completedOn = row.completedOn;
  return identificationProgress({ discoveredOn: row.discoveredOn, completedOn, today: today < row.discoveredOn ? row.discoveredOn : today }, parameters);
}

const RANK: Record<EscalationLevel, number> = { none: 0, county: 1, city: 2, province: 3 };

/**
 * Who an open overdue identification is escalated to: the county from the first overdue day, the
 * city and the province after the county's configured number of days past the deadline. A level
 * never goes down while the case is open.
 */
export function escalationFor(progress: IdentificationProgress, current: EscalationLevel, settings: MonitoringSettings | null): EscalationLevel {
  const config = settings ?? DEFAULT_SETTINGS;
  let level: EscalationLevel = 'none';
  if (progress.status === 'overdue') {
    const daysOverdue = -progress.daysRemaining;
    level = daysOverdue >= config.escalateToProvinceAfterOverdueDays ? 'province' : daysOverdue >= config.escalateToCityAfterOverdueDays ? 'city' : 'county';
  }
  return RANK[level] > RANK[current] ? level : current;
}

export function escalationRank(level: EscalationLevel): number {
  return RANK[level];
}
