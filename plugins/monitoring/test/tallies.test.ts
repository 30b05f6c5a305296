import { queryRows } from '@zhenxing/db';
import { openSecondHandle } from '@zhenxing/testing';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_CASE_STEPS } from '../src/index.ts';
import { liveSummary, liveTrend, scopeFor } from '../src/server/dashboard.ts';
import { rebuildCountyTallies, summaryFromTallies, talliesOf, trendFromTallies } from '../src/server/figures.ts';
import { countyTallies } from '../src/server/schema.ts';
import { startApp, type App } from './helpers.ts';

// The tallies the province dashboard adds up are maintained by triggers in every writing
// statement. These specs write to the tables directly, in random sequences (single rows and
// whole-county bulk updates), and compare the tallies with a plain live scan after each sequence.

const COUNTIES = ['130602', '130609', '130681'] as const;
const TODAY = '2026-06-15';
const STEPS = [...OPEN_CASE_STEPS, 'included', 'rejected'] as const;
const DEADLINE_STATUSES = ['on-track', 'warning', 'overdue', 'done-on-time', 'done-late'] as const;
const ESCALATIONS = ['none', 'county', 'city', 'province'] as const;
const OBJECT_TYPES = ['unstable-poverty-exited', 'edge-prone', 'sudden-severe-difficulty'] as const;
const CATEGORIES = ['major-illness', 'severe-disability', 'sudden-difficulty', 'low-income-high-spending'] as const;
const OBJECT_STATUSES = ['monitored', 'risk-eliminated'] as const;
const MEASURE_STATUSES = ['active', 'completed'] as const;

const county = fc.constantFrom(...COUNTIES);
const day = fc.integer({ min: 0, max: 500 }).map((offset) => new Date(Date.UTC(2025, 1, 1) + offset * 86_400_000).toISOString().slice(0, 10));
const pick = (max: number) => fc.integer({ min: 0, max });

type Write =
  | { kind: 'open-case'; county: string; step: string; status: string; escalation: string; green: boolean; discovered: string; days: number | null }
  | { kind: 'update-case'; index: number; step: string; status: string; escalation: string }
  | { kind: 'update-county-cases'; county: string; status: string }
  | { kind: 'include'; index: number; type: string; categories: string[] }
  | { kind: 'object-status'; index: number; status: string; eliminated: string | null }
  | { kind: 'measure'; index: number; status: string }
  | { kind: 'measure-status'; index: number; status: string }
  | { kind: 'signal'; county: string; detected: string }
  | { kind: 'delete-signals'; county: string };

