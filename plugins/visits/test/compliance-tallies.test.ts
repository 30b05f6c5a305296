import { setHouseholdStatus, listHouseholdsForVisitDuty } from '@zhenxing/plugin-registry/server';
import { monthOf, monthlyVisitDuty, shanghaiDate } from '@zhenxing/rules';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { household, startApp, visit, type App } from './helpers.ts';

// visits.compliance serves due, done, overdue and coverage from stored figures only: the registry's
// §3 duty tally (kept by statement triggers on registry.households) and the visits tally of households
// visited while due. This spec makes random write sequences through the procedures — households of
// every status in two counties, status changes (monitoring's setHouseholdStatus), visits on both sides
// of the Asia/Shanghai month boundaries, repeated syncs — and compares every served figure, for the
// province, a county and a village, with a recount from a model of the writes kept by the spec itself:
// due = the rules' monthlyVisitDuty over the households' statuses now; done = the households with a
// visit in that Shanghai month (the rules' monthOf(shanghaiDate)) made while they had the duty.
// A county or a village is served per village; the province and a city (保定市, as the province and as
// the city's own user) per county only — the database sums the villages (due, done, each village's
// shortfall) by county — so their per-county rows are compared with the recount's villages added up
// by county, and they carry no village rows.

type Status = 'left-poverty' | 'monitored' | 'ordinary';
const VILLAGES = ['130609100002', '130609101201', '130602100001'] as const;
const STATUSES: readonly Status[] = ['left-poverty', 'monitored', 'ordinary'];
/** Instants around the month boundaries: 15:59Z on the last day is still that month in Shanghai, 16:00Z is the next. */
const INSTANTS = ['2026-03-10T02:00:00Z', '2026-03-31T15:59:00Z', '2026-03-31T16:00:00Z', '2026-04-20T03:00:00Z', '2026-04-30T16:30:00Z'] as const;
const MONTHS = ['2026-03', '2026-04', '2026-05'] as const;
const TODAY = '2026-05-06T04:00:00Z';

const command = fc.oneof(
  fc.record({ kind: fc.constant('household' as const), village: fc.constantFrom(...VILLAGES), status: fc.constantFrom(...STATUSES) }),
  fc.record({ kind: fc.constant('status' as const), pick: fc.nat(), status: fc.constantFrom(...STATUSES) }),
  fc.record({ kind: fc.constant('visit' as const), pick: fc.nat(), at: fc.constantFrom(...INSTANTS), again: fc.boolean() }),
);

interface ModelHousehold {
  id: number;
  memberIds: number[];
  villageCode: string;
  status: Status;
  /** Shanghai months with a visit made while the household was due. */
  doneMonths: Set<string>;
}

let app: App;

function recount(model: readonly ModelHousehold[], regionCode: string, month: string) {
  const inRegion = model.filter((row) => row.villageCode.startsWith(regionCode));
  const dueIds = new Set(
    monthlyVisitDuty({
      month,
      households: inRegion.map((row) => ({ householdId: String(row.id), povertyExited: row.status === 'left-poverty', monitored: row.status === 'monitored' })),
    }).householdIds,
  );
  const villages = new Map<string, { villageCode: string; due: number; done: number; overdue: number }>();
  for (const row of inRegion) {
    const due = dueIds.has(String(row.id)) ? 1 : 0;
    const done = row.doneMonths.has(month) ? 1 : 0;
    if (due + done === 0) continue;
    const village = villages.get(row.villageCode) ?? { villageCode: row.villageCode, due: 0, done: 0, overdue: 0 };
    village.due += due;
    village.done += done;
    villages.set(row.villageCode, village);
  }
  const closed = month < monthOf(shanghaiDate(new Date(TODAY)));
  for (const village of villages.values()) village.overdue = closed ? Math.max(0, village.due - village.done) : 0;
  const byVillage = [...villages.values()].sort((a, b) => a.villageCode.localeCompare(b.villageCode));
  const counties = new Map<string, { countyCode: string; due: number; done: number; overdue: number }>();
  for (const village of byVillage) {
    const countyCode = village.villageCode.slice(0, 6);
    const county = counties.get(countyCode) ?? { countyCode, due: 0, done: 0, overdue: 0 };
    county.due += village.due;
    county.done += village.done;
    county.overdue += village.overdue;
    counties.set(countyCode, county);
  }
  const due = byVillage.reduce((sum, row) => sum + row.due, 0);
  const done = byVillage.reduce((sum, row) => sum + row.done, 0);
  return {
    due,
    done,
    overdue: byVillage.reduce((sum, row) => sum + row.overdue, 0),
    closed,
    coverageBasisPoints: due === 0 ? 10_000 : Math.min(10_000, Math.floor((done * 10_000) / due)),
    // A city or the province is served per county only.
    byVillage: regionCode.length < 6 ? [] : byVillage,
    byCounty: [...counties.values()].sort((a, b) => a.countyCode.localeCompare(b.countyCode)),
    detail: regionCode.length >= 6,
  };
}

