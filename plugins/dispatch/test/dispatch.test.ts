import { auditLog } from '@zhenxing/db';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPIDEMIC, epidemicCall, epidemicCase, refusal, startApp, type App } from './helpers.ts';

const VALID = { stuckWorkers: 40, lossFen: 1_250_050, jobShare: 12.5, reportedOn: '2022-03-27', level: 'low', note: '合成' };
/** 2022-03-28 10:00 Asia/Shanghai, the due minute of 2022 第 12 期. */
const DUE = '2022-03-28T02:00:00.000Z';

describe('dispatch: a data call, its form and who may see it', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.close());

  it('validates the form definition with zod: min above max, duplicate keys and an unknown indicator are refused', async () => {
    const badRange = epidemicCall({ fields: [{ key: 'a', label: 'A', type: 'integer', min: 10, max: 1 }] });
    await expect(app.as('province').dispatch.calls.create(badRange)).rejects.toThrow(/max is below min/);
    const duplicate = epidemicCall({
      fields: [
        { key: 'a', label: 'A', type: 'integer' },
        { key: 'a', label: 'B', type: 'text' },
      ],
    });
    await expect(app.as('province').dispatch.calls.create(duplicate)).rejects.toThrow(/duplicate field key/);
    const unknown = await refusal(
      app.as('province').dispatch.calls.create(epidemicCall({ fields: [{ key: 'a', label: 'A', type: 'integer', indicator: 'monitoring.no-such' }] })),
    );
    expect(unknown.reason).toBe('invalid-input');
    expect(Object.keys((unknown.details?.fields ?? {}) as object)).toEqual(['a']);
  });

  it('asks by default the counties that enabled dispatch and every mapped indicator’s module; periods get Shanghai deadlines', async () => {
    const call = await app.as('province').dispatch.calls.create(epidemicCall());
    // Only Xushui runs monitoring; Jingxiu and Chang'an run dispatch without it.
    expect(call.counties).toEqual(['130609']);
    expect(call.periods.map((period) => period.label)).toEqual(['2022 第 12 期', '2022 第 13 期', '2022 第 14 期', '2022 第 15 期']);
    expect(call.periods[0]).toMatchObject({ startsOn: '2022-03-21', endsOn: '2022-03-27' });
    expect(call.periods[0]?.dueAt.toISOString()).toBe(DUE);
    const unmapped = await app
      .as('province')
      .dispatch.calls.create(
        epidemicCall({ fields: [{ key: 'a', label: 'A', type: 'integer' }], recurrence: 'monthly', firstPeriodStart: '2022-01-31', periodCount: 2 }),
      );
    expect(unmapped.counties).toEqual(['130102', '130602', '130609']);
    expect(unmapped.periods.map((period) => [period.startsOn, period.endsOn])).toEqual([
      ['2022-01-31', '2022-02-27'],
      ['2022-02-28', '2022-03-30'],
    ]);
  });

  it('lets a city ask only its own counties', async () => {
    const outside = await refusal(app.as('baoding').dispatch.calls.create(epidemicCall({ regionCode: undefined, counties: ['130609', '130102'] })));
    expect(outside.reason).toBe('out-of-scope');
    const own = await app.as('baoding').dispatch.calls.create(epidemicCall({ regionCode: undefined, counties: ['130609', '130602'] }));
    expect(own.regionCode).toBe('1306');
  });

  it('hides a call from a county outside it: not listed, NOT_FOUND by id, form and submit refused as not found', async () => {
    const call = await app.as('province').dispatch.calls.create(epidemicCall({ title: '仅徐水', counties: ['130609'] }));
    const period = call.periods[0]?.id as number;
    expect((await app.as('jingxiu').dispatch.calls.list({})).map((row) => row.id)).not.toContain(call.id);
    expect((await app.as('xushui').dispatch.calls.list({})).map((row) => row.id)).toContain(call.id);
    expect((await refusal(app.as('jingxiu').dispatch.calls.get({ callId: call.id }))).reason).toBe('not-found');
    expect((await refusal(app.as('jingxiu').dispatch.submissions.form({ periodId: period }))).reason).toBe('not-found');
    expect((await refusal(app.as('jingxiu').dispatch.submissions.submit({ periodId: period, values: { ...VALID, epidemicHouseholds: 1 } }))).reason).toBe(
      'not-found',
    );
    expect((await refusal(app.as('jingxiu').dispatch.periods.late({ periodId: period }))).reason).toBe('not-found');
    // The city sees Xushui's answers of a call the province issued, and only its own counties of it.
    const wide = await app
      .as('province')
      .dispatch.calls.create(epidemicCall({ title: '三县', fields: [{ key: 'a', label: 'A', type: 'integer' }], counties: ['130102', '130602', '130609'] }));
    expect((await app.as('baoding').dispatch.calls.get({ callId: wide.id })).counties).toEqual(['130602', '130609']);
  });
});