// Weighted so that most sequences open enough cases for the later writes to act on.
const write: fc.Arbitrary<Write> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('open-case' as const),
      county,
      step: fc.constantFrom(...STEPS),
      status: fc.constantFrom(...DEADLINE_STATUSES),
      escalation: fc.constantFrom(...ESCALATIONS),
      green: fc.boolean(),
      discovered: day,
      days: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('update-case' as const),
      index: pick(50),
      step: fc.constantFrom(...STEPS),
      status: fc.constantFrom(...DEADLINE_STATUSES),
      escalation: fc.constantFrom(...ESCALATIONS),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('update-county-cases' as const), county, status: fc.constantFrom(...DEADLINE_STATUSES) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('include' as const),
      index: pick(50),
      type: fc.constantFrom(...OBJECT_TYPES),
      categories: fc.subarray([...CATEGORIES]),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('object-status' as const),
      index: pick(50),
      status: fc.constantFrom(...OBJECT_STATUSES),
      eliminated: fc.option(day, { nil: null }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('measure' as const), index: pick(50), status: fc.constantFrom(...MEASURE_STATUSES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('measure-status' as const), index: pick(50), status: fc.constantFrom(...MEASURE_STATUSES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('signal' as const), county, detected: day }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete-signals' as const), county }) },
);

let app: App;
let nextHousehold = 1;

const ids = async (table: string): Promise<number[]> =>
  (await queryRows<{ id: string | number }>(app.db, `select id from monitoring.${table} order by id`)).map((row) => Number(row.id));

async function apply(change: Write): Promise<void> {
  const db = app.db;
  switch (change.kind) {
    case 'open-case': {
      const household = nextHousehold++;
      const completed = change.days === null ? null : sql`${change.discovered}::date + ${change.days}::int`;
      await db.execute(sql`insert into monitoring.cases (county_code, village_code, household_id, step, discovered_on, warning_on, deadline_on, deadline_status,
          escalation_level, parameter_version, green_channel, risk_types, risk_categories, consent_signed, completed_on, created_at, updated_at)
        values (${change.county}, ${`${change.county}100001`}, ${household}, ${change.step}, ${change.discovered}, ${change.discovered}::date + 10, ${change.discovered}::date + 15,
          ${change.status}, ${change.escalation}, 'hebei-2023.1', ${change.green}, '[]'::jsonb, '[]'::jsonb, true, ${completed}, now(), now())`);
      return;
    }
    case 'update-case': {
      const all = await ids('cases');
      if (all.length === 0) return;
      await db.execute(
        sql`update monitoring.cases set step = ${change.step}, deadline_status = ${change.status}, escalation_level = ${change.escalation} where id = ${all[change.index % all.length]}`,
      );
      return;
    }
    case 'update-county-cases':
      // One statement over a whole county, as the deadline-scan job writes.
      await db.execute(sql`update monitoring.cases set deadline_status = ${change.status} where county_code = ${change.county}`);
      return;
    case 'include': {
      const candidates = await queryRows<{ id: number; county_code: string; village_code: string; household_id: number }>(
        db,
        sql`select c.id, c.county_code, c.village_code, c.household_id from monitoring.cases c
          where not exists (select 1 from monitoring.objects o where o.household_id = c.household_id) order by c.id`,
      );
      const chosen = candidates[change.index % Math.max(candidates.length, 1)];
      if (!chosen) return;
      await db.execute(sql`insert into monitoring.objects (county_code, village_code, household_id, case_id, object_type, risk_types, risk_categories, status, included_on, created_at)
        values (${chosen.county_code}, ${chosen.village_code}, ${chosen.household_id}, ${chosen.id}, ${change.type}, '[]'::jsonb, ${JSON.stringify(change.categories)}::jsonb, 'monitored', ${TODAY}, now())`);
      return;
    }
    case 'object-status': {
      const all = await ids('objects');
      if (all.length === 0) return;
      await db.execute(
        sql`update monitoring.objects set status = ${change.status}, eliminated_on = ${change.eliminated} where id = ${all[change.index % all.length]}`,
      );
      return;
    }
    case 'measure': {
      const households = await queryRows<{ county_code: string; village_code: string; household_id: number }>(
        db,
        sql`select county_code, village_code, household_id from monitoring.cases order by id`,
      );
      const chosen = households[change.index % Math.max(households.length, 1)];
      if (!chosen) return;
      await db.execute(sql`insert into monitoring.measures (county_code, village_code, household_id, kind, responsible_unit, start_on, status, created_by, created_at, updated_at)
        values (${chosen.county_code}, ${chosen.village_code}, ${chosen.household_id}, 'industry', '合成单位', ${TODAY}, ${change.status}, 'spec', now(), now())`);
      return;
    }
    case 'measure-status': {
      const all = await ids('measures');
      if (all.length === 0) return;
      await db.execute(sql`update monitoring.measures set status = ${change.status} where id = ${all[change.index % all.length]}`);
      return;
    }
    case 'signal':
      await db.execute(sql`insert into monitoring.signals (county_code, village_code, household_id, source, summary, evidence, detected_on, reported_by, disposition, created_at)
        values (${change.county}, ${`${change.county}100001`}, ${nextHousehold++}, 'cadre-screening', '合成数据', '{}'::jsonb, ${change.detected}, 'spec', 'opened-case', now())`);
      return;
    case 'delete-signals':
      await db.execute(sql`delete from monitoring.signals where county_code = ${change.county}`);
      return;
  }
}

/** The figures of a summary, without who asked (regionCode and the county lists). */
const figures = async (counties: readonly string[]) => {
  const scope = scopeFor(counties.length === 1 ? (counties[0] as string) : '13', counties);
  const tallies = await talliesOf(app.db, counties);
  return {
    fromTallies: { summary: summaryFromTallies(scope, tallies), trend: trendFromTallies(scope, tallies, TODAY, 24) },
    live: { summary: await liveSummary(app.db, scope), trend: await liveTrend(app.db, scope, TODAY, 24) },
  };
};

async function clearAll(): Promise<void> {
  await app.db.execute(sql`delete from monitoring.measures`);
  await app.db.execute(sql`delete from monitoring.objects`);
  await app.db.execute(sql`delete from monitoring.signals`);
  await app.db.execute(sql`delete from monitoring.cases`);
}

describe('county tallies are exact at every commit', () => {
  beforeAll(async () => {
    app = await startApp({ '130609': ['registry', 'monitoring'], '130602': ['registry', 'monitoring'] });
  });
  afterAll(() => app?.close());

  it('after any sequence of writes, the tallies of the province and of each county equal a live scan', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 5, maxLength: 40 }), async (writes) => {
        await clearAll();
        // Deleting every row leaves every tally at zero, so no key remains.
        expect(await talliesOf(app.db, COUNTIES)).toEqual({});
        for (const change of writes) await apply(change);
        const province = await figures(COUNTIES);
        expect(province.fromTallies).toEqual(province.live);
        for (const code of COUNTIES) {
          const one = await figures([code]);
          expect(one.fromTallies).toEqual(one.live);
        }
      }),
      { numRuns: 30 },
    );
  }, 240_000);

  it('a rebuild from the rows gives the tallies the triggers kept', async () => {
    await clearAll();
    for (const change of fc.sample(write, { numRuns: 40, seed: 7 })) await apply(change);
    const kept = await app.db.select().from(countyTallies).orderBy(countyTallies.countyCode);
    expect(kept.some((row) => Object.keys(row.tallies).length > 0)).toBe(true);
    await rebuildCountyTallies(app.db);
    const rebuilt = await app.db.select().from(countyTallies).orderBy(countyTallies.countyCode);
    expect(rebuilt.filter((row) => Object.keys(row.tallies).length > 0)).toEqual(kept.filter((row) => Object.keys(row.tallies).length > 0));
  });

  it('a write that rolls back leaves the tallies as they were', async () => {
    await clearAll();
    await apply({ kind: 'signal', county: '130609', detected: TODAY });
    const before = await talliesOf(app.db, COUNTIES);
    await expect(
      app.database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into monitoring.signals (county_code, village_code, household_id, source, summary, evidence, detected_on, reported_by, disposition, created_at)
          values ('130609', '130609100001', 999, 'cadre-screening', '合成数据', '{}'::jsonb, ${TODAY}, 'spec', 'opened-case', now())`);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await talliesOf(app.db, COUNTIES)).toEqual(before);
    expect(before).toEqual({ [`signals:${TODAY.slice(0, 7)}`]: 1 });
  });

  // Two writers adding a measure for the same monitored household at the same time: the household
  // is covered once, not twice (only PostgreSQL has concurrent connections).
  it.runIf(process.env.ZX_TEST_DRIVER === 'postgres')('concurrent writers of one household add its coverage once', async () => {
    await clearAll();
    await apply({
      kind: 'open-case',
      county: '130609',
      step: 'included',
      status: 'done-on-time',
      escalation: 'none',
      green: false,
      discovered: TODAY,
      days: 3,
    });
    await apply({ kind: 'include', index: 0, type: 'edge-prone', categories: ['major-illness'] });
    const second = await openSecondHandle(app.database);
    try {
      const addMeasure = (handle: typeof app.database) =>
        handle.db.transaction(async (tx) => {
          await tx.execute(sql`insert into monitoring.measures (county_code, village_code, household_id, kind, responsible_unit, start_on, status, created_by, created_at, updated_at)
            select county_code, village_code, household_id, 'industry', '合成单位', ${TODAY}, 'active', 'spec', now(), now() from monitoring.objects`);
          await tx.execute(sql`select pg_sleep(0.2)`);
        });
      await Promise.all([addMeasure(app.database), addMeasure(second)]);
    } finally {
      await second.close();
    }
    const tallies = await talliesOf(app.db, COUNTIES);
    expect(tallies['coverage.covered']).toBe(1);
    const province = await figures(COUNTIES);
    expect(province.fromTallies).toEqual(province.live);
  });
});
