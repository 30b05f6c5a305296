/**
 * Household import: stream rows → validate every row (reasons in zh-CN and en) → plan against the
 * database → commit all or nothing. Re-importing the same file is idempotent: households are
 * matched by 户主身份证号 (the household key) within the county, members by ID number; unchanged
 * records are left alone, changed ones updated; nothing is ever deleted by an import.
 */
import { queryRows, type Executor } from '@zhenxing/db';
import { checkDigit, EARLIEST_BIRTH_DATE, PROVINCE_CODES, validateIdNumber, type IdNumberValidation } from '@zhenxing/rules';
import { sql, type SQL } from 'drizzle-orm';
import type {
  Employment,
  FileFormat,
  HouseholdStatus,
  ImportPlanCounts,
  IncomeInput,
  LabourCapacity,
  Relation,
  RowProblem,
  Schooling,
  SeriousIllnessCode,
} from '../index.ts';
import { bulkLoad, type BulkColumn, type BulkValue } from './bulk.ts';
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
import { cellText, decodeCsv, isBlankRow, isCalendarDate, parseDateCell, parseIdNumberCell, parseYuanToFen, readCsvRows, readXlsxRows, type Cell } from './spreadsheet.ts';

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
export async function parseImportFile(content: Buffer, format: FileFormat, scope: ImportScope, onProgress?: (rowsRead: number, percent: number) => void): Promise<ParsedImport> {
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
  /** Validates one row; false stops reading (the header lacks required columns). */
  const handleRow = (row: number, cells: Cell[]): boolean => {
    if (isBlankRow(cells)) return true;
    if (!positions) {
      positions = mapHeaders(IMPORT_COLUMNS, cells.map((cell) => cellText(cell)));
      for (const [key, index] of positions) columnOf[KEY_ORDINAL[key]] = index;
      const missing = IMPORT_COLUMNS.filter((column) => column.required && !positions?.has(column.key));
      for (const column of missing) {
        collector.add(row, column.key, '', { 'zh-CN': `缺少必填列“${column.header}”，请使用下载的模板`, en: `the required column "${column.header}" is missing; use the downloadable template` });
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
        collector.add(row, 'idNumber', idNumber.idNumber, { 'zh-CN': `身份证号与第${first}行重复，一个身份证号只能属于一个人`, en: `this ID number repeats row ${first}; one ID number belongs to one person` });
      } else seenIds.set(idNumber.idNumber, row);
    }

    const relation = parseRelation(text('relation'));
    if (!relation) collector.add(row, 'relation', text('relation'), { 'zh-CN': '与户主关系无法识别（户主、配偶、子女、父母、孙子女……）', en: 'unknown relation to the head (户主, 配偶, 子女, 父母, 孙子女 …)' });
    if (relation === 'head' && idNumber.valid && householdKeyField.valid && householdKeyField.idNumber !== idNumber.idNumber) {
      collector.add(row, 'householdKey', householdKeyField.idNumber, { 'zh-CN': '户主行的“户主身份证号”应与本人身份证号一致', en: "on the head's row the household key must equal the head's own ID number" });
    }

    let birthDate = idNumber.valid ? idNumber.birthDate : '';
    const birthRaw = cell('birthDate');
    if (birthRaw !== undefined && cellText(birthRaw) !== '') {
      const parsed = parseDateCell(birthRaw);
      if (!parsed) collector.add(row, 'birthDate', cellText(birthRaw), { 'zh-CN': '出生日期无法识别（如 1980-05-01）', en: 'the birth date is not a date (e.g. 1980-05-01)' });
      else if (idNumber.valid && parsed !== idNumber.birthDate) {
        collector.add(row, 'birthDate', parsed, { 'zh-CN': `出生日期与身份证号不一致（身份证为 ${idNumber.birthDate}）`, en: `the birth date disagrees with the ID number (${idNumber.birthDate})` });
      } else birthDate = parsed;
    }
    let sex: 'male' | 'female' = idNumber.valid ? idNumber.sex : 'male';
    const sexText = text('sex');
    if (sexText !== '') {
      const given = sexText === '男' || sexText.toLowerCase() === 'male' ? 'male' : sexText === '女' || sexText.toLowerCase() === 'female' ? 'female' : null;
      if (!given) collector.add(row, 'sex', sexText, { 'zh-CN': '性别应为“男”或“女”', en: 'sex must be 男 or 女' });
      else if (idNumber.valid && given !== idNumber.sex) collector.add(row, 'sex', sexText, { 'zh-CN': '性别与身份证号不一致', en: 'sex disagrees with the ID number' });
      else sex = given;
    }
    const grade = parseDisabilityGrade(text('disabilityGrade'));
    if (grade === undefined) collector.add(row, 'disabilityGrade', text('disabilityGrade'), { 'zh-CN': '残疾等级应为 无、一级、二级、三级 或 四级', en: 'disability grade must be 无 or 一级–四级 (1–4)' });
    const illness = parseIllness(text('seriousIllness'));
    if (!illness) collector.add(row, 'seriousIllness', text('seriousIllness'), { 'zh-CN': '大病/慢性病应为 无、大病 或 重大慢性病', en: 'serious illness must be 无, 大病 or 重大慢性病' });
    const schooling = parseSchooling(text('schooling'));
    if (!schooling) collector.add(row, 'schooling', text('schooling'), { 'zh-CN': '在校情况无法识别', en: 'unknown schooling value' });
    const employment = parseEmployment(text('employment'));
    if (!employment) collector.add(row, 'employment', text('employment'), { 'zh-CN': '就业情况无法识别', en: 'unknown employment value' });

    // ── household fields on this row ──
    const villageCode = text('villageCode').replace(/\s/g, '');
    if (villageCode !== '') {
      if (!/^\d{12}$/.test(villageCode)) collector.add(row, 'villageCode', villageCode, { 'zh-CN': '村代码应为12位数字', en: 'a village code has 12 digits' });
      else if (!villageCode.startsWith(scope.countyCode)) {
        collector.add(row, 'villageCode', villageCode, { 'zh-CN': `村代码不属于本县（区）${scope.countyCode}`, en: `the village is not in county ${scope.countyCode}` });
      } else if (!scope.villages.has(villageCode)) {
        collector.add(row, 'villageCode', villageCode, { 'zh-CN': '村代码不存在或不在您的管辖范围内', en: 'unknown village code, or outside your area' });
      }
    } else if (relation === 'head') collector.add(row, 'villageCode', '', { 'zh-CN': '户主行须填写村代码', en: "the head's row needs a village code" });
    const status = text('status') === '' ? null : parseStatus(text('status'));
    if (text('status') !== '' && !status) collector.add(row, 'status', text('status'), { 'zh-CN': '户类型应为 脱贫户、监测户 或 一般农户', en: 'household type must be 脱贫户, 监测户 or 一般农户' });
    if (relation === 'head' && text('status') === '') collector.add(row, 'status', '', { 'zh-CN': '户主行须填写户类型', en: "the head's row needs the household type" });
    if (relation === 'head' && text('address') === '') collector.add(row, 'address', '', { 'zh-CN': '户主行须填写家庭住址', en: "the head's row needs the address" });
    let yearLeftPoverty: number | null = null;
    const yearText = text('yearLeftPoverty').replace(/年$/, '');
    if (yearText !== '') {
      if (!/^\d{4}$/.test(yearText) || Number(yearText) < 2013 || Number(yearText) > Number(scope.asOf.slice(0, 4))) {
        collector.add(row, 'yearLeftPoverty', yearText, { 'zh-CN': '脱贫年度应为2013年至今的四位年份', en: 'the year left poverty must be a year from 2013 to now' });
      } else yearLeftPoverty = Number(yearText);
    }
    if (status === 'left-poverty' && relation === 'head' && yearText === '') {
      collector.add(row, 'yearLeftPoverty', '', { 'zh-CN': '脱贫户须填写脱贫年度', en: 'a household that left poverty needs the year it left' });
    }
    const labourText = text('labourCapacity');
    const labourCapacity = labourText === '' ? null : parseLabour(labourText);
    if (labourText !== '' && !labourCapacity) collector.add(row, 'labourCapacity', labourText, { 'zh-CN': '劳动能力应为 有劳动力、弱劳动力 或 无劳动力', en: 'labour capacity must be 有劳动力, 弱劳动力 or 无劳动力' });
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
  if (headerMissing) return { format, rows: 0, households: [], problems: collector.problems };
  if (!positions) collector.add(1, '', '', { 'zh-CN': '文件中没有数据（第一行应为表头）', en: 'the file has no data (the first row must be the header)' });

  const parsedHouseholds: ParsedHousehold[] = [];
  for (const [key, { members: people, fields }] of byKey) {
    const heads = fields.filter((item) => item.isHead);
    if (heads.length !== 1) {
      for (const person of people) {
        collector.add(person.row, 'householdKey', key, heads.length === 0
          ? { 'zh-CN': '该户没有户主行（与户主关系为“户主”且身份证号等于户主身份证号）', en: 'this household has no head row (relation 户主 with the same ID number)' }
          : { 'zh-CN': '该户有多个户主行', en: 'this household has more than one head row' });
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
      if (other.income && income && JSON.stringify(other.income) !== JSON.stringify(income)) conflicts.push(['incomeYear', String(other.income.year), String(income.year)]);
      if (other.income && !income) income = other.income;
      for (const [column, value, headValue] of conflicts) {
        consistent = false;
        collector.add(other.row, column, value, { 'zh-CN': `与户主行（第${head.row}行）不一致：${headValue}`, en: `differs from the head's row (row ${head.row}): ${headValue}` });
      }
    }
    if (consistent) parsedHouseholds.push({ key, row: head.row, fields: householdFields, income, members: people });
  }
  collector.problems.sort((a, b) => a.row - b.row);
  return { format, rows, households: parsedHouseholds, problems: collector.problems };
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
  const checked = ids.check(value);
  if (value === '') {
    collector.add(row, column, '', { 'zh-CN': '身份证号不能为空', en: 'the ID number is empty' });
  } else if (!checked.valid && storedAsNumber) {
    collector.add(row, column, value, {
      'zh-CN': '身份证号被存成了数字，末几位已丢失；请把该列设为“文本”格式后重新填写',
      en: 'the ID number was stored as a number and lost its last digits; format the column as text and enter it again',
    });
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
    collector.add(row, 'incomeYear', yearText, { 'zh-CN': '填写收入时须填写收入年度（四位年份，不晚于今年）', en: 'incomes need their year (four digits, not after this year)' });
    ok = false;
  }
  const income: IncomeInput = { year, wagesFen: 0, businessFen: 0, propertyFen: 0, transfersFen: 0, productionCostsFen: 0 };
  for (const [key, field] of INCOME_KEYS) {
    const fen = parseYuanToFen(cell(key));
    if (fen === null) {
      collector.add(row, key, cellText(cell(key)), { 'zh-CN': '金额应为不小于0的数字（元，最多两位小数）', en: 'amounts are non-negative numbers in yuan (at most two decimals)' });
      ok = false;
    } else income[field] = fen;
  }
  return ok ? income : null;
}

// ── Planning and committing: COPY for what is new, set-based SQL for what exists ─────────────────
//
// planImport looks the file's household keys and ID numbers up in two queries and splits the
// households: fresh ones (key unknown in the county) are written by commitImport with COPY straight
// into the registry's tables, ids reserved from the sequences — PostgreSQL's own bulk path, so a
// county's first import runs at about half the speed of a bare COPY of the same rows (docs/
// benchmarks.md). Households the county already has are bulk-loaded into two temporary tables
// (COPY FROM STDIN on PostgreSQL, COPY FROM '/dev/blob' on PGlite; see bulk.ts), compared in
// set-based queries, and merged with one statement per kind of change — UPDATE … FROM of changed
// rows (RETURNING gives before/after), INSERT … SELECT of new members, an income upsert, one
// INSERT … SELECT of history rows. No statement runs per row. Plan and commit must run in the same
// transaction (the temporary tables are `on commit drop`).

const STAGE_HOUSEHOLDS = 'pg_temp.zx_import_households';
const STAGE_MEMBERS = 'pg_temp.zx_import_members';
const NEW_MEMBERS = 'pg_temp.zx_import_new_members';
const CHANGES = 'pg_temp.zx_import_changes';

const HOUSEHOLD_STAGE: readonly BulkColumn[] = [
  { name: 'household_key', type: 'text' },
  { name: 'row', type: 'integer' },
  { name: 'village_code', type: 'text' },
  { name: 'address', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'year_left_poverty', type: 'smallint' },
  { name: 'labour_capacity', type: 'text' },
  { name: 'income_year', type: 'integer' },
  { name: 'wages_fen', type: 'bigint' },
  { name: 'business_fen', type: 'bigint' },
  { name: 'property_fen', type: 'bigint' },
  { name: 'transfers_fen', type: 'bigint' },
  { name: 'production_costs_fen', type: 'bigint' },
];

const MEMBER_STAGE: readonly BulkColumn[] = [
  { name: 'household_key', type: 'text' },
  { name: 'row', type: 'integer' },
  { name: 'name', type: 'text' },
  { name: 'id_number', type: 'text' },
  { name: 'relation', type: 'text' },
  { name: 'birth_date', type: 'date' },
  { name: 'sex', type: 'text' },
  { name: 'disability_grade', type: 'smallint' },
  { name: 'serious_illness', type: 'text' },
  { name: 'health_note', type: 'text' },
  { name: 'schooling', type: 'text' },
  { name: 'employment', type: 'text' },
];

/** Household fields compared and recorded: [history key, column]. */
const HOUSEHOLD_FIELDS = [
  ['villageCode', 'village_code'],
  ['address', 'address'],
  ['status', 'status'],
  ['yearLeftPoverty', 'year_left_poverty'],
  ['labourCapacity', 'labour_capacity'],
] as const;

/** Member fields compared and recorded (as memberFieldsOf): [history key, column]. */
const MEMBER_FIELDS = [
  ['name', 'name'],
  ['idNumber', 'id_number'],
  ['relation', 'relation'],
  ['birthDate', 'birth_date'],
  ['sex', 'sex'],
  ['disabilityGrade', 'disability_grade'],
  ['seriousIllness', 'serious_illness'],
  ['healthNote', 'health_note'],
  ['schooling', 'schooling'],
  ['employment', 'employment'],
] as const;

const INCOME_FIELDS = ['wages_fen', 'business_fen', 'property_fen', 'transfers_fen', 'production_costs_fen'] as const;

const columnList = (alias: string, fields: readonly (readonly [string, string])[]): string => fields.map(([, column]) => `${alias}.${column}`).join(', ');

export interface ImportPlan {
  counts: ImportPlanCounts;
  problems: RowProblem[];
  /** ID numbers that also exist in another county (kept; listed under duplicates). */
  crossCountyDuplicates: number;
  parsed: ParsedImport;
  /** Existing members of the file's households whose fields or village change (updates to run). */
  membersToWrite: number;
  countyCode: string;
  /** Households whose key the county does not have yet: written by COPY straight into the tables. */
  fresh: ParsedHousehold[];
  /** Households the county already has: staged and merged set-based (updates, history of changes). */
  existing: ParsedHousehold[];
  /** The executor (transaction) that planned (and holds the staging tables); commitImport must use the same. */
  plannedOn: Executor;
}

function* householdStageRows(households: readonly ParsedHousehold[]): Generator<BulkValue[]> {
  for (const household of households) {
    const { fields, income } = household;
    yield [
      household.key, household.row, fields.villageCode, fields.address, fields.status, fields.yearLeftPoverty, fields.labourCapacity,
      income ? income.year : null, income ? income.wagesFen : null, income ? income.businessFen : null, income ? income.propertyFen : null,
      income ? income.transfersFen : null, income ? income.productionCostsFen : null,
    ];
  }
}

function* memberStageRows(households: readonly ParsedHousehold[]): Generator<BulkValue[]> {
  for (const household of households) {
    for (const member of household.members) {
      yield [
        household.key, member.row, member.name, member.idNumber, member.relation, member.birthDate, member.sex,
        member.disabilityGrade, member.seriousIllness, member.healthNote, member.schooling, member.employment,
      ];
    }
  }
}

const createTable = (table: string, columns: readonly BulkColumn[]): string =>
  `create temp table ${table.replace('pg_temp.', '')} (${columns.map((column) => `${column.name} ${column.type}`).join(', ')}) on commit drop`;

async function run(db: Executor, statement: string | SQL): Promise<void> {
  await db.execute(typeof statement === 'string' ? sql.raw(statement) : statement);
}

/** Loads the parsed records into the staging tables of this transaction (replacing earlier ones). */
async function stage(db: Executor, households: readonly ParsedHousehold[]): Promise<void> {
  // Sorts and hashes over a whole file stay in memory (reset at the end of the transaction).
  await run(db, `set local work_mem = '64MB'`);
  // The staging tables have no statistics; JIT compiling for their guessed sizes costs more than it saves.
  await run(db, `set local jit = off`);
  for (const table of [STAGE_HOUSEHOLDS, STAGE_MEMBERS]) await run(db, `drop table if exists ${table}`);
  await run(db, createTable(STAGE_HOUSEHOLDS, HOUSEHOLD_STAGE));
  await run(db, createTable(STAGE_MEMBERS, MEMBER_STAGE));
  await bulkLoad(db, STAGE_HOUSEHOLDS, HOUSEHOLD_STAGE, householdStageRows(households));
  await bulkLoad(db, STAGE_MEMBERS, MEMBER_STAGE, memberStageRows(households));
  await run(db, `create index on ${STAGE_HOUSEHOLDS} (household_key)`);
}

const EMPTY_COUNTS: ImportPlanCounts = { householdsCreated: 0, householdsUpdated: 0, householdsUnchanged: 0, membersCreated: 0, membersUpdated: 0, membersUnchanged: 0, incomesWritten: 0 };

/**
 * Compares the parsed file with the database: what would be created, updated or left unchanged,
 * and which ID numbers are already registered to another household of the county.
 *
 * Two lookups by key split the file: households the county does not have yet ("fresh": a county's
 * first import is all fresh) need no comparison, only the check that none of their ID numbers is
 * taken in the county; households it has ("existing") are staged in temporary tables and compared
 * set-based, and stay staged in the transaction for commitImport.
 */
export async function planImport(db: Executor, parsed: ParsedImport, countyCode: string): Promise<ImportPlan> {
  if (parsed.households.length === 0) {
    return { counts: { ...EMPTY_COUNTS }, problems: [], crossCountyDuplicates: 0, membersToWrite: 0, parsed, countyCode, fresh: [], existing: [], plannedOn: db };
  }
  const keys = parsed.households.map((household) => household.key);
  const knownKeys = new Set(
    (await queryRows<{ household_key: string }>(db, sql`
      select household_key from registry.households
      where county_code = ${countyCode} and household_key = any(${sql.param(keys)}::text[])`)).map((row) => row.household_key),
  );
  const idNumbers = parsed.households.flatMap((household) => household.members.map((member) => member.idNumber));
  const registered = await queryRows<{ id_number: string; county_code: string; household_id: number | string }>(db, sql`
    select id_number, county_code, household_id from registry.members where id_number = any(${sql.param(idNumbers)}::text[])`);
  const inCounty = new Map<string, number>();
  const elsewhere = new Set<string>();
  for (const row of registered) {
    if (row.county_code === countyCode) inCounty.set(row.id_number, Number(row.household_id));
    else elsewhere.add(row.id_number);
  }

  const fresh = parsed.households.filter((household) => !knownKeys.has(household.key));
  const existing = parsed.households.filter((household) => knownKeys.has(household.key));
  const problems: RowProblem[] = [];
  // A fresh household's member may not already be registered anywhere in the county.
  for (const household of fresh) {
    for (const member of household.members) {
      const holder = inCounty.get(member.idNumber);
      if (holder !== undefined) problems.push(takenProblem(member.row, member.idNumber, holder));
    }
  }
  const counts: ImportPlanCounts = {
    ...EMPTY_COUNTS,
    householdsCreated: fresh.length,
    membersCreated: fresh.reduce((sum, household) => sum + household.members.length, 0),
    incomesWritten: fresh.filter((household) => household.income !== null).length,
  };
  let membersToWrite = 0;
  if (existing.length > 0) {
    const compared = await compareExisting(db, existing, countyCode);
    problems.push(...compared.problems);
    for (const key of Object.keys(counts) as (keyof ImportPlanCounts)[]) counts[key] += compared.counts[key];
    membersToWrite = compared.membersToWrite;
  }
  problems.sort((a, b) => a.row - b.row);
  return { counts, problems, crossCountyDuplicates: elsewhere.size, membersToWrite, parsed, countyCode, fresh, existing, plannedOn: db };
}

function takenProblem(row: number, idNumber: string, householdId: number): RowProblem {
  return {
    row,
    column: HEADER_BY_KEY.idNumber,
    value: idNumber,
    reason: { 'zh-CN': `此身份证号已登记在本县另一户（户编号 ${householdId}），请先在系统中调整`, en: `this ID number is already registered in another household of the county (id ${householdId}); change that first` },
  };
}

/** Stages the households the county already has and compares them with the registry, set-based. */
async function compareExisting(db: Executor, existing: readonly ParsedHousehold[], countyCode: string): Promise<{ counts: ImportPlanCounts; problems: RowProblem[]; membersToWrite: number }> {
  await stage(db, existing);
  const conflicts = await queryRows<{ row: number; id_number: string; household_id: number }>(db, sql`
    select s.row, s.id_number, e.household_id
    from ${sql.raw(STAGE_MEMBERS)} s
    join registry.members e on e.county_code = ${countyCode} and e.id_number = s.id_number
    join registry.households h on h.county_code = ${countyCode} and h.household_key = s.household_key
    where e.household_id <> h.id
    order by s.row`);
  const problems = conflicts.map((conflict) => takenProblem(Number(conflict.row), conflict.id_number, Number(conflict.household_id)));
  const householdsChanged = `(${columnList('e', HOUSEHOLD_FIELDS)}) is distinct from (${columnList('s', HOUSEHOLD_FIELDS)})`;
  const membersChanged = `(${columnList('e', MEMBER_FIELDS)}) is distinct from (${columnList('s', MEMBER_FIELDS)})`;
  const [counts] = await queryRows<Record<string, number>>(db, sql`
    with h as (
      select s.household_key, s.village_code, e.id as existing_id, ${sql.raw(householdsChanged)} as changed, s.income_year is not null as has_income
      from ${sql.raw(STAGE_HOUSEHOLDS)} s
      join registry.households e on e.county_code = ${countyCode} and e.household_key = s.household_key
    ), m as (
      select e.id as current_id, e.household_id = h.existing_id as same_household, e.id is not null and ${sql.raw(membersChanged)} as changed,
        e.village_code is distinct from h.village_code as moved
      from ${sql.raw(STAGE_MEMBERS)} s
      join h on h.household_key = s.household_key
      left join registry.members e on e.county_code = ${countyCode} and e.id_number = s.id_number
    )
    select
      (select count(*) filter (where changed) from h)::int as households_updated,
      (select count(*) filter (where not changed) from h)::int as households_unchanged,
      (select count(*) filter (where has_income) from h)::int as incomes_written,
      (select count(*) filter (where current_id is null) from m)::int as members_created,
      (select count(*) filter (where same_household and changed) from m)::int as members_updated,
      (select count(*) filter (where same_household and not changed) from m)::int as members_unchanged,
      (select count(*) filter (where same_household and (changed or moved)) from m)::int as members_to_write`);
  const count = (name: string): number => Number(counts?.[name] ?? 0);
  return {
    counts: {
      householdsCreated: 0,
      householdsUpdated: count('households_updated'),
      householdsUnchanged: count('households_unchanged'),
      membersCreated: count('members_created'),
      membersUpdated: count('members_updated'),
      membersUnchanged: count('members_unchanged'),
      incomesWritten: count('incomes_written'),
    },
    problems,
    membersToWrite: count('members_to_write'),
  };
}

export interface CommitOutcome {
  counts: ImportPlanCounts;
  householdIds: number[];
}

/**
 * Writes a plan with no problems, in the transaction that planned it. Fresh households go in by
 * COPY with ids reserved from their sequences (see insertFresh); households the county already
 * has are merged set-based from the staging tables (see mergeExisting). Every created or changed
 * household gets one history row — the same change records as an edit by hand.
 */
export async function commitImport(db: Executor, plan: ImportPlan, countyCode: string, at: Date, username: string | null): Promise<CommitOutcome> {
  if (plan.parsed.households.length === 0) return { counts: plan.counts, householdIds: [] };
  if (plan.plannedOn !== db || plan.countyCode !== countyCode) throw new Error('commitImport must run in the transaction (and county) that ran planImport.');
  if (plan.problems.length > 0) throw new Error('commitImport refuses a plan with problems.');
  const stamp = at.toISOString();
  const written: WrittenHousehold[] = [];
  if (plan.existing.length > 0) written.push(...(await mergeExisting(db, plan, countyCode, stamp, username)));
  if (plan.fresh.length > 0) written.push(...(await insertFresh(db, plan.fresh, countyCode, stamp, username)));
  written.sort((a, b) => a.row - b.row);
  return { counts: plan.counts, householdIds: written.map((household) => household.id) };
}

interface WrittenHousehold {
  id: number;
  /** The head's row in the file. */
  row: number;
}

/**
 * Households the county already has, from the staging tables: one UPDATE … FROM per table,
 * touching only rows whose fields differ and returning before/after for the history; new members
 * by INSERT … SELECT; incomes upserted by (household, year); one INSERT … SELECT of history rows.
 */
async function mergeExisting(db: Executor, plan: ImportPlan, countyCode: string, stamp: string, username: string | null): Promise<WrittenHousehold[]> {
  const householdColumns = HOUSEHOLD_FIELDS.map(([, column]) => column);
  const memberColumns = MEMBER_FIELDS.map(([, column]) => column);
  const oldColumns = (alias: string, fields: readonly (readonly [string, string])[]): string => fields.map(([, column]) => `${alias}.${column} as old_${column}`).join(', ');
  const diffOldNew = (fields: readonly (readonly [string, string])[], after: string, prefix?: string): string =>
    fields
      .map(([key, column]) => {
        const old = `o.old_${column}`;
        return `(case when ${old} is distinct from ${after}.${column} then jsonb_build_object(${prefix ?? "''"} || '${key}', jsonb_build_array(${old}, ${after}.${column})) else '{}'::jsonb end)`;
      })
      .join(' || ');

  for (const table of [NEW_MEMBERS, CHANGES]) await run(db, `drop table if exists ${table}`);
  await run(db, `create temp table ${NEW_MEMBERS.replace('pg_temp.', '')} (id bigint, household_id bigint, ${MEMBER_STAGE.filter((column) => memberColumns.includes(column.name as never)).map((column) => `${column.name} ${column.type}`).join(', ')}) on commit drop`);
  await run(db, `create temp table ${CHANGES.replace('pg_temp.', '')} (household_id bigint, changes jsonb) on commit drop`);

  // Changed households: the FROM list holds the values before the update.
  if (plan.counts.householdsUpdated > 0) await run(db, sql`
    with upd as (
      update registry.households h
      set ${sql.raw(householdColumns.map((column) => `${column} = o.${column}`).join(', '))}, updated_at = ${stamp}::timestamptz
      from (
        select s.*, e.id as existing_id, ${sql.raw(oldColumns('e', HOUSEHOLD_FIELDS))}
        from ${sql.raw(STAGE_HOUSEHOLDS)} s join registry.households e on e.county_code = ${countyCode} and e.household_key = s.household_key
      ) o
      where h.id = o.existing_id and (${sql.raw(HOUSEHOLD_FIELDS.map(([, column]) => `o.old_${column}`).join(', '))}) is distinct from (${sql.raw(columnList('o', HOUSEHOLD_FIELDS))})
      returning h.id, ${sql.raw(diffOldNew(HOUSEHOLD_FIELDS, 'h'))} as changes
    )
    insert into ${sql.raw(CHANGES)} (household_id, changes) select id, changes from upd`);

  // A household that moved village takes all its members and incomes along (as households.move
  // does), also those not listed in the file: scope filters read village_code on every table.
  if (plan.counts.householdsUpdated > 0) {
    for (const table of ['members', 'incomes']) {
      await run(db, sql`
        update ${sql.raw(`registry.${table}`)} t set village_code = h.village_code
        from ${sql.raw(STAGE_HOUSEHOLDS)} s join registry.households h on h.county_code = ${countyCode} and h.household_key = s.household_key
        where t.household_id = h.id and t.village_code <> h.village_code`);
    }
  }

  // New members, in file order, with their household's id and village.
  await run(db, sql`
    with ins as (
      insert into registry.members (household_id, county_code, village_code, ${sql.raw(memberColumns.join(', '))})
      select h.id, ${countyCode}, h.village_code, ${sql.raw(columnList('s', MEMBER_FIELDS))}
      from ${sql.raw(STAGE_MEMBERS)} s join registry.households h on h.county_code = ${countyCode} and h.household_key = s.household_key
      where not exists (select 1 from registry.members e where e.county_code = ${countyCode} and e.id_number = s.id_number)
      order by s.row
      returning id, household_id, ${sql.raw(memberColumns.join(', '))}
    )
    insert into ${sql.raw(NEW_MEMBERS)} (id, household_id, ${sql.raw(memberColumns.join(', '))}) select * from ins`);

  // Changed members (fields, or the village after their household moved).
  if (plan.membersToWrite > 0) await run(db, sql`
    with upd as (
      update registry.members m
      set village_code = o.new_village_code, ${sql.raw(memberColumns.map((column) => `${column} = o.${column}`).join(', '))}
      from (
        select s.*, h.village_code as new_village_code, e.id as existing_id, e.village_code as old_village_code, ${sql.raw(oldColumns('e', MEMBER_FIELDS))}
        from ${sql.raw(STAGE_MEMBERS)} s
        join registry.members e on e.county_code = ${countyCode} and e.id_number = s.id_number
        join registry.households h on h.county_code = ${countyCode} and h.household_key = s.household_key
      ) o
      where m.id = o.existing_id
        and (o.old_village_code, ${sql.raw(MEMBER_FIELDS.map(([, column]) => `o.old_${column}`).join(', '))}) is distinct from (o.new_village_code, ${sql.raw(columnList('o', MEMBER_FIELDS))})
      returning m.id, m.household_id, ${sql.raw(diffOldNew(MEMBER_FIELDS, 'm', "'member:' || m.id || '.'"))} as changes
    )
    insert into ${sql.raw(CHANGES)} (household_id, changes) select household_id, changes from upd where changes <> '{}'::jsonb`);

  await run(db, sql`
    insert into registry.incomes as i (household_id, county_code, village_code, year, ${sql.raw(INCOME_FIELDS.join(', '))})
    select h.id, ${countyCode}, h.village_code, s.income_year, ${sql.raw(INCOME_FIELDS.map((column) => `s.${column}`).join(', '))}
    from ${sql.raw(STAGE_HOUSEHOLDS)} s join registry.households h on h.county_code = ${countyCode} and h.household_key = s.household_key
    where s.income_year is not null
    on conflict (household_id, year) do update set ${sql.raw(INCOME_FIELDS.map((column) => `${column} = excluded.${column}`).join(', '))}
    where (${sql.raw(INCOME_FIELDS.map((column) => `i.${column}`).join(', '))}) is distinct from (${sql.raw(INCOME_FIELDS.map((column) => `excluded.${column}`).join(', '))})`);

  // One history row per household with any change: changed records [before, after] per field,
  // created members their snapshot. json (text) aggregates, cast to jsonb once per household.
  const snapshot = `json_build_object(${MEMBER_FIELDS.map(([key, column]) => `'${key}', n.${column}`).join(', ')})`;
  await run(db, sql`
    insert into registry.household_history (household_id, county_code, village_code, at, username, action, changes)
    select h.id, ${countyCode}, h.village_code, ${stamp}::timestamptz, ${username}, 'import',
      (coalesce(f.changes, '{}'::jsonb) || coalesce(n.changes::jsonb, '{}'::jsonb))::json
    from (
      select household_id as id from ${sql.raw(CHANGES)}
      union select household_id from ${sql.raw(NEW_MEMBERS)}
    ) t
    join registry.households h on h.id = t.id
    left join (
      select household_id, jsonb_object_agg(item.key, item.value) as changes
      from ${sql.raw(CHANGES)}, jsonb_each(changes) as item group by household_id
    ) f on f.household_id = t.id
    left join (
      select n.household_id, json_object_agg('member:' || n.id, json_build_array(null, ${sql.raw(snapshot)})) as changes
      from ${sql.raw(NEW_MEMBERS)} n group by n.household_id
    ) n on n.household_id = t.id`);

  const ids = await queryRows<{ id: number | string; row: number }>(db, sql`
    select h.id, s.row from ${sql.raw(STAGE_HOUSEHOLDS)} s join registry.households h on h.county_code = ${countyCode} and h.household_key = s.household_key`);
  return ids.map((row) => ({ id: Number(row.id), row: Number(row.row) }));
}

/**
 * `count` ids from the serial sequence of `table`, in order: one nextval per id, so ids stay unique
 * beside concurrent inserts (they need not be contiguous). Returned as one string: 100k rows would
 * cost more to transfer than to draw.
 */
async function reserveIds(db: Executor, table: string, count: number): Promise<number[]> {
  // The sequence is looked up first: inside the query the planner would repeat the lookup per row.
  const [sequence] = await queryRows<{ name: string }>(db, sql`select pg_get_serial_sequence(${table}, 'id') as name`);
  const [row] = await queryRows<{ ids: string | null }>(db, sql`
    select string_agg(nextval(${sequence?.name ?? ''}::regclass)::text, ',') as ids from generate_series(1, ${count})`);
  const ids = (row?.ids ?? '').split(',').map(Number);
  if (ids.length !== count || ids.some((id) => !Number.isSafeInteger(id))) throw new Error(`could not reserve ${count} ids for ${table}`);
  return ids;
}

const FRESH_HOUSEHOLD_COLUMNS: readonly BulkColumn[] = [
  { name: 'id', type: 'bigint' }, { name: 'county_code', type: 'text' }, { name: 'household_key', type: 'text' },
  { name: 'village_code', type: 'text' }, { name: 'address', type: 'text' }, { name: 'status', type: 'text' },
  { name: 'year_left_poverty', type: 'smallint' }, { name: 'labour_capacity', type: 'text' },
  { name: 'created_at', type: 'timestamptz' }, { name: 'updated_at', type: 'timestamptz' },
];
const FRESH_MEMBER_COLUMNS: readonly BulkColumn[] = [
  { name: 'id', type: 'bigint' }, { name: 'household_id', type: 'bigint' }, { name: 'county_code', type: 'text' }, { name: 'village_code', type: 'text' },
  ...MEMBER_STAGE.filter((column) => MEMBER_FIELDS.some(([, name]) => name === column.name)),
];
const FRESH_INCOME_COLUMNS: readonly BulkColumn[] = [
  { name: 'household_id', type: 'bigint' }, { name: 'county_code', type: 'text' }, { name: 'village_code', type: 'text' }, { name: 'year', type: 'integer' },
  ...INCOME_FIELDS.map((name) => ({ name, type: 'bigint' })),
];
const HISTORY_COLUMNS: readonly BulkColumn[] = [
  { name: 'household_id', type: 'bigint' }, { name: 'county_code', type: 'text' }, { name: 'village_code', type: 'text' },
  { name: 'at', type: 'timestamptz' }, { name: 'username', type: 'text' }, { name: 'action', type: 'text' }, { name: 'changes', type: 'json' },
];

/**
 * Households the county does not have yet (the plan proved their keys and ID numbers free): ids
 * reserved from the sequences in file order, then COPY straight into households, members, incomes
 * and history — PostgreSQL's own bulk path, with no staging or merge. The history row records the
 * creation as an edit by hand would: every household field and each member's snapshot.
 */
async function insertFresh(db: Executor, fresh: readonly ParsedHousehold[], countyCode: string, stamp: string, username: string | null): Promise<WrittenHousehold[]> {
  const households = [...fresh].sort((a, b) => a.row - b.row);
  const members = households.flatMap((household) => household.members.map((member) => ({ household, member }))).sort((a, b) => a.member.row - b.member.row);
  const householdIds = await reserveIds(db, 'registry.households', households.length);
  const memberIds = await reserveIds(db, 'registry.members', members.length);
  const idOf = new Map(households.map((household, index) => [household, householdIds[index] as number]));
  const memberIdOf = new Map(members.map(({ member }, index) => [member, memberIds[index] as number]));

  await bulkLoad(db, 'registry.households', FRESH_HOUSEHOLD_COLUMNS, (function* () {
    for (const household of households) {
      const { fields } = household;
      yield [idOf.get(household) as number, countyCode, household.key, fields.villageCode, fields.address, fields.status, fields.yearLeftPoverty, fields.labourCapacity, stamp, stamp];
    }
  })());
  await bulkLoad(db, 'registry.members', FRESH_MEMBER_COLUMNS, (function* () {
    for (const { household, member } of members) {
      yield [
        memberIdOf.get(member) as number, idOf.get(household) as number, countyCode, household.fields.villageCode,
        member.name, member.idNumber, member.relation, member.birthDate, member.sex, member.disabilityGrade, member.seriousIllness, member.healthNote, member.schooling, member.employment,
      ];
    }
  })());
  await bulkLoad(db, 'registry.incomes', FRESH_INCOME_COLUMNS, (function* () {
    for (const household of households) {
      const { income } = household;
      if (income) yield [idOf.get(household) as number, countyCode, household.fields.villageCode, income.year, income.wagesFen, income.businessFen, income.propertyFen, income.transfersFen, income.productionCostsFen];
    }
  })());
  await bulkLoad(db, 'registry.household_history', HISTORY_COLUMNS, (function* () {
    for (const household of households) yield [idOf.get(household) as number, countyCode, household.fields.villageCode, stamp, username, 'import', JSON.stringify(creationChanges(household, memberIdOf))];
  })());
  return households.map((household) => ({ id: idOf.get(household) as number, row: household.row }));
}

/** A created household's history record: `[null, value]` per non-empty field and member snapshot. */
function creationChanges(household: ParsedHousehold, memberIdOf: ReadonlyMap<ParsedMember, number>): Record<string, [null, unknown]> {
  const changes: Record<string, [null, unknown]> = { householdKey: [null, household.key] };
  for (const [key] of HOUSEHOLD_FIELDS) {
    const value = household.fields[key];
    if (value !== null) changes[key] = [null, value];
  }
  for (const member of household.members) {
    const snapshot: Record<string, unknown> = {};
    for (const [key] of MEMBER_FIELDS) snapshot[key] = member[key];
    changes[`member:${memberIdOf.get(member) as number}`] = [null, snapshot];
  }
  return changes;
}
