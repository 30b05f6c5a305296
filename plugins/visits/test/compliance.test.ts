import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordVisitInput } from '../src/index.ts';
import { household, OTHER_VILLAGE, startApp, visit, VILLAGE, type App } from './helpers.ts';

describe('§3 duty, compliance per Shanghai month, 包联 and copied-visit flags', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
    app.clock.set('2026-03-10T02:00:00Z');
  });
  afterAll(() => app?.close());

  it('the duty covers 监测户 and 脱贫户 but not ordinary households', async () => {
    const exited = await household(app, { village: '130609100003', status: 'left-poverty' });
    const monitored = await household(app, { village: '130609100003', status: 'monitored' });
    const ordinary = await household(app, { village: '130609100003', status: 'ordinary' });
    const summary = await app.as('ansu').visits.compliance({ regionCode: '130609100003', month: '2026-03' });
    const due = summary.late.map((row) => row.householdId);
    expect(due).toEqual(expect.arrayContaining([exited.id, monitored.id]));
    expect(due).not.toContain(ordinary.id);
    expect(summary).toMatchObject({ due: 2, done: 0, overdue: 0, closed: false, coverageBasisPoints: 0 });
    expect((await app.as('ansu').visits.prefill({ householdId: ordinary.id })).dueThisMonth).toBe(false);
    expect((await app.as('ansu').visits.prefill({ householdId: exited.id })).dueThisMonth).toBe(true);
  });

  it('a visit at 2026-03-31T16:30Z (00:30 on 1 April in Shanghai) counts for April, and March is then overdue', async () => {
    const region = '130609100004';
    const target = await household(app, { village: region });
    const other = await household(app, { village: region });
    app.clock.set('2026-04-02T02:00:00Z');
    const { visit: late } = await app.as('ansu').visits.record(visit(target, '2026-03-31T16:30:00Z'));
    expect(late).toMatchObject({ visitedOn: '2026-04-01', month: '2026-04' });
    await app.as('ansu').visits.record(visit(other, '2026-03-31T15:59:00Z'));
    const march = await app.as('ansu').visits.compliance({ regionCode: region, month: '2026-03' });
    expect(march).toMatchObject({ due: 2, done: 1, overdue: 1, closed: true, coverageBasisPoints: 5000 });
    expect(march.late.map((row) => row.householdId)).toEqual([target.id]);
    expect(march.byVillage).toEqual([{ villageCode: region, due: 2, done: 1, overdue: 1 }]);
    const april = await app.as('ansu').visits.compliance({ regionCode: region, month: '2026-04' });
    expect(april).toMatchObject({ due: 2, done: 1, overdue: 0, closed: false });
    expect(april.late.map((row) => row.householdId)).toEqual([other.id]);
    app.clock.set('2026-03-10T02:00:00Z');
  });

  it('包联: by household or by village, history kept, unassigned due households listed, workload per cadre', async () => {
    const region = '130609100005';
    const first = await household(app, { village: region });
    const second = await household(app, { village: region });
    const third = await household(app, { village: region });
    expect((await app.as('ansu').visits.assignments.unassigned({ regionCode: region })).map((row) => row.householdId)).toEqual([first.id, second.id, third.id]);

    await app
      .as('ansu')
      .visits.assignments.assign({ villageCode: region, cadreName: '王村干', cadreUsername: 'wang', cadreKind: 'village-cadre', effectiveFrom: '2026-01-01' });
    const own = await app
      .as('ansu')
      .visits.assignments.assign({ householdId: first.id, cadreName: '李队员', cadreKind: 'work-team', effectiveFrom: '2026-02-01' });
    const replaced = await app
      .as('ansu')
      .visits.assignments.assign({ householdId: first.id, cadreName: '赵乡干', cadreKind: 'township-cadre', effectiveFrom: '2026-03-01' });
    expect(await app.as('ansu').visits.assignments.unassigned({ regionCode: region })).toEqual([]);
    const history = await app.as('ansu').visits.assignments.list({ regionCode: region, householdId: first.id, history: true });
    expect(history.map((row) => [row.id, row.cadreName, row.effectiveFrom, row.effectiveTo])).toEqual([
      [own.id, '李队员', '2026-02-01', '2026-02-28'],
      [replaced.id, '赵乡干', '2026-03-01', null],
    ]);
    await expect(
      app.as('ansu').visits.assignments.assign({ householdId: first.id, cadreName: '钱', cadreKind: 'work-team', effectiveFrom: '2026-02-15' }),
    ).rejects.toMatchObject({ reason: 'invalid-input', details: { fieldErrors: { effectiveFrom: ['not-after-current'] } } });

    await app.as('ansu').visits.record(visit(second, '2026-03-09T02:00:00Z'));
    const workload = await app.as('ansu').visits.assignments.workload({ regionCode: region });
    expect(workload.map((row) => [row.cadreName, row.assigned, row.dueThisMonth, row.doneThisMonth])).toEqual([
      ['王村干', 2, 2, 1],
      ['赵乡干', 1, 1, 0],
    ]);
    expect(workload.map((row) => row.villageCodes)).toEqual([[region], [region]]);
    const summary = await app.as('ansu').visits.compliance({ regionCode: region });
    expect(summary.late.map((row) => [row.householdId, row.cadreName])).toEqual([
      [first.id, '赵乡干'],
      [third.id, '王村干'],
    ]);
    expect(summary.byCadre).toEqual([
      { cadreName: '王村干', due: 2, done: 1, missing: 1 },
      { cadreName: '赵乡干', due: 1, done: 0, missing: 1 },
    ]);
  });

  it('a village cadre cannot assign (township and county only)', async () => {
    await expect(
      app.as('juwei').visits.assignments.assign({ villageCode: VILLAGE, cadreName: '自派', cadreKind: 'village-cadre', effectiveFrom: '2026-03-01' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('flags identical answers across households, too many visits per day and night-time visits (Asia/Shanghai)', async () => {
    await app.as('xushui').modules.updateSettings({ countyCode: '130609', pluginId: 'visits', settings: { identicalAnswersThreshold: 3, maxVisitsPerDay: 3 } });
    const targets = [];
    for (let index = 0; index < 4; index += 1) targets.push(await household(app, { village: OTHER_VILLAGE }));
    const recorded = [];
    // The same answers in four households on one day, all in the evening; the last at 23:10 Shanghai.
    const times = ['2026-03-08T10:00:00Z', '2026-03-08T10:20:00Z', '2026-03-08T10:40:00Z', '2026-03-08T15:10:00Z'];
    for (const [index, target] of targets.entries()) {
      const input: RecordVisitInput = visit(target, times[index] as string, { policyNotes: '政策均已落实', visitors: ['复制者'] });
      recorded.push((await app.as('xushui').visits.record(input)).visit.id);
    }
    // A different answer at 05:30 Shanghai on another day (night), by the same user.
    const early = await app
      .as('xushui')
      .visits.record(visit(targets[0] as { id: number; memberIds: number[] }, '2026-03-06T21:30:00Z', { clientId: randomUUID(), policyNotes: '另一份' }));
    const flags = await app.as('xushui').visits.flags({ regionCode: '130609', month: '2026-03' });
    const mine = flags.filter((flag) => flag.recordedBy === 'xushui');
    expect(new Set(flags.map((flag) => flag.countyCode))).toEqual(new Set(['130609']));
    expect(mine.find((flag) => flag.kind === 'identical-answers')?.visitIds).toEqual(recorded);
    expect(mine.find((flag) => flag.kind === 'too-many-per-day')).toMatchObject({ day: '2026-03-08', visitIds: recorded });
    expect(
      mine
        .filter((flag) => flag.kind === 'night-time')
        .map((flag) => flag.visitIds[0])
        .sort(),
    ).toEqual([recorded[3], early.visit.id].sort());
    // The county's own flags are invisible to another county.
    await expect(app.as('jingxiu').visits.flags({ regionCode: '130609', month: '2026-03' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('registers the coverage indicators for dashboards, equal to the month’s compliance', async () => {
    const region = '130609100';
    const compliance = await app.as('ansu').visits.compliance({ regionCode: region, month: '2026-03' });
    expect(compliance.due).toBeGreaterThan(compliance.done);
    const values = await app.as('ansu').indicators.values({ regionCode: region });
    const value = (key: string) => values.find((item) => item.key.endsWith(key))?.value;
    expect(value('visit-coverage')).toBe(compliance.coverageBasisPoints / 100);
    expect(value('visits-outstanding')).toBe(compliance.due - compliance.done);
  });
});
