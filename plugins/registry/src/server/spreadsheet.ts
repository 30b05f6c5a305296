/**
 * Reading and writing spreadsheets as real counties produce them (Excel, WPS): `.xlsx` read by the
 * lean reader in xlsx-reader.ts and written by exceljs' streaming WorkbookWriter, `.csv` in UTF-8 (with or without BOM) or GB18030 (WPS' default on Chinese Windows).
 */
import ExcelJS from 'exceljs';
import { isUtf8 } from 'node:buffer';
import { normalizeIdNumber } from '@zhenxing/rules';
import type { FileFormat } from '../index.ts';
import { CellError, columnLetters, XlsxWorkbook } from './xlsx-reader.ts';

export { CellError };

/** One cell after reading: text, a number (Excel numeric cell), a date (Excel date cell), an Excel error value or empty. */
export type Cell = string | number | Date | CellError | null;

export interface SheetRow {
  /** 1-based row number as the user sees it in Excel (header = 1). */
  row: number;
  cells: Cell[];
  /** CSV only: characters of the text read up to the end of this row (for progress). */
  end?: number;
}

export function formatOf(fileName: string): FileFormat | null {
  const lower = fileName.toLowerCase().trim();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv')) return 'csv';
  return null;
}

/** Full-width → half-width (NFKC), ideographic spaces → spaces, trimmed, inner runs collapsed. */
export function normalizeText(value: string): string {
  // Fast paths (same result): printable ASCII and CJK Unified Ideographs (incl. Extension A) are
  // NFKC-stable and hold no zero-width characters, so only runs of plain spaces can change.
  if (NFKC_STABLE_NO_SPACE.test(value)) return value;
  if (NFKC_STABLE.test(value)) return value.replace(/ +/g, ' ').trim();
  return value
    .normalize('NFKC')
    .replace(/[\u200b\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const NFKC_STABLE_NO_SPACE = /^[\x21-\x7e\u3400-\u4dbf\u4e00-\u9fff]*$/;
const NFKC_STABLE = /^[\x20-\x7e\u3400-\u4dbf\u4e00-\u9fff]*$/;

/** Header text compared loosely: normalized, without spaces, brackets unified, '*' (required mark) dropped. */
export function headerKey(value: string): string {
  return normalizeText(value).replace(/\s|\*/g, '').replace(/[（]/g, '(').replace(/[）]/g, ')');
}

/**
 * Streams the first worksheet of an .xlsx file row by row through the lean reader
 * (xlsx-reader.ts): cached formula results, error values as CellError, cells beyond the column
 * limit skipped (readRows; the household import and the comparison go through header-search.ts).
 */
export async function* readXlsxRows(content: Buffer, sheetName?: string): AsyncGenerator<SheetRow> {
  const workbook = await XlsxWorkbook.open(content);
  // The named sheet when asked for (none such: no rows), else the first visible one.
  const first = sheetName === undefined ? workbook.sheets.findIndex((sheet) => !sheet.hidden) : workbook.sheets.findIndex((sheet) => sheet.name === sheetName);
  if (sheetName !== undefined && first < 0) return;
  const { rows } = await workbook.sheet(first < 0 ? 0 : first);
  let count = 0;
  for (const { row, cells } of rows) {
    yield { row, cells };
    // Let other requests run between chunks of rows.
    if ((count += 1) % 500 === 0) await yieldToEventLoop();
  }
}

/** Resolves on the next turn of the event loop, after pending I/O callbacks. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Decodes CSV bytes: UTF-8 (BOM stripped) when valid, else GB18030 (WPS/Excel on Chinese Windows). */
export function decodeCsv(content: Buffer): string {
  // isUtf8 + toString is ~10× faster than a fatal TextDecoder on large files.
  if (isUtf8(content)) {
    const text = content.toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  return new TextDecoder('gb18030').decode(content);
}

/**
 * RFC 4180 CSV: quoted fields, doubled quotes, CR/LF line ends; blank lines keep their numbers.
 * Runs of ordinary characters are sliced, not appended one character at a time.
 */
export function* readCsvRows(text: string): Generator<SheetRow> {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const length = source.length;
  let row = 1;
  let field = '';
  let cells: Cell[] = [];
  let quoted = false;
  let index = 0;
  while (index < length) {
    if (quoted) {
      const quote = source.indexOf('"', index);
      if (quote === -1) {
        field += source.slice(index);
        break;
      }
      field += source.slice(index, quote);
      if (source.charCodeAt(quote + 1) === QUOTE) {
        field += '"';
        index = quote + 2;
      } else {
        quoted = false;
        index = quote + 1;
      }
      continue;
    }
    const code = source.charCodeAt(index);
    if (code === QUOTE && field.length === 0) {
      quoted = true;
      index += 1;
    } else if (code === COMMA) {
      cells.push(field);
      field = '';
      index += 1;
    } else if (code === CR || code === LF) {
      if (code === CR && source.charCodeAt(index + 1) === LF) index += 1;
      cells.push(field);
      yield { row, cells, end: index + 1 };
      cells = [];
      field = '';
      row += 1;
      index += 1;
    } else {
      let end = index + 1;
      while (end < length) {
        const next = source.charCodeAt(end);
        if (next === COMMA || next === CR || next === LF) break;
        end += 1;
      }
      field += source.slice(index, end);
      index = end;
    }
  }
  if (field.length > 0 || cells.length > 0) {
    cells.push(field);
    yield { row, cells };
  }
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** Rows of the first visible sheet (.xlsx) or of the CSV, as they are: no header search (see header-search.ts for that). */
export async function* readRows(content: Buffer, format: FileFormat): AsyncGenerator<SheetRow> {
  if (format === 'xlsx') yield* readXlsxRows(content);
  else yield* readCsvRows(decodeCsv(content));
}

export function isBlankRow(cells: readonly Cell[]): boolean {
  return cells.every((cell) => cell === null || (typeof cell === 'string' && normalizeText(cell) === ''));
}

/** Text of a cell, normalized; numbers as written (no exponent when exact). */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') {
    // A safe integer prints the same digits either way; only larger ones need BigInt's exact digits.
    if (Number.isSafeInteger(cell)) return String(cell);
    return Number.isInteger(cell) && Math.abs(cell) < 1e21 ? BigInt(cell).toString() : String(cell);
  }
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (cell instanceof CellError) return cell.code;
  return normalizeText(cell);
}

const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether a YYYY-MM-DD string names a day of the (proleptic Gregorian) calendar. */
export function isCalendarDate(iso: string): boolean {
  // Digits read by char code when all eight are digits (the same numbers as Number(slice)).
  let plain = iso.length >= 10;
  for (let index = 0; plain && index < DATE_DIGITS.length; index += 1) {
    const code = iso.charCodeAt(DATE_DIGITS[index] as number);
    plain = code >= 48 && code <= 57;
  }
  const digit = (at: number) => iso.charCodeAt(at) - 48;
  const year = plain ? digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3) : Number(iso.slice(0, 4));
  const month = plain ? digit(5) * 10 + digit(6) : Number(iso.slice(5, 7));
  const day = plain ? digit(8) * 10 + digit(9) : Number(iso.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] as number));
}

