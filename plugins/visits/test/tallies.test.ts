import { queryRows } from '@zhenxing/db';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveVisitedHouseholds, visitedFromTallies, visitedHouseholdsOf } from '../src/server/tallies.ts';
import { household, startApp, visit, type App } from './helpers.ts';

// The visited-household tallies city and province compliance add up are kept by a statement
// trigger on visits.visits. These specs insert visits directly, in random sequences of single-row
// and many-row statements (repeat visits, a household's later visit from another village, month
// edges), and compare the tallies with a live scan of visits after each sequence.

const COUNTIES = ['130602', '130609'] as const;
const VILLAGES = ['130602100001', '130602100002', '130609100002', '130609101201'] as const;
const MONTHS = ['2026-03', '2026-04', '2026-05'] as const;

const visitRow = fc.record({
  household: fc.integer({ min: 1, max: 12 }),
  village: fc.constantFrom(...VILLAGES),
  month: fc.constantFrom(...MONTHS),
});
const statement = fc.array(visitRow, { minLength: 1, maxLength: 6 });

let app: App;

async function insert(rows: readonly { household: number; village: string; month: string }[]) {
  const values = rows.map(
    (row) => sql`(gen_random_uuid(), ${row.village.slice(0, 6)}, ${row.village}, ${row.household}, ${`${row.month}-10T02:00:00Z`}::timestamptz,
      ${`${row.month}-10`}::date, ${row.month}, false, 60, '[]'::jsonb, '户主', 'tester', '{}'::jsonb, '{}'::jsonb, '{}'::jsonb, '{}'::jsonb,
      '{}'::jsonb, '{}'::jsonb, '', '', '[]'::jsonb, '[]'::jsonb, md5('x'), now())`,
  );
  await app.db.execute(sql`insert into visits.visits (client_id, county_code, village_code, household_id, visited_at, visited_on, month,
      recorded_offline, form_seconds, visitors, person_met, recorded_by, income_changes, spending_changes, industry, employment,
      checklist, checklist_result, policy_notes, findings, risk_types, suggested_measures, answers_hash, created_at)
    values ${sql.join(values, sql`, `)}`);
}

async function reset() {
  await app.db.execute(sql`delete from visits.visits`);
  await app.db.execute(sql`delete from visits.household_months`);
  await app.db.execute(sql`delete from visits.due_household_months`);
  await app.db.execute(sql`delete from visits.month_tallies`);
}

describe('visited-household tallies', () => {
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('equal a live scan of visits after random sequences of inserts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(statement, { minLength: 1, maxLength: 8 }), async (statements) => {
        await reset();
        for (const rows of statements) await insert(rows);
        for (const month of MONTHS) {
          for (const region of ['13', '130609', '130602100002']) {
            expect(await visitedFromTallies(app.db, COUNTIES, region, month)).toEqual(await liveVisitedHouseholds(app.db, COUNTIES, region, month));
          }
          const distinct = await queryRows<{ n: number }>(app.db, `select count(distinct household_id)::int as n from visits.visits where month = '${month}'`);
          expect(await visitedHouseholdsOf(app.db, COUNTIES, '13', month)).toBe(Number(distinct[0]?.n ?? 0));
        }
      }),
      { numRuns: 40 },
    );
    await reset();
  });

  it('a visit recorded through visits.record is tallied in its transaction, a repeated sync is not', async () => {
    const target = await household(app);
    app.clock.set('2026-03-20T04:00:00Z');
    const input = visit(target, '2026-03-15T02:00:00Z');
    await app.as('xushui').visits.record(input);
    await app.as('xushui').visits.record(input);
    await app.as('xushui').visits.record(visit(target, '2026-03-18T02:00:00Z'));
    expect(await visitedFromTallies(app.db, ['130609'], '130609', '2026-03')).toEqual([
      { countyCode: '130609', villageCode: target.villageCode, month: '2026-03', households: 1 },
    ]);
    expect(await visitedFromTallies(app.db, ['130609'], '130609', '2026-03')).toEqual(await liveVisitedHouseholds(app.db, ['130609'], '130609', '2026-03'));
  });
});
