/**
 * Household import, step 1 of 3 — parse: stream the file's rows and validate every one (reasons
 * in zh-CN and en) into households with their members and income. Nothing touches the database
 * here; import-plan.ts compares the result with the registry and import-commit.ts writes it.
 */
import { errors } from '@zhenxing/core';
import { MAX_FEN } from '@zhenxing/core/inputs';
import { checkDigit, EARLIEST_BIRTH_DATE, PROVINCE_CODES, validateIdNumber, type IdNumberValidation } from '@zhenxing/rules';
import type { Employment, FileFormat, HouseholdStatus, IncomeInput, LabourCapacity, Relation, RowProblem, Schooling, SeriousIllnessCode } from '../index.ts';
import {
  HEADER_BY_KEY,
  IMPORT_COLUMNS,
  parseDisabilityGrade,
  parseEmployment,
  parseIllness,
  parseLabour,
  parseRelation,
  parseSex,
  parseSchooling,
  parseStatus,
  type ImportColumnKey,
} from './import-template.ts';
import { cellText, isBlankRow, isCalendarDate, parseDateCell, parseIdNumberCell, parseYuanToFen, yieldToEventLoop, type Cell } from './spreadsheet.ts';
import {
  findHeaderRow,
  HEADER_SEARCH_ROWS,
  MAX_COLUMNS,
  type FoundHeader,
  type HeaderCandidate,
  type HeaderPositions as HeaderPositionsOf,
} from './header-search.ts';
import { CellError, columnLetters, type MergedRange } from './xlsx-reader.ts';

export { HEADER_SEARCH_ROWS, MAX_COLUMNS };

export interface ParsedMember {
  row: number;
  householdKey: string;
  name: string;
  idNumber: string;
  relation: Relation;
  birthDate: string;
  sex: 'male' | 'female';
  disabilityGrade: 1 | 2 | 3 | 4 | null;
  seriousIllness: SeriousIllnessCode;
  healthNote: string;
  schooling: Schooling;
  employment: Employment;
}

export interface ParsedHouseholdFields {
  villageCode: string;
  address: string;
  status: HouseholdStatus;
  yearLeftPoverty: number | null;
  labourCapacity: LabourCapacity;
}

export interface ParsedHousehold {
  key: string;
  row: number;
  fields: ParsedHouseholdFields;
  income: IncomeInput | null;
  members: ParsedMember[];
}

export interface ParsedImport {
  format: FileFormat;
  rows: number;
  households: ParsedHousehold[];
  /** The first MAX_PROBLEMS_KEPT problems found (see problemCount for all of them). */
  problems: RowProblem[];
  /** How many problems the file has in all, listed or not. */
  problemCount: number;
  /** Header cells that name no template column (or repeat one), and cells past the column limit: not read. */
  ignoredColumns: string[];
  /** Which sheet (null for CSV) and which row held the header that was read; null when none was found. */
  source: ImportSource | null;
  /** Hidden data rows (up to MAX_ROWS_LISTED): never imported. */
  hiddenRows: number[];
  hiddenRowCount: number;
  /** Vertically merged cells in the data columns (up to MAX_ROWS_LISTED), and whether they were filled down. */
  mergedCells: MergedCells[];
  filledDown: boolean;
}

export interface ImportSource {
  sheet: string | null;
  headerRow: number;
}

export interface MergedCells {
  /** The template column (zh-CN header). */
  column: string;
  firstRow: number;
  lastRow: number;
}

/** Problems kept and listed; more are only counted. */
export const MAX_PROBLEMS_KEPT = 1000;
/** Hidden rows and merged ranges listed in the preview; more are only counted. */
export const MAX_ROWS_LISTED = 200;
/** Characters of a problem's value shown back (a 10,000-character cell is not echoed whole). */
const MAX_VALUE_SHOWN = 60;
/** The form's limits (CreateHouseholdInputSchema / MemberInputSchema). */
const MAX_NAME = 50;
const MAX_ADDRESS = 200;
const MAX_HEALTH_NOTE = 500;
/** Rows read before the event loop is given a turn (a preview never blocks other requests). */
const ROWS_PER_TURN = 32;

