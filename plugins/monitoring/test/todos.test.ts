import type { TodoGroup } from '@zhenxing/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, household, openCase, OTHER_VILLAGE, startApp, VILLAGE, walkToCountyApproval, type App } from './helpers.ts';

const group = (groups: readonly TodoGroup[], key: string) => groups.find((candidate) => candidate.key === key);
const keys = (groups: readonly TodoGroup[]) => groups.map((candidate) => candidate.key);

describe('to-do list (core todos.list) fed by monitoring: each role sees the work at its step, in its scope', () => {
  let app: App;
  let inVillage: { id: number; caseId: number; headName: string };
  let elsewhere: { caseId: number };

  beforeAll(async () => {
    app = await startApp({ '130609': ['registry', 'monitoring', 'listener'], '130602': ['registry', 'monitoring'] });
    at(app, 0);
    const home = await household(app);
    inVillage = { id: home.id, caseId: await openCase(app, home.id), headName: home.head.name };
    const other = await household(app, { village: OTHER_VILLAGE });
    const reported = await app
      .as('xushui')
      .monitoring.signals.report({ householdId: other.id, source: 'cadre-screening', summary: '干部排查发现务工收入下降', riskTypes: ['unstable-employment'] });
    elsewhere = { caseId: reported.caseId as number };
  });
  afterAll(() => app?.close());

  it('gives the village cadre 待核实 for their own village only, named by the household head and linked to the case', async () => {
    const mine = await app.as('juwei').todos.list({});
    const verification = group(mine, 'monitoring.verification');
    expect(verification).toMatchObject({ count: 1, title: { 'zh-CN': '待核实' }, href: '/monitoring/cases?step=verification' });
    expect(verification?.items).toEqual([
      expect.objectContaining({
        key: String(inVillage.caseId),
        label: `${inVillage.headName}户`,
        regionCode: VILLAGE,
        href: `/monitoring/cases/${inVillage.caseId}`,
      }),
    ]);
    expect(verification?.items[0]?.regionName).toEqual(expect.any(String));
    // Work of other steps is not theirs: no township review, no county approval.
    expect(keys(mine)).not.toContain('monitoring.township-review');
    expect(keys(mine)).not.toContain('monitoring.county-approval');
    expect(JSON.stringify(mine)).not.toContain(OTHER_VILLAGE);
  });

  it('gives the county admin no village work, and counts the county’s due-soon cases once the warning day comes', async () => {
    const county = await app.as('xushui').todos.list({});
    expect(keys(county)).not.toContain('monitoring.verification');
    expect(group(county, 'monitoring.county-approval')?.count).toBe(0);
    expect(group(county, 'monitoring.due-soon')?.count).toBe(0);

    at(app, 11); // D + 11: past the warning day (D + 10), before the deadline (D + 15)
    await app.host.jobs.runDue();
    await app.settle();
    const warned = await app.as('xushui').todos.list({});
    expect(group(warned, 'monitoring.due-soon')).toMatchObject({ count: 2 });
    expect(
      group(warned, 'monitoring.due-soon')
        ?.items.map((item) => item.key)
        .sort(),
    ).toEqual([String(inVillage.caseId), String(elsewhere.caseId)].sort());
    // The cadre's due-soon list holds only their village's case; another county's admin sees none of Xushui's.
    expect(group(await app.as('juwei').todos.list({}), 'monitoring.due-soon')?.count).toBe(1);
    const outsider = await app.as('jingxiu').todos.list({});
    expect(group(outsider, 'monitoring.due-soon')?.count).toBe(0);
    expect(JSON.stringify(outsider)).not.toContain('130609');
  });

  it('refuses a region outside the caller’s scope', async () => {
    await expect(app.as('jingxiu').todos.list({ regionCode: '130609' })).rejects.toMatchObject({ reason: 'out-of-scope' });
    await expect(app.as('juwei').todos.list({ regionCode: OTHER_VILLAGE })).rejects.toMatchObject({ reason: 'out-of-scope' });
  });

  it('puts a case returned by the township on the cadre’s list as 被退回待重办, and the township’s 待审核 empties', async () => {
    const home = await household(app);
    const caseId = await openCase(app, home.id, '2026-03-13');
    await walkToCountyApproval(app, caseId, home.spouseId, 11);
    // walkToCountyApproval passes township review; return from the county back to the township, then the township back to the village.
    await app.as('xushui').monitoring.cases.approve({ caseId, decision: 'return', returnTo: 'township-review', comment: '材料不全' });
    expect(group(await app.as('ansu').todos.list({}), 'monitoring.township-review')).toMatchObject({
      count: 1,
      items: [expect.objectContaining({ key: String(caseId) })],
    });
    await app.as('ansu').monitoring.cases.townshipReview({ caseId, decision: 'return', returnTo: 'village-review', comment: '请重新评议' });
    expect(group(await app.as('ansu').todos.list({}), 'monitoring.township-review')?.count).toBe(0);
    const cadre = await app.as('juwei').todos.list({});
    expect(group(cadre, 'monitoring.returned')?.items.map((item) => item.key)).toEqual([String(caseId)]);
    // Urgent kinds come first on the home page.
    expect(keys(cadre).indexOf('monitoring.returned')).toBeLessThan(keys(cadre).indexOf('monitoring.verification'));
  });

  it('contributes nothing from a module the county disabled', async () => {
    await app.disable('130609', 'listener');
    await app.disable('130609', 'monitoring');
    try {
      const cadre = await app.as('juwei').todos.list({});
      expect(cadre.filter((candidate) => candidate.plugin === 'monitoring')).toEqual([]);
      const city = await app.as('baoding').todos.list({});
      expect(JSON.stringify(city)).not.toContain('130609');
    } finally {
      await app.enable('130609', 'monitoring');
      await app.enable('130609', 'listener');
    }
  });

  it('is refused without a session', async () => {
    await expect(app.anonymous().todos.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
