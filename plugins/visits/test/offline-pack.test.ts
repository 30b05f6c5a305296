import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { household, startApp, visit, VILLAGE, type App } from './helpers.ts';

describe('visits.offlinePack: a cadre’s round in one compact payload', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
    app.clock.set('2026-03-20T02:00:00Z');
  });
  afterAll(() => app?.close());

  it('holds the 60 households assigned to the cadre, each with its last visit, in at most 200 KB of JSON', async () => {
    await app.as('xushui').visits.assignments.assign({
      villageCode: VILLAGE,
      cadreName: '巨威村干部',
      cadreUsername: 'juwei',
      cadreKind: 'village-cadre',
      effectiveFrom: '2026-01-01',
    });
    const ids: number[] = [];
    for (let index = 0; index < 60; index += 1) {
      const target = await household(app);
      ids.push(target.id);
      await app
        .as('juwei')
        .visits.record(
          visit(target, '2026-03-02T02:00:00Z', { policyNotes: '低保、医保、产业奖补按时到位；家庭医生签约服务已落实。', findings: '无新增风险' }),
        );
    }
    const pack = await app.as('juwei').visits.offlinePack({});
    expect(pack.households.map((row) => row.household.id).sort((a, b) => a - b)).toEqual(ids);
    expect(pack.households.every((row) => row.lastVisit !== null && row.members.length === 2 && row.income !== null)).toBe(true);
    const bytes = Buffer.byteLength(JSON.stringify(pack), 'utf8');
    expect(bytes).toBeLessThanOrEqual(200 * 1024);
    // No ID number or birth date travels to the phone.
    expect(JSON.stringify(pack)).not.toMatch(/\d{17}[\dX]/);
    expect(JSON.stringify(pack)).not.toContain('1978-02-11');
  });

  it('another cadre’s pack does not hold them', async () => {
    const pack = await app.as('ansu').visits.offlinePack({});
    expect(pack.households.every((row) => row.household.villageCode.startsWith('130609100'))).toBe(true);
    await expect(app.as('jingxiu').visits.offlinePack({ regionCode: '130609' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