export interface ImportScope {
  /** The county the import belongs to; every village code must lie in it. */
  countyCode: string;
  /** Known village codes of that county (from core.regions) the user may write to. */
  villages: ReadonlySet<string>;
  /** Today (Asia/Shanghai) for birth-date checks. */
  asOf: string;
  /** The most data rows a file may have; reading stops with a refusal past it (default 200,000). */
  maxRows?: number;
  /** Fill vertically merged cells down to every row of the merge (offered in the preview). */
  fillDown?: boolean;
  /** Problems kept (default MAX_PROBLEMS_KEPT); more are only counted. */
  maxProblems?: number;
}

type Localized = { 'zh-CN': string; en: string };

class RowCollector {
  readonly problems: RowProblem[] = [];
  count = 0;
  constructor(private readonly keep: number = MAX_PROBLEMS_KEPT) {}
  /** Per row: columns already reported for an error value, and blank cells inside a merged range. */
  private reported = new Set<ImportColumnKey>();
  private merged = new Map<ImportColumnKey, string>();

  beginRow(): void {
    if (this.reported.size > 0) this.reported.clear();
    if (this.merged.size > 0) this.merged.clear();
  }

  /** A cell holding an Excel error value (#DIV/0!, #N/A …): reported once, nothing else about it. */
  errorValue(row: number, key: ImportColumnKey, code: string): void {
    this.add(row, key, code, {
      'zh-CN': `单元格是公式错误值 ${code}，请改正公式或直接填写数值`,
      en: `the cell holds the error value ${code}; fix the formula or type the value`,
    });
    this.reported.add(key);
  }

  /** A blank cell that lies inside a vertically merged range (only its first row holds the value). */
  mergedBlank(key: ImportColumnKey, range: string): void {
    this.merged.set(key, range);
  }

  add(row: number, key: ImportColumnKey | '', value: string, reason: Localized): void {
    if (key !== '' && this.reported.has(key)) return;
    let why = reason;
    const range = key === '' || value !== '' ? undefined : this.merged.get(key);
    if (range !== undefined)
      why = {
        'zh-CN': `该单元格在合并单元格 ${range} 中，合并后只有第一行有值。请在表格中取消合并并逐行填写，或在预览中选择“合并单元格向下填充”`,
        en: `the cell lies in the merged range ${range}, where only the first row holds the value. Unmerge and fill every row, or choose "fill merged cells down" in the preview`,
      };
    this.count += 1;
    if (this.problems.length >= this.keep) return;
    const shown = value.length > MAX_VALUE_SHOWN ? `${value.slice(0, MAX_VALUE_SHOWN)}…（共${value.length}字）` : value;
    this.problems.push({ row, column: key === '' ? '' : HEADER_BY_KEY[key], value: shown, reason: why });
  }
}

interface RowHouseholdFields {
  row: number;
  isHead: boolean;
  villageCode: string;
  address: string;
  status: HouseholdStatus | null;
  yearLeftPoverty: number | null;
  labourCapacity: LabourCapacity | null;
  income: IncomeInput | null;
}

/**
 * Reads and validates a whole file. Memory holds the parsed records, never the workbook.
 * `onProgress` hears the rows read so far and the share of the file read (0–100).
 */
