/**
 * Synthetic households: the bulk writer for generated households, the `seedHouseholds` entry point
 * the CLI calls, and the demo seeder. Multi-row inserts in chunks; a household whose key already
 * exists is skipped.
 */
import type { DemoContext } from '@zhenxing/core';
import { regions, type Executor } from '@zhenxing/db';
import { and, eq, like } from 'drizzle-orm';
import { generateHouseholds, type GeneratedHousehold } from './generator.ts';
import { incomes, households, members } from './schema.ts';

const CHUNK = 500;

/** Writes generated households (with members and income); returns how many households were new. */
export async function writeGeneratedHouseholds(db: Executor, generated: Iterable<GeneratedHousehold>, at: Date = new Date()): Promise<number> {
  let written = 0;
  let batch: GeneratedHousehold[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const inserted = await db
      .insert(households)
      .values(batch.map(({ members: _members, income: _income, ...household }) => ({ ...household, createdAt: at, updatedAt: at })))
      .onConflictDoNothing()
      .returning({ id: households.id, countyCode: households.countyCode, householdKey: households.householdKey });
    const idOf = new Map(inserted.map((row) => [`${row.countyCode}:${row.householdKey}`, row.id]));
    const memberRows: (typeof members.$inferInsert)[] = [];
    const incomeRows: (typeof incomes.$inferInsert)[] = [];
    for (const household of batch) {
      const householdId = idOf.get(`${household.countyCode}:${household.householdKey}`);
      if (householdId === undefined) continue;
      for (const member of household.members) memberRows.push({ householdId, countyCode: household.countyCode, villageCode: household.villageCode, ...member });
      incomeRows.push({ householdId, countyCode: household.countyCode, villageCode: household.villageCode, ...household.income });
    }
    for (let start = 0; start < memberRows.length; start += CHUNK * 2)
      await db
        .insert(members)
        .values(memberRows.slice(start, start + CHUNK * 2))
        .onConflictDoNothing();
    if (incomeRows.length > 0) await db.insert(incomes).values(incomeRows).onConflictDoNothing();
    written += inserted.length;
    batch = [];
  };
  for (const household of generated) {
    batch.push(household);
    if (batch.length >= CHUNK) await flush();
  }
  await flush();
  return written;
}

/** Village codes of a county from core.regions (level 5), in code order. */
export async function villagesOf(db: Executor, countyCode: string): Promise<string[]> {
  const rows = await db
    .select({ code: regions.code })
    .from(regions)
    .where(and(eq(regions.level, 5), like(regions.code, `${countyCode}%`)))
    .orderBy(regions.code);
  return rows.map((row) => row.code);
}

export interface SeedOptions {
  countyCodes: readonly string[];
  /** Households per county. */
  households: number;
  seed: number;
}

/** Seeds synthetic households into each county's villages (read from core.regions). */
export async function seedHouseholds(db: Executor, options: SeedOptions): Promise<Record<string, number>> {
  const written: Record<string, number> = {};
  for (const [index, countyCode] of options.countyCodes.entries()) {
    const villages = await villagesOf(db, countyCode);
    if (villages.length === 0) throw new Error(`No villages of county ${countyCode} in core.regions; load the regions first.`);
    written[countyCode] = await writeGeneratedHouseholds(db, generateHouseholds({ villages, count: options.households, seed: options.seed + index * 7919 }));
  }
  return written;
}

/**
 * Splits the demo's household count: each neighbour county gets up to 50 (a seventh of the total at
 * most), Xushui (130609) the rest — 350 gives Xushui 300 and one neighbour 50.
 */
export function demoShares(counties: readonly string[], total: number): Record<string, number> {
  const rich = counties.includes('130609') ? '130609' : undefined;
  const others = counties.filter((county) => county !== rich);
  if (!rich) return Object.fromEntries(others.map((county) => [county, Math.floor(total / Math.max(others.length, 1))]));
  const each = Math.min(50, Math.floor(total / 7));
  return { [rich]: total - each * others.length, ...Object.fromEntries(others.map((county) => [county, each])) };
}

/** The demo seeder: the registry's share of the demo households in each demo county. */
export async function seedRegistryDemo({ db, counties, seed, households, audit, logger }: DemoContext): Promise<void> {
  for (const [countyCode, count] of Object.entries(demoShares(counties, households))) {
    const written = await seedHouseholds(db, { countyCodes: [countyCode], households: count, seed }).catch((error: unknown) => {
      logger.warn({ countyCode, error: error instanceof Error ? error.message : String(error) }, 'registry demo seed skipped');
      return {} as Record<string, number>;
    });
    await audit({ action: 'household.demo-seed', regionCode: countyCode, entityType: 'demo', after: { households: written[countyCode] ?? 0 } });
  }
}
