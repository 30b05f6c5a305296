/**
 * Household import, step 1 of 3 — parse: stream the file's rows and validate every one (reasons
 * in zh-CN and en) into households with their members and income. Nothing touches the database
 * here; import-plan.ts compares the result with the registry and import-commit.ts writes it.
 */
import { MAX_FEN } from '@zhenxing/core/inputs';
import { checkDigit, EARLIEST_BIRTH_DATE, PROVINCE_CODES, validateIdNumber, type IdNumberValidation } from '@zhenxing/rules';
import type { Employment, FileFormat, HouseholdStatus, IncomeInput, LabourCapacity, Relation, RowProblem, Schooling, SeriousIllnessCode } from '../index.ts';
import {
  HEADER_BY_KEY,
  IMPORT_COLUMNS,
  mapHeaders,
  parseDisabilityGrade,
  parseEmployment,
  parseIllness,
  parseLabour,
  parseRelation,
  parseSchooling,
  parseStatus,
  type ImportColumnKey,
} from './import-template.ts';
import {
  cellText,
  decodeCsv,
  isBlankRow,
  isCalendarDate,
  parseDateCell,
  parseIdNumberCell,
  parseYuanToFen,
  readCsvRows,
  readXlsxRows,
  type Cell,
} from './spreadsheet.ts';

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
  problems: RowProblem[];
  /** Header cells that name no template column (or repeat one): not read. */
  ignoredColumns: string[];
}

export interface ImportScope {
  /** The county the import belongs to; every village code must lie in it. */
  countyCode: string;
  /** Known village codes of that county (from core.regions) the user may write to. */
  villages: ReadonlySet<string>;
  /** Today (Asia/Shanghai) for birth-date checks. */
  asOf: string;
}

type Localized = { 'zh-CN': string; en: string };

class RowCollector {
  readonly problems: RowProblem[] = [];
  add(row: number, key: ImportColumnKey | '', value: string, reason: Localized): void {
    this.problems.push({ row, column: key === '' ? '' : HEADER_BY_KEY[key], value, reason });
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
  const collector = new RowCollector();
  let positions: Map<ImportColumnKey, number> | null = null;
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

  let headerMissing = false;
  let ignoredColumns: string[] = [];
  /** Validates one row; false stops reading (the header lacks required columns). */
  const handleRow = (row: number, cells: Cell[]): boolean => {
    if (isBlankRow(cells)) return true;
    if (!positions) {
      const mapped = mapHeaders(
        IMPORT_COLUMNS,
        cells.map((cell) => cellText(cell)),
      );
      positions = mapped;
      for (const [key, index] of mapped) columnOf[KEY_ORDINAL[key]] = index;
      ignoredColumns = mapped.ignored;
      const missing = IMPORT_COLUMNS.filter((column) => column.required && !positions?.has(column.key));
      for (const column of missing) {
        collector.add(row, column.key, '', {
          'zh-CN': `缺少必填列“${column.header}”，请使用下载的模板`,
          en: `the required column "${column.header}" is missing; use the downloadable template`,
        });
      }
      if (missing.length > 0) {
        headerMissing = true;
        return false;
      }
      return true;
    }
    rows += 1;
    currentCells = cells;
    texts.fill(undefined);
    const before = collector.problems.length;

    // ── person ──
    const name = text('name');
    if (name === '') collector.add(row, 'name', '', { 'zh-CN': '姓名不能为空', en: 'the name is empty' });
    else if (name.length > 50) collector.add(row, 'name', name, { 'zh-CN': '姓名过长（最多50字）', en: 'the name is too long (at most 50 characters)' });

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
        'zh-CN': '与户主关系无法识别（户主、配偶、子女、父母、孙子女……）',
        en: 'unknown relation to the head (户主, 配偶, 子女, 父母, 孙子女 …)',
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
      const given = sexText === '男' || sexText.toLowerCase() === 'male' ? 'male' : sexText === '女' || sexText.toLowerCase() === 'female' ? 'female' : null;
      if (!given) collector.add(row, 'sex', sexText, { 'zh-CN': '性别应为“男”或“女”', en: 'sex must be 男 or 女' });
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
    const income = incomeFields(collector, row, cell, scope.asOf);

    if (collector.problems.length > before || !idNumber.valid || !householdKeyField.valid || !relation) return true;
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
    return true;
  };
  // CSV rows are read synchronously: an async iteration costs a promise per row (~10% of a 100k-row parse).
  if (format === 'csv') {
    const text = decodeCsv(content);
    for (const { row, cells, end } of readCsvRows(text)) {
      if (!handleRow(row, cells)) break;
      if (onProgress && (row & 1023) === 0) onProgress(rows, Math.floor(((end ?? 0) / text.length) * 100));
    }
  } else {
    let bytesRead = 0;
    for await (const { row, cells } of readXlsxRows(content, (read) => (bytesRead = read))) {
      if (!handleRow(row, cells)) break;
      if (onProgress && (row & 255) === 0) onProgress(rows, Math.floor((bytesRead / content.length) * 100));
    }
  }
  if (headerMissing) return { format, rows: 0, households: [], problems: collector.problems, ignoredColumns };
  if (!positions) collector.add(1, '', '', { 'zh-CN': '文件中没有数据（第一行应为表头）', en: 'the file has no data (the first row must be the header)' });

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
  return { format, rows, households: parsedHouseholds, problems: collector.problems, ignoredColumns };
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

function incomeFields(collector: RowCollector, row: number, cell: (key: ImportColumnKey) => Cell | undefined, asOf: string): IncomeInput | null {
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