export async function parseImportFile(
  content: Buffer,
  format: FileFormat,
  scope: ImportScope,
  onProgress?: (rowsRead: number, percent: number) => void,
): Promise<ParsedImport> {
  const collector = new RowCollector(scope.maxProblems);
  let rows = 0;
  const byKey = new Map<string, { members: ParsedMember[]; fields: RowHouseholdFields[] }>();
  const seenIds = new Map<string, number>();
  // Per row: the cells, and each column's text computed at most once.
  const columnOf = new Int32Array(IMPORT_COLUMNS.length).fill(-1);
  let currentCells: Cell[] = [];
  const texts: (string | undefined)[] = new Array<string | undefined>(IMPORT_COLUMNS.length);
  const cell = (key: ImportColumnKey): Cell | undefined => {
    const index = columnOf[KEY_ORDINAL[key]] as number;
    return index < 0 ? undefined : currentCells[index];
  };
  const text = (key: ImportColumnKey): string => {
    const ordinal = KEY_ORDINAL[key];
    let value = texts[ordinal];
    if (value === undefined) {
      value = cellText(cell(key));
      texts[ordinal] = value;
    }
    return value;
  };
  const ids = new IdNumberChecker(scope.asOf);
  const maxRows = scope.maxRows ?? 200_000;

  // ── find the sheet and the header row ──
  const found = await findHeader(content, format);
  const empty = (source: ImportSource | null, ignored: string[] = []): ParsedImport => ({
    format,
    rows: 0,
    households: [],
    problems: collector.problems,
    problemCount: collector.count,
    ignoredColumns: ignored,
    source,
    hiddenRows: [],
    hiddenRowCount: 0,
    mergedCells: [],
    filledDown: false,
  });
  if (!found.header) {
    const best = found.best;
    if (!best) {
      collector.add(1, '', '', { 'zh-CN': '文件中没有数据（应有一行表头，下面每人一行）', en: 'the file has no data (a header row, then one row per person)' });
      return empty(null);
    }
    const where = best.sheet === null ? '' : `工作表“${best.sheet}”`;
    for (const column of IMPORT_COLUMNS.filter((item) => item.required && !best.positions.has(item.key))) {
      collector.add(best.row, column.key, '', {
        'zh-CN': `${where}前${HEADER_SEARCH_ROWS}行中没有找到模板的表头：缺少必填列“${column.header}”，请使用下载的模板`,
        en: `no template header in the first ${HEADER_SEARCH_ROWS} rows${best.sheet === null ? '' : ` of sheet "${best.sheet}"`}: the required column "${column.header}" is missing; use the downloadable template`,
      });
    }
    return empty({ sheet: best.sheet, headerRow: best.row }, best.positions.ignored);
  }
  const header = found.header;
  for (const [key, index] of header.positions) columnOf[KEY_ORDINAL[key]] = index;
  const ignoredColumns = [...header.positions.ignored];
  const source: ImportSource = { sheet: header.sheet, headerRow: header.row };

  // ── merged ranges below the header that cover a data column ──
  const keyAtIndex = new Map<number, ImportColumnKey>([...header.positions].map(([key, index]) => [index, key]));
  // The same pairs as plain arrays, for the per-row loop.
  const mappedIndexes = [...keyAtIndex.keys()];
  const mappedKeys = [...keyAtIndex.values()];
  const merges = header.merges.filter((range) => range.lastRow > range.firstRow && range.lastRow > header.row);
  const mergedCells: MergedCells[] = [];
  let mergedCount = 0;
  /** Per 0-based column: the vertical merges on it, in row order. */
  const mergesByIndex = new Map<number, MergedRange[]>();
  for (const range of merges) {
    for (let column = range.firstColumn; column <= range.lastColumn; column += 1) {
      const key = keyAtIndex.get(column - 1);
      if (key === undefined) continue;
      mergedCount += 1;
      if (mergedCells.length < MAX_ROWS_LISTED) mergedCells.push({ column: HEADER_BY_KEY[key], firstRow: range.firstRow, lastRow: range.lastRow });
      const list = mergesByIndex.get(column - 1) ?? [];
      list.push(range);
      mergesByIndex.set(column - 1, list);
    }
  }
  for (const list of mergesByIndex.values()) list.sort((a, b) => a.firstRow - b.firstRow);
  const topValues = new Map<MergedRange, Cell>();
  const fillDown = scope.fillDown === true;
  /** Per column, the first merge that may still cover a row (rows arrive in order): O(rows + merges). */
  const nextMerge = new Map<number, number>();
  /** Fills (or marks) the blank cells of this row that lie inside a vertical merge. */
  const applyMerges = (row: number, cells: Cell[]): void => {
    for (const [index, list] of mergesByIndex) {
      let at = nextMerge.get(index) ?? 0;
      while (at < list.length && (list[at] as MergedRange).lastRow < row) at += 1;
      nextMerge.set(index, at);
      const range = list[at];
      if (!range || range.firstRow > row) continue;
      if (row === range.firstRow) {
        topValues.set(range, cells[index] ?? null);
        continue;
      }
      const current = cells[index];
      if (current !== null && current !== undefined && cellText(current) !== '') continue;
      const key = keyAtIndex.get(index) as ImportColumnKey;
      if (fillDown) {
        while (cells.length <= index) cells.push(null);
        cells[index] = topValues.get(range) ?? null;
      } else collector.mergedBlank(key, `${columnLetters(range.firstColumn)}${range.firstRow}:${columnLetters(range.lastColumn)}${range.lastRow}`);
    }
  };

  const hiddenRows: number[] = [];
  let hiddenRowCount = 0;

  /** Validates one data row. */
  const handleRow = (row: number, cells: Cell[], hidden: boolean): void => {
    collector.beginRow();
    if (mergesByIndex.size > 0) applyMerges(row, cells);
    if (isBlankRow(cells)) return;
    if (hidden) {
      // Hidden rows (people who moved away, kept out of sight) are never imported; the preview lists them.
      hiddenRowCount += 1;
      if (hiddenRows.length < MAX_ROWS_LISTED) hiddenRows.push(row);
      return;
    }
    rows += 1;
    if (rows > maxRows)
      throw errors.invalid({
        'zh-CN': `文件超过 ${maxRows} 行（读到第 ${row} 行时停止），超过本县设置的单次导入上限。请拆分后分批导入。`,
        en: `The file has more than ${maxRows} rows (reading stopped at row ${row}), above the county's limit. Split it and import in parts.`,
      });
    currentCells = cells;
    texts.fill(undefined);
    for (let at = 0; at < mappedIndexes.length; at += 1) {
      const value = cells[mappedIndexes[at] as number];
      if (value instanceof CellError) collector.errorValue(row, mappedKeys[at] as ImportColumnKey, value.code);
    }
    const before = collector.count;

    // ── person ──
    const name = text('name');
    if (name === '') collector.add(row, 'name', '', { 'zh-CN': '姓名不能为空', en: 'the name is empty' });
    else if (name.length > MAX_NAME)
      collector.add(row, 'name', name, { 'zh-CN': `姓名过长（最多${MAX_NAME}字）`, en: `the name is too long (at most ${MAX_NAME} characters)` });
    if (text('address').length > MAX_ADDRESS)
      collector.add(row, 'address', text('address'), {
        'zh-CN': `家庭住址过长（最多${MAX_ADDRESS}字，与登记表单相同）`,
        en: `the address is too long (at most ${MAX_ADDRESS} characters, as in the form)`,
      });
    if (text('healthNote').length > MAX_HEALTH_NOTE)
      collector.add(row, 'healthNote', text('healthNote'), {
        'zh-CN': `健康状况说明过长（最多${MAX_HEALTH_NOTE}字，与登记表单相同）`,
        en: `the health note is too long (at most ${MAX_HEALTH_NOTE} characters, as in the form)`,
      });

    const idNumber = idNumberField(collector, row, 'idNumber', cell('idNumber'), ids);
    const householdKeyField = idNumberField(collector, row, 'householdKey', cell('householdKey'), ids);
    if (idNumber.valid) {
      const first = seenIds.get(idNumber.idNumber);
      if (first !== undefined) {
        collector.add(row, 'idNumber', idNumber.idNumber, {
          'zh-CN': `身份证号与第${first}行重复，一个身份证号只能属于一个人`,
          en: `this ID number repeats row ${first}; one ID number belongs to one person`,
        });
      } else seenIds.set(idNumber.idNumber, row);
    }

    const relation = parseRelation(text('relation'));
    if (!relation)
      collector.add(row, 'relation', text('relation'), {
        'zh-CN': '与户主关系无法识别（户主、配偶、妻子、长子、之父、儿媳、孙女……，见导入说明）',
        en: 'unknown relation to the head (户主, 配偶, 妻子, 长子, 之父, 儿媳, 孙女 …; see the import notes)',
      });
    if (relation === 'head' && idNumber.valid && householdKeyField.valid && householdKeyField.idNumber !== idNumber.idNumber) {
      collector.add(row, 'householdKey', householdKeyField.idNumber, {
        'zh-CN': '户主行的“户主身份证号”应与本人身份证号一致',
        en: "on the head's row the household key must equal the head's own ID number",
      });
    }

    let birthDate = idNumber.valid ? idNumber.birthDate : '';
    const birthRaw = cell('birthDate');
    if (birthRaw !== undefined && cellText(birthRaw) !== '') {
      const parsed = parseDateCell(birthRaw);
      if (!parsed)
        collector.add(row, 'birthDate', cellText(birthRaw), {
          'zh-CN': '出生日期无法识别（如 1980-05-01）',
          en: 'the birth date is not a date (e.g. 1980-05-01)',
        });
      else if (idNumber.valid && parsed !== idNumber.birthDate) {
        collector.add(row, 'birthDate', parsed, {
          'zh-CN': `出生日期与身份证号不一致（身份证为 ${idNumber.birthDate}）`,
          en: `the birth date disagrees with the ID number (${idNumber.birthDate})`,
        });
      } else birthDate = parsed;
    }
    let sex: 'male' | 'female' = idNumber.valid ? idNumber.sex : 'male';
    const sexText = text('sex');
    if (sexText !== '') {
      const given = parseSex(sexText);
      if (!given)
        collector.add(row, 'sex', sexText, {
          'zh-CN': '性别应为“男”或“女”，或代码 1（男）、2（女）（GB/T 2261.1）',
          en: 'sex must be 男 or 女, or the code 1 (male) or 2 (female) (GB/T 2261.1)',
        });
      else if (idNumber.valid && given !== idNumber.sex)
        collector.add(row, 'sex', sexText, { 'zh-CN': '性别与身份证号不一致', en: 'sex disagrees with the ID number' });
      else sex = given;
    }
    const grade = parseDisabilityGrade(text('disabilityGrade'));
    if (grade === undefined)
      collector.add(row, 'disabilityGrade', text('disabilityGrade'), {
        'zh-CN': '残疾等级应为 无、一级、二级、三级 或 四级',
        en: 'disability grade must be 无 or 一级–四级 (1–4)',
      });
    const illness = parseIllness(text('seriousIllness'));
    if (!illness)
      collector.add(row, 'seriousIllness', text('seriousIllness'), {
        'zh-CN': '大病/慢性病应为 无、大病 或 重大慢性病',
        en: 'serious illness must be 无, 大病 or 重大慢性病',
      });
    const schooling = parseSchooling(text('schooling'));
    if (!schooling) collector.add(row, 'schooling', text('schooling'), { 'zh-CN': '在校情况无法识别', en: 'unknown schooling value' });
    const employment = parseEmployment(text('employment'));
    if (!employment) collector.add(row, 'employment', text('employment'), { 'zh-CN': '就业情况无法识别', en: 'unknown employment value' });

    // ── household fields on this row ──
    const villageCode = text('villageCode').replace(/\s/g, '');
    if (villageCode !== '') {
      if (!/^\d{12}$/.test(villageCode)) collector.add(row, 'villageCode', villageCode, { 'zh-CN': '村代码应为12位数字', en: 'a village code has 12 digits' });
      else if (!villageCode.startsWith(scope.countyCode)) {
        collector.add(row, 'villageCode', villageCode, {
          'zh-CN': `村代码不属于本县（区）${scope.countyCode}`,
          en: `the village is not in county ${scope.countyCode}`,
        });
      } else if (!scope.villages.has(villageCode)) {
        collector.add(row, 'villageCode', villageCode, { 'zh-CN': '村代码不存在或不在您的管辖范围内', en: 'unknown village code, or outside your area' });
      }
    } else if (relation === 'head') collector.add(row, 'villageCode', '', { 'zh-CN': '户主行须填写村代码', en: "the head's row needs a village code" });
    const status = text('status') === '' ? null : parseStatus(text('status'));
    if (text('status') !== '' && !status)
      collector.add(row, 'status', text('status'), {
        'zh-CN': '户类型应为 脱贫户、监测户 或 一般农户',
        en: 'household type must be 脱贫户, 监测户 or 一般农户',
      });
    if (relation === 'head' && text('status') === '')
      collector.add(row, 'status', '', { 'zh-CN': '户主行须填写户类型', en: "the head's row needs the household type" });
    if (relation === 'head' && text('address') === '')
      collector.add(row, 'address', '', { 'zh-CN': '户主行须填写家庭住址', en: "the head's row needs the address" });
    let yearLeftPoverty: number | null = null;
    const yearText = text('yearLeftPoverty').replace(/年$/, '');
    if (yearText !== '') {
      if (!/^\d{4}$/.test(yearText) || Number(yearText) < 2013 || Number(yearText) > Number(scope.asOf.slice(0, 4))) {
        collector.add(row, 'yearLeftPoverty', yearText, {
          'zh-CN': '脱贫年度应为2013年至今的四位年份',
          en: 'the year left poverty must be a year from 2013 to now',
        });
      } else yearLeftPoverty = Number(yearText);
    }
    if (status === 'left-poverty' && relation === 'head' && yearText === '') {
      collector.add(row, 'yearLeftPoverty', '', { 'zh-CN': '脱贫户须填写脱贫年度', en: 'a household that left poverty needs the year it left' });
    }
    const labourText = text('labourCapacity');
    const labourCapacity = labourText === '' ? null : parseLabour(labourText);
    if (labourText !== '' && !labourCapacity)
      collector.add(row, 'labourCapacity', labourText, {
        'zh-CN': '劳动能力应为 有劳动力、弱劳动力 或 无劳动力',
        en: 'labour capacity must be 有劳动力, 弱劳动力 or 无劳动力',
      });
    const income = incomeFields(collector, row, cell, (key) => (columnOf[KEY_ORDINAL[key]] as number) >= 0, scope.asOf);

    if (collector.count > before || !idNumber.valid || !householdKeyField.valid || !relation) return;
    const entry = byKey.get(householdKeyField.idNumber) ?? { members: [], fields: [] };
    byKey.set(householdKeyField.idNumber, entry);
    entry.members.push({
      row,
      householdKey: householdKeyField.idNumber,
      name,
      idNumber: idNumber.idNumber,
      relation,
      birthDate,
      sex,
      disabilityGrade: grade ?? null,
      seriousIllness: illness ?? 'none',
      healthNote: text('healthNote'),
      schooling: schooling ?? 'not-applicable',
      employment: employment ?? 'not-working',
    });
    entry.fields.push({ row, isHead: relation === 'head', villageCode, address: text('address'), status, yearLeftPoverty, labourCapacity, income });
  };
  const report = (end: number, length: number) => onProgress?.(rows, length > 0 ? Math.min(100, Math.floor((end / length) * 100)) : 100);
  let lastTurn = Date.now();
  let sinceTurn = 0;
  for (const { row, cells, hidden, end } of header.rest) {
    handleRow(row, cells, hidden);
    if ((sinceTurn += 1) >= ROWS_PER_TURN) {
      sinceTurn = 0;
      report(end, header.length);
      // Give other requests a turn at least every few milliseconds (a hostile file never stalls the server).
      if (Date.now() - lastTurn >= 8) {
        await yieldToEventLoop();
        lastTurn = Date.now();
      }
    }
  }
  const beyond = header.beyondColumns();
  if (beyond.count > 0) {
    ignoredColumns.push(`${columnLetters(MAX_COLUMNS + 1)}列及以后（${beyond.count}个单元格，如第${beyond.firstRow}行）`);
  }
  const extras = { source, hiddenRows, hiddenRowCount, mergedCells: mergedCount > 0 ? mergedCells : [], filledDown: fillDown && mergedCount > 0 };

  const parsedHouseholds: ParsedHousehold[] = [];
  for (const [key, { members: people, fields }] of byKey) {
    const heads = fields.filter((item) => item.isHead);
    if (heads.length !== 1) {
      for (const person of people) {
        collector.add(
          person.row,
          'householdKey',
          key,
          heads.length === 0
            ? {
                'zh-CN': '该户没有户主行（与户主关系为“户主”且身份证号等于户主身份证号）',
                en: 'this household has no head row (relation 户主 with the same ID number)',
              }
            : { 'zh-CN': '该户有多个户主行', en: 'this household has more than one head row' },
        );
      }
      continue;
    }
    const head = heads[0] as RowHouseholdFields;
    const householdFields: ParsedHouseholdFields = {
      villageCode: head.villageCode,
      address: head.address,
      status: head.status ?? 'ordinary',
      yearLeftPoverty: head.yearLeftPoverty,
      labourCapacity: head.labourCapacity ?? 'has-labour',
    };
    let income = head.income;
    let consistent = true;
    for (const other of fields) {
      if (other === head) continue;
      const conflicts: [ImportColumnKey, string, string][] = [];
      if (other.villageCode !== '' && other.villageCode !== head.villageCode) conflicts.push(['villageCode', other.villageCode, head.villageCode]);
      if (other.address !== '' && other.address !== head.address) conflicts.push(['address', other.address, head.address]);
      if (other.status !== null && other.status !== householdFields.status) conflicts.push(['status', other.status, householdFields.status]);
      if (other.income && income && JSON.stringify(other.income) !== JSON.stringify(income))
        conflicts.push(['incomeYear', String(other.income.year), String(income.year)]);
      if (other.income && !income) income = other.income;
      for (const [column, value, headValue] of conflicts) {
        consistent = false;
        collector.add(other.row, column, value, {
          'zh-CN': `与户主行（第${head.row}行）不一致：${headValue}`,
          en: `differs from the head's row (row ${head.row}): ${headValue}`,
        });
      }
    }
    if (consistent) parsedHouseholds.push({ key, row: head.row, fields: householdFields, income, members: people });
  }
  collector.problems.sort((a, b) => a.row - b.row);
  return { format, rows, households: parsedHouseholds, problems: collector.problems, problemCount: collector.count, ignoredColumns, ...extras };
}

