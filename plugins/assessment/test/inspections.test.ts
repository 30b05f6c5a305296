import { auditLog } from '@zhenxing/db';
import { registryPlugin } from '@zhenxing/plugin-registry/server';
import { sampleHousehold } from '@zhenxing/plugin-registry/testing';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentPlugin } from '../src/server/plugin.ts';
import { evidenceJpeg } from '../src/testing.ts';

/**
 * 暗访 and 整改: Baoding (city) and the province inspect Xushui and Jingxiu; the registry holds one
 * household in a Xushui village and one in Jingxiu. The clock starts on 2026-03-02 09:00 Shanghai.
 */
const PLUGINS = [registryPlugin, assessmentPlugin] as const;
const ENABLE = { '130609': ['registry', 'assessment'], '130602': ['registry', 'assessment'], '130102': ['registry', 'assessment'] };
const XUSHUI_VILLAGE = '130609100002';
const finding = { plugin: 'assessment', purpose: 'finding' } as const;
const rectification = { plugin: 'assessment', purpose: 'rectification' } as const;

async function reasonOf(call: Promise<unknown>): Promise<string | undefined> {
  const error = (await call.then(
    () => null,
    (caught: unknown) => caught,
  )) as { reason?: string; details?: { fieldErrors?: Record<string, string[]> } } | null;
  expect(error, 'the call was accepted').not.toBeNull();
  return error?.reason;
}

