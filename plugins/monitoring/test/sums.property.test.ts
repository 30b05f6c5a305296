import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_CASE_STEPS, MEASURE_STATUSES } from '../src/index.ts';
import { rebuildCountyTallies } from '../src/server/figures.ts';
import { cases, measures, objects } from '../src/server/schema.ts';
import { lowIncomeHousehold } from '../src/testing.ts';
import { at, startApp, walkToCountyApproval, type App } from './helpers.ts';

/**
 * Issue 11, the class of bug 2, for the monitoring dashboard: every count it shows — monitored
 * households by type, by §1 宽 category and by status, cases by step, open / overdue / green-channel
 * / included / rejected cases, days to inclusion, assistance coverage — equals a plain recount of the
 * rows after random sequences of writes (signals in two counties, green channels, inclusions,
 * measures added and changed, the county tallies rebuilt from the rows between writes — which must
 * change nothing), for a county, a city and the province (which adds up the county tallies).
 */
const COUNTIES = { xushui: { county: '130609', village: '130609100002' }, jingxiu: { county: '130602', village: '130602001002' } } as const;
type County = keyof typeof COUNTIES;
const VIEWERS = [
  ['xushui', ['130609']],
  ['jingxiu', ['130602']],
  ['baoding', ['130602', '130609']],
  ['province', ['130602', '130609']],
] as const;