export type { DataRow, FoundHeader, HeaderCandidate } from './header-search.ts';
export type HeaderPositions = HeaderPositionsOf<ImportColumnKey>;

/** The household template's header (see findHeaderRow: title rows, notes and a 说明 sheet are passed over). */
export function findHeader(
  content: Buffer,
  format: FileFormat,
): Promise<{ header: FoundHeader<ImportColumnKey> | null; best: HeaderCandidate<ImportColumnKey> | null }> {
  return findHeaderRow(content, format, IMPORT_COLUMNS);
}

const KEY_ORDINAL = Object.fromEntries(IMPORT_COLUMNS.map((column, index) => [column.key, index])) as Record<ImportColumnKey, number>;
const PROVINCES = new Set(PROVINCE_CODES);
const ID_SHAPE = /^\d{17}[\dX]$/;

/**
 * validateIdNumber with a fast path for the common case: a number that passes every one of its
 * checks (shape, province, calendar birth date from 1900-01-01 to asOf, check digit) gets the same
 * valid result without the general validator's per-call schema parsing; anything else — and so
 * every reason reported — comes from validateIdNumber itself. The last result is remembered
 * (the household key repeats on every row of a household).
 */
export class IdNumberChecker {
  private lastValue = '';
  private lastResult: IdNumberValidation | null = null;
  constructor(private readonly asOf: string) {}

