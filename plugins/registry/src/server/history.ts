import type { Executor } from '@zhenxing/db';
import { householdHistory } from './schema.ts';

export type Changes = Record<string, [unknown, unknown]>;

/** Field-by-field differences of two flat records, keys prefixed (e.g. `member:12.`). */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown>, prefix = '', ignore: readonly string[] = []): Changes {
  const changes: Changes = {};
  for (const [key, value] of Object.entries(after)) {
    if (ignore.includes(key)) continue;
    const previous = before ? before[key] : null;
    if (JSON.stringify(previous ?? null) !== JSON.stringify(value ?? null)) changes[`${prefix}${key}`] = [previous ?? null, value ?? null];
  }
  return changes;
}

export interface HistoryEntry {
  householdId: number;
  countyCode: string;
  villageCode: string;
  action: string;
  changes: Changes;
}

/** Appends history rows (in the caller's transaction), in chunks. */
export async function writeHistory(db: Executor, entries: readonly HistoryEntry[], at: Date, username: string | null): Promise<void> {
  const rows = entries.filter((entry) => Object.keys(entry.changes).length > 0).map((entry) => ({ ...entry, at, username }));
  for (let start = 0; start < rows.length; start += 1000) await db.insert(householdHistory).values(rows.slice(start, start + 1000));
}
