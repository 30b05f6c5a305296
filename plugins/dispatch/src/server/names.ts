import { regions, type Executor } from '@zhenxing/db';
import { and, asc, eq, inArray } from 'drizzle-orm';

/**
 * Region names for the pages and sheets (names, not codes): the platform's region table, read the
 * way other modules read it (assessment's `regionNames`, income's analysis). A code the table does
 * not know keeps its code, so nothing is ever shown blank.
 */
export async function regionNames(db: Executor, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, unique));
  const names = new Map(rows.map((row) => [row.code, row.name]));
  return new Map(unique.map((code) => [code, names.get(code) ?? code]));
}

/** The townships (乡镇, level 4) of a county, in code order, with their names. */
export async function townshipsOf(db: Executor, countyCode: string): Promise<{ code: string; name: string }[]> {
  return db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(and(eq(regions.parentCode, countyCode), eq(regions.level, 4)))
    .orderBy(asc(regions.code));
}
