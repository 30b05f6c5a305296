import { queryRows } from '@zhenxing/db';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HouseholdIncomeRow, IncomeYear } from '../src/index.ts';
import { readHouseholdIncomes, registryPlugin } from '../src/server/plugin.ts';

/**
 * Issue 14: the bulk income read the ledger re-run uses, against a reference computed household by
 * household from the stored rows: the asked year, else the year before, else the latest earlier
 * year carried forward; the year before as `previous`; the member count; and the low-or-fell
 * filter (net below last year's, or at most (limit + 1) × members, at least one member).
 */
describe('readHouseholdIncomes', () => {
  let app: TestApp<[typeof registryPlugin]>;
  const YEAR = 2026;
  const LIMIT = 1_000_000;
  // [years with net income in fen, members]
  const cases: Array<[Record<number, number>, number]> = [
    [{ 2026: 5_000_000, 2025: 4_000_000 }, 3], // rose, not low
    [{ 2026: 3_000_000, 2025: 4_000_000 }, 3], // fell
    [{ 2026: 2_000_000, 2025: 1_000_000 }, 3], // low (≤ 1,000,001 × 3)
    [{ 2025: 900_000 }, 1], // only last year: carried, low
    [{ 2025: 9_000_000 }, 1], // only last year: not low
    [{ 2023: 800_000, 2021: 9_000_000 }, 1], // neither year: the latest earlier (2023) carried, low
    [{ 2024: 9_000_000, 2022: 100 }, 2], // neither year: 2024 carried, not low
    [{}, 2], // no income at all
    [{ 2026: 500_000 }, 0], // no members: counted as one
    [{ 2027: 100, 2026: 8_000_000, 2025: 8_000_000 }, 2], // a later year is ignored
  ];
  let ids: number[] = [];
  beforeAll(async () => {
    app = await createTestApp({ plugins: [registryPlugin], enable: { '130609': ['registry'] } });
    ids = [];
    for (const [index, [years, members]] of cases.entries()) {
      const [row] = await queryRows<{ id: number }>(
        app.db,
        sql`insert into registry.households (county_code, village_code, household_key, address, status, year_left_poverty, labour_capacity)
          values ('130609', '130609100002', ${`R${index}`}, '合成路', 'left-poverty', 2019, 'has-labour') returning id::int as id`,
      );
      const id = (row as { id: number }).id;
      ids.push(id);
      for (let member = 0; member < members; member += 1) {
        await app.db
          .execute(sql`insert into registry.members (household_id, county_code, village_code, name, id_number, relation, birth_date, sex, schooling, employment)
          values (${id}, '130609', '130609100002', '合成', ${`R${String(index * 10 + member).padStart(17, '0')}`}, 'child', '2001-01-01', 'male', 'none', 'none')`);
      }
      for (const [year, net] of Object.entries(years)) {
        await app.db
          .execute(sql`insert into registry.incomes (household_id, county_code, village_code, year, wages_fen, business_fen, property_fen, transfers_fen, production_costs_fen)
          values (${id}, '130609', '130609100002', ${Number(year)}, ${net + 1000}, 200, 300, 400, 1900)`);
      }
    }
  });
  afterAll(() => app?.close());

  const incomeOf = (year: number, net: number): IncomeYear => ({
    year,
    wagesFen: net + 1000,
    businessFen: 200,
    propertyFen: 300,
    transfersFen: 400,
    productionCostsFen: 1900,
  });
  const expected = (index: number): HouseholdIncomeRow => {
    const [years, members] = cases[index]!;
    const earlier = Object.keys(years)
      .map(Number)
      .filter((year) => year <= YEAR)
      .sort((a, b) => b - a)[0];
    return {
      householdId: ids[index]!,
      countyCode: '130609',
      villageCode: '130609100002',
      status: 'left-poverty',
      yearLeftPoverty: 2019,
      members,
      base: earlier === undefined ? null : incomeOf(earlier, years[earlier]!),
      previous: years[YEAR - 1] === undefined ? null : incomeOf(YEAR - 1, years[YEAR - 1]!),
    };
  };
  const net = (income: IncomeYear) => income.wagesFen + income.businessFen + income.propertyFen + income.transfersFen - income.productionCostsFen;

  it('reads every household: the asked year, else last year, else the latest earlier year; last year; the members', async () => {
    expect(await readHouseholdIncomes(app.db, { countyCodes: ['130609'], year: YEAR })).toEqual(cases.map((_, index) => expected(index)));
    expect(await readHouseholdIncomes(app.db, { householdIds: [ids[5]!, ids[1]!], year: YEAR })).toEqual([expected(1), expected(5)]);
  });

  it('the low-or-fell filter keeps exactly the households whose net fell or is at most (limit + 1) × members', async () => {
    const kept = cases
      .map((_, index) => expected(index))
      .filter(
        (row) => row.base !== null && ((row.previous !== null && net(row.base) < net(row.previous)) || net(row.base) <= (LIMIT + 1) * Math.max(row.members, 1)),
      );
    expect(kept.map((row) => ids.indexOf(row.householdId))).toEqual([1, 2, 3, 5, 8]);
    expect(
      await readHouseholdIncomes(app.db, { countyCodes: ['130609'], year: YEAR, povertyExitedOnly: true, lowOrFell: { perCapitaAtMostFen: LIMIT } }),
    ).toEqual(kept);
    // The same answer when many households lack the asked year (January) and every household's two years are read instead.
    expect(
      await readHouseholdIncomes(app.db, {
        countyCodes: ['130609'],
        year: YEAR,
        povertyExitedOnly: true,
        lowOrFell: { perCapitaAtMostFen: LIMIT, absentByIdLimit: 0 },
      }),
    ).toEqual(kept);
  });
});
