/**
 * Household import: stream rows → validate every row (reasons in zh-CN and en) → plan against the
 * database → commit all or nothing. Re-importing the same file is idempotent: households are
 * matched by 户主身份证号 (the household key) within the county, members by ID number; unchanged
 * records are left alone, changed ones updated; nothing is ever deleted by an import.
 */
import type { Executor } from '@zhenxing/db';
import { validateIdNumber, type IdNumberValidation } from '@zhenxing/rules';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
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
import { diff, writeHistory, type HistoryEntry } from './history.ts';
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
import { households, incomes, members } from './schema.ts';
import { cellText, isBlankRow, parseDateCell, parseIdNumberCell, parseYuanToFen, readRows, type Cell } from './spreadsheet.ts';

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

/** Reads and validates a whole file. Memory holds the parsed records, never the workbook. */
export async function parseImportFile(content: Buffer, format: FileFormat, scope: ImportScope): Promise<ParsedImport> {
  const collector = new RowCollector();
  let positions: Map<ImportColumnKey, number> | null = null;
  let rows = 0;
  const byKey = new Map<string, { members: ParsedMember[]; fields: RowHouseholdFields[] }>();
  const seenIds = new Map<string, number>();

  for await (const { row, cells } of readRows(content, format)) {
    if (isBlankRow(cells)) continue;
    if (!positions) {
      positions = mapHeaders(IMPORT_COLUMNS, cells.map((cell) => cellText(cell)));
      const missing = IMPORT_COLUMNS.filter((column) => column.required && !positions?.has(column.key));
      for (const column of missing) {
        collector.add(row, column.key, '', { 'zh-CN': `缺少必填列“${column.header}”，请使用下载的模板`, en: `the required column "${column.header}" is missing; use the downloadable template` });
      }
      if (missing.length > 0) return { format, rows: 0, households: [], problems: collector.problems };
      continue;
    }
    rows += 1;
    const map = positions;
    const cell = (key: ImportColumnKey): Cell | undefined => {
      const index = map.get(key);
      return index === undefined ? undefined : cells[index];
    };
    const text = (key: ImportColumnKey): string => cellText(cell(key));
    const before = collector.problems.length;

    // ── person ──
    const name = text('name');
    if (name === '') collector.add(row, 'name', '', { 'zh-CN': '姓名不能为空', en: 'the name is empty' });
    else if (name.length > 50) collector.add(row, 'name', name, { 'zh-CN': '姓名过长（最多50字）', en: 'the name is too long (at most 50 characters)' });

    const idNumber = idNumberField(collector, row, 'idNumber', cell('idNumber'), scope.asOf);
    const householdKeyField = idNumberField(collector, row, 'householdKey', cell('householdKey'), scope.asOf);
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

    if (collector.problems.length > before || !idNumber.valid || !householdKeyField.valid || !relation) continue;
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
  }
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

function idNumberField(collector: RowCollector, row: number, column: ImportColumnKey, cell: Cell | undefined, asOf: string): IdNumberValidation {
  const { value, storedAsNumber } = parseIdNumberCell(cell);
  const checked = validateIdNumber(value, { asOf });
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

// ── Planning against the database ──────────────────────────────────────────────────────────────

type HouseholdRow = typeof households.$inferSelect;
type MemberRow = typeof members.$inferSelect;

export interface ImportPlan {
  counts: ImportPlanCounts;
  problems: RowProblem[];
  /** ID numbers that also exist in another county (kept; listed under duplicates). */
  crossCountyDuplicates: number;
  newHouseholds: ParsedHousehold[];
  changedHouseholds: { existing: HouseholdRow; parsed: ParsedHousehold }[];
  /** household key → existing household (for all matched households). */
  existingByKey: Map<string, HouseholdRow>;
  existingMembers: Map<string, MemberRow>;
  parsed: ParsedImport;
}

const CHUNK = 1000;

async function inChunks<T, R>(items: readonly T[], run: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let start = 0; start < items.length; start += CHUNK) out.push(...(await run(items.slice(start, start + CHUNK))));
  return out;
}

function householdFieldsOf(row: HouseholdRow): ParsedHouseholdFields {
  return { villageCode: row.villageCode, address: row.address, status: row.status as HouseholdStatus, yearLeftPoverty: row.yearLeftPoverty, labourCapacity: row.labourCapacity as LabourCapacity };
}

function memberFieldsOf(member: ParsedMember | MemberRow): Record<string, unknown> {
  return {
    name: member.name,
    idNumber: member.idNumber,
    relation: member.relation,
    birthDate: member.birthDate,
    sex: member.sex,
    disabilityGrade: member.disabilityGrade,
    seriousIllness: member.seriousIllness,
    healthNote: member.healthNote,
    schooling: member.schooling,
    employment: member.employment,
  };
}

/** Compares the parsed file with the database: what would be created, updated or left unchanged. */
export async function planImport(db: Executor, parsed: ParsedImport, countyCode: string): Promise<ImportPlan> {
  const problems: RowProblem[] = [];
  const keys = parsed.households.map((household) => household.key);
  const existingHouseholds = await inChunks(keys, (chunk) =>
    db.select().from(households).where(and(eq(households.countyCode, countyCode), inArray(households.householdKey, chunk))),
  );
  const existingByKey = new Map(existingHouseholds.map((row) => [row.householdKey, row]));
  const ids = parsed.households.flatMap((household) => household.members.map((member) => member.idNumber));
  const existingMemberRows = await inChunks(ids, (chunk) => db.select().from(members).where(and(eq(members.countyCode, countyCode), inArray(members.idNumber, chunk))));
  const existingMembers = new Map(existingMemberRows.map((row) => [row.idNumber, row]));
  const elsewhere = await inChunks(ids, (chunk) =>
    db.selectDistinct({ idNumber: members.idNumber }).from(members).where(and(ne(members.countyCode, countyCode), inArray(members.idNumber, chunk))),
  );

  const counts: ImportPlanCounts = { householdsCreated: 0, householdsUpdated: 0, householdsUnchanged: 0, membersCreated: 0, membersUpdated: 0, membersUnchanged: 0, incomesWritten: 0 };
  const newHouseholds: ParsedHousehold[] = [];
  const changedHouseholds: ImportPlan['changedHouseholds'] = [];
  for (const household of parsed.households) {
    const existing = existingByKey.get(household.key);
    for (const member of household.members) {
      const current = existingMembers.get(member.idNumber);
      if (current && (!existing || current.householdId !== existing.id)) {
        problems.push({
          row: member.row,
          column: HEADER_BY_KEY.idNumber,
          value: member.idNumber,
          reason: { 'zh-CN': `此身份证号已登记在本县另一户（户编号 ${current.householdId}），请先在系统中调整`, en: `this ID number is already registered in another household of the county (id ${current.householdId}); change that first` },
        });
        continue;
      }
      if (!current) counts.membersCreated += 1;
      else if (Object.keys(diff(memberFieldsOf(current), memberFieldsOf(member))).length > 0) counts.membersUpdated += 1;
      else counts.membersUnchanged += 1;
    }
    if (household.income) counts.incomesWritten += 1;
    if (!existing) {
      counts.householdsCreated += 1;
      newHouseholds.push(household);
    } else if (Object.keys(diff(householdFieldsOf(existing) as unknown as Record<string, unknown>, household.fields as unknown as Record<string, unknown>)).length > 0) {
      counts.householdsUpdated += 1;
      changedHouseholds.push({ existing, parsed: household });
    } else counts.householdsUnchanged += 1;
  }
  return { counts, problems, crossCountyDuplicates: elsewhere.length, newHouseholds, changedHouseholds, existingByKey, existingMembers, parsed };
}

export interface CommitOutcome {
  counts: ImportPlanCounts;
  householdIds: number[];
}

/**
 * Writes a plan with no problems, in the caller's transaction: bulk inserts and updates in chunks,
 * incomes upserted by (household, year), one history row per changed household.
 */
export async function commitImport(db: Executor, plan: ImportPlan, countyCode: string, at: Date, username: string | null): Promise<CommitOutcome> {
  const history = new Map<number, HistoryEntry>();
  const entryFor = (id: number, villageCode: string): HistoryEntry => {
    let entry = history.get(id);
    if (!entry) {
      entry = { householdId: id, countyCode, villageCode, action: 'import', changes: {} };
      history.set(id, entry);
    }
    return entry;
  };
  const idByKey = new Map<string, number>([...plan.existingByKey].map(([key, row]) => [key, row.id]));
  for (let start = 0; start < plan.newHouseholds.length; start += CHUNK) {
    const chunk = plan.newHouseholds.slice(start, start + CHUNK);
    const inserted = await db
      .insert(households)
      .values(chunk.map((household) => ({ countyCode, householdKey: household.key, ...household.fields, createdAt: at, updatedAt: at })))
      .returning({ id: households.id, householdKey: households.householdKey });
    for (const row of inserted) idByKey.set(row.householdKey, row.id);
    for (const household of chunk) {
      const id = idByKey.get(household.key) as number;
      Object.assign(entryFor(id, household.fields.villageCode).changes, diff(null, { householdKey: household.key, ...household.fields }));
    }
  }
  for (const { existing, parsed } of plan.changedHouseholds) {
    await db.update(households).set({ ...parsed.fields, updatedAt: at }).where(eq(households.id, existing.id));
    Object.assign(entryFor(existing.id, parsed.fields.villageCode).changes, diff(householdFieldsOf(existing) as unknown as Record<string, unknown>, parsed.fields as unknown as Record<string, unknown>));
  }

  const newMembers: (typeof members.$inferInsert)[] = [];
  const incomeRows: (typeof incomes.$inferInsert)[] = [];
  for (const household of plan.parsed.households) {
    const householdId = idByKey.get(household.key) as number;
    const villageCode = household.fields.villageCode;
    for (const member of household.members) {
      const current = plan.existingMembers.get(member.idNumber);
      const fields = memberFieldsOf(member);
      if (!current) {
        newMembers.push({ householdId, countyCode, villageCode, ...(fields as Omit<typeof members.$inferInsert, 'householdId' | 'countyCode' | 'villageCode'>) });
        continue;
      }
      const changes = diff(memberFieldsOf(current), fields, `member:${current.id}.`);
      if (Object.keys(changes).length > 0 || current.villageCode !== villageCode) {
        await db.update(members).set({ ...(fields as Partial<typeof members.$inferInsert>), villageCode }).where(eq(members.id, current.id));
        Object.assign(entryFor(householdId, villageCode).changes, changes);
      }
    }
    if (household.income) incomeRows.push({ householdId, countyCode, villageCode, ...household.income });
  }
  for (let start = 0; start < newMembers.length; start += CHUNK) {
    const inserted = await db.insert(members).values(newMembers.slice(start, start + CHUNK)).returning();
    for (const row of inserted) {
      entryFor(row.householdId, row.villageCode).changes[`member:${row.id}`] = [null, memberFieldsOf(row)];
    }
  }
  for (let start = 0; start < incomeRows.length; start += CHUNK) {
    await db
      .insert(incomes)
      .values(incomeRows.slice(start, start + CHUNK))
      .onConflictDoUpdate({
        target: [incomes.householdId, incomes.year],
        set: {
          wagesFen: sql`excluded.wages_fen`,
          businessFen: sql`excluded.business_fen`,
          propertyFen: sql`excluded.property_fen`,
          transfersFen: sql`excluded.transfers_fen`,
          productionCostsFen: sql`excluded.production_costs_fen`,
        },
      });
  }
  await writeHistory(db, [...history.values()], at, username);
  return { counts: plan.counts, householdIds: [...new Set(idByKey.values())] };
}