  check(value: string): IdNumberValidation {
    if (value === this.lastValue && this.lastResult) return this.lastResult;
    const result = this.fast(value) ?? validateIdNumber(value, { asOf: this.asOf });
    this.lastValue = value;
    this.lastResult = result;
    return result;
  }

  private fast(value: string): IdNumberValidation | null {
    if (!ID_SHAPE.test(value) || !PROVINCES.has(value.slice(0, 2))) return null;
    const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
    if (birthDate < EARLIEST_BIRTH_DATE || birthDate > this.asOf || !isCalendarDate(birthDate)) return null;
    if (checkDigit(value.slice(0, 17)) !== value[17]) return null;
    return { valid: true, idNumber: value, regionCode: value.slice(0, 6), birthDate, sex: Number(value[16]) % 2 === 1 ? 'male' : 'female' };
  }
}

function idNumberField(collector: RowCollector, row: number, column: ImportColumnKey, cell: Cell | undefined, ids: IdNumberChecker): IdNumberValidation {
  const { value, storedAsNumber } = parseIdNumberCell(cell);
  // A number never becomes an ID, even when its lossy digits happen to pass the check digit.
  const checked = storedAsNumber ? validateIdNumber(typeof cell === 'number' ? cell : value) : ids.check(value);
  if (value === '') {
    collector.add(row, column, '', { 'zh-CN': '身份证号不能为空', en: 'the ID number is empty' });
  } else if (!checked.valid && storedAsNumber) {
    const [lost] = checked.reasons;
    collector.add(row, column, value, lost?.message ?? { 'zh-CN': '身份证号被存成了数字', en: 'the ID number was stored as a number' });
  } else if (!checked.valid) {
    collector.add(row, column, value, {
      'zh-CN': `身份证号无效：${checked.reasons.map((reason) => reason.message['zh-CN']).join('；')}`,
      en: `invalid ID number: ${checked.reasons.map((reason) => reason.message.en).join('; ')}`,
    });
  }
  return value === '' ? { valid: false, reasons: [] as never } : checked;
}

