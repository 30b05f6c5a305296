import type { LeakProbes } from '@zhenxing/core';
import type { CreateCallInput } from './index.ts';

/** A small weekly call asking only `county` (synthetic). */
export function probeCall(county: string, title = '探针调度'): CreateCallInput {
  return {
    title,
    fields: [
      { key: 'households', label: '户数', type: 'integer', required: true, min: 0 },
      { key: 'lossFen', label: '减收金额', type: 'money', required: false },
    ],
    recurrence: 'weekly',
    firstPeriodStart: '2022-03-21',
    firstNumber: 12,
    periodCount: 5,
    dueDaysAfterEnd: 1,
    dueTime: '10:00',
    counties: [county],
    // 乡镇分报, so the townships' procedures have a call to probe.
    townshipReports: true,
  };
}

interface CreatedCall {
  id: number;
  periods: { id: number }[];
}
interface Submission {
  id: number;
}

/**
 * One input per procedure aimed at Xushui's answers to a province call: period 1 submitted, period 2
 * accepted (sealed), period 3 untouched, period 4 returned (a notice exists). The townships'
 * procedures aim at the victim village's township (its sub-report of period 1, a new one of period 3).
 */
export const leakProbes: LeakProbes = async ({ victimCounty, victimVillage, call }) => {
  const victimTownship = victimVillage.slice(0, 9);
  const created = (await call('dispatch.calls.create', { ...probeCall(victimCounty), regionCode: '13' }, 'province')) as CreatedCall;
  const [p1, p2, p3, p4] = created.periods.map((period) => period.id) as [number, number, number, number];
  const values = { households: 3, lossFen: 120_000 };
  const s1 = (await call('dispatch.submissions.submit', { periodId: p1, values })) as Submission;
  const s2 = (await call('dispatch.submissions.submit', { periodId: p2, values })) as Submission;
  await call('dispatch.submissions.accept', { regionCode: victimCounty, submissionId: s2.id }, 'province');
  const s4 = (await call('dispatch.submissions.submit', { periodId: p4, values })) as Submission;
  await call('dispatch.submissions.return', { regionCode: victimCounty, submissionId: s4.id, comment: '请核实' }, 'province');
  const notices = (await call('dispatch.notices.list', { regionCode: victimCounty })) as { id: number }[];
  const region = { regionCode: victimCounty };
  return {
    'calls.list': region,
    'calls.get': { ...region, callId: created.id },
    'calls.create': { ...probeCall(victimCounty, '越权调度'), ...region },
    'periods.late': { ...region, periodId: p1 },
    'periods.compare': { ...region, periodId: p2 },
    'periods.export': { ...region, periodId: p1 },
    'submissions.form': { ...region, periodId: p1 },
    'submissions.save': { ...region, periodId: p3, values: { households: 1 } },
    'submissions.submit': { ...region, periodId: p3, values },
    'submissions.review': { ...region, submissionId: s1.id, comment: '已审核' },
    'submissions.return': { ...region, submissionId: s1.id, comment: '越权退回' },
    'submissions.accept': { ...region, submissionId: s1.id, comment: '' },
    'submissions.seal': { ...region, submissionId: s2.id },
    'submissions.adjust': { ...region, submissionId: s2.id, field: 'households', value: 4, reason: '补报一户', effectiveOn: '2022-04-10' },
    'townships.form': { ...region, periodId: p1, townshipCode: victimTownship },
    'townships.save': { ...region, periodId: p3, townshipCode: victimTownship, values: { households: 2 }, submit: true },
    'notices.list': region,
    'notices.markRead': { ...region, noticeId: notices[0]?.id ?? 0 },
  };
};

/** The rows of an exported workbook's sheet (cell values, first column first), for specs that check a download. */
export async function readExportSheet(content: Buffer | ArrayBuffer, sheetName: string): Promise<unknown[][]> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as ArrayBuffer);
  const sheet = workbook.getWorksheet(sheetName);
  const rows: unknown[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}