async function reset() {
  await app.db.execute(sql`delete from visits.visits`);
  await app.db.execute(sql`delete from visits.household_months`);
  await app.db.execute(sql`delete from visits.due_household_months`);
  await app.db.execute(sql`delete from visits.month_tallies`);
  // Households through the registry's own table: the duty tally follows deletes too.
  await app.db.execute(sql`delete from registry.members`);
  await app.db.execute(sql`delete from registry.households`);
}

describe('compliance served from the stored duty and visit tallies', () => {
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('equals a recount of the writes for the province and a city (per county), a county and a village, across Shanghai month boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 10 }), async (commands) => {
        await reset();
        const model: ModelHousehold[] = [];
        for (const step of commands) {
          if (step.kind === 'household') {
            const created = await household(app, { village: step.village, status: step.status, as: step.village.startsWith('130602') ? 'jingxiu' : 'xushui' });
            model.push({ id: created.id, memberIds: created.memberIds, villageCode: step.village, status: step.status, doneMonths: new Set() });
            continue;
          }
          const target = model.length === 0 ? undefined : model[step.pick % model.length];
          if (!target) continue;
          if (step.kind === 'status') {
            await app.db.transaction((tx) =>
              setHouseholdStatus(tx, { householdId: target.id, status: step.status, action: 'test', at: new Date(TODAY), username: null }),
            );
            target.status = step.status;
            continue;
          }
          app.clock.set(TODAY);
          const input = visit(target, step.at);
          const as = target.villageCode.startsWith('130602') ? 'jingxiu' : 'xushui';
          await app.as(as).visits.record(input);
          if (step.again) expect((await app.as(as).visits.record(input)).repeated).toBe(true);
          if (target.status !== 'ordinary') target.doneMonths.add(monthOf(shanghaiDate(new Date(step.at))));
        }
        app.clock.set(TODAY);
        for (const month of MONTHS) {
          for (const [user, regionCode] of [
            ['province', '13'],
            ['province', '1306'],
            ['baoding', '1306'],
            ['xushui', '130609'],
            ['xushui', '130609101201'],
          ] as const) {
            const served = await app.as(user).visits.compliance({ regionCode, month });
            expect({ ...served, late: undefined, byCadre: undefined, month: undefined }).toEqual({
              ...recount(model, regionCode, month),
              late: undefined,
              byCadre: undefined,
              month: undefined,
            });
          }
        }
        // The stored duty is the registry's duty list (the rules' monthlyVisitDuty) counted.
        const listed = await listHouseholdsForVisitDuty(app.db, ['130602', '130609'], '2026-05');
        const served = await app.as('province').visits.compliance({ regionCode: '13', month: '2026-05' });
        expect(served.due).toBe(listed.length);
      }),
      {
        numRuns: 12,
        // Always tried too: an ordinary household visited in the same village and month as a due
        // one (only the due one is done), and a due household visited, then taken off the duty.
        examples: [
          [
            [
              { kind: 'household', village: '130609101201', status: 'left-poverty' },
              { kind: 'household', village: '130609101201', status: 'ordinary' },
              { kind: 'visit', pick: 0, at: '2026-03-31T16:00:00Z', again: false },
              { kind: 'visit', pick: 1, at: '2026-03-31T16:00:00Z', again: true },
              { kind: 'visit', pick: 1, at: '2026-03-31T15:59:00Z', again: false },
              { kind: 'status', pick: 0, status: 'ordinary' },
              { kind: 'status', pick: 1, status: 'monitored' },
            ],
          ],
          // One village of 徐水区 done above its due (visited in April, then off the duty), another
          // missing its visit: the county's April overdue is 1 (the villages' shortfalls added up),
          // not max(0, due − done) of the county's sums, which would be 0.
          [
            [
              { kind: 'household', village: '130609100002', status: 'left-poverty' },
              { kind: 'household', village: '130609101201', status: 'left-poverty' },
              { kind: 'visit', pick: 0, at: '2026-04-20T03:00:00Z', again: false },
              { kind: 'status', pick: 0, status: 'ordinary' },
            ],
          ],
        ],
      },
    );
  }, 240_000);
});