describe('dispatch: collect once — pre-filled from the platform, corrected only with a reason', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.close());

  it('opens the county’s form with the indicator’s value at the period’s end, and keeps both numbers and the reason of a correction', async () => {
    await epidemicCase(app);
    await epidemicCase(app, '130609100003');
    const call = await app.as('province').dispatch.calls.create(epidemicCall());
    const period = call.periods[0] as { id: number; endsOn: string };
    // The platform's figure at the period's end: the registry's indicator read with the clock at 23:59:59 Shanghai on its last day.
    app.clock.set('2022-03-27T15:59:59.999Z');
    const indicator = (await app.as('xushui').indicators.values({ regionCode: '130609' })).find((value) => value.key === EPIDEMIC);
    expect(indicator?.value).toBe(2);
    const form = await app.as('xushui').dispatch.submissions.form({ periodId: period.id });
    expect(form.prefilled.epidemicHouseholds).toMatchObject({
      indicator: EPIDEMIC,
      value: indicator?.value,
      asOf: '2022-03-27T15:59:59.999Z',
      periodEnd: true,
    });
    expect(form.values.epidemicHouseholds).toBe(2);

    // A different figure without a reason is refused on that field alone.
    const silent = await refusal(app.as('xushui').dispatch.submissions.submit({ periodId: period.id, values: { ...VALID, epidemicHouseholds: 3 } }));
    expect(silent.reason).toBe('invalid-input');
    expect(Object.keys((silent.details?.fields ?? {}) as object)).toEqual(['epidemicHouseholds']);

    const reason = '另有一户疫情致困家庭尚在入户核实，未录入平台';
    const submitted = await app.as('xushui').dispatch.submissions.submit({
      periodId: period.id,
      values: { ...VALID, epidemicHouseholds: 3 },
      corrections: { epidemicHouseholds: reason, stuckWorkers: '无需理由的字段' },
    });
    expect(submitted.values.epidemicHouseholds).toBe(3);
    expect(submitted.prefilled.epidemicHouseholds?.value).toBe(2);
    // Only the corrected mapped field keeps a reason.
    expect(submitted.corrections).toEqual({ epidemicHouseholds: reason });
    const reopened = await app.as('province').dispatch.submissions.form({ regionCode: '130609', periodId: period.id });
    expect(reopened).toMatchObject({
      values: { epidemicHouseholds: 3 },
      prefilled: { epidemicHouseholds: { value: 2 } },
      corrections: { epidemicHouseholds: reason },
    });
  });

  it('pre-fills the indicator’s value at the period’s end: cases recorded or rejected after it do not change the figure', async () => {
    app.clock.set('2022-04-04T01:00:00Z'); // Monday 4 April, 09:00 Shanghai: 2022 第 14 期 runs 4–10 April
    const early = await epidemicCase(app);
    await epidemicCase(app, '130609100003');
    const call = await app
      .as('province')
      .dispatch.calls.create(epidemicCall({ title: '期末数', firstPeriodStart: '2022-04-04', firstNumber: 14, periodCount: 1 }));
    const period = call.periods[0]?.id as number;
    const atEnd = async () => (await app.as('xushui').indicators.values({ regionCode: '130609' })).find((value) => value.key === EPIDEMIC)?.value as number;
    app.clock.set('2022-04-10T15:59:59.999Z'); // the period's last instant (23:59:59.999 Shanghai, Sunday 10 April)
    const periodEnd = await atEnd();
    // After the period's end (Monday 11 April, 08:00 Shanghai, before the county opens its form):
    // two more epidemic cases are recorded and one of the earlier ones is rejected.
    app.clock.set('2022-04-11T00:00:00Z');
    await epidemicCase(app);
    await epidemicCase(app, '130609100003');
    await app.as('juwei').monitoring.cases.verify({ caseId: early, consentSigned: true, findings: '核实（合成）' });
    await app.as('juwei').monitoring.cases.compare({ caseId: early });
    await app.as('juwei').monitoring.cases.villageReview({ caseId: early, decision: 'reject', comment: '经评议，收入稳定，不予纳入（合成）' });
    const now = await atEnd();
    expect(now).toBe(periodEnd + 1);
    const form = await app.as('xushui').dispatch.submissions.form({ periodId: period });
    expect(form.prefilled.epidemicHouseholds).toMatchObject({ value: periodEnd, asOf: '2022-04-10T15:59:59.999Z', periodEnd: true });
    expect(form.values.epidemicHouseholds).toBe(periodEnd);
    // Kept from the first save: the county submits the platform's period-end figure without a reason.
    const submitted = await app.as('xushui').dispatch.submissions.submit({ periodId: period, values: { ...VALID, epidemicHouseholds: periodEnd } });
    expect(submitted.prefilled.epidemicHouseholds?.value).toBe(periodEnd);
    expect(submitted.corrections).toEqual({});
  });

  it('refuses values outside their field’s rule, one message per field', async () => {
    const call = await app.as('province').dispatch.calls.create(epidemicCall({ title: '校验' }));
    const period = call.periods[0]?.id as number;
    const platform = (await app.as('xushui').dispatch.submissions.form({ periodId: period })).prefilled.epidemicHouseholds?.value as number;
    const bad = await refusal(
      app.as('xushui').dispatch.submissions.submit({
        periodId: period,
        values: {
          epidemicHouseholds: platform,
          stuckWorkers: 100_001,
          lossFen: 12.5,
          jobShare: 100.5,
          reportedOn: '2022-02-30',
          level: 'medium',
          note: '超过二十个字的说明文字超过二十个字的说明文字',
          extra: 1,
        },
      }),
    );
    expect(bad.reason).toBe('invalid-input');
    expect(Object.keys((bad.details?.fields ?? {}) as object).sort()).toEqual(['extra', 'jobShare', 'level', 'lossFen', 'note', 'reportedOn', 'stuckWorkers']);
    const missing = await refusal(app.as('xushui').dispatch.submissions.submit({ periodId: period, values: { epidemicHouseholds: platform } }));
    expect(Object.keys((missing.details?.fields ?? {}) as object).sort()).toEqual(['level', 'stuckWorkers']);
    // A draft may leave required fields blank.
    const draft = await app.as('xushui').dispatch.submissions.save({ periodId: period, values: { epidemicHouseholds: platform } });
    expect(draft.status).toBe('draft');
  });
});

