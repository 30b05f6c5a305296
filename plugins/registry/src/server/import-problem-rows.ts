/**
 * The "download problem rows" workbook: the rows of an uploaded file that have problems, with the
 * file's own header (so a cadre fixes them in WPS or Excel and uploads them back) and a 问题说明
 * column naming each problem's column and reason. Rows are copied as they were read (hidden rows and
 * merged blanks included); nothing is written to the registry.
 */
import type { FileFormat, RowProblem } from '../index.ts';
import { findHeader } from './import-parse.ts';
import { cellText, writeXlsx, yieldToEventLoop, type Cell } from './spreadsheet.ts';
import { CellError } from './xlsx-reader.ts';

/** Problem rows written at most (a file with more is fixed in parts). */
export const MAX_PROBLEM_ROWS = 20_000;

export const PROBLEM_COLUMN = '问题说明';
export const SOURCE_ROW_COLUMN = '原行号';

interface ProblemRow {
  row: number;
  cells: Cell[];
  explanation: string;
}

/** A problem as one line of 问题说明: “列：原因”, or the reason alone for a whole-row problem. */
function explain(problem: RowProblem): string {
  return problem.column === '' ? problem.reason['zh-CN'] : `${problem.column}：${problem.reason['zh-CN']}`;
}

function sheetValue(cell: Cell | undefined): string | number | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number' || typeof cell === 'string') return cell;
  if (cell instanceof CellError) return cell.code;
  return cellText(cell);
}

export async function problemRowsWorkbook(content: Buffer, format: FileFormat, problems: readonly RowProblem[]): Promise<{ content: Buffer; rows: number }> {
  const byRow = new Map<number, string[]>();
  for (const problem of problems) {
    const list = byRow.get(problem.row) ?? [];
    list.push(explain(problem));
    byRow.set(problem.row, list);
  }
  const { header } = await findHeader(content, format);
  const picked: ProblemRow[] = [];
  // A problem on the header row itself (a missing column) is listed on a row of its own.
  const headerRow = header?.row ?? 1;
  const headerProblems = byRow.get(headerRow);
  if (headerProblems) picked.push({ row: headerRow, cells: [], explanation: headerProblems.join('；') });
  const names = header?.names ?? [];
  if (header) {
    let count = 0;
    for (const { row, cells } of header.rest) {
      const reasons = byRow.get(row);
      if (reasons && picked.length < MAX_PROBLEM_ROWS) picked.push({ row, cells, explanation: reasons.join('；') });
      if ((count += 1) % 512 === 0) await yieldToEventLoop();
    }
  }
  const columns = [
    ...names.map((name, index) => ({
      header: name,
      width: 16,
      // ID numbers and village codes stay text, as in the template.
      text: /身份证号|村代码/.test(name),
      value: (item: ProblemRow) => sheetValue(item.cells[index]),
    })),
    { header: SOURCE_ROW_COLUMN, width: 8, value: (item: ProblemRow) => item.row },
    { header: PROBLEM_COLUMN, width: 60, value: (item: ProblemRow) => item.explanation },
  ];
  return { content: await writeXlsx('问题行', columns, picked), rows: picked.length };
}
