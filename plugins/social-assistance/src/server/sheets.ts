/**
 * The annual results sheet (import: per-row errors, all rows or none) and the summary table
 * (export). Reading and writing go through the registry's exported spreadsheet functions — the
 * platform's one .xlsx/.csv reader and its exceljs writer.
 */
import { claimUpload, deleteUpload, type ModuleContext } from '@zhenxing/core';
import { cellText, formatOf, headerKey, isBlankRow, parseYuanToFen, readRows, writeXlsx, type Cell, type SheetColumn } from '@zhenxing/plugin-registry/server';
import { and, eq, inArray } from 'drizzle-orm';
import {
  indicatorsFor,
  INDICATOR_CODES,
  INDICATORS,
  PAIRING_KIND_LABELS,
  PRODUCT_CATEGORY_LABELS,
  SYSTEM_LABELS,
  UNIT_LABELS,
  type ImportResultsOutcome,
  type IndicatorCode,
  type RelationshipProgress,
} from '../index.ts';
import { recordResultsFor } from './commitments.ts';
import { relationshipProgress } from './progress.ts';
import { purchaseSummary } from './purchases.ts';
import type { WriteContext } from './relationships.ts';
import { relationships, type RelationshipRow } from './schema.ts';

export const RESULTS_SHEET_HEADERS = { relationship: '帮扶关系编号', indicator: '指标', actual: '完成值' } as const;
export const MAX_RESULT_ROWS = 5_000;

/** An indicator named by its code or its Chinese label. */
function indicatorOf(text: string): IndicatorCode | null {
  const key = headerKey(text);
  for (const code of INDICATOR_CODES) if (code === text.trim() || headerKey(INDICATORS[code].label['zh-CN']) === key) return code;
  return null;
}

function amountOf(indicator: IndicatorCode, cell: Cell | undefined): number | null {
  const text = cellText(cell);
  if (text === '') return null; // a blank result is refused, never read as 0
  if (INDICATORS[indicator].unit === 'fen') return parseYuanToFen(cell);
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 0 ? cell : null;
  return /^\d{1,12}$/.test(text) ? Number(text) : null;
}

type ImportContext = WriteContext;

/** Reads the county's results sheet for `year` and records every row, or none when any row is wrong. */
export async function importResults(context: ImportContext, uploadId: string, year: number): Promise<ImportResultsOutcome> {
  const county = context.access.requireCounty();
  context.access.assertRegion(county);
  const upload = await claimUpload(context.db, {
    uploadId,
    plugin: 'social-assistance',
    purpose: 'results',
    userId: context.actor.userId ?? -1,
    countyCode: county,
    forUpdate: true,
  });
  const format = upload.type === 'csv' ? 'csv' : (formatOf(upload.fileName) ?? 'xlsx');
  const problems: ImportResultsOutcome['problems'] = [];
  const parsed: { row: number; relationshipId: number; indicator: IndicatorCode; actual: number }[] = [];
  let columns: { relationship: number; indicator: number; actual: number } | null = null;
  for await (const { row, cells } of readRows(upload.content, format)) {
    if (isBlankRow(cells)) continue;
    if (!columns) {
      const keys = cells.map((cell) => headerKey(cellText(cell)));
      const find = (header: string) => keys.indexOf(headerKey(header));
      const found = {
        relationship: find(RESULTS_SHEET_HEADERS.relationship),
        indicator: find(RESULTS_SHEET_HEADERS.indicator),
        actual: find(RESULTS_SHEET_HEADERS.actual),
      };
      if (found.relationship < 0 || found.indicator < 0 || found.actual < 0) {
        problems.push({ row, message: `表头应包含“${Object.values(RESULTS_SHEET_HEADERS).join('”“')}” / the header must name these columns` });
        break;
      }
      columns = found;
      continue;
    }
    if (parsed.length + problems.length >= MAX_RESULT_ROWS) {
      problems.push({ row, message: `超过 ${MAX_RESULT_ROWS} 行 / more than ${MAX_RESULT_ROWS} rows` });
      break;
    }
    const idText = cellText(cells[columns.relationship]);
    const indicator = indicatorOf(cellText(cells[columns.indicator]));
    if (!/^\d{1,12}$/.test(idText)) problems.push({ row, message: '帮扶关系编号应为数字 / the relationship number is not a number' });
    else if (!indicator) problems.push({ row, message: `未知的指标“${cellText(cells[columns.indicator])}” / unknown indicator` });
    else {
      const actual = amountOf(indicator, cells[columns.actual]);
      if (actual === null)
        problems.push({
          row,
          message: `完成值缺失或不是非负数（${UNIT_LABELS[INDICATORS[indicator].unit]['zh-CN']}） / the result is missing or not a non-negative number`,
        });
      else parsed.push({ row, relationshipId: Number(idText), indicator, actual });
    }
  }
  if (!columns && problems.length === 0) problems.push({ row: 1, message: '表格为空 / the sheet is empty' });
  const ids = [...new Set(parsed.map((entry) => entry.relationshipId))];
  const visible = new Map<number, RelationshipRow>(
    ids.length === 0
      ? []
      : (
          await context.db
            .select()
            .from(relationships)
            .where(
              and(
                inArray(relationships.id, ids),
                context.access.where(relationships.countyCode, relationships.villageCode),
                eq(relationships.countyCode, county),
              ),
            )
        ).map((row) => [row.id, row] as const),
  );
  const seen = new Set<string>();
  for (const entry of parsed) {
    const relationship = visible.get(entry.relationshipId);
    // Another county's relationship is "not found" here, as it is everywhere: an id never confirms it exists.
    if (!relationship)
      problems.push({ row: entry.row, message: `未找到帮扶关系 ${entry.relationshipId}（或不属于本县） / relationship not found in this county` });
    else if (!indicatorsFor(relationship.system, relationship.kind).includes(entry.indicator))
      problems.push({ row: entry.row, message: `该帮扶关系不考核“${INDICATORS[entry.indicator].label['zh-CN']}” / not an indicator of this relationship` });
    else if (seen.has(`${entry.relationshipId}:${entry.indicator}`))
      problems.push({ row: entry.row, message: '同一关系同一指标重复 / the same indicator twice' });
    seen.add(`${entry.relationshipId}:${entry.indicator}`);
  }
  problems.sort((a, b) => a.row - b.row);
  if (problems.length > 0) {
    await context.audit({
      action: 'results.import-refused',
      regionCode: county,
      entityType: 'assistance-results-sheet',
      entityId: uploadId,
      after: { year, rows: parsed.length, problems: problems.length },
    });
    return { committed: false, rows: parsed.length, problems };
  }
  for (const id of ids) {
    const relationship = visible.get(id) as RelationshipRow;
    context.access.assertRegion(relationship.villageCode ?? relationship.countyCode);
    await recordResultsFor(
      context,
      relationship,
      year,
      parsed.filter((entry) => entry.relationshipId === id),
      'actuals',
    );
  }
  await deleteUpload(context.db, uploadId);
  await context.audit({
    action: 'results.import',
    regionCode: county,
    entityType: 'assistance-results-sheet',
    entityId: uploadId,
    after: { year, rows: parsed.length, relationships: ids.length },
  });
  return { committed: true, rows: parsed.length, problems: [] };
}

