import { auditLog } from '@zhenxing/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epidemicCall, refusal, startApp, type App } from './helpers.ts';

/** A weekly call asking Xushui and Jingxiu, with township sub-reports of its two summable fields. */
function townshipCall(title: string, townshipReports = true, counties = ['130602', '130609']) {
  return epidemicCall({
    title,
    counties,
    townshipReports,
    fields: [
      { key: 'epidemicHouseholds', label: '因疫情风险户数', type: 'integer', required: false, min: 0, indicator: 'monitoring.included-by-cause-epidemic' },
      { key: 'stuckWorkers', label: '滞留务工人数', type: 'integer', required: true, min: 0 },
      { key: 'lossFen', label: '估算减收', type: 'money', required: false },
      { key: 'jobShare', label: '公益岗安置比例', type: 'percent', required: false },
    ],
  });
}

describe('dispatch: township sub-reports (乡镇分报) roll up into the county’s form', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.close());

  it('refuses a call that asks for sub-reports but has no summable field (integer or money, not mapped to an indicator)', async () => {
    const call = epidemicCall({
      townshipReports: true,
      fields: [{ key: 'a', label: 'A', type: 'integer', indicator: 'monitoring.included-by-cause-epidemic' }],
    });
    await expect(app.as('province').dispatch.calls.create(call)).rejects.toThrow(/township sub-reports need/);
  });

  it('sums the townships’ submitted sub-reports into the county’s form, lists who has not reported, and keeps a correction with its reason', async () => {
    const call = await app.as('province').dispatch.calls.create(townshipCall('乡镇分报'));
    const period = call.periods[0]?.id as number;

    // 安肃镇 sees its own sub-report: only the summable fields, nothing filed yet.
    const empty = await app.as('ansu').dispatch.townships.form({ periodId: period, townshipCode: '130609100' });
    expect(empty).toMatchObject({ townshipName: '安肃镇', status: 'not-started', values: {}, editable: true });
    expect(empty.call.fields.map((field) => field.key)).toEqual(['stuckWorkers', 'lossFen']);

    // A value outside its rule, and a field the sub-report does not carry, are refused per field.
    const bad = await refusal(
      app.as('ansu').dispatch.townships.save({ periodId: period, townshipCode: '130609100', values: { stuckWorkers: -1, jobShare: 5 }, submit: true }),
    );
    expect(bad.reason).toBe('invalid-input');
    expect(Object.keys((bad.details?.fields ?? {}) as object).sort()).toEqual(['jobShare', 'stuckWorkers']);

    // A draft does not count; the submitted sub-report does.
    await app.as('ansu').dispatch.townships.save({ periodId: period, townshipCode: '130609100', values: { stuckWorkers: 7 } });
    let form = await app.as('xushui').dispatch.submissions.form({ periodId: period });
    expect(form.prefilled.stuckWorkers).toBeUndefined();
    expect(form.townships?.missing.map((township) => township.name)).toEqual(['安肃镇', '崔庄镇']);

    await app.as('ansu').dispatch.townships.save({ periodId: period, townshipCode: '130609100', values: { stuckWorkers: 30, lossFen: 100_000 }, submit: true });
    form = await app.as('xushui').dispatch.submissions.form({ periodId: period });
    expect(form.prefilled.stuckWorkers).toMatchObject({ source: 'townships', value: 30, townships: { reported: 1, of: 2 } });
    expect(form.values).toMatchObject({ stuckWorkers: 30, lossFen: 100_000 });
    expect(form.townships?.missing).toEqual([{ code: '130609101', name: '崔庄镇' }]);
    // A percent is never summed.
    expect(form.prefilled.jobShare).toBeUndefined();

    // The county saves a draft; 崔庄镇 reports afterwards: the sums follow until the county submits.
    await app.as('xushui').dispatch.submissions.save({ periodId: period, values: { stuckWorkers: 30, lossFen: 100_000 } });
    await app
      .as('cuizhuang')
      .dispatch.townships.save({ periodId: period, townshipCode: '130609101', values: { stuckWorkers: 12, lossFen: 50_000 }, submit: true });
    form = await app.as('xushui').dispatch.submissions.form({ periodId: period });
    expect(form.prefilled.stuckWorkers).toMatchObject({ value: 42, townships: { reported: 2, of: 2 } });
    expect(form.prefilled.lossFen).toMatchObject({ value: 150_000 });
    expect(form.townships?.missing).toEqual([]);
    expect(form.townships?.lines.map((line) => [line.name, line.status, line.values.stuckWorkers])).toEqual([
      ['安肃镇', 'submitted', 30],
      ['崔庄镇', 'submitted', 12],
    ]);

    // A figure other than the townships' sum needs a reason; both numbers are kept.
    const silent = await refusal(app.as('xushui').dispatch.submissions.submit({ periodId: period, values: { stuckWorkers: 45, lossFen: 150_000 } }));
    expect(Object.keys((silent.details?.fields ?? {}) as object)).toEqual(['stuckWorkers']);
    const reason = '县直单位另报滞留 3 人（合成）';
    const submitted = await app
      .as('xushui')
      .dispatch.submissions.submit({ periodId: period, values: { stuckWorkers: 45, lossFen: 150_000 }, corrections: { stuckWorkers: reason } });
    expect(submitted.values).toMatchObject({ stuckWorkers: 45, lossFen: 150_000 });
    expect(submitted.prefilled.stuckWorkers).toMatchObject({ source: 'townships', value: 42 });
    expect(submitted.corrections).toEqual({ stuckWorkers: reason });

    // Once the county has submitted, the townships' figures are frozen with it.
    const late = await refusal(
      app.as('cuizhuang').dispatch.townships.save({ periodId: period, townshipCode: '130609101', values: { stuckWorkers: 13 }, submit: true }),
    );
    expect(late.reason).toBe('wrong-status');
    expect((await app.as('cuizhuang').dispatch.townships.form({ periodId: period, townshipCode: '130609101' })).editable).toBe(false);

    // Audited, with the township as the region.
    const audits = await app.db.select().from(auditLog).where(eq(auditLog.action, 'township-report.submit'));
    expect(audits.map((entry) => entry.regionCode).sort()).toEqual(['130609100', '130609101']);
  });

  it('shows a township only its own sub-report: another township, the county’s answer, another county and a county outside the call are refused', async () => {
    const call = await app.as('province').dispatch.calls.create(townshipCall('乡镇分报·范围'));
    const period = call.periods[0]?.id as number;
    await app.as('ansu').dispatch.townships.save({ periodId: period, townshipCode: '130609100', values: { stuckWorkers: 5 }, submit: true });
    const reason = async (promise: Promise<unknown>) => (await refusal(promise)).reason;

    // Another township of the same county: neither read nor written.
    expect(await reason(app.as('cuizhuang').dispatch.townships.form({ periodId: period, townshipCode: '130609100' }))).toBe('out-of-scope');
    expect(
      await reason(app.as('cuizhuang').dispatch.townships.save({ periodId: period, townshipCode: '130609100', values: { stuckWorkers: 1 }, submit: true })),
    ).toBe('out-of-scope');
    // A township user does not see the county's answer (with the other townships' figures).
    expect(await reason(app.as('ansu').dispatch.submissions.form({ periodId: period }))).toBe('out-of-scope');
    // A township of another county (Jingxiu's 先锋街道) cannot reach Xushui's townships.
    expect(await reason(app.as('xianfeng').dispatch.townships.form({ periodId: period, townshipCode: '130609100' }))).toBe('out-of-scope');
    expect(
      await reason(app.as('xianfeng').dispatch.townships.save({ periodId: period, townshipCode: '130609100', values: { stuckWorkers: 1 }, submit: true })),
    ).toBe('out-of-scope');
    // A county admin reads its own townships' sub-reports, never another county's.
    expect((await app.as('xushui').dispatch.townships.form({ periodId: period, townshipCode: '130609100' })).values).toEqual({
      stuckWorkers: 5,
      lossFen: null,
    });
    expect(await reason(app.as('jingxiu').dispatch.townships.form({ periodId: period, townshipCode: '130609100' }))).toBe('out-of-scope');

    // A call that does not ask Jingxiu: its township and its admin get NOT_FOUND, as for the call itself.
    const xushuiOnly = await app.as('province').dispatch.calls.create(townshipCall('乡镇分报·仅徐水', true, ['130609']));
    const other = xushuiOnly.periods[0]?.id as number;
    expect(await reason(app.as('xianfeng').dispatch.townships.form({ periodId: other, townshipCode: '130602001' }))).toBe('not-found');
    expect(
      await reason(app.as('xianfeng').dispatch.townships.save({ periodId: other, townshipCode: '130602001', values: { stuckWorkers: 1 }, submit: true })),
    ).toBe('not-found');
    expect(await reason(app.as('jingxiu').dispatch.townships.form({ periodId: other, townshipCode: '130602001' }))).toBe('not-found');
    // Jingxiu's own township on a call that asks Jingxiu works.
    await app.as('xianfeng').dispatch.townships.save({ periodId: period, townshipCode: '130602001', values: { stuckWorkers: 2 }, submit: true });
    expect((await app.as('jingxiu').dispatch.submissions.form({ periodId: period })).prefilled.stuckWorkers).toMatchObject({ value: 2 });

    // A call that does not ask for sub-reports has none.
    const plain = await app.as('province').dispatch.calls.create(townshipCall('无分报', false));
    expect(await reason(app.as('ansu').dispatch.townships.form({ periodId: plain.periods[0]?.id as number, townshipCode: '130609100' }))).toBe('not-found');
  });
});
