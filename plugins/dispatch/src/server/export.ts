import ExcelJS from 'exceljs';
import { and, asc, eq } from 'drizzle-orm';
import { isNumericField, SUBMISSION_STATUS_LABELS, type FieldDefinition, type FieldValue, type SubmissionStatus } from '../index.ts';
import { loadPeriod } from './calls.ts';
import { lateList } from './periods.ts';
import { submissions } from './schema.ts';
import type { DispatchContext } from './settings.ts';
import { effectiveValues } from './submissions.ts';

type Ctx = Pick<DispatchContext, 'db' | 'access' | 'clock'>;

const LATE_LABELS = { 'on-time': '按时', late: '迟报', missing: '漏报', pending: '未到期' } as const;

/** A cell: money in yuan (2 decimals), the rest as stored. */
function cell(field: FieldDefinition, value: FieldValue | undefined): string | number | null {
  if (value === undefined || value === null) return null;
  if (field.type === 'money' && typeof value === 'number') return value / 100;
  if (field.type === 'choice') return field.options.find((option) => option.value === value)?.label ?? String(value);
  return value;
}

/**
 * One period's answers in the province's layout (报表: one row per county, the form's fields in their
 * order; a mapped field adds the platform's figure and the correction reason beside it) and the
 * summary across counties (汇总: total, counties answering and mean of each numeric field).
 */
export async function exportPeriod(ctx: Ctx, periodId: number): Promise<{ fileName: string; rows: number; content: Buffer; countyCode: string[] }> {
  const { call, period } = await loadPeriod(ctx, periodId);
  const late = await lateList(ctx, periodId);
  const rows = await ctx.db
    .select()
    .from(submissions)
    .where(and(eq(submissions.periodId, periodId), ctx.access.where(submissions.countyCode)))
    .orderBy(asc(submissions.countyCode));
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('报表', { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.addRow([`${call.title} ${period.label}（${period.startsOn} 至 ${period.endsOn}）`]);
  // Names, not codes: the province reads 县（区） by name.
  const header: string[] = ['县（区）', '状态', '首次报送时间', '迟报/漏报', '迟报分钟'];
  for (const field of call.fields) {
    header.push(field.type === 'money' ? `${field.label}（元）` : field.type === 'percent' ? `${field.label}（%）` : field.label);
    if (isNumericField(field) && field.indicator) header.push(`${field.label}·平台数`, `${field.label}·更正理由`);
  }
  sheet.addRow(header).font = { bold: true };
  const numericTotals = new Map<string, { sum: number; count: number }>();
  for (const entry of late.entries) {
    const row = rows.find((candidate) => candidate.countyCode === entry.countyCode);
    const values = row ? await effectiveValues(ctx, row) : {};
    const line: (string | number | null)[] = [
      entry.countyName,
      SUBMISSION_STATUS_LABELS[(row?.status ?? 'not-started') as SubmissionStatus | 'not-started']['zh-CN'],
      entry.firstSubmittedAt,
      LATE_LABELS[entry.kind],
      entry.minutesLate,
    ];
    for (const field of call.fields) {
      line.push(cell(field, values[field.key]));
      if (isNumericField(field) && field.indicator) {
        const prefill = row?.prefilled[field.key];
        line.push(prefill ? (field.type === 'money' ? prefill.value / 100 : prefill.value) : null, row?.corrections[field.key] ?? null);
      }
      const value = values[field.key];
      if (isNumericField(field) && typeof value === 'number' && row && row.status !== 'draft') {
        const total = numericTotals.get(field.key) ?? { sum: 0, count: 0 };
        numericTotals.set(field.key, { sum: total.sum + value, count: total.count + 1 });
      }
    }
    sheet.addRow(line);
  }
  sheet.columns.forEach((column) => {
    column.width = 16;
  });
  const summary = workbook.addWorksheet('汇总');
  summary.addRow(['字段', '合计', '报送县数', '平均']).font = { bold: true };
  for (const field of call.fields) {
    if (!isNumericField(field)) continue;
    const total = numericTotals.get(field.key) ?? { sum: 0, count: 0 };
    const scale = field.type === 'money' ? 100 : 1;
    summary.addRow([
      field.label,
      field.type === 'percent' ? null : total.sum / scale,
      total.count,
      total.count > 0 ? Math.round((total.sum / scale / total.count) * 100) / 100 : null,
    ]);
  }
  summary.addRow([]);
  summary.addRow(['迟报', late.late.length, '漏报', late.missing.length]);
  summary.columns.forEach((column) => {
    column.width = 18;
  });
  const content = Buffer.from(await workbook.xlsx.writeBuffer());
  return {
    fileName: `${call.title}-${period.label}.xlsx`.replaceAll(/\s+/g, ''),
    rows: late.entries.length,
    content,
    countyCode: late.entries.map((entry) => entry.countyCode),
  };
}
