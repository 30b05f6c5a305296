/** Region names by code (province to village), for pages and exports that name places, never show codes. */
import { regions, type Executor } from '@zhenxing/db';
import { inArray } from 'drizzle-orm';

export async function regionNames(db: Executor, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, unique));
  return new Map(rows.map((row) => [row.code, row.name] as const));
}