const INCOME_KEYS = [
  ['wages', 'wagesFen'],
  ['business', 'businessFen'],
  ['property', 'propertyFen'],
  ['transfers', 'transfersFen'],
  ['productionCosts', 'productionCostsFen'],
] as const;

function incomeFields(
  collector: RowCollector,
  row: number,
  cell: (key: ImportColumnKey) => Cell | undefined,
  hasColumn: (key: ImportColumnKey) => boolean,
  asOf: string,
): IncomeInput | null {
  const yearText = cellText(cell('incomeYear')).replace(/年$/, '');
  const anyAmount = INCOME_KEYS.some(([key]) => cellText(cell(key)) !== '');
  if (yearText === '' && !anyAmount) return null;
  let ok = true;
  const year = Number(yearText);
  if (!/^\d{4}$/.test(yearText) || year < 2000 || year > Number(asOf.slice(0, 4))) {
    collector.add(row, 'incomeYear', yearText, {
      'zh-CN': '填写收入时须填写收入年度（四位年份，不晚于今年）',
      en: 'incomes need their year (four digits, not after this year)',
    });
    ok = false;
  }
  const income: IncomeInput = { year, wagesFen: 0, businessFen: 0, propertyFen: 0, transfersFen: 0, productionCostsFen: 0 };
  for (const [key, field] of INCOME_KEYS) {
    // A blank amount is not 0: the registry keeps no "unknown" amount (the columns are NOT NULL),
    // so a row that gives incomes must give all five; 0 is written as 0.
    if (cellText(cell(key)) === '') {
      collector.add(
        row,
        key,
        '',
        !hasColumn(key)
          ? {
              'zh-CN': `文件没有“${HEADER_BY_KEY[key]}”列：填写收入时五项金额都须填写（没有该项收入填 0）`,
              en: `the file has no "${HEADER_BY_KEY[key]}" column: a row with incomes needs all five amounts (0 where there is none)`,
            }
          : {
              'zh-CN': '收入金额为空：空白不等于 0，没有该项收入请填 0',
              en: 'the amount is blank: blank is not 0; write 0 where there is no such income',
            },
      );
      ok = false;
      continue;
    }
    const fen = parseYuanToFen(cell(key));
    if (fen === null) {
      collector.add(row, key, cellText(cell(key)), {
        'zh-CN': '金额应为不小于0的数字（元，最多两位小数）',
        en: 'amounts are non-negative numbers in yuan (at most two decimals)',
      });
      ok = false;
    } else if (fen > MAX_FEN) {
      // Caught here, row by row, rather than by the database at commit (bigint overflow).
      collector.add(row, key, cellText(cell(key)), { 'zh-CN': '金额超出上限（100亿元）', en: 'the amount is above the limit (10 billion yuan)' });
      ok = false;
    } else income[field] = fen;
  }
  return ok ? income : null;
}