describe('dispatch: the flow, notices, the late list at the deadline minute and punctuality', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.close());

  it('marks 迟报 and 漏报 at minute precision against 10:00 Asia/Shanghai; a late submission is accepted but stays late', async () => {
    const call = await app
      .as('province')
      .dispatch.calls.create(
        epidemicCall({ title: '迟报', fields: [{ key: 'a', label: 'A', type: 'integer', required: true }], counties: ['130102', '130602', '130609'] }),
      );
    const period = call.periods[0]?.id as number;
    app.clock.set('2022-03-28T02:00:59.000Z'); // 10:00:59 in Shanghai: still the due minute
    await app.as('xushui').dispatch.submissions.submit({ periodId: period, values: { a: 1 } });
    let late = await app.as('province').dispatch.periods.late({ periodId: period });
    expect(late.entries.map((entry) => [entry.countyCode, entry.kind, entry.minutesLate])).toEqual([
      ['130102', 'pending', 0],
      ['130602', 'pending', 0],
      ['130609', 'on-time', 0],
    ]);
    app.clock.set('2022-03-28T02:01:00.000Z'); // 10:01:00: one minute late
    await app.as('jingxiu').dispatch.submissions.submit({ periodId: period, values: { a: 2 } });
    app.clock.set('2022-03-28T04:30:00.000Z'); // 12:30
    late = await app.as('province').dispatch.periods.late({ periodId: period });
    expect(late.entries.map((entry) => [entry.countyCode, entry.kind, entry.minutesLate])).toEqual([
      ['130102', 'missing', 150],
      ['130602', 'late', 1],
      ['130609', 'on-time', 0],
    ]);
    expect(late.late.map((entry) => entry.countyCode)).toEqual(['130602']);
    expect(late.missing.map((entry) => entry.countyCode)).toEqual(['130102']);
    // The city sees its two counties only.
    expect((await app.as('baoding').dispatch.periods.late({ periodId: period })).entries.map((entry) => entry.countyCode)).toEqual(['130602', '130609']);

    const jingxiu = (await app.as('jingxiu').dispatch.submissions.form({ periodId: period })).submission;
    const accepted = await app.as('province').dispatch.submissions.accept({ regionCode: '130602', submissionId: jingxiu?.id as number });
    expect(accepted).toMatchObject({ status: 'accepted', minutesLate: 1 });

    // Punctuality this year: Xushui on time (100 %), Jingxiu late (0 %), the city 1 of 2.
    const value = async (user: string, regionCode: string) =>
      (await app.as(user).indicators.values({ regionCode })).find((entry) => entry.key === 'dispatch.punctuality')?.value;
    expect(await value('xushui', '130609')).toBe(100);
    expect(await value('jingxiu', '130602')).toBe(0);
    expect(await value('baoding', '1306')).toBe(50);
  });

  it('county submits, the city reviews, the province returns with a comment (a notice), the county resubmits, the province accepts', async () => {
    app.clock.set('2022-04-01T01:00:00Z');
    const call = await app.as('province').dispatch.calls.create(
      epidemicCall({
        title: '流程',
        firstPeriodStart: '2022-03-28',
        firstNumber: 13,
        fields: [{ key: 'a', label: 'A', type: 'integer', required: true }],
        counties: ['130609'],
      }),
    );
    const period = call.periods[0]?.id as number;
    const first = await app.as('xushui').dispatch.submissions.submit({ periodId: period, values: { a: 5 } });
    expect((await refusal(app.as('xushui').dispatch.submissions.save({ periodId: period, values: { a: 6 } }))).reason).toBe('wrong-status');
    // A township officer cannot review for the city, nor a county accept a province's call.
    expect((await refusal(app.as('ansu').dispatch.submissions.review({ submissionId: first.id }))).reason).toBe('permission-denied');
    const reviewed = await app.as('baoding').dispatch.submissions.review({ regionCode: '130609', submissionId: first.id, comment: '市级已核' });
    expect(reviewed.status).toBe('reviewed');
    expect((await refusal(app.as('baoding').dispatch.submissions.accept({ regionCode: '130609', submissionId: first.id }))).reason).toBe('out-of-scope');

    const returned = await app
      .as('province')
      .dispatch.submissions.return({ regionCode: '130609', submissionId: first.id, comment: '务工人数与人社口径不一致，请核实' });
    expect(returned).toMatchObject({ status: 'returned', returnComment: '务工人数与人社口径不一致，请核实' });
    const notices = await app.as('xushui').dispatch.notices.list({ unreadOnly: true });
    expect(notices[0]).toMatchObject({ kind: 'returned', countyCode: '130609', periodId: period });
    expect(notices[0]?.message).toContain('务工人数与人社口径不一致');
    expect(await app.as('jingxiu').dispatch.notices.list({})).toEqual([]);
    await app.as('xushui').dispatch.notices.markRead({ noticeId: notices[0]?.id as number });
    expect(await app.as('xushui').dispatch.notices.list({ unreadOnly: true })).toEqual([]);

    app.clock.set('2022-04-05T01:00:00Z'); // after the 2022-04-04 10:00 deadline
    const again = await app.as('xushui').dispatch.submissions.submit({ periodId: period, values: { a: 4 } });
    // Punctuality is the first submission's: a resubmission after a return does not make it late.
    expect(again).toMatchObject({ status: 'submitted', minutesLate: 0 });
    const accepted = await app.as('province').dispatch.submissions.accept({ regionCode: '130609', submissionId: first.id, comment: '采纳' });
    expect(accepted.status).toBe('accepted');
    const form = await app.as('xushui').dispatch.submissions.form({ periodId: period });
    expect(form.history.map((entry) => entry.action)).toEqual(['submit', 'review', 'return', 'resubmit', 'accept']);
    const actions = await app.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.plugin, 'dispatch'), eq(auditLog.entityId, String(first.id))));
    expect(actions.map((entry) => entry.action)).toEqual([
      'submission.submit',
      'submission.review',
      'submission.return',
      'submission.submit',
      'submission.accept',
    ]);
  });

  it('reminds counties that have not submitted, once, within the call’s window before the deadline', async () => {
    app.clock.set('2022-04-10T01:00:00Z');
    const call = await app.as('province').dispatch.calls.create(
      epidemicCall({
        title: '提醒',
        firstPeriodStart: '2022-04-04',
        firstNumber: 14,
        periodCount: 1,
        fields: [{ key: 'a', label: 'A', type: 'integer' }],
        counties: ['130602', '130609'],
      }),
    );
    const period = call.periods[0]?.id as number;
    await app.as('xushui').dispatch.submissions.submit({ periodId: period, values: { a: 1 } });
    // Due 2022-04-11 10:00 Shanghai; the job runs at 2022-04-10 10:15 (within 24 h) and again 15 minutes later.
    app.clock.set('2022-04-10T02:15:00Z');
    await app.host.jobs.runDue();
    app.clock.set('2022-04-10T02:30:00Z');
    await app.host.jobs.runDue();
    const reminders = (await app.as('province').dispatch.notices.list({})).filter((notice) => notice.kind === 'reminder' && notice.periodId === period);
    expect(reminders.map((notice) => notice.countyCode)).toEqual(['130602']);
  });
});

