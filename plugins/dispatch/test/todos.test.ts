import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epidemicCall, startApp, type App } from './helpers.ts';

/**
 * The platform's to-do list (core `todos.list`) fed by 监测调度: the county's periods to answer
 * (returned first), a township's sub-reports to file, and answers waiting for the city's review or
 * the issuing province's decision — each in its own scope.
 */
describe('to-do list fed by dispatch: 待填报 for counties and townships, 待审核 for the city and province', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.close());

  const group = async (user: string, key: string) => (await app.as(user).todos.list({ limit: 20 })).find((entry) => entry.key === key);

  it('lists each county its periods to answer, the returned one first; the city and province the answers to review; townships their sub-reports', async () => {
    // 2022 第 12 期 runs 21–27 March, due Monday 28 March 10:00 Shanghai; the clock is Sunday 27 March, 09:00.
    app.clock.set('2022-03-27T01:00:00Z');
    const call = await app.as('province').dispatch.calls.create(
      epidemicCall({
        title: '待办调度',
        fields: [{ key: 'a', label: 'A', type: 'integer', required: true }],
        counties: ['130602', '130609'],
        periodCount: 2,
        townshipReports: true,
      }),
    );
    const [p12, p13] = call.periods.map((period) => period.id) as [number, number];

    // Both counties have 第 12 期 to answer (第 13 期 has not started); Chang'an, not asked, nothing.
    expect((await group('xushui', 'dispatch.submissions-due'))?.items.map((item) => [item.key, item.regionName, item.href])).toEqual([
      [`${p12}:130609`, '徐水区', `/dispatch/calls/${call.id}/periods/${p12}?county=130609`],
    ]);
    expect((await group('jingxiu', 'dispatch.submissions-due'))?.count).toBe(1);
    expect((await group('changan', 'dispatch.submissions-due'))?.count ?? 0).toBe(0);
    // 安肃镇 has its sub-report to file; its neighbour county's township would not see it.
    expect((await group('ansu', 'dispatch.township-reports-due'))?.items.map((item) => [item.regionName, item.href])).toEqual([
      ['安肃镇', `/dispatch/calls/${call.id}/periods/${p12}/townships/130609100`],
    ]);
    expect((await group('xianfeng', 'dispatch.township-reports-due'))?.items.map((item) => item.regionName)).toEqual(['先锋街道']);
    await app.as('ansu').dispatch.townships.save({ periodId: p12, townshipCode: '130609100', values: { a: 1 }, submit: true });
    expect((await group('ansu', 'dispatch.township-reports-due'))?.count ?? 0).toBe(0);

    // Both submit: nothing left to answer; the city has both to review, the province both to decide.
    await app.as('xushui').dispatch.submissions.submit({ periodId: p12, values: { a: 1 } });
    await app.as('jingxiu').dispatch.submissions.submit({ periodId: p12, values: { a: 2 } });
    expect((await group('xushui', 'dispatch.submissions-due'))?.count ?? 0).toBe(0);
    expect((await group('baoding', 'dispatch.submissions-to-decide'))?.items.map((item) => item.regionName).sort()).toEqual(['徐水区', '竞秀区']);
    expect((await group('province', 'dispatch.submissions-to-decide'))?.count).toBe(2);
    // Another city sees none of them.
    expect((await group('shijiazhuang', 'dispatch.submissions-to-decide'))?.count ?? 0).toBe(0);
    // Counties hold no decision permission: the group is not theirs.
    expect(await group('xushui', 'dispatch.submissions-to-decide')).toBeUndefined();

    // The city reviews Xushui's (still the province's to decide, no longer the city's); the province returns Jingxiu's.
    const xushui = (await app.as('xushui').dispatch.submissions.form({ periodId: p12 })).submission?.id as number;
    const jingxiu = (await app.as('jingxiu').dispatch.submissions.form({ periodId: p12 })).submission?.id as number;
    await app.as('baoding').dispatch.submissions.review({ submissionId: xushui, comment: '已核' });
    await app.as('province').dispatch.submissions.return({ regionCode: '130602', submissionId: jingxiu, comment: '请核实' });
    expect((await group('baoding', 'dispatch.submissions-to-decide'))?.count ?? 0).toBe(0);
    expect((await group('province', 'dispatch.submissions-to-decide'))?.items.map((item) => item.regionName)).toEqual(['徐水区']);

    // A week later Jingxiu's returned 第 12 期 comes before 第 13 期 (now due within the week).
    app.clock.set('2022-04-03T01:00:00Z');
    const due = await group('jingxiu', 'dispatch.submissions-due');
    expect(due?.items.map((item) => item.key)).toEqual([`${p12}:130602`, `${p13}:130602`]);
    expect(due?.items[0]?.detail?.['zh-CN']).toContain('已退回');
  });
});