interface SummaryLine {
  item: RelationshipProgress;
  indicator: IndicatorCode;
  target: number | null;
  actual: number | null;
  met: boolean;
  basisPoints: number;
}

const amountCell = (indicator: IndicatorCode, value: number | null) => (value === null ? null : INDICATORS[indicator].unit === 'fen' ? value / 100 : value);

const SUMMARY_COLUMNS: SheetColumn<SummaryLine>[] = [
  { header: '帮扶关系编号', width: 12, value: (line) => line.item.relationship.id },
  { header: '受援县（区）', width: 14, value: (line) => line.item.relationship.countyName },
  { header: '县代码', width: 10, text: true, value: (line) => line.item.relationship.countyCode },
  { header: '受援村代码', width: 16, text: true, value: (line) => line.item.relationship.villageCode },
  { header: '帮扶体系', width: 18, value: (line) => SYSTEM_LABELS[line.item.relationship.system]['zh-CN'] },
  { header: '帮扶类型', width: 12, value: (line) => (line.item.relationship.kind ? PAIRING_KIND_LABELS[line.item.relationship.kind]['zh-CN'] : '') },
  { header: '帮扶单位', width: 24, value: (line) => line.item.relationship.organisationName },
  { header: '指标', width: 20, value: (line) => INDICATORS[line.indicator].label['zh-CN'] },
  { header: '单位', width: 6, value: (line) => UNIT_LABELS[INDICATORS[line.indicator].unit]['zh-CN'] },
  { header: '年度目标', width: 14, value: (line) => amountCell(line.indicator, line.target) },
  { header: '完成值', width: 14, value: (line) => amountCell(line.indicator, line.actual) },
  { header: '完成率(%)', width: 10, value: (line) => (line.target === null ? null : line.basisPoints / 100) },
  { header: '是否完成', width: 8, value: (line) => (line.target === null ? '' : line.met ? '是' : '否') },
];

/** The summary table of the region (the province's: every relationship and indicator), as .xlsx. */
export async function exportSummary(context: Pick<ModuleContext, 'db' | 'access' | 'today'>, year: number): Promise<{ rows: number; content: Buffer }> {
  const consumption = await purchaseSummary(context, year);
  const items = await relationshipProgress(context, { year });
  const lines: SummaryLine[] = items.flatMap((item) =>
    item.commitments.map((commitment) => ({
      item,
      indicator: commitment.indicator,
      target: commitment.target,
      actual: commitment.actual,
      met: commitment.met,
      basisPoints: commitment.basisPoints,
    })),
  );
  const content = await writeXlsx(
    `${year}年社会帮扶`,
    SUMMARY_COLUMNS,
    lines,
    {
      sheetName: '说明',
      lines: [
        `${year} 年度社会帮扶目标与完成情况汇总（区划 ${context.access.regionCode}，导出日期 ${context.today}）。`,
        '金额单位：元；完成值达到目标即为完成（恰好等于目标计为完成）。',
        `“消费帮扶（按产品）”“消费帮扶（按县）”两表为 ${year} 年度消费帮扶采购记录的汇总，合计 ${consumption.totalFen / 100} 元。`,
      ],
    },
    [
      {
        sheetName: '消费帮扶（按产品）',
        header: ['产品名称', '产品类别', '采购笔数', '采购金额（元）'],
        widths: [24, 14, 10, 16],
        rows: consumption.byProduct.map((row) => [row.productName, PRODUCT_CATEGORY_LABELS[row.productCategory]['zh-CN'], row.purchases, row.amountFen / 100]),
      },
      {
        sheetName: '消费帮扶（按县）',
        header: ['产地县（区）', '县代码', '采购笔数', '采购金额（元）'],
        widths: [16, 10, 10, 16],
        rows: consumption.byCounty.map((row) => [row.countyName, row.countyCode, row.purchases, row.amountFen / 100]),
      },
    ],
  );
  return { rows: lines.length, content };
}