describe('dispatch: sealed periods, adjustments, comparison and export', () => {
  let app: App;
  let callId: number;
  let periods: number[];
  beforeAll(async () => {
    app = await startApp();
    await epidemicCase(app);
    const call = await app.as('province').dispatch.calls.create(epidemicCall({ counties: ['130602', '130609'] }));
    callId = call.id;
    periods = call.periods.map((period) => period.id);
  });
  afterAll(() => app?.close());

  it('seals an accepted submission: figures and pre-filled values frozen and hashed, unchanged after the registry changes', async () => {
    const [p12] = periods as [number];
    const submitted = await app.as('xushui').dispatch.submissions.submit({ periodId: p12, values: { ...VALID, epidemicHouseholds: 1 } });
    await app.as('province').dispatch.submissions.accept({ regionCode: '130609', submissionId: submitted.id });
    const sealed = await app.as('xushui').dispatch.submissions.seal({ submissionId: submitted.id });
    expect(sealed).toMatchObject({ sealed: true, intact: true });
    expect(sealed.sealHash).toMatch(/^[0-9a-f]{64}$/);
    expect(sealed.content).toMatchObject({ countyCode: '130609', values: { epidemicHouseholds: 1 }, prefilled: { epidemicHouseholds: { value: 1 } } });

    // The registry and monitoring change: two more epidemic cases.
    await epidemicCase(app);
    await epidemicCase(app, '130609100003');
    const now = (await app.as('xushui').indicators.values({ regionCode: '130609' })).find((value) => value.key === EPIDEMIC);
    expect(now?.value).toBe(3);
    const after = await app.as('xushui').dispatch.submissions.seal({ submissionId: submitted.id });
    expect(after).toEqual(sealed);
    const form = await app.as('xushui').dispatch.submissions.form({ periodId: p12 });
    expect(form.prefilled.epidemicHouseholds?.value).toBe(1);
    // The next period opens with the new figure.
    const next = await app.as('xushui').dispatch.submissions.form({ periodId: periods[1] as number });
    expect(next.prefilled.epidemicHouseholds?.value).toBe(3);

    // Editing the sealed period is refused with the reason.
    const refused = await refusal(app.as('xushui').dispatch.submissions.submit({ periodId: p12, values: { ...VALID, epidemicHouseholds: 1 } }));
    expect(refused.reason).toBe('sealed');
    expect(refused.message).toContain('封存');
    expect(
      (await refusal(app.as('province').dispatch.submissions.return({ regionCode: '130609', submissionId: submitted.id, comment: '再退回' }))).reason,
    ).toBe('sealed');
  });

  it('records a correction of a sealed figure as a dated adjustment beside it, and compares a period with the previous one per field and county', async () => {
    const [p12, p13] = periods as [number, number];
    const s12 = (await app.as('xushui').dispatch.submissions.form({ periodId: p12 })).submission?.id as number;
    const before = await app.as('xushui').dispatch.submissions.seal({ submissionId: s12 });
    const bad = await refusal(
      app.as('xushui').dispatch.submissions.adjust({ submissionId: s12, field: 'stuckWorkers', value: -1, reason: '更正', effectiveOn: '2022-04-02' }),
    );
    expect(Object.keys((bad.details?.fields ?? {}) as object)).toEqual(['stuckWorkers']);
    await app
      .as('xushui')
      .dispatch.submissions.adjust({ submissionId: s12, field: 'stuckWorkers', value: 38, reason: '两人已返岗，补报更正', effectiveOn: '2022-04-02' });
    const after = await app.as('xushui').dispatch.submissions.seal({ submissionId: s12 });
    expect(after.sealHash).toBe(before.sealHash);
    expect(after.intact).toBe(true);
    expect(after.adjustments).toEqual([
      expect.objectContaining({ field: 'stuckWorkers', sealedValue: 40, value: 38, effectiveOn: '2022-04-02', reason: '两人已返岗，补报更正' }),
    ]);

    await app.as('xushui').dispatch.submissions.submit({ periodId: p13, values: { ...VALID, epidemicHouseholds: 3, stuckWorkers: 25 }, corrections: {} });
    const compared = await app.as('province').dispatch.periods.compare({ periodId: p13 });
    expect(compared.previous?.label).toBe('2022 第 12 期');
    const xushui = compared.rows.find((row) => row.countyCode === '130609');
    expect(xushui?.fields.find((field) => field.key === 'stuckWorkers')).toMatchObject({ current: 25, previous: 38, change: -13, changed: true });
    expect(xushui?.fields.find((field) => field.key === 'epidemicHouseholds')).toMatchObject({ current: 3, previous: 1, change: 2 });
    expect(compared.rows.find((row) => row.countyCode === '130602')?.fields.every((field) => field.current === null && field.previous === null)).toBe(true);
  });

  it('exports a period in the province’s layout with the platform figure and reason beside a corrected value, and the summary across counties', async () => {
    const p14 = periods[2] as number;
    await app.as('xushui').dispatch.submissions.submit({
      periodId: p14,
      values: { ...VALID, epidemicHouseholds: 4, lossFen: 1_000_000 },
      corrections: { epidemicHouseholds: '一户待录入' },
    });
    await app.as('jingxiu').dispatch.submissions.submit({ periodId: p14, values: { ...VALID, epidemicHouseholds: 0, lossFen: 500_000 }, corrections: {} });
    const exported = await app.as('province').dispatch.periods.export({ periodId: p14 });
    expect(exported.counties).toEqual(['130602', '130609']);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(exported.contentBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('报表');
    const header = (sheet?.getRow(2).values as unknown[]).slice(1);
    expect(header.slice(0, 8)).toEqual([
      '县（区）',
      '状态',
      '首次报送时间',
      '迟报/漏报',
      '迟报分钟',
      '因疫情风险户数',
      '因疫情风险户数·平台数',
      '因疫情风险户数·更正理由',
    ]);
    const xushui = (sheet?.getRow(4).values as unknown[]).slice(1);
    expect(xushui.slice(0, 2)).toEqual(['徐水区', '已报送']);
    // Names, not codes: no cell of either sheet is a bare 6-, 9- or 12-digit region code.
    const cells = ['报表', '汇总'].flatMap((name) => {
      const values: unknown[] = [];
      workbook.getWorksheet(name)?.eachRow((row) => values.push(...(row.values as unknown[]).slice(1)));
      return values;
    });
    expect(cells.filter((value) => /^(\d{6}|\d{9}|\d{12})$/.test(String(value)))).toEqual([]);
    expect(xushui.slice(5, 8)).toEqual([4, 3, '一户待录入']);
    expect(xushui[header.indexOf('估算减收（元）')]).toBe(10_000);
    const summary = workbook.getWorksheet('汇总');
    const loss = summary?.getRows(1, 10)?.find((row) => row.getCell(1).value === '估算减收');
    expect([loss?.getCell(2).value, loss?.getCell(3).value, loss?.getCell(4).value]).toEqual([15_000, 2, 7_500]);
    const audit = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.plugin, 'dispatch'), eq(auditLog.action, 'period.export')));
    expect(audit).toHaveLength(1);
    // The pages' lists name the counties and the issuing region: call, late list and comparison.
    const detail = await app.as('province').dispatch.calls.get({ callId });
    expect(detail.call.regionName).toBe('河北省');
    expect(detail.countyNames).toEqual(['竞秀区', '徐水区']);
    expect(detail.periods[2]?.submissions.map((line) => line.countyName)).toEqual(['竞秀区', '徐水区']);
    expect((await app.as('province').dispatch.calls.list({})).find((row) => row.id === callId)).toMatchObject({
      regionName: '河北省',
      countyNames: ['竞秀区', '徐水区'],
    });
    expect((await app.as('province').dispatch.periods.late({ periodId: p14 })).entries.map((entry) => entry.countyName)).toEqual(['竞秀区', '徐水区']);
    expect((await app.as('province').dispatch.periods.compare({ periodId: p14 })).rows.map((row) => row.countyName)).toEqual(['竞秀区', '徐水区']);
    expect((await app.as('xushui').dispatch.submissions.form({ periodId: p14 })).countyName).toBe('徐水区');
    // A county exports only its own row.
    expect((await app.as('jingxiu').dispatch.periods.export({ periodId: p14 })).counties).toEqual(['130602']);
    expect(callId).toBeGreaterThan(0);
  });
});