const opArbitrary = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('report' as const), county: fc.constantFrom<County>('xushui', 'jingxiu'), green: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('include' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('measure' as const), pick: fc.nat(), status: fc.constantFrom('planned' as const, 'active' as const) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('measureStatus' as const), pick: fc.nat(), status: fc.constantFrom(...MEASURE_STATUSES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rebuild' as const) }) },
);
type Op = typeof opArbitrary extends fc.Arbitrary<infer T> ? T : never;

describe('monitoring dashboard: counts equal the rows after random writes', () => {
  let app: App;
  let day = 0;
  let sequence = 600;
  const households: { id: number; county: County; spouseId: string; caseId: number; green: boolean; included: boolean }[] = [];
  const measureIds: { id: number; county: County }[] = [];
  beforeAll(async () => {
    app = await startApp({ '130609': ['registry', 'monitoring'], '130602': ['registry', 'monitoring'] });
  });
  afterAll(() => app?.close());

  const adminOf = (county: County) => app.as(county);

  async function execute(ops: readonly Op[]) {
    for (const op of ops) {
      if (op.kind === 'report') {
        sequence += 1;
        const { county, village } = COUNTIES[op.county];
        const created = await adminOf(op.county).registry.households.create(lowIncomeHousehold(village, sequence));
        const spouse = created.members.find((member) => member.relation === 'spouse');
        const report = op.green
          ? {
              householdId: created.household.id,
              source: 'cadre-screening' as const,
              summary: '突发意外（合成）',
              riskTypes: ['accident' as const],
              suddenRisk: { sudden: true, causes: ['accident' as const] },
            }
          : { householdId: created.household.id, source: 'cadre-screening' as const, summary: '医疗支出大（合成）', riskTypes: ['illness' as const] };
        const opened = (await adminOf(op.county).monitoring.signals.report(report)) as { caseId: number | null };
        expect(opened.caseId, `a case for household ${created.household.id} in ${county}`).not.toBeNull();
        households.push({
          id: created.household.id,
          county: op.county,
          spouseId: String(spouse?.id),
          caseId: opened.caseId as number,
          green: op.green,
          included: false,
        });
      } else if (op.kind === 'include') {
        // The full procedure (village cadre, township, county) exists for Xushui's test users only.
        const open = households.filter((entry) => entry.county === 'xushui' && !entry.included);
        const target = open[op.pick % Math.max(open.length, 1)];
        if (!target) continue;
        const [row] = await app.db.select({ step: cases.step }).from(cases).where(eq(cases.id, target.caseId));
        if (row?.step !== 'verification') continue;
        await walkToCountyApproval(app, target.caseId, target.spouseId, day + 1);
        day += 8;
        at(app, day);
        await app.as('xushui').monitoring.cases.approve({ caseId: target.caseId, decision: 'pass' });
        target.included = true;
      } else if (op.kind === 'measure') {
        const eligible = households.filter((entry) => entry.green || entry.included);
        const target = eligible[op.pick % Math.max(eligible.length, 1)];
        if (!target) continue;
        const measure = await adminOf(target.county).monitoring.measures.add({
          householdId: target.id,
          kind: 'temporary-assistance',
          responsibleUnit: '区民政局',
          amountFen: 10_000,
          startOn: at(app, day),
          status: op.status,
        });
        measureIds.push({ id: measure.id, county: target.county });
      } else if (op.kind === 'measureStatus') {
        const target = measureIds[op.pick % Math.max(measureIds.length, 1)];
        if (!target) continue;
        await adminOf(target.county).monitoring.measures.update({ id: target.id, status: op.status });
      } else {
        await rebuildCountyTallies(app.db);
      }
      await app.settle();
    }
  }

  /** The dashboard's figures recounted from the rows of `counties`. */
  async function recount(counties: readonly string[]) {
    const inScope = <T extends { countyCode: string }>(rows: T[]) => rows.filter((row) => counties.includes(row.countyCode));
    const caseRows = inScope(await app.db.select().from(cases));
    const objectRows = inScope(await app.db.select().from(objects));
    const measureRows = inScope(await app.db.select().from(measures));
    const countBy = <T>(rows: readonly T[], key: (row: T) => string) => {
      const counts: Record<string, number> = {};
      for (const row of rows) counts[key(row)] = (counts[key(row)] ?? 0) + 1;
      return counts;
    };
    const open = caseRows.filter((row) => (OPEN_CASE_STEPS as readonly string[]).includes(row.step));
    const included = caseRows.filter((row) => row.step === 'included');
    const days = (row: (typeof caseRows)[number]) => (Date.parse(row.completedOn as string) - Date.parse(row.discoveredOn)) / 86_400_000;
    const monitored = objectRows.filter((row) => row.status === 'monitored');
    const covered = monitored.filter((object) => measureRows.some((measure) => measure.householdId === object.householdId && measure.status === 'active'));
    return {
      monitoredByType: countBy(monitored, (row) => row.objectType),
      monitoredByRiskCategory: countBy(
        monitored.flatMap((row) => row.riskCategories as string[]),
        (category) => category,
      ),
      objectsByStatus: countBy(objectRows, (row) => row.status),
      casesByStep: countBy(caseRows, (row) => row.step),
      cases: {
        open: open.length,
        overdue: open.filter((row) => row.deadlineStatus === 'overdue').length,
        warning: open.filter((row) => row.deadlineStatus === 'warning').length,
        greenChannelOpen: open.filter((row) => row.greenChannel).length,
        included: included.length,
        includedOnTime: included.filter((row) => row.deadlineStatus === 'done-on-time').length,
        rejected: caseRows.filter((row) => row.step === 'rejected').length,
        inclusionDaysTotal: included.reduce((sum, row) => sum + days(row), 0),
        inclusionDaysCount: included.length,
      },
      coverage: {
        monitored: monitored.length,
        covered: covered.length,
        basisPoints: monitored.length === 0 ? 10_000 : Math.floor((covered.length * 10_000) / monitored.length),
      },
    };
  }

  async function expectDashboardsMatchRows() {
    for (const [viewer, counties] of VIEWERS) {
      const summary = await app.as(viewer).monitoring.dashboard.summary({});
      const expected = await recount(counties);
      const asMap = (entries: readonly { key: string; value: number }[]) => Object.fromEntries(entries.map((entry) => [entry.key, entry.value]));
      expect(
        {
          monitoredByType: asMap(summary.monitoredByType),
          monitoredByRiskCategory: asMap(summary.monitoredByRiskCategory),
          objectsByStatus: asMap(summary.objectsByStatus),
          casesByStep: asMap(summary.casesByStep),
          cases: {
            open: summary.cases.open,
            overdue: summary.cases.overdue,
            warning: summary.cases.warning,
            greenChannelOpen: summary.cases.greenChannelOpen,
            included: summary.cases.included,
            includedOnTime: summary.cases.includedOnTime,
            rejected: summary.cases.rejected,
            inclusionDaysTotal: summary.cases.inclusionDaysTotal,
            inclusionDaysCount: summary.cases.inclusionDaysCount,
          },
          coverage: summary.coverage,
        },
        `${viewer}'s dashboard`,
      ).toEqual(expected);
    }
  }

  it('dashboard counts equal a recount of the rows for a county, a city and the province', async () => {
    // What the runs reached: later random runs may end every measure, so look at every run's state.
    const reached = { included: 0, covered: 0, open: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(opArbitrary, { minLength: 1, maxLength: 6 }), async (ops) => {
        await execute(ops);
        await expectDashboardsMatchRows();
        const totals = await recount(['130602', '130609']);
        reached.included = Math.max(reached.included, totals.cases.included);
        reached.covered = Math.max(reached.covered, totals.coverage.covered);
        reached.open = Math.max(reached.open, totals.cases.greenChannelOpen + totals.cases.open);
      }),
      {
        numRuns: 15,
        // Besides the random runs: inclusion, coverage and a rebuild between writes all happen.
        examples: [
          [
            [
              { kind: 'report', county: 'xushui', green: false },
              { kind: 'report', county: 'jingxiu', green: true },
              { kind: 'rebuild' },
              { kind: 'include', pick: 0 },
              { kind: 'measure', pick: 0, status: 'active' },
              { kind: 'measure', pick: 1, status: 'active' },
            ],
          ],
        ],
      },
    );
    // The property was not vacuous: inclusion, coverage and open cases all occurred.
    expect(reached.included).toBeGreaterThan(0);
    expect(reached.covered).toBeGreaterThan(0);
    expect(reached.open).toBeGreaterThan(0);
  }, 240_000); // many random write sequences, each through the full server: minutes on a loaded 2-core machine
});
