import type { ParameterSet } from './schema.js';

/** One changed value between two parameter sets, by its path in the set (`identification.deadlineDays`). */
export interface ParameterChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** Fields that describe a set rather than a rule's number: not reported as changes. */
const IDENTITY_FIELDS = new Set(['version', 'effectiveFrom', 'effectiveUntil']);

/**
 * The values that differ between two parameter sets, leaf by leaf (arrays compared whole), in the
 * order of the schema. The version and the period are left out: they always differ.
 */
export function diffParameterSets(before: ParameterSet, after: ParameterSet): ParameterChange[] {
  const changes: ParameterChange[] = [];
  walk(before, after, [], changes);
  return changes;
}

function walk(before: unknown, after: unknown, path: string[], changes: ParameterChange[]): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const key of keys) {
      if (path.length === 0 && IDENTITY_FIELDS.has(key)) continue;
      walk(before[key], after[key], [...path, key], changes);
    }
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) changes.push({ path: path.join('.'), before, after });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
