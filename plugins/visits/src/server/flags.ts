/**
 * Copied-visit flags for the township (§3 走访要真实): the same answers in many households of one
 * visitor, more visits per visitor per day than plausible, visit times at night (Asia/Shanghai).
 * Computed from the month's visits; a flag is a question for the township, not a verdict.
 */
import type { ModuleContext } from '@zhenxing/core';
import { and, asc, eq } from 'drizzle-orm';
import type { CopyFlag } from '../index.ts';
import { visits } from './schema.ts';
import { visitsSettings, type VisitsSettings } from './settings.ts';

type ReadContext = Pick<ModuleContext<VisitsSettings>, 'db' | 'access' | 'settingsFor'>;

/** The hour (0–23) of an instant in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiHour(instant: Date): number {
  return (instant.getUTCHours() + 8) % 24;
}

export async function copyFlags(context: ReadContext, month: string): Promise<CopyFlag[]> {
  const rows = await context.db
    .select({
      id: visits.id,
      countyCode: visits.countyCode,
      householdId: visits.householdId,
      recordedBy: visits.recordedBy,
      answersHash: visits.answersHash,
      visitedAt: visits.visitedAt,
      visitedOn: visits.visitedOn,
    })
    .from(visits)
    .where(and(context.access.where(visits.countyCode, visits.villageCode), eq(visits.month, month)))
    .orderBy(asc(visits.visitedAt), asc(visits.id));
  const settingsCache = new Map<string, VisitsSettings>();
  const settingsOf = async (county: string): Promise<VisitsSettings> => {
    let settings = settingsCache.get(county);
    if (!settings) {
      settings = visitsSettings.parse(await context.settingsFor(county));
      settingsCache.set(county, settings);
    }
    return settings;
  };

  const flags: CopyFlag[] = [];
  const groups = (keyOf: (row: (typeof rows)[number]) => string) => {
    const map = new Map<string, typeof rows>();
    for (const row of rows) map.set(keyOf(row), [...(map.get(keyOf(row)) ?? []), row]);
    return map;
  };
  for (const group of groups((row) => `${row.countyCode}|${row.recordedBy}|${row.answersHash}`).values()) {
    const first = group[0] as (typeof rows)[number];
    const households = new Set(group.map((row) => row.householdId));
    const { identicalAnswersThreshold } = await settingsOf(first.countyCode);
    if (households.size >= identicalAnswersThreshold) {
      flags.push({
        kind: 'identical-answers',
        countyCode: first.countyCode,
        recordedBy: first.recordedBy,
        visitIds: group.map((row) => row.id),
        day: null,
        detail: { 'zh-CN': `${households.size} 户的走访答案完全相同`, en: `identical answers in ${households.size} households` },
      });
    }
  }
  for (const group of groups((row) => `${row.countyCode}|${row.recordedBy}|${row.visitedOn}`).values()) {
    const first = group[0] as (typeof rows)[number];
    const { maxVisitsPerDay } = await settingsOf(first.countyCode);
    if (group.length > maxVisitsPerDay) {
      flags.push({
        kind: 'too-many-per-day',
        countyCode: first.countyCode,
        recordedBy: first.recordedBy,
        visitIds: group.map((row) => row.id),
        day: first.visitedOn,
        detail: { 'zh-CN': `当日走访 ${group.length} 户（上限 ${maxVisitsPerDay} 户）`, en: `${group.length} visits that day (plausible: ${maxVisitsPerDay})` },
      });
    }
  }
  for (const row of rows) {
    const { nightStartsHour, nightEndsHour } = await settingsOf(row.countyCode);
    const hour = shanghaiHour(row.visitedAt);
    if (hour >= nightStartsHour || hour < nightEndsHour) {
      flags.push({
        kind: 'night-time',
        countyCode: row.countyCode,
        recordedBy: row.recordedBy,
        visitIds: [row.id],
        day: row.visitedOn,
        detail: { 'zh-CN': `走访时间为北京时间 ${hour} 时`, en: `visited at ${hour}:00 Beijing time` },
      });
    }
  }
  return flags;
}
