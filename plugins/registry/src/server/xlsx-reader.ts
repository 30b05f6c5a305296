/**
 * A lean .xlsx reader over the uploaded bytes (the whole upload is in memory already): the zip's
 * central directory is read directly, each part inflated off the event loop (zlib's thread pool,
 * with a cap on the inflated size), and the worksheet XML scanned row by row. Unlike exceljs'
 * streaming reader it exposes what imports need to be honest about a workbook: every sheet with its
 * name and hidden state, cached formula results (0, "" and error values such as #DIV/0! kept
 * apart), hidden rows, merged ranges; and cells beyond `maxColumns` are skipped without being
 * allocated (one blank cell at column XFD no longer creates 16,384 cells per row).
 */
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { ZxError } from '@zhenxing/core';

const inflateRawAsync = promisify(inflateRaw);

/** An Excel error value (#DIV/0!, #N/A, #VALUE! …), usually the cached result of a formula. */
export class CellError {
  constructor(readonly code: string) {}
  toString(): string {
    return this.code;
  }
}

/** One cell as read: text, a number, a date (number in a date format), an error value or empty. */
export type XlsxCell = string | number | Date | CellError | null;

export interface XlsxSheet {
  name: string;
  /** Hidden or very hidden in the workbook (state="hidden" / "veryHidden"). */
  hidden: boolean;
  /** The worksheet part inside the zip. */
  part: string;
}

export interface XlsxRow {
  /** 1-based row number as Excel shows it. */
  row: number;
  cells: XlsxCell[];
  hidden: boolean;
  /** Bytes of the worksheet's XML scanned up to the end of this row (for progress, out of the sheet's `length` in bytes). */
  end: number;
}

/** A merged range, 1-based and inclusive. */
export interface MergedRange {
  firstRow: number;
  lastRow: number;
  firstColumn: number;
  lastColumn: number;
}

/** Non-empty cells right of the column limit: how many, and the first row holding one. */
export interface BeyondColumns {
  count: number;
  firstRow: number;
}