/** An Excel serial day number (1900 date system) → ISO date. */
export function excelSerialToIsoDate(serial: number): string {
  return new Date(EXCEL_EPOCH_UTC + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A date as counties write it: Excel date cell, serial number (44927), 2023-01-05, 2023/1/5,
 * 2023.1.5, 2023年1月5日, 20230105. Null when it is none of these.
 */
export function parseDateCell(cell: Cell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  // Fast path for the common ISO spelling; the general rules below give the same answer.
  if (typeof cell === 'string' && cell.length === 10 && ISO_DATE.test(cell)) return isCalendarDate(cell) ? cell : null;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  if (cell instanceof CellError) return null;
  if (typeof cell === 'number') return cell > 0 && cell < 2_958_466 ? excelSerialToIsoDate(cell) : null;
  const text = normalizeText(cell);
  if (/^\d{1,6}(\.0+)?$/.test(text) && Number(text) > 0) return excelSerialToIsoDate(Number(text));
  let match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  match ??= /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return null;
  const [, year, month, day] = match as unknown as [string, string, string, string];
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

const PLAIN_ID_NUMBER = /^\d{17}[\dX]$/;

/**
 * An ID number cell. Excel stores an 18-digit number as a float and loses the last digits; such a
 * value (or scientific notation like 1.30609E+17 in a CSV) is reported, not guessed at.
 */
export function parseIdNumberCell(cell: Cell | undefined): { value: string; storedAsNumber: boolean } {
  if (typeof cell === 'number') return { value: Number.isInteger(cell) ? BigInt(cell).toString() : String(cell), storedAsNumber: true };
  // A plain 18-character ID is what the normalisation would return unchanged (only the string check is skipped).
  if (typeof cell === 'string' && PLAIN_ID_NUMBER.test(cell)) return { value: cell, storedAsNumber: false };
  // The rules' one normalisation (full-width, every kind of space, a leading apostrophe, x → X).
  const text = normalizeIdNumber(cellText(cell));
  return { value: text, storedAsNumber: /^\d(\.\d+)?E\+?\d+$/.test(text) };
}

/** Yuan as written (1,234.50 / ¥1234.5 / 1234) → integer fen; null when not a non-negative amount. */
export function parseYuanToFen(cell: Cell | undefined): number | null {
  if (cell === null || cell === undefined) return 0;
  if (typeof cell === 'number') return cell >= 0 ? Math.round(cell * 100) : null;
  const text = cellText(cell).replace(/[,¥￥元\s]/g, '');
  if (text === '') return 0;
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return null;
  const [whole, fraction = ''] = text.split('.') as [string, string?];
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export interface SheetColumn<Row> {
  header: string;
  width?: number;
  /** Formatted as text (`@`), so a spreadsheet never turns what is typed there into a number (ID numbers). */
  text?: boolean;
  /** A drop-down list (data validation) of these words on the data rows; other text is still allowed. */
  list?: readonly string[];
  value: (row: Row) => string | number | null;
}

/** A further sheet of plain rows under a bold header (e.g. a summary by product beside the main table). */
export interface ExtraSheet {
  sheetName: string;
  header: readonly string[];
  widths?: readonly number[];
  rows: readonly (readonly (string | number | null)[])[];
}

/**
 * Writes rows to an .xlsx buffer with the streaming WorkbookWriter (frozen bold header row); `extra`
 * adds further sheets of plain rows after the data sheet; `notes` a last sheet of plain lines (the
 * template's 说明).
 */
export async function writeXlsx<Row>(
  sheetName: string,
  columns: readonly SheetColumn<Row>[],
  rows: Iterable<Row>,
  notes?: { sheetName: string; lines: readonly string[] },
  extra: readonly ExtraSheet[] = [],
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const { PassThrough } = await import('node:stream');
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({ header: column.header, width: column.width ?? 16, ...(column.text ? { style: { numFmt: '@' } } : {}) }));
  sheet.getRow(1).font = { bold: true };
  columns.forEach((column, index) => {
    if (!column.list) return;
    const letter = columnLetters(index + 1);
    // Rows 2–10001: a list offered, a warning (not a stop) for other words, which import still reads.
    // The streaming writer has data validations (written at commit) but its typings do not say so.
    (sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations.add(
      `${letter}2:${letter}10001`,
      {
        type: 'list',
        allowBlank: true,
        formulae: [`"${column.list.join(',')}"`],
        showErrorMessage: true,
        errorStyle: 'warning',
        error: '不在下拉列表中，导入时可能无法识别',
      },
    );
  });
  sheet.getRow(1).commit();
  for (const row of rows) sheet.addRow(columns.map((column) => column.value(row))).commit();
  sheet.commit();
  for (const more of extra) {
    const extraSheet = workbook.addWorksheet(more.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    extraSheet.columns = more.header.map((header, index) => ({ header, width: more.widths?.[index] ?? 16 }));
    extraSheet.getRow(1).font = { bold: true };
    extraSheet.getRow(1).commit();
    for (const row of more.rows) extraSheet.addRow([...row]).commit();
    extraSheet.commit();
  }
  if (notes) {
    const notesSheet = workbook.addWorksheet(notes.sheetName);
    notesSheet.columns = [{ width: 110 }];
    for (const line of notes.lines) notesSheet.addRow([line]).commit();
    notesSheet.commit();
  }
  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}

/** CSV with a UTF-8 BOM (so Excel and WPS open Chinese text correctly). */
export function writeCsv<Row>(columns: readonly SheetColumn<Row>[], rows: Iterable<Row>): Buffer {
  const escape = (value: string | number | null): string => {
    const text = value === null ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [columns.map((column) => escape(column.header)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => escape(column.value(row))).join(','));
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}
