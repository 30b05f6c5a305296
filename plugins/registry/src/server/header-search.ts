/**
 * Finding the header row of a spreadsheet a person kept by hand: a merged title row, notes or blank
 * rows may come before it, and a 说明 or 字典 sheet (even hidden) may come before the data sheet.
 * Shared by the household import and the department comparison, each with its own columns.
 */
import type { FileFormat } from '../index.ts';
import { mapHeaders } from './import-template.ts';
import { cellText, decodeCsv, isBlankRow, readCsvRows, type Cell } from './spreadsheet.ts';
import { DEFAULT_XLSX_LIMITS, XlsxWorkbook, type BeyondColumns, type MergedRange } from './xlsx-reader.ts';

/** Rows searched for the header (a title row, notes or blank rows may come first). */
export const HEADER_SEARCH_ROWS = 20;
/** Columns read; a cell further right is skipped and counted. */
export const MAX_COLUMNS = 200;

export interface DataRow {
  row: number;
  cells: Cell[];
  hidden: boolean;
  /** How far into the sheet's text this row ends (progress), out of `length`. */
  end: number;
}

export type HeaderPositions<Key extends string> = Map<Key, number> & { ignored: string[] };

export interface HeaderCandidate<Key extends string> {
  sheet: string | null;
  row: number;
  positions: HeaderPositions<Key>;
  /** The header row's cells as text, in file order. */
  names: string[];
}

export interface FoundHeader<Key extends string> extends HeaderCandidate<Key> {
  merges: MergedRange[];
  /** The rows after the header, still to be read. */
  rest: Iterable<DataRow>;
  length: number;
  beyondColumns: () => BeyondColumns;
}

export interface HeaderColumn<Key extends string> {
  key: Key;
  header: string;
  aliases?: readonly string[];
  required: boolean;
}

/** CSV rows as data rows; fields past MAX_COLUMNS are dropped and counted if not blank. */
function csvSource(content: Buffer): { rows: Generator<DataRow>; length: number; beyondColumns: () => BeyondColumns } {
  const text = decodeCsv(content);
  const beyond: BeyondColumns = { count: 0, firstRow: 0 };
  function* rows(): Generator<DataRow> {
    for (const { row, cells, end } of readCsvRows(text)) {
      if (cells.length > MAX_COLUMNS) {
        for (let index = MAX_COLUMNS; index < cells.length; index += 1) {
          if (cellText(cells[index]) === '') continue;
          beyond.count += 1;
          if (beyond.firstRow === 0) beyond.firstRow = row;
        }
        cells.length = MAX_COLUMNS;
      }
      yield { row, cells, hidden: false, end: end ?? text.length };
    }
  }
  return { rows: rows(), length: text.length, beyondColumns: () => beyond };
}

/**
 * The header naming every required column: in a CSV, within its first HEADER_SEARCH_ROWS rows; in a
 * workbook, on the first sheet that has it there (visible sheets first). Without one, the candidate
 * row that names the most columns, so the refusal can say what is missing and where.
 */
export async function findHeaderRow<Key extends string>(
  content: Buffer,
  format: FileFormat,
  columns: readonly HeaderColumn<Key>[],
): Promise<{ header: FoundHeader<Key> | null; best: HeaderCandidate<Key> | null }> {
  type Source = {
    sheet: string | null;
    open: () => Promise<{ rows: Iterator<DataRow> & Iterable<DataRow>; merges: MergedRange[]; length: number; beyondColumns: () => BeyondColumns }>;
  };
  const sources: Source[] = [];
  if (format === 'csv') sources.push({ sheet: null, open: async () => ({ ...csvSource(content), merges: [] }) });
  else {
    const workbook = await XlsxWorkbook.open(content, { ...DEFAULT_XLSX_LIMITS, maxColumns: MAX_COLUMNS });
    const order = workbook.sheets.map((sheet, index) => ({ sheet, index })).sort((a, b) => Number(a.sheet.hidden) - Number(b.sheet.hidden));
    for (const { sheet, index } of order) sources.push({ sheet: sheet.name, open: () => workbook.sheet(index) });
  }
  let best: HeaderCandidate<Key> | null = null;
  let bestScore = 0;
  for (const source of sources) {
    const opened = await source.open();
    for (let next = opened.rows.next(); !next.done && next.value.row <= HEADER_SEARCH_ROWS; next = opened.rows.next()) {
      const { row, cells } = next.value;
      if (isBlankRow(cells)) continue;
      const names = cells.map((value) => cellText(value));
      const positions = mapHeaders(columns, names);
      const candidate = { sheet: source.sheet, row, positions, names };
      if (columns.every((column) => !column.required || positions.has(column.key)))
        return {
          header: { ...candidate, merges: opened.merges, rest: opened.rows, length: opened.length, beyondColumns: opened.beyondColumns },
          best: candidate,
        };
      if (best === null || positions.size > bestScore) {
        best = candidate;
        bestScore = positions.size;
      }
    }
  }
  return { header: null, best };
}