export interface XlsxLimits {
  /** Largest inflated part (bytes); a larger one is refused (zip bombs, absurd sheets). */
  maxPartBytes: number;
  /** Cells right of this (1-based) column are skipped; `beyondColumns` counts the non-empty ones. */
  maxColumns: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = { maxPartBytes: 256 * 1024 * 1024, maxColumns: 200 };

type Localized = { 'zh-CN': string; en: string };

function unreadable(reason: string, message: Localized): ZxError {
  return new ZxError('BAD_REQUEST', reason, message);
}

const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

/**
 * What a file that should be an .xlsx actually is, by its magic bytes: a refusal naming it (a
 * password-protected workbook, an old .xls, a CSV or text file, anything else), or null for a zip.
 */
export function xlsxContentRefusal(content: Buffer): ZxError | null {
  if (content.length >= 4 && content.readUInt32LE(0) === 0x04034b50) return null;
  if (content.subarray(0, 8).equals(OLE2_MAGIC)) {
    if (content.includes(ENCRYPTED_PACKAGE))
      return unreadable('xlsx-encrypted', {
        'zh-CN': '文件设置了打开密码（已加密），无法读取。请在 WPS 或 Excel 中取消密码后另存为 .xlsx 再上传。',
        en: 'The workbook is password-protected (encrypted) and cannot be read. Remove the password in WPS or Excel, save as .xlsx and upload again.',
      });
    return unreadable('xlsx-is-xls', {
      'zh-CN': '文件是旧版 Excel（.xls）格式，只是改了扩展名。请在 WPS 或 Excel 中“另存为” .xlsx 后再上传。',
      en: 'The file is an old Excel (.xls) workbook renamed to .xlsx. Use "Save as" .xlsx in WPS or Excel and upload again.',
    });
  }
  if (content.length > 0 && !content.subarray(0, 4096).includes(0))
    return unreadable('xlsx-is-text', {
      'zh-CN': '文件内容是文本（CSV），只是扩展名为 .xlsx。请把扩展名改为 .csv，或在 WPS 或 Excel 中另存为 .xlsx 后再上传。',
      en: 'The file is text (CSV) with an .xlsx name. Rename it to .csv, or save it as .xlsx in WPS or Excel, and upload again.',
    });
  return notAWorkbook();
}

function notAWorkbook(): ZxError {
  return unreadable('xlsx-not-workbook', {
    'zh-CN': '文件不是 Excel 工作簿（.xlsx），或已损坏。请用下载的模板填写后另存为 .xlsx 再上传。',
    en: 'The file is not an Excel workbook (.xlsx), or it is damaged. Fill in the downloadable template, save as .xlsx and upload again.',
  });
}

interface ZipEntry {
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function zipEntries(content: Buffer): Map<string, ZipEntry> {
  const floor = Math.max(0, content.length - 65_557);
  let end = -1;
  for (let offset = content.length - 22; offset >= floor; offset -= 1) {
    if (content.readUInt32LE(offset) === 0x06054b50) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw notAWorkbook();
  const count = content.readUInt16LE(end + 10);
  let offset = content.readUInt32LE(end + 16);
  const entries = new Map<string, ZipEntry>();
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > content.length || content.readUInt32LE(offset) !== 0x02014b50) throw notAWorkbook();
    const nameLength = content.readUInt16LE(offset + 28);
    const name = content.toString('utf8', offset + 46, offset + 46 + nameLength).replace(/^\//, '');
    entries.set(name, {
      flags: content.readUInt16LE(offset + 8),
      method: content.readUInt16LE(offset + 10),
      compressedSize: content.readUInt32LE(offset + 20),
      size: content.readUInt32LE(offset + 24),
      localOffset: content.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + content.readUInt16LE(offset + 30) + content.readUInt16LE(offset + 32);
  }
  return entries;
}

const XML_ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const OOXML_ESCAPE = /_x([0-9a-fA-F]{4})_/g;

/** XML text → string: entities, and OOXML's _xHHHH_ escapes of control characters. */
export function xmlText(raw: string): string {
  let text = raw;
  if (text.includes('&'))
    text = text.replace(XML_ENTITY, (_all, hex: string | undefined, decimal: string | undefined, name: string | undefined) =>
      hex ? String.fromCodePoint(parseInt(hex, 16)) : decimal ? String.fromCodePoint(Number(decimal)) : (NAMED[name as string] as string),
    );
  if (text.includes('_x')) text = text.replace(OOXML_ESCAPE, (_all, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return text;
}

const ATTRIBUTE = /([\w:]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of tag.matchAll(ATTRIBUTE)) attributes[match[1] as string] = xmlText(match[3] ?? match[4] ?? '');
  return attributes;
}

/**
 * One attribute of a tag's attribute text, as SpreadsheetML writers spell them (name="value", one
 * space before the name); the general parser (attributesOf) is kept for the workbook's few parts.
 */
function attributeOf(attributes: string, name: string): string | undefined {
  let at = attributes.indexOf(`${name}="`);
  // The name must start the attribute (" r=", not the tail of "hr=").
  while (at > 0 && !/\s/.test(attributes[at - 1] as string)) at = attributes.indexOf(`${name}="`, at + 1);
  if (at < 0) {
    if (!attributes.includes(`${name}=`) && !attributes.includes(`${name} `)) return undefined;
    return attributesOf(attributes)[name];
  }
  const start = at + name.length + 2;
  const end = attributes.indexOf('"', start);
  return end < 0 ? undefined : xmlText(attributes.slice(start, end));
}

/** The text of a string item (<si>, <is>): every <t>, phonetic runs (<rPh>) left out. */
function stringItem(inner: string): string {
  const body = inner.includes('<rPh') ? inner.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : inner;
  let text = '';
  for (const match of body.matchAll(/<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g)) text += match[1] ?? '';
  return xmlText(text);
}

/** 'AB12' → 28 (1-based column); 0 when the reference has no letters. */
export function columnOfReference(reference: string): number {
  let column = 0;
  for (let index = 0; index < reference.length; index += 1) {
    const code = reference.charCodeAt(index);
    if (code >= 65 && code <= 90) column = column * 26 + code - 64;
    else if (code >= 97 && code <= 122) column = column * 26 + code - 96;
    else break;
  }
  return column;
}

function rowOfReference(reference: string): number {
  return Number(/\d+$/.exec(reference)?.[0] ?? 0);
}

/** Column number → letters (1 → A, 28 → AB). */
export function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .split(';')[0] as string;
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** Which cell styles (index into cellXfs) show a date. */
function dateStyles(stylesXml: string): boolean[] {
  const custom = new Map<number, string>();
  for (const match of stylesXml.matchAll(/<numFmt\b([^>]*?)\/?>/g)) {
    const attributes = attributesOf(match[1] as string);
    custom.set(Number(attributes['numFmtId']), attributes['formatCode'] ?? '');
  }
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(stylesXml)?.[1] ?? '';
  const styles: boolean[] = [];
  for (const match of cellXfs.matchAll(/<xf\b([^>]*?)\/?>/g)) {
    const id = Number(attributesOf(match[1] as string)['numFmtId'] ?? 0);
    const code = custom.get(id);
    styles.push(code !== undefined ? isDateFormatCode(code) : BUILTIN_DATE_FORMATS.has(id));
  }
  return styles;
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const EPOCH_1904_MS = Date.UTC(1904, 0, 1);

export class XlsxWorkbook {
  private readonly texts = new TextCache();

  private constructor(
    private readonly content: Buffer,
    private readonly entries: Map<string, ZipEntry>,
    readonly sheets: readonly XlsxSheet[],
    private readonly sharedStrings: readonly string[],
    private readonly dates: readonly boolean[],
    private readonly date1904: boolean,
    private readonly limits: XlsxLimits,
  ) {}

  /** Opens a workbook: refuses what is not one, with a message naming what the file is. */
  static async open(content: Buffer, limits: XlsxLimits = DEFAULT_XLSX_LIMITS): Promise<XlsxWorkbook> {
    const refusal = xlsxContentRefusal(content);
    if (refusal) throw refusal;
    const entries = zipEntries(content);
    const read = (name: string) => readPart(content, entries, name, limits.maxPartBytes);
    const rootRels = entries.has('_rels/.rels') ? await read('_rels/.rels') : '';
    const workbookPart = targetsOf(rootRels, '').find((target) => target.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    if (!entries.has(workbookPart)) throw notAWorkbook();
    const workbookXml = await read(workbookPart);
    const base = workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1);
    const relsPart = `${base}_rels/${workbookPart.slice(base.length)}.rels`;
    const rels = entries.has(relsPart) ? targetsOf(await read(relsPart), base) : [];
    const byId = new Map(rels.map((rel) => [rel.id, rel.target]));
    const sheets: XlsxSheet[] = [];
    for (const match of workbookXml.matchAll(/<sheet\b([^>]*?)\/?>/g)) {
      const attributes = attributesOf(match[1] as string);
      const part = byId.get(attributes['r:id'] ?? '') ?? '';
      if (!entries.has(part)) continue; // a chart sheet or a dangling reference: nothing to read
      sheets.push({ name: attributes['name'] ?? '', hidden: attributes['state'] === 'hidden' || attributes['state'] === 'veryHidden', part });
    }
    const partOf = (kind: string, fallback: string) => rels.find((rel) => rel.type.endsWith(`/${kind}`))?.target ?? fallback;
    const stringsPart = partOf('sharedStrings', `${base}sharedStrings.xml`);
    const sharedStrings: string[] = [];
    if (entries.has(stringsPart)) {
      const xml = await read(stringsPart);
      for (const match of xml.matchAll(/<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g)) sharedStrings.push(match[1] ? stringItem(match[1]) : '');
    }
    const stylesPart = partOf('styles', `${base}styles.xml`);
    const dates = entries.has(stylesPart) ? dateStyles(await read(stylesPart)) : [];
    const date1904 = /<workbookPr\b[^>]*\bdate1904\s*=\s*["'](1|true)["']/.test(workbookXml);
    return new XlsxWorkbook(content, entries, sheets, sharedStrings, dates, date1904, limits);
  }

  /** A sheet's merged ranges and its rows, scanned lazily (the caller decides when to yield). */
  async sheet(index: number): Promise<{ merges: MergedRange[]; rows: Generator<XlsxRow>; length: number; beyondColumns: () => BeyondColumns }> {
    const sheet = this.sheets[index];
    if (!sheet) throw notAWorkbook();
    const xml = sheetBytes(await readPartBytes(this.content, this.entries, sheet.part, this.limits.maxPartBytes));
    const dataStart = xml.indexOf(SHEET_DATA_OPEN);
    const dataEnd = xml.lastIndexOf(SHEET_DATA_CLOSE);
    const tail = dataEnd >= 0 ? xml.toString('utf8', dataEnd) : '';
    const merges: MergedRange[] = [];
    for (const match of tail.matchAll(/<mergeCell\b[^>]*?\bref\s*=\s*"([A-Za-z]+\d+):([A-Za-z]+\d+)"/g)) {
      const [from, to] = [match[1] as string, match[2] as string];
      merges.push({ firstRow: rowOfReference(from), lastRow: rowOfReference(to), firstColumn: columnOfReference(from), lastColumn: columnOfReference(to) });
    }
    const beyond: BeyondColumns = { count: 0, firstRow: 0 };
    const rows = this.scanRows(xml, dataStart, dataEnd, (row) => {
      beyond.count += 1;
      if (beyond.firstRow === 0) beyond.firstRow = row;
    });
    return { merges, rows, length: xml.length, beyondColumns: () => beyond };
  }

  /**
   * The rows of <sheetData>, scanned over the inflated bytes (never decoded as a whole): tags and the
   * attributes r, t and s are read byte by byte, and only a cell's value is turned into a string or a
   * number. Anything but the flat shapes real writers produce goes through the general path below.
   */
  private *scanRows(xml: Buffer, start: number, end: number, onBeyond: (row: number) => void): Generator<XlsxRow> {
    if (start < 0 || end < 0) return;
    const { maxColumns } = this.limits;
    let position = start;
    let previousRow = 0;
    for (;;) {
      let at = xml.indexOf(ROW_OPEN, position);
      while (at >= 0 && at < end && !endsName(xml[at + 4])) at = xml.indexOf(ROW_OPEN, at + 4);
      if (at < 0 || at >= end) return;
      const tagEnd = xml.indexOf(GT, at + 4);
      if (tagEnd < 0) return;
      const selfClosing = xml[tagEnd - 1] === SLASH;
      const rowAttributes = xml.toString('utf8', at + 4, selfClosing ? tagEnd - 1 : tagEnd);
      const r = attributeOf(rowAttributes, 'r');
      const row = r ? Number(r) : previousRow + 1;
      previousRow = row;
      const hiddenValue = rowAttributes.includes('hidden') ? attributeOf(rowAttributes, 'hidden') : undefined;
      const hidden = hiddenValue === '1' || hiddenValue === 'true';
      const cells: XlsxCell[] = [];
      position = tagEnd + 1;
      if (!selfClosing) {
        const close = xml.indexOf(ROW_CLOSE, position);
        const bodyEnd = close < 0 || close > end ? end : close;
        this.scanCells(xml, position, bodyEnd, row, cells, maxColumns, onBeyond);
        position = close < 0 || close > end ? end : close + 6;
      }
      yield { row, cells, hidden, end: position };
    }
  }

  private scanCells(xml: Buffer, from: number, bodyEnd: number, row: number, cells: XlsxCell[], maxColumns: number, onBeyond: (row: number) => void): void {
    let position = from;
    let previousColumn = 0;
    for (;;) {
      // The next <c …> (plain loops: the distances are short, and a native call per tag costs more).
      let at = position;
      while (at < bodyEnd && !(xml[at] === LT && xml[at + 1] === 0x63 && endsName(xml[at + 2]))) at += 1;
      if (at >= bodyEnd) return;
      let tagEnd = at + 2;
      while (tagEnd < bodyEnd && xml[tagEnd] !== GT) tagEnd += 1;
      if (tagEnd >= bodyEnd) return;
      const selfClosing = xml[tagEnd - 1] === SLASH;
      const last = selfClosing ? tagEnd - 1 : tagEnd;
      // The attributes r, t and s, read in place.
      let column = 0;
      let type = T_NUMBER;
      let style = 0;
      let unusual = false;
      for (let q = at + 2; q < last;) {
        if (isSpace(xml[q] as number)) {
          q += 1;
          continue;
        }
        const nameStart = q;
        while (q < last && xml[q] !== EQUALS && !isSpace(xml[q] as number)) q += 1;
        const nameLength = q - nameStart;
        while (q < last && isSpace(xml[q] as number)) q += 1;
        if (xml[q] !== EQUALS) {
          unusual = true;
          break;
        }
        q += 1;
        while (q < last && isSpace(xml[q] as number)) q += 1;
        const quote = xml[q];
        if (quote !== QUOTE && quote !== APOSTROPHE) {
          unusual = true;
          break;
        }
        const valueStart = q + 1;
        let valueEnd = valueStart;
        while (valueEnd < last && xml[valueEnd] !== quote) valueEnd += 1;
        if (valueEnd >= last) {
          unusual = true;
          break;
        }
        q = valueEnd + 1;
        if (nameLength !== 1) continue;
        if (hasByte(xml, valueStart, valueEnd, AMPERSAND)) {
          unusual = true;
          break;
        }
        const name = xml[nameStart];
        if (name === 0x72 /* r */) column = columnOfBytes(xml, valueStart, valueEnd);
        else if (name === 0x74 /* t */) type = typeOfBytes(xml, valueStart, valueEnd);
        else if (name === 0x73 /* s */) style = integerOfBytes(xml, valueStart, valueEnd);
      }
      if (unusual) {
        // Entities or stray syntax in the tag: the general attribute reader decides.
        const tag = xml.toString('utf8', at + 2, last);
        const reference = attributeOf(tag, 'r');
        column = reference ? columnOfReference(reference) : 0;
        type = typeOfName(attributeOf(tag, 't') ?? 'n');
        style = Number(attributeOf(tag, 's') ?? 0);
      }
      if (column === 0) column = previousColumn + 1;
      previousColumn = column;
      if (selfClosing) {
        position = tagEnd + 1;
        continue; // no value: nothing to allocate
      }
      const innerStart = tagEnd + 1;
      let value: XlsxCell;
      // The common shape <v>raw</v></c>, read in one pass; anything else finds its </c> first.
      if (xml[innerStart] === LT && xml[innerStart + 1] === 0x76 && xml[innerStart + 2] === GT) {
        const rawStart = innerStart + 3;
        let rawEnd = rawStart;
        while (rawEnd < bodyEnd && xml[rawEnd] !== LT) rawEnd += 1;
        if (isCloseTag(xml, rawEnd, 0x76) && isCloseTag(xml, rawEnd + 4, 0x63)) {
          position = rawEnd + 8;
          value = this.valueOfRaw(xml, rawStart, rawEnd, type, style);
        } else {
          const innerEnd = findCellClose(xml, innerStart, bodyEnd);
          if (innerEnd < 0) return;
          position = innerEnd + 4;
          value = this.cellValueOf(xml, innerStart, innerEnd, type, style);
        }
      } else {
        const innerEnd = findCellClose(xml, innerStart, bodyEnd);
        if (innerEnd < 0) return;
        position = innerEnd + 4;
        if (innerEnd === innerStart) continue;
        value = this.cellValueOf(xml, innerStart, innerEnd, type, style);
      }
      if (value === null) continue;
      if (column > maxColumns) {
        onBeyond(row);
        continue;
      }
      while (cells.length < column - 1) cells.push(null);
      cells[column - 1] = value;
    }
  }

  /** A cell's value from its inner bytes: the flat shapes directly, anything else through cellValue. */
  private cellValueOf(xml: Buffer, innerStart: number, innerEnd: number, type: number, style: number): XlsxCell {
    if (type === T_INLINE_STRING) {
      // Fast path for the common shape <is><t>text</t></is> (exceljs, WPS exports).
      if (
        innerEnd - innerStart >= 16 &&
        startsWithBytes(xml, innerStart, INLINE_OPEN) &&
        startsWithBytes(xml, innerEnd - 9, INLINE_CLOSE) &&
        !hasByte(xml, innerStart + 7, innerEnd - 9, LT)
      )
        return this.texts.text(xml, innerStart + 7, innerEnd - 9);
      return this.cellValue(type, style, xml.toString('utf8', innerStart, innerEnd));
    }
    // <f>…</f><v>raw</v> and the like: the first <v>, as the general path takes it.
    let open = innerStart;
    while (open < innerEnd && !(xml[open] === LT && xml[open + 1] === 0x76 && xml[open + 2] === GT)) open += 1;
    if (open >= innerEnd) return this.cellValue(type, style, xml.toString('utf8', innerStart, innerEnd));
    const rawStart = open + 3;
    let rawEnd = rawStart;
    while (rawEnd < innerEnd && !isCloseTag(xml, rawEnd, 0x76)) rawEnd += 1;
    return this.valueOfRaw(xml, rawStart, rawEnd, type, style);
  }

  /** A cell's value from the bytes of its <v>: shared strings, text and plain decimals directly. */
  private valueOfRaw(xml: Buffer, rawStart: number, rawEnd: number, type: number, style: number): XlsxCell {
    switch (type) {
      case T_SHARED: {
        const index = integerOfBytes(xml, rawStart, rawEnd);
        if (index >= 0) return this.sharedStrings[index] ?? '';
        break;
      }
      case T_STRING:
        return this.texts.text(xml, rawStart, rawEnd);
      case T_NUMBER: {
        if (rawEnd === rawStart) return '';
        const number = decimalOfBytes(xml, rawStart, rawEnd);
        if (!Number.isNaN(number)) return this.dates[style] ? this.dateOf(number) : number;
        break;
      }
    }
    return this.cellValueOfRaw(type, style, xml.toString('utf8', rawStart, rawEnd));
  }

  /** A cell's value from the text inside <c>…</c> (the general path). */
  private cellValue(type: number, style: number, inner: string): XlsxCell {
    if (type === T_INLINE_STRING) {
      const is = /<is>([\s\S]*?)<\/is>/.exec(inner)?.[1];
      return is === undefined ? null : stringItem(is);
    }
    const open = inner.indexOf('<v>');
    const raw = open >= 0 ? inner.slice(open + 3, inner.indexOf('</v>', open)) : /<v(?:\s[^>]*)?>([\s\S]*?)<\/v>/.exec(inner)?.[1];
    // A formula without a cached result (never calculated) reads as empty, like a blank cell.
    if (raw === undefined) return type === T_STRING ? '' : null;
    return this.cellValueOfRaw(type, style, raw);
  }

  /** A cell's value from the raw text of its <v>. */
  private cellValueOfRaw(type: number, style: number, raw: string): XlsxCell {
    switch (type) {
      case T_SHARED:
        return this.sharedStrings[Number(raw)] ?? '';
      case T_STRING:
        return xmlText(raw);
      case T_BOOLEAN:
        return raw.trim() === '1' ? 'TRUE' : 'FALSE';
      case T_ERROR:
        return new CellError(xmlText(raw).trim());
      case T_DATE: {
        const date = new Date(xmlText(raw).trim());
        return Number.isNaN(date.getTime()) ? xmlText(raw) : date;
      }
      default: {
        const number = Number(raw);
        if (raw.trim() === '' || Number.isNaN(number)) return xmlText(raw);
        if (this.dates[style]) return this.dateOf(number);
        return number;
      }
    }
  }

  private dateOf(serial: number): Date {
    return new Date((this.date1904 ? EPOCH_1904_MS : EXCEL_EPOCH_MS) + Math.round(serial * 86_400_000));
  }
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const AMPERSAND = 0x26;
const UNDERSCORE = 0x5f;
const SHEET_DATA_OPEN = Buffer.from('<sheetData');
const SHEET_DATA_CLOSE = Buffer.from('</sheetData>');
const ROW_OPEN = Buffer.from('<row');
const ROW_CLOSE = Buffer.from('</row>');
const INLINE_OPEN = Buffer.from('<is><t>');
const INLINE_STR = Buffer.from('inlineStr');
const INLINE_CLOSE = Buffer.from('</t></is>');

/** Cell types (the t attribute); anything unknown reads as a number, like "n". */
const T_NUMBER = 0;
const T_SHARED = 1;
const T_STRING = 2;
const T_INLINE_STRING = 3;
const T_BOOLEAN = 4;
const T_ERROR = 5;
const T_DATE = 6;

function typeOfName(name: string): number {
  switch (name) {
    case 's':
      return T_SHARED;
    case 'str':
      return T_STRING;
    case 'inlineStr':
      return T_INLINE_STRING;
    case 'b':
      return T_BOOLEAN;
    case 'e':
      return T_ERROR;
    case 'd':
      return T_DATE;
    default:
      return T_NUMBER;
  }
}

function typeOfBytes(xml: Buffer, start: number, end: number): number {
  const length = end - start;
  if (length === 1) {
    switch (xml[start]) {
      case 0x73:
        return T_SHARED;
      case 0x62:
        return T_BOOLEAN;
      case 0x65:
        return T_ERROR;
      case 0x64:
        return T_DATE;
      default:
        return T_NUMBER;
    }
  }
  if (length === 3 && xml[start] === 0x73 && xml[start + 1] === 0x74 && xml[start + 2] === 0x72) return T_STRING;
  if (length === 9 && startsWithBytes(xml, start, INLINE_STR)) return T_INLINE_STRING;
  return T_NUMBER;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Whether the byte after an element name ends it (`<c ` or `<c>` or `<c/`, not `<col`). */
function endsName(byte: number | undefined): boolean {
  return byte === GT || byte === SLASH || (byte !== undefined && isSpace(byte));
}

function startsWithBytes(xml: Buffer, at: number, bytes: Buffer): boolean {
  for (let index = 0; index < bytes.length; index += 1) if (xml[at + index] !== bytes[index]) return false;
  return true;
}

/** 'AB12' → 28, read from bytes; 0 when the reference has no letters. */
function columnOfBytes(xml: Buffer, start: number, end: number): number {
  let column = 0;
  for (let index = start; index < end; index += 1) {
    const code = xml[index] as number;
    if (code >= 65 && code <= 90) column = column * 26 + code - 64;
    else if (code >= 97 && code <= 122) column = column * 26 + code - 96;
    else break;
  }
  return column;
}

/** A non-negative integer of at most 9 digits, or -1. */
function integerOfBytes(xml: Buffer, start: number, end: number): number {
  if (end <= start || end - start > 9) return -1;
  let value = 0;
  for (let index = start; index < end; index += 1) {
    const digit = (xml[index] as number) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, index) => 10 ** index);

/**
 * A plain decimal (-?digits[.digits], at most 15 significant digits) read from bytes, or NaN for
 * anything else (exponents, spaces, longer numbers), which Number() then reads. The result is the
 * same double as Number(text): the digits form an exact integer below 2^53 and the division by an
 * exact power of ten rounds once.
 */
function decimalOfBytes(xml: Buffer, start: number, end: number): number {
  let index = start;
  const negative = xml[index] === 0x2d;
  if (negative) index += 1;
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  for (; index < end; index += 1) {
    const code = xml[index] as number;
    if (code === 0x2e && decimals < 0) {
      decimals = 0;
      continue;
    }
    const digit = code - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    mantissa = mantissa * 10 + digit;
    digits += 1;
    if (decimals >= 0) decimals += 1;
  }
  if (digits === 0 || digits > 15 || decimals === 0) return Number.NaN;
  const value = decimals > 0 ? mantissa / (POWERS_OF_TEN[decimals] as number) : mantissa;
  return negative ? -value : value;
}

/** Longest value (bytes) kept in a TextCache. */
const CACHED_BYTES = 24;
const CACHE_SLOTS = 4096;

/**
 * The strings of short cell values, by their bytes: a roster repeats the same few words and codes
 * (户主, 男, 无, 已毕业, village codes, the household key on each member's row), and a repeated value is then neither decoded
 * nor allocated again. Direct-mapped (FNV-1a of the bytes); a collision simply replaces the slot.
 */
class TextCache {
  private readonly bytes = new Uint8Array(CACHE_SLOTS * CACHED_BYTES);
  private readonly lengths = new Uint8Array(CACHE_SLOTS);
  private readonly strings: string[] = new Array<string>(CACHE_SLOTS).fill('');

  /** XML text from bytes: UTF-8, then entities and _xHHHH_ escapes when the bytes hold any. */
  text(xml: Buffer, start: number, end: number): string {
    const length = end - start;
    if (length <= 0) return '';
    if (length > CACHED_BYTES) {
      const text = xml.toString('utf8', start, end);
      for (let index = start; index < end; index += 1) {
        const byte = xml[index];
        if (byte === AMPERSAND || byte === UNDERSCORE) return xmlText(text);
      }
      return text;
    }
    let hash = 0x811c9dc5 ^ length;
    for (let index = start; index < end; index += 1) {
      const byte = xml[index] as number;
      if (byte === AMPERSAND || byte === UNDERSCORE) return xmlText(xml.toString('utf8', start, end));
      hash = Math.imul(hash ^ byte, 0x01000193);
    }
    const slot = (hash >>> 20) & (CACHE_SLOTS - 1);
    const base = slot * CACHED_BYTES;
    const cached = this.lengths[slot] === length;
    if (cached) {
      let same = true;
      for (let index = 0; index < length; index += 1) {
        if (this.bytes[base + index] !== xml[start + index]) {
          same = false;
          break;
        }
      }
      if (same) return this.strings[slot] as string;
    }
    const text = xml.toString('utf8', start, end);
    for (let index = 0; index < length; index += 1) this.bytes[base + index] = xml[start + index] as number;
    this.lengths[slot] = length;
    this.strings[slot] = text;
    return text;
  }
}

/** Whether `</x>` (x one letter) starts at `at`. */
function isCloseTag(xml: Buffer, at: number, letter: number): boolean {
  return xml[at] === LT && xml[at + 1] === SLASH && xml[at + 2] === letter && xml[at + 3] === GT;
}

/** Where the `</c>` closing a cell starts, or -1 before `end`. */
function findCellClose(xml: Buffer, from: number, end: number): number {
  for (let at = from; at < end; at += 1) if (isCloseTag(xml, at, 0x63)) return at;
  return -1;
}

/** Whether bytes [start, end) hold `byte` (bounded, unlike Buffer#indexOf). */
function hasByte(xml: Buffer, start: number, end: number, byte: number): boolean {
  for (let index = start; index < end; index += 1) if (xml[index] === byte) return true;
  return false;
}

/**
 * A worksheet's bytes for the scanner: as inflated, or — for SpreadsheetML with a namespace prefix
 * on every element (<x:row>, <x:c>) — re-encoded without it (see withoutPrefix).
 */
function sheetBytes(bytes: Buffer): Buffer {
  const head = bytes.toString('utf8', 0, Math.min(bytes.length, 1024));
  if (!PREFIXED.test(head)) return bytes;
  return Buffer.from(withoutPrefix(bytes.toString('utf8')), 'utf8');
}

function targetsOf(relsXml: string, base: string): { id: string; type: string; target: string }[] {
  const targets: { id: string; type: string; target: string }[] = [];
  for (const match of relsXml.matchAll(/<Relationship\b([^>]*?)\/?>/g)) {
    const attributes = attributesOf(match[1] as string);
    const target = attributes['Target'] ?? '';
    const resolved = target.startsWith('/') ? target.slice(1) : normalizePath(`${base}${target}`);
    targets.push({ id: attributes['Id'] ?? '', type: attributes['Type'] ?? '', target: resolved });
  }
  return targets;
}

function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

async function readPart(content: Buffer, entries: Map<string, ZipEntry>, name: string, maxBytes: number): Promise<string> {
  return withoutPrefix((await readPartBytes(content, entries, name, maxBytes)).toString('utf8'));
}

/** A part's bytes, inflated off the event loop (zlib's thread pool) and capped at `maxBytes`. */
async function readPartBytes(content: Buffer, entries: Map<string, ZipEntry>, name: string, maxBytes: number): Promise<Buffer> {
  const entry = entries.get(name);
  if (!entry) throw notAWorkbook();
  if (entry.flags & 1)
    throw unreadable('xlsx-encrypted', {
      'zh-CN': '文件设置了密码（已加密），无法读取。请取消密码后另存为 .xlsx 再上传。',
      en: 'The workbook is encrypted and cannot be read. Remove the password, save as .xlsx and upload again.',
    });
  const local = entry.localOffset;
  if (local + 30 > content.length || content.readUInt32LE(local) !== 0x04034b50) throw notAWorkbook();
  const dataStart = local + 30 + content.readUInt16LE(local + 26) + content.readUInt16LE(local + 28);
  const data = content.subarray(dataStart, dataStart + entry.compressedSize);
  if (entry.size > maxBytes) throw tooLarge(maxBytes);
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw notAWorkbook();
  let inflated: Buffer;
  try {
    // One output chunk of the declared size: zlib then hands that chunk back as it is, instead of
    // gathering 16 KB chunks and copying them into one buffer (a third of the inflate's time for a
    // 60 MB sheet). A wrong declared size only costs the copy again; maxOutputLength still caps it.
    const chunkSize = Math.max(64 * 1024, Math.min(entry.size, maxBytes) + 1);
    inflated = await inflateRawAsync(data, { maxOutputLength: maxBytes, chunkSize });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxBytes);
    throw notAWorkbook();
  }
  return inflated;
}

const PREFIXED = /^(?:\uFEFF)?\s*(?:<\?xml[^>]*\?>\s*)?<([A-Za-z_][\w.-]*):/;

/**
 * SpreadsheetML with a namespace prefix on every element (<x:row>, <x:c>, as the OpenXML SDK and
 * some government systems' exports write it) → the same XML without it, so one scanner reads both.
 */
export function withoutPrefix(xml: string): string {
  const prefix = PREFIXED.exec(xml)?.[1];
  if (!prefix) return xml;
  return xml.replaceAll(`<${prefix}:`, '<').replaceAll(`</${prefix}:`, '</');
}

function tooLarge(maxBytes: number): ZxError {
  return unreadable('xlsx-too-large', {
    'zh-CN': `工作表解压后超过 ${Math.round(maxBytes / 1024 / 1024)} MB，无法读取。请删除多余的行、列或格式后分批导入。`,
    en: `A worksheet inflates to more than ${Math.round(maxBytes / 1024 / 1024)} MB. Remove stray rows, columns or formatting and import in parts.`,
  });
}
