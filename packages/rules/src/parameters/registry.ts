import { addDays, CalendarDateSchema } from '../dates.js';
import type { CalendarDateInput, IsoDate } from '../dates.js';
import { hebeiParameterSets } from './hebei.js';
import { ParameterSetSchema, ProvinceCodeSchema } from './schema.js';
import type { ParameterSet } from './schema.js';

/** Thrown when no parameter set is in force, or a version is unknown; the message says what to do. */
export class ParameterSetNotFoundError extends Error {
  override readonly name = 'ParameterSetNotFoundError';
}

/**
 * Validates a list of parameter sets: every set must parse, versions must be unique, and the
 * periods of one province must not overlap (so "the set in force" is always a single set).
 * Returns frozen copies, so no caller can change a published parameter set.
 */
export function defineParameterSets(sets: readonly ParameterSet[]): readonly ParameterSet[] {
  const parsed = sets.map((set) => ParameterSetSchema.parse(set));
  const versions = new Set<string>();
  for (const set of parsed) {
    if (versions.has(set.version)) {
      throw new Error(`Parameter set version "${set.version}" is defined twice; give each revision a new version.`);
    }
    versions.add(set.version);
  }
  for (const [index, set] of parsed.entries()) {
    for (const other of parsed.slice(index + 1)) {
      if (other.provinceCode === set.provinceCode && periodsOverlap(set, other)) {
        throw new Error(`Parameter sets "${set.version}" and "${other.version}" overlap for province ${set.provinceCode}; end one before the other starts.`);
      }
    }
  }
  assertContiguous(parsed);
  return Object.freeze(parsed.map(deepFreeze));
}

/**
 * Once a province's first set is in force there is always one: each set ends the day before the
 * next one starts, and only the last is open-ended. Throws on a gap.
 */
export function assertContiguous(sets: readonly ParameterSet[]): void {
  const provinces = new Set(sets.map((set) => set.provinceCode));
  for (const province of provinces) {
    const ordered = sets.filter((set) => set.provinceCode === province).sort((left, right) => left.effectiveFrom.localeCompare(right.effectiveFrom));
    for (const [index, set] of ordered.slice(0, -1).entries()) {
      const next = ordered[index + 1] as ParameterSet;
      if (set.effectiveUntil === null || addDays(set.effectiveUntil, 1) !== next.effectiveFrom) {
        throw new Error(
          `Parameter sets "${set.version}" and "${next.version}" leave a gap for province ${province}: "${set.version}" must end on the day before ${next.effectiveFrom}.`,
        );
      }
    }
  }
}

function deepFreeze<Value>(value: Value): Value {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function periodsOverlap(left: ParameterSet, right: ParameterSet): boolean {
  const leftEndsBeforeRight = left.effectiveUntil !== null && left.effectiveUntil < right.effectiveFrom;
  const rightEndsBeforeLeft = right.effectiveUntil !== null && right.effectiveUntil < left.effectiveFrom;
  return !leftEndsBeforeRight && !rightEndsBeforeLeft;
}

/** The parameter sets shipped with the rules (Hebei 2021–2025): the seeds of the platform's parameter store and the rules' test fixtures. */
export const defaultParameterSets: readonly ParameterSet[] = /* @__PURE__ */ defineParameterSets(hebeiParameterSets);

/** True when `set` is in force on `date` (both ends inclusive). */
export function isInForce(set: ParameterSet, date: IsoDate): boolean {
  return set.effectiveFrom <= date && (set.effectiveUntil === null || date <= set.effectiveUntil);
}

/**
 * The parameters in force on `isoDate` in province `provinceCode` — one call for every rule.
 * An instant (Date) counts on its Asia/Shanghai date. Throws ParameterSetNotFoundError when no set
 * covers that day.
 */
export function parametersInForce(provinceCode: string, isoDate: CalendarDateInput, sets: readonly ParameterSet[] = defaultParameterSets): ParameterSet {
  const province = ProvinceCodeSchema.parse(provinceCode);
  const date = CalendarDateSchema.parse(isoDate);
  const found = sets.find((set) => set.provinceCode === province && isInForce(set, date));
  if (!found) {
    const known = sets.filter((set) => set.provinceCode === province).map((set) => `${set.version} (${set.effectiveFrom} – ${set.effectiveUntil ?? 'open'})`);
    throw new ParameterSetNotFoundError(
      `No policy parameters are in force for province ${province} on ${date}. ` +
        (known.length > 0 ? `Known periods: ${known.join(', ')}. ` : 'No parameter set exists for this province. ') +
        'Ask the province administrator to publish a parameter set covering this date.',
    );
  }
  return found;
}

/** The parameter set with this version id (to replay a decision under the version it used, or another). */
export function parameterSetByVersion(version: string, sets: readonly ParameterSet[] = defaultParameterSets): ParameterSet {
  const found = sets.find((set) => set.version === version);
  if (!found) {
    throw new ParameterSetNotFoundError(`Unknown parameter set version "${version}". Known versions: ${sets.map((set) => set.version).join(', ')}.`);
  }
  return found;
}
