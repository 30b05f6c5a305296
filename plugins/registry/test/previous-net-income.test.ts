import { queryRows } from '@zhenxing/db';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS } from '../src/server/import-template.ts';
import { applyIncomeChange, registryPlugin } from '../src/server/plugin.ts';
import { sampleHousehold, sampleImportCsv } from '../src/testing.ts';

/**
 * Issue 14: `registry.incomes.previous_net_fen` is stored state (the income ledger's re-run decides
 * "fell" on it instead of joining the income table to itself). It must equal the net income of the
 * same household's row for year − 1, or be null without one, after every way incomes are written:
 * by hand, by import (COPY and INSERT … ON CONFLICT), by an in-year change, and by any statement that
 * inserts, updates, moves or deletes income rows (drizzle/0006_income_previous_net.sql).
 */
describe('an income row’s stored previous-year net income equals the year before’s row', () => {
  let app: TestApp<[typeof registryPlugin]>;
  let sequence = 0;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [registryPlugin], enable: { '130609': ['registry'] } });
  });
  afterAll(() => app?.close());

  /** Income rows whose stored link differs from the year before's net: always none. */
  const drift = () =>
    queryRows<{ household: number; year: number; stored: string | null; actual: string | null }>(
      app.db,
      sql`select i.household_id::int as household, i.year, i.previous_net_fen::text as stored,
          (p.wages_fen + p.business_fen + p.property_fen + p.transfers_fen - p.production_costs_fen)::text as actual
        from registry.incomes i left join registry.incomes p on p.household_id = i.household_id and p.year = i.year - 1
        where i.previous_net_fen is distinct from (p.wages_fen + p.business_fen + p.property_fen + p.transfers_fen - p.production_costs_fen)
        order by 1, 2`,
    );
  const stored = async (householdId: number, year: number) =>
    (
      await queryRows<{ v: string | null }>(
        app.db,
        sql`select previous_net_fen::text as v from registry.incomes where household_id = ${householdId} and year = ${year}`,
      )
    )[0]?.v;

  async function bareHousehold(): Promise<number> {
    sequence += 1;
    const [row] = await queryRows<{ id: number }>(
      app.db,
      sql`insert into registry.households (county_code, village_code, household_key, address, status, year_left_poverty, labour_capacity)
        values ('130609', '130609100002', ${`P${sequence}`}, '合成路', 'left-poverty', 2019, 'has-labour') returning id::int as id`,
    );
    return (row as { id: number }).id;
  }
  const income = (year: number, wagesFen: number) => ({ year, wagesFen, businessFen: 100, propertyFen: 0, transfersFen: 50, productionCostsFen: 30 });

  it('links a year recorded by hand to the year before, and relinks when either changes', async () => {
    const created = await app.as('xushui').registry.households.create(sampleHousehold('130609100002', 401));
    const id = created.household.id;
    await app.as('xushui').registry.incomes.record({ householdId: id, income: income(2025, 1_000_000) });
    await app.as('xushui').registry.incomes.record({ householdId: id, income: income(2026, 800_000) });
    expect(await stored(id, 2026)).toBe(String(1_000_000 + 100 + 50 - 30));
    // The earlier year corrected: the later year's link follows.
    await app.as('xushui').registry.incomes.record({ householdId: id, income: income(2025, 2_000_000) });
    expect(await stored(id, 2026)).toBe(String(2_000_000 + 120));
    // An in-year change (visits, by hand) through the registry's export.
    await applyIncomeChange(app.db, {
      householdId: id,
      year: 2027,
      deltas: { wagesFen: 5_000 },
      source: 'test',
      at: new Date('2026-12-01T02:00:00Z'),
      username: 'test',
    });
    expect(await stored(id, 2027)).toBe(String(800_000 + 120));
    expect(await drift()).toEqual([]);
  });

  it('links imported incomes: a county’s first import (COPY) and a re-import that changes them (INSERT … ON CONFLICT)', async () => {
    const upload = (content: Buffer) => app.upload('xushui', { plugin: 'registry', purpose: 'import' }, '农户.csv', content);
    // The sample roster with an income year on each head's line (yuan).
    const withIncomes = (wagesYuan: string) => {
      const column = (key: string) => IMPORT_COLUMNS.findIndex((entry) => entry.key === key);
      const lines = sampleImportCsv(20, '130609100003').toString('utf8').split('\r\n');
      return Buffer.from(
        lines
          .map((line, index) => {
            const cells = line.split(',');
            if (index === 0 || cells[column('relation')] !== '户主') return line;
            cells[column('incomeYear')] = '2026';
            cells[column('wages')] = wagesYuan;
            cells[column('business')] = '0';
            cells[column('property')] = '0';
            cells[column('transfers')] = '500';
            cells[column('productionCosts')] = '0';
            return cells.join(',');
          })
          .join('\r\n'),
        'utf8',
      );
    };
    const countIn = async (condition: ReturnType<typeof sql>) =>
      (await queryRows<{ n: number }>(app.db, sql`select count(*)::int as n from registry.incomes where village_code = '130609100003' and ${condition}`))[0]?.n;
    await app.as('xushui').registry.import.commit({ uploadId: await upload(withIncomes('12000')) });
    expect(await countIn(sql`year = 2026`)).toBe(20);
    // Each imported household gets the year before, written straight to the table: every 2026 row links to it.
    await app.db
      .execute(sql`insert into registry.incomes (household_id, county_code, village_code, year, wages_fen, business_fen, property_fen, transfers_fen, production_costs_fen)
      select household_id, county_code, village_code, year - 1, 123456, 0, 0, 0, 0 from registry.incomes where village_code = '130609100003'`);
    expect(await countIn(sql`year = 2026 and previous_net_fen = 123456`)).toBe(20);
    // A re-import with other figures updates the 2026 rows; the 2025 rows are untouched, so are the links.
    await app.as('xushui').registry.import.commit({ uploadId: await upload(withIncomes('9000')) });
    expect(await countIn(sql`year = 2026 and wages_fen = 900000`)).toBe(20);
    expect(await countIn(sql`year = 2026 and previous_net_fen = 123456`)).toBe(20);
    // The year before corrected in one statement: every link follows.
    await app.db.execute(sql`update registry.incomes set wages_fen = 654321 where village_code = '130609100003' and year = 2025`);
    expect(await countIn(sql`year = 2026 and previous_net_fen = 654321`)).toBe(20);
    expect(await drift()).toEqual([]);
  });

  it('follows deletes, year changes and a household’s incomes moved to another household in one statement', async () => {
    const [a, b] = [await bareHousehold(), await bareHousehold()];
    const insert = (household: number, year: number, wages: number) =>
      app.db
        .execute(sql`insert into registry.incomes (household_id, county_code, village_code, year, wages_fen, business_fen, property_fen, transfers_fen, production_costs_fen)
        values (${household}, '130609', '130609100002', ${year}, ${wages}, 0, 0, 0, 0)`);
    await insert(a, 2024, 100);
    await insert(a, 2025, 200);
    await insert(a, 2026, 300);
    expect([await stored(a, 2024), await stored(a, 2025), await stored(a, 2026)]).toEqual([null, '100', '200']);
    await app.db.execute(sql`delete from registry.incomes where household_id = ${a} and year = 2025`);
    expect(await stored(a, 2026)).toBeNull();
    await app.db.execute(sql`update registry.incomes set year = 2025 where household_id = ${a} and year = 2024`);
    expect(await stored(a, 2026)).toBe('100');
    await app.db.execute(sql`update registry.incomes set household_id = ${b} where household_id = ${a}`);
    expect([await stored(b, 2025), await stored(b, 2026)]).toEqual([null, '100']);
    expect(await drift()).toEqual([]);
  });

  it('property: after any sequence of income inserts, updates, year shifts, moves and deletes, every stored link equals the year before', async () => {
    const pool = [await bareHousehold(), await bareHousehold(), await bareHousehold()];
    const house = fc.integer({ min: 0, max: pool.length - 1 });
    const year = fc.integer({ min: 2023, max: 2027 });
    const step = fc.oneof(
      fc.record({ kind: fc.constant('upsert' as const), house, year, wages: fc.integer({ min: 0, max: 9_000_000 }) }),
      fc.record({ kind: fc.constant('update-all' as const), house, add: fc.integer({ min: -1000, max: 1000 }) }),
      fc.record({ kind: fc.constant('delete' as const), house, year }),
      fc.record({ kind: fc.constant('delete-household' as const), house }),
      fc.record({ kind: fc.constant('shift-years' as const), house }),
      fc.record({ kind: fc.constant('move' as const), from: house, to: house }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 10 }), async (steps) => {
        for (const change of steps) {
          const on = (index: number) => pool[index] as number;
          switch (change.kind) {
            case 'upsert':
              await app.db
                .execute(sql`insert into registry.incomes (household_id, county_code, village_code, year, wages_fen, business_fen, property_fen, transfers_fen, production_costs_fen)
                values (${on(change.house)}, '130609', '130609100002', ${change.year}, ${change.wages}, 10, 0, 5, 3)
                on conflict (household_id, year) do update set wages_fen = excluded.wages_fen`);
              break;
            case 'update-all':
              await app.db.execute(
                sql`update registry.incomes set wages_fen = greatest(wages_fen + ${change.add}, 0) where household_id = ${on(change.house)}`,
              );
              break;
            case 'delete':
              await app.db.execute(sql`delete from registry.incomes where household_id = ${on(change.house)} and year = ${change.year}`);
              break;
            case 'delete-household':
              await app.db.execute(sql`delete from registry.incomes where household_id = ${on(change.house)}`);
              break;
            case 'shift-years':
              // Every year one later: +1000 then −999, so the unique index never clashes mid-statement.
              await app.db.execute(sql`update registry.incomes set year = year + 1000 where household_id = ${on(change.house)}`);
              await app.db.execute(sql`update registry.incomes set year = year - 999 where household_id = ${on(change.house)}`);
              break;
            case 'move':
              if (change.from !== change.to) {
                await app.db.execute(sql`delete from registry.incomes where household_id = ${on(change.to)}`);
                await app.db.execute(sql`update registry.incomes set household_id = ${on(change.to)} where household_id = ${on(change.from)}`);
              }
              break;
          }
          expect(await drift()).toEqual([]);
        }
      }),
      { numRuns: 25 },
    );
  });
});