describe('assessment: 暗访 and 整改', () => {
  let app: TestApp<typeof PLUGINS>;
  let xushuiHousehold: number;
  let jingxiuHousehold: number;
  let jingxiuVillage: string;

  beforeAll(async () => {
    app = await createTestApp({ plugins: PLUGINS, enable: ENABLE, now: '2026-03-02T01:00:00Z' });
    xushuiHousehold = (await app.as('xushui').registry.households.create(sampleHousehold(XUSHUI_VILLAGE, 11))).household.id;
    jingxiuVillage = '130602001002';
    jingxiuHousehold = (await app.as('jingxiu').registry.households.create(sampleHousehold(jingxiuVillage, 12))).household.id;
  });
  afterAll(() => app?.close());

  /** A draft inspection of `target` by `username` with one problem per deadline, evidence uploaded for the county. */
  async function draftInspection(username: string, target: string, deadlines: string[], householdIds: number[] = []) {
    const county = target.slice(0, 6);
    const problems = [];
    for (const [index, deadline] of deadlines.entries()) {
      const upload = await app.upload(username, { ...finding, regionCode: county }, `问题${index}.jpg`, evidenceJpeg(index + 1));
      problems.push({
        category: 'visits' as const,
        description: `问题${index + 1}：帮扶责任人未按月走访`,
        householdId: householdIds[0],
        evidenceUploadIds: [upload],
        responsibleRegionCode: target,
        deadline,
      });
    }
    return app.as(username).assessment.inspections.create({
      targetRegionCode: target,
      visitedOn: '2026-02-20',
      inspectors: ['省督查组甲', '省督查组乙'],
      householdIds,
      notes: '随机入户，未提前通知',
      problems,
    });
  }

  it('hides a draft inspection from the inspected county, then shows it and its tasks once submitted', async () => {
    const draft = await draftInspection('province', XUSHUI_VILLAGE, ['2026-03-31'], [xushuiHousehold]);
    expect(draft.status).toBe('draft');
    expect(draft.households).toEqual([expect.objectContaining({ householdId: xushuiHousehold, headName: '王建国', villageCode: XUSHUI_VILLAGE })]);
    expect(JSON.stringify(draft)).not.toMatch(/\d{17}[\dX]/);
    // Unannounced: the county, its township and the city (not the recording level) do not see the draft.
    await expect(app.as('xushui').assessment.inspections.get({ inspectionId: draft.id })).rejects.toMatchObject({ reason: 'not-found' });
    expect((await app.as('xushui').assessment.inspections.list({})).map((row) => row.id)).not.toContain(draft.id);
    expect((await app.as('ansu').assessment.inspections.list({})).map((row) => row.id)).not.toContain(draft.id);
    expect((await app.as('baoding').assessment.inspections.list({})).map((row) => row.id)).not.toContain(draft.id);
    expect(await app.as('xushui').assessment.tasks.list({})).toEqual([]);
    // The database's second wall hides drafts below a city too.
    const asCounty = async () => {
      const rows = await app.db.transaction(async (tx) => {
        await tx.execute(sql`set local role zx_app`);
        await tx.execute(sql`select set_config('zx.scope', '130609', true)`);
        return tx.execute(sql`select id from assessment.inspections where id = ${draft.id}`);
      });
      return (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows).length;
    };
    expect(await asCounty()).toBe(0);

    const submitted = await app.as('province').assessment.inspections.submit({ inspectionId: draft.id });
    expect(submitted.tasks.map((task) => task.status)).toEqual(['open']);
    expect(await asCounty()).toBe(1);
    const seen = await app.as('xushui').assessment.inspections.get({ inspectionId: draft.id });
    expect(seen).toMatchObject({
      status: 'submitted',
      targetRegionCode: XUSHUI_VILLAGE,
      tasks: [{ status: 'open', responsibleRegionName: expect.any(String) }],
    });
    expect((await app.as('xushui').assessment.tasks.list({ status: 'open' })).map((task) => task.inspectionId)).toContain(draft.id);
    const [entry] = await app.db.select().from(auditLog).where(eq(auditLog.action, 'inspection.submit'));
    expect(entry).toBeDefined();
  });

  it('does not let a county see another county’s tasks', async () => {
    const jingxiu = await draftInspection('baoding', jingxiuVillage, ['2026-04-30']);
    await app.as('baoding').assessment.inspections.submit({ inspectionId: jingxiu.id });
    const [task] = (await app.as('jingxiu').assessment.tasks.list({})).filter((row) => row.inspectionId === jingxiu.id);
    expect(task).toBeDefined();
    const xushuiTasks = await app.as('xushui').assessment.tasks.list({});
    expect(xushuiTasks.every((row) => row.countyCode === '130609')).toBe(true);
    expect(xushuiTasks.map((row) => row.inspectionId)).not.toContain(jingxiu.id);
    await expect(app.as('xushui').assessment.inspections.get({ inspectionId: jingxiu.id })).rejects.toMatchObject({ reason: 'not-found' });
    const upload = await app.upload('xushui', rectification, '整改.jpg', evidenceJpeg(3));
    await expect(
      app.as('xushui').assessment.tasks.submit({ taskId: (task as { id: number }).id, note: '越权', evidenceUploadIds: [upload] }),
    ).rejects.toMatchObject({ reason: 'not-found' });
    // Another city (Shijiazhuang) neither sees nor accepts Baoding's inspection.
    expect((await app.as('shijiazhuang').assessment.inspections.list({})).map((row) => row.id)).not.toContain(jingxiu.id);
  });

  it('refuses a household outside the inspector’s scope, and one outside the inspected region', async () => {
    // Baoding's scope does not hold Chang'an (Shijiazhuang): the target and a household there are refused.
    await expect(draftInspection('baoding', '130102', ['2026-03-31'])).rejects.toMatchObject({ reason: 'out-of-scope' });
    const outside = app.as('shijiazhuang').assessment.inspections.create({
      targetRegionCode: '130102',
      visitedOn: '2026-02-20',
      inspectors: ['市督查组'],
      householdIds: [xushuiHousehold],
      problems: [],
    });
    expect(await reasonOf(outside)).toBe('not-found');
    // Inside the scope but not in the inspected village: invalid, nothing saved.
    const elsewhere = app.as('province').assessment.inspections.create({
      targetRegionCode: XUSHUI_VILLAGE,
      visitedOn: '2026-02-20',
      inspectors: ['省督查组'],
      householdIds: [jingxiuHousehold],
      problems: [],
    });
    expect(await reasonOf(elsewhere)).toBe('invalid-input');
    // A county cannot record an inspection at all, even holding the permission.
    const county = { ...app.user('xushui'), permissions: new Set([...app.user('xushui').permissions, 'assessment.inspection.manage']) };
    const caller = app.host.createCaller({ user: county, csrfVerified: true }) as unknown as ReturnType<typeof app.as>;
    expect(
      await reasonOf(caller.assessment.inspections.create({ targetRegionCode: XUSHUI_VILLAGE, visitedOn: '2026-02-20', inspectors: ['县'], problems: [] })),
    ).toBe('inspecting-level-only');
    // Personal data in a problem is refused.
    const personal = app.as('province').assessment.inspections.create({
      targetRegionCode: XUSHUI_VILLAGE,
      visitedOn: '2026-02-20',
      inspectors: ['省督查组'],
      problems: [{ category: 'other', description: '户主电话13812345678', responsibleRegionCode: XUSHUI_VILLAGE, deadline: '2026-03-31' }],
    });
    expect(await reasonOf(personal)).toBe('invalid-input');
  });

  it('cannot close a task without evidence; accepts or returns a submitted one', async () => {
    const inspection = await draftInspection('province', XUSHUI_VILLAGE, ['2026-03-20', '2026-03-21'], [xushuiHousehold]);
    const submitted = await app.as('province').assessment.inspections.submit({ inspectionId: inspection.id });
    const [first, second] = submitted.tasks as unknown as [{ id: number }, { id: number }];
    // No evidence: refused, still open.
    const bare = app.as('xushui').assessment.tasks.submit({ taskId: first.id, note: '已整改', evidenceUploadIds: [] });
    expect(await reasonOf(bare)).toBe('invalid-input');
    // Someone else's file (Jingxiu's) is no evidence for Xushui.
    const foreign = await app.upload('jingxiu', rectification, '别县.jpg', evidenceJpeg(4));
    expect(await reasonOf(app.as('xushui').assessment.tasks.submit({ taskId: first.id, note: '已整改', evidenceUploadIds: [foreign] }))).toBe(
      'upload-not-found',
    );
    expect((await app.as('xushui').assessment.inspections.get({ inspectionId: inspection.id })).tasks.map((task) => task.status)).toEqual(['open', 'open']);
    // Accepting before submission is a business-rule refusal.
    expect(await reasonOf(app.as('province').assessment.tasks.accept({ taskId: first.id }))).toBe('task-not-submitted');

    const photo = await app.upload('xushui', rectification, '整改.jpg', evidenceJpeg(5));
    const done = await app.as('xushui').assessment.tasks.submit({ taskId: first.id, note: '已补齐走访记录并回访', evidenceUploadIds: [photo] });
    expect(done).toMatchObject({ status: 'submitted', submittedOn: '2026-03-02', rectificationUploadIds: [photo] });
    const shown = await app.as('province').assessment.tasks.evidence({ taskId: first.id, uploadId: photo });
    expect(shown.dataUrl).toMatch(/^data:image\/jpeg;base64,/);
    // The province's to-do list shows it awaiting acceptance; the county's shows the other one due.
    const provinceTodos = await app.as('province').todos.list({});
    expect(JSON.stringify(provinceTodos)).toContain('rectification-acceptance');
    const countyTodos = await app.as('xushui').todos.list({});
    expect(JSON.stringify(countyTodos)).toContain('rectification-due');
    // A county cannot accept its own rectification.
    const county = { ...app.user('xushui'), permissions: new Set([...app.user('xushui').permissions, 'assessment.inspection.manage']) };
    const caller = app.host.createCaller({ user: county, csrfVerified: true }) as unknown as ReturnType<typeof app.as>;
    expect(await reasonOf(caller.assessment.tasks.accept({ taskId: first.id }))).toBe('inspecting-level-only');
    // Baoding (a city) did not record this inspection (the province did): not its to accept.
    expect(await reasonOf(app.as('baoding').assessment.tasks.accept({ taskId: first.id }))).toBe('not-found');

    const accepted = await app.as('province').assessment.tasks.accept({ taskId: first.id });
    expect(accepted).toMatchObject({ status: 'accepted', acceptedOn: '2026-03-02', overdue: false });
    expect(await reasonOf(app.as('xushui').assessment.tasks.submit({ taskId: first.id, note: '再交', evidenceUploadIds: [photo] }))).toBe('task-not-open');

    const photo2 = await app.upload('xushui', rectification, '整改2.jpg', evidenceJpeg(6));
    await app.as('xushui').assessment.tasks.submit({ taskId: second.id, note: '已整改', evidenceUploadIds: [photo2] });
    const returned = await app.as('province').assessment.tasks.return({ taskId: second.id, reason: '佐证照片不能说明整改到位' });
    expect(returned).toMatchObject({ status: 'returned', returnReason: '佐证照片不能说明整改到位' });
    expect(JSON.stringify(await app.as('xushui').todos.list({}))).toContain('rectification-returned');
    const photo3 = await app.upload('xushui', rectification, '整改3.jpg', evidenceJpeg(7));
    const again = await app.as('xushui').assessment.tasks.submit({ taskId: second.id, note: '补充入户照片', evidenceUploadIds: [photo3] });
    expect(again.status).toBe('submitted');
    const actions = (await app.db.select({ action: auditLog.action }).from(auditLog)).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['rectification.submit', 'rectification.accept', 'rectification.return']));
  });

  it('computes overdue in Asia/Shanghai at the day boundary, and shows it on the dashboard by region name', async () => {
    const inspection = await draftInspection('province', XUSHUI_VILLAGE, ['2026-03-10']);
    await app.as('province').assessment.inspections.submit({ inspectionId: inspection.id });
    const taskId = (inspection.tasks[0] as { id: number }).id;
    const overdueIds = async () => (await app.as('xushui').assessment.tasks.list({ status: 'overdue' })).map((task) => task.id);
    // 2026-03-10 23:59 in Shanghai is 15:59 UTC: the deadline day, not overdue.
    app.clock.set('2026-03-10T15:59:00Z');
    expect(await overdueIds()).not.toContain(taskId);
    // One minute later it is 2026-03-11 in Shanghai (still the 10th in UTC): overdue.
    app.clock.set('2026-03-10T16:00:00Z');
    expect(await overdueIds()).toContain(taskId);
    expect(JSON.stringify(await app.as('xushui').todos.list({}))).toContain('rectification-overdue');
    const dashboard = await app.as('province').assessment.tasks.dashboard({});
    const baoding = dashboard.regions.find((row) => row.regionCode === '1306');
    expect(baoding?.regionName).toMatch(/保定/);
    expect(baoding?.overdue).toBeGreaterThanOrEqual(1);
    const drill = await app.as('province').assessment.tasks.dashboard({ regionCode: '1306' });
    expect(drill.regions.map((row) => row.regionName)).toEqual(expect.arrayContaining([expect.stringMatching(/徐水/)]));
    const xushui = drill.regions.find((row) => row.regionCode === '130609');
    expect(xushui).toMatchObject({ accepted: 1 });
    expect(xushui?.onTimeRate).not.toBeNull();
    // The on-time rate is an indicator like any plugin's.
    const indicators = await app.as('province').assessment.indicators({});
    expect(indicators.map((indicator) => indicator.id)).toContain('assessment.rectification-on-time-rate');
  });
});
