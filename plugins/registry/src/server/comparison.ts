/**
 * 部门信息比对 (§1 早): a department's file is matched to members by ID number and the §1 宽 rules
 * of @zhenxing/rules are evaluated with the department's figures. Each finding becomes a typed
 * `registry.risk-signal` event for the monitoring plugin. Nothing in the registry is changed.
 */
import { errors, type AccessScope, type ParameterLookup } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import {
  evaluateBasicNeedsChecklist,
  evaluateRiskCategories,
  maskIdNumber,
  reason,
  validateIdNumber,
  type ParameterSet,
  type Reason,
  type RiskCategory,
} from '@zhenxing/rules';
import { and, inArray } from 'drizzle-orm';
import type { ComparisonResult, DepartmentSource, FileFormat, HouseholdProfile, RiskSignal, RiskSignalCategory } from '../index.ts';
import { DEPARTMENT_LABELS } from '../index.ts';
import { findHeaderRow, HEADER_SEARCH_ROWS } from './header-search.ts';
import { parseDisabilityGrade, parseIllness } from './import-template.ts';
import { getHouseholdProfile } from './public.ts';
import { members } from './schema.ts';
import { cellText, isBlankRow, parseIdNumberCell, parseYuanToFen, yieldToEventLoop, type Cell } from './spreadsheet.ts';

type ColumnKey = 'idNumber' | 'name' | 'outOfPocket' | 'illness' | 'disabilityGrade' | 'assistance' | 'eventType' | 'loss' | 'schoolStatus';

interface DepartmentColumn {
  key: ColumnKey;
  header: string;
  aliases?: readonly string[];
  required: boolean;
}

const COMMON: DepartmentColumn[] = [
  { key: 'idNumber', header: '身份证号', aliases: ['证件号码', '身份证号码', '公民身份号码'], required: true },
  { key: 'name', header: '姓名', required: false },
];

/** The columns each department's file must carry (downloadable as a template). */
export const DEPARTMENT_COLUMNS: Record<DepartmentSource, DepartmentColumn[]> = {
  'medical-insurance': [
    ...COMMON,
    { key: 'outOfPocket', header: '年度累计自付费用(元)', aliases: ['个人自付费用(元)', '自付费用'], required: true },
    { key: 'illness', header: '病种类别', aliases: ['病种'], required: false },
  ],
  disability: [...COMMON, { key: 'disabilityGrade', header: '残疾等级', required: true }],
  'civil-affairs': [...COMMON, { key: 'assistance', header: '救助类型', aliases: ['保障类型'], required: true }],
  emergency: [
    ...COMMON,
    { key: 'eventType', header: '灾害类型', aliases: ['事件类型'], required: true },
    { key: 'loss', header: '损失金额(元)', required: false },
  ],
  education: [...COMMON, { key: 'schoolStatus', header: '在校状态', aliases: ['学籍状态'], required: true }],
};

interface DepartmentRow {
  row: number;
  name: string;
  idNumber: string;
  values: Record<ColumnKey, Cell | undefined>;
}

type Localized = { 'zh-CN': string; en: string };

export interface ComparisonScope {
  access: AccessScope;
  today: string;
  /** The published policy parameters (`ctx.parameters`). */
  parameters: ParameterLookup;
  fileName: string;
}

export interface ComparisonOutcome {
  result: ComparisonResult;
  signals: RiskSignal[];
}

export async function compareDepartmentFile(
  db: Executor,
  scope: ComparisonScope,
  source: DepartmentSource,
  content: Buffer,
  format: FileFormat,
): Promise<ComparisonOutcome> {
  const columns = DEPARTMENT_COLUMNS[source];
  const unmatchedRows: ComparisonResult['unmatchedRows'] = [];
  const rows: DepartmentRow[] = [];
  // The header may sit below a title row or notes, on the second sheet after a 说明 sheet.
  const { header, best } = await findHeaderRow(content, format, columns);
  if (!header) {
    const missing = columns.filter((column) => column.required && !best?.positions.has(column.key));
    const where = best?.sheet ? `工作表“${best.sheet}”` : '';
    throw errors.invalid(
      {
        'zh-CN': `${DEPARTMENT_LABELS[source]}文件${where}前${HEADER_SEARCH_ROWS}行中没有找到表头，缺少列：${missing.map((column) => column.header).join('、')}`,
        en: `No header in the first ${HEADER_SEARCH_ROWS} rows${best?.sheet ? ` of sheet "${best.sheet}"` : ''}; the file lacks columns: ${missing.map((column) => column.header).join(', ')}`,
      },
      { missing: missing.map((column) => column.header) },
    );
  }
  const positions = header.positions;
  let totalRows = 0;
  for (const { row, cells } of header.rest) {
    // Let other requests run between chunks of rows.
    if (row % 500 === 0) await yieldToEventLoop();
    if (isBlankRow(cells)) continue;
    totalRows += 1;
    const values = Object.fromEntries(
      columns.map((column) => [column.key, positions.has(column.key) ? cells[positions.get(column.key) as number] : undefined]),
    ) as Record<ColumnKey, Cell | undefined>;
    const { value, storedAsNumber } = parseIdNumberCell(values.idNumber);
    // A numeric cell is refused as precision lost (the rules never guess the lost digits).
    const checked = validateIdNumber(storedAsNumber && typeof values.idNumber === 'number' ? values.idNumber : value);
    const name = cellText(values.name);
    if (!checked.valid) {
      unmatchedRows.push({
        row,
        name,
        idNumber: maskIdNumber(value),
        reason: {
          'zh-CN': `身份证号无效：${checked.reasons.map((item) => item.message['zh-CN']).join('；')}`,
          en: `invalid ID number: ${checked.reasons.map((item) => item.message.en).join('; ')}`,
        },
      });
      continue;
    }
    rows.push({ row, name, idNumber: checked.idNumber, values });
  }

  const ids = [...new Set(rows.map((row) => row.idNumber))];
  const found = [];
  for (let start = 0; start < ids.length; start += 1000) {
    found.push(
      ...(await db
        .select()
        .from(members)
        .where(and(scope.access.where(members.countyCode, members.villageCode), inArray(members.idNumber, ids.slice(start, start + 1000))))),
    );
  }
  const byId = new Map(found.map((member) => [member.idNumber, member]));
  const profiles = new Map<number, HouseholdProfile>();
  const signals: RiskSignal[] = [];
  const flaggedHouseholds = new Set<number>();
  let matched = 0;
  // Medical rows are evaluated per household, so that spending of several members adds up (§1 宽 ④).
  const medicalByHousehold = new Map<number, DepartmentRow[]>();

  for (const row of rows) {
    const member = byId.get(row.idNumber);
    if (!member) {
      unmatchedRows.push({
        row: row.row,
        name: row.name,
        idNumber: maskIdNumber(row.idNumber),
        reason: { 'zh-CN': '在本辖区农户信息中未找到此身份证号', en: 'no household member in your area has this ID number' },
      });
      continue;
    }
    matched += 1;
    let profile = profiles.get(member.householdId);
    if (!profile) {
      profile = (await getHouseholdProfile(db, member.householdId, scope.today)) as HouseholdProfile;
      profiles.set(member.householdId, profile);
    }
    if (source === 'medical-insurance') {
      const list = medicalByHousehold.get(member.householdId) ?? [];
      list.push(row);
      medicalByHousehold.set(member.householdId, list);
      continue;
    }
    const findings = evaluateRow(source, row, member.id, profile, scope, unmatchedRows);
    for (const item of findings) signals.push(signalOf(item, profile, member.id, source, row, scope));
  }

  for (const [householdId, householdRows] of medicalByHousehold) {
    const profile = profiles.get(householdId) as HouseholdProfile;
    for (const item of evaluateMedical(profile, householdRows, byId, scope, unmatchedRows)) {
      signals.push(signalOf(item, profile, item.memberId, source, item.row, scope));
    }
  }
  for (const signal of signals) flaggedHouseholds.add(signal.householdId);
  return {
    result: {
      source,
      sheet: header.sheet,
      headerRow: header.row,
      rows: totalRows,
      matched,
      unmatched: unmatchedRows.length,
      flagged: flaggedHouseholds.size,
      unmatchedRows,
      signals: signals.map(({ evidence, ...rest }) => ({ ...rest, row: evidence.row, reasons: evidence.reasons })),
    },
    signals,
  };
}

interface Finding {
  category: RiskSignalCategory;
  rule: string;
  parameterVersion: string | null;
  needsVerification: boolean;
  reasons: Reason<string>[];
  record: Record<string, string | number | null>;
  memberId: number | null;
  row: DepartmentRow;
}

function parameters(lookup: ParameterLookup, profile: HouseholdProfile, today: string): ParameterSet {
  return lookup.inForce(profile.household.countyCode, today);
}

function incomeFacts(profile: HouseholdProfile) {
  const latest = profile.latestIncome;
  return {
    perCapitaIncomeFen: profile.perCapita?.perCapitaFen ?? null,
    previousYear:
      latest && profile.perCapita
        ? { perCapitaIncomeFen: profile.perCapita.perCapitaFen, totalIncomeFen: profile.perCapita.totalNetIncomeFen, year: latest.year }
        : null,
  };
}

function ruleFindings(
  categories: readonly RiskCategory[],
  evaluation: ReturnType<typeof evaluateRiskCategories>,
  base: Omit<Finding, 'category' | 'reasons' | 'rule' | 'parameterVersion' | 'needsVerification'>,
): Finding[] {
  return evaluation.results
    .filter((item) => item.matched && categories.includes(item.category))
    .map((item) => ({
      ...base,
      category: item.category,
      rule: 'evaluateRiskCategories',
      parameterVersion: item.parameterVersion,
      needsVerification: false,
      reasons: item.reasons,
    }));
}

function evaluateMedical(
  profile: HouseholdProfile,
  rows: DepartmentRow[],
  byId: Map<string, typeof members.$inferSelect>,
  day: Pick<ComparisonScope, 'today' | 'parameters'>,
  unmatched: ComparisonResult['unmatchedRows'],
): Finding[] {
  const params = parameters(day.parameters, profile, day.today);
  const costs = new Map<number, number>();
  const illnessOverride = new Map<number, 'none' | 'major-disease' | 'major-chronic-disease'>();
  const valid: DepartmentRow[] = [];
  for (const row of rows) {
    const memberId = (byId.get(row.idNumber) as typeof members.$inferSelect).id;
    const fen = parseYuanToFen(row.values.outOfPocket);
    const illnessText = cellText(row.values.illness);
    const illness = illnessText === '' ? null : parseIllness(illnessText);
    if (fen === null || (illnessText !== '' && !illness)) {
      unmatched.push({
        row: row.row,
        name: row.name,
        idNumber: maskIdNumber(row.idNumber),
        reason: { 'zh-CN': '自付费用或病种类别无法识别', en: 'the out-of-pocket cost or illness type is not recognised' },
      });
      continue;
    }
    costs.set(memberId, (costs.get(memberId) ?? 0) + fen);
    if (illness) illnessOverride.set(memberId, illness);
    valid.push(row);
  }
  if (valid.length === 0) return [];
  const people = profile.rulesMembers.map((member) => ({
    ...member,
    seriousIllness: illnessOverride.get(Number(member.memberId)) ?? member.seriousIllness,
    outOfPocketMedicalFen: costs.get(Number(member.memberId)) ?? 0,
  }));
  const facts = incomeFacts(profile);
  const spendingFen = [...costs.values()].reduce((sum, value) => sum + value, 0);
  const evaluation = evaluateRiskCategories(
    {
      members: people,
      perCapitaIncomeFen: facts.perCapitaIncomeFen ?? 0,
      previousYear: facts.previousYear
        ? { perCapitaIncomeFen: facts.previousYear.perCapitaIncomeFen, totalIncomeFen: facts.previousYear.totalIncomeFen }
        : null,
      spending: { illnessFen: spendingFen, schoolingFen: 0, accidentFen: 0 },
    },
    params,
  );
  const first = valid[0] as DepartmentRow;
  const record = { outOfPocketFen: spendingFen, rows: valid.map((row) => row.row).join(',') };
  const findings: Finding[] = [];
  // §1 宽 ①: one signal per member above the warning standard.
  const illness = evaluation.results.find((item) => item.category === 'major-illness');
  if (illness?.matched) {
    for (const itemReason of illness.reasons.filter((item) => item.code === 'member-exceeds-medical-warning')) {
      const memberId = Number(itemReason.data.memberId);
      const row = valid.find((candidate) => byId.get(candidate.idNumber)?.id === memberId) ?? first;
      findings.push({
        category: 'major-illness',
        rule: 'evaluateRiskCategories',
        parameterVersion: illness.parameterVersion,
        needsVerification: false,
        reasons: [itemReason],
        record: { outOfPocketFen: costs.get(memberId) ?? 0 },
        memberId,
        row,
      });
    }
  }
  // §1 宽 ④ only when last year's income is the latest on record.
  if (facts.previousYear && facts.previousYear.year === params.previousYear) {
    findings.push(...ruleFindings(['low-income-high-spending'], evaluation, { record, memberId: null, row: first }));
  }
  return findings;
}

function evaluateRow(
  source: DepartmentSource,
  row: DepartmentRow,
  memberId: number,
  profile: HouseholdProfile,
  day: Pick<ComparisonScope, 'today' | 'parameters'>,
  unmatched: ComparisonResult['unmatchedRows'],
): Finding[] {
  const bad = (message: Localized): Finding[] => {
    unmatched.push({ row: row.row, name: row.name, idNumber: maskIdNumber(row.idNumber), reason: message });
    return [];
  };
  const params = parameters(day.parameters, profile, day.today);
  const base = { memberId, row };
  if (source === 'disability') {
    const grade = parseDisabilityGrade(cellText(row.values.disabilityGrade));
    if (grade === undefined) return bad({ 'zh-CN': '残疾等级无法识别', en: 'the disability grade is not recognised' });
    if (profile.perCapita === null) return [];
    const people = profile.rulesMembers.map((member) => (Number(member.memberId) === memberId ? { ...member, disabilityGrade: grade } : member));
    const evaluation = evaluateRiskCategories({ members: people, perCapitaIncomeFen: profile.perCapita.perCapitaFen }, params);
    return ruleFindings(['severe-disability'], evaluation, { ...base, record: { disabilityGrade: grade, perCapitaIncomeFen: profile.perCapita.perCapitaFen } });
  }
  if (source === 'civil-affairs') {
    const kind = cellText(row.values.assistance);
    if (!/低保|特困/.test(kind)) return bad({ 'zh-CN': '救助类型应为“低保”或“特困”', en: 'assistance type must be 低保 or 特困' });
    if (profile.household.status === 'monitored') return [];
    return [
      {
        ...base,
        category: 'safety-net-recipient',
        rule: 'department-record',
        parameterVersion: null,
        needsVerification: true,
        reasons: [
          reason(
            'safety-net-recipient',
            '§1 早',
            {
              'zh-CN': `民政部门登记为${kind}对象，但该户不是监测户，请核实是否存在返贫致贫风险`,
              en: `civil affairs lists this person as ${kind}, but the household is not monitored; verify the risk`,
            },
            { assistance: kind },
          ),
        ],
        record: { assistance: kind },
      },
    ];
  }
  if (source === 'emergency') {
    const eventType = cellText(row.values.eventType);
    const loss = parseYuanToFen(row.values.loss);
    if (eventType === '' || loss === null) return bad({ 'zh-CN': '灾害类型或损失金额无法识别', en: 'the event type or loss is not recognised' });
    // §1 宽 ③: sharpness and the effect on basic living are the verifying cadre's judgements (rules).
    return [
      {
        ...base,
        category: 'sudden-difficulty',
        rule: 'suddenDifficultyCategory',
        parameterVersion: params.version,
        needsVerification: true,
        reasons: [
          reason(
            'sudden-event-reported',
            '§1 宽 ③',
            {
              'zh-CN': `应急管理部门报告该户遭受${eventType}，损失 ${(loss / 100).toFixed(2)} 元，请入户核实收入是否骤减、支出是否骤增及基本生活是否受影响`,
              en: `emergency management reports ${eventType} with a loss of ${(loss / 100).toFixed(2)} yuan; visit to verify the effect on income, spending and basic living`,
            },
            { eventType, lossFen: loss },
          ),
        ],
        record: { eventType, lossFen: loss },
      },
    ];
  }
  // education: the rules' checklist decides who is of compulsory-school age and out of school.
  const status = cellText(row.values.schoolStatus);
  const schooling = /辍学|失学/.test(status) ? 'out-of-school' : /送教/.test(status) ? 'home-delivered' : /在校|在读/.test(status) ? 'enrolled' : null;
  if (!schooling) return bad({ 'zh-CN': '在校状态应为 在校、送教上门 或 辍学', en: 'school status must be 在校, 送教上门 or 辍学' });
  const member = profile.members.find((person) => person.id === memberId);
  if (!member || schooling !== 'out-of-school') return [];
  const checklist = evaluateBasicNeedsChecklist(
    {
      checkedOn: day.today,
      foodAndClothingSecure: true,
      housingGrade: 'A',
      members: [{ memberId: String(memberId), birthDate: member.birthDate, schooling, medicalInsured: true }],
      water: { quantity: true, quality: true, reliability: true, convenience: true },
    },
    params,
  );
  const findings = checklist.findings.filter((finding) => finding.code === 'child-out-of-school');
  if (findings.length === 0) return [];
  return [
    {
      ...base,
      category: 'child-out-of-school',
      rule: 'evaluateBasicNeedsChecklist',
      parameterVersion: checklist.parameterVersion,
      needsVerification: false,
      reasons: findings,
      record: { schoolStatus: status },
    },
  ];
}

function signalOf(
  finding: Finding,
  profile: HouseholdProfile,
  memberId: number | null,
  source: DepartmentSource,
  row: DepartmentRow,
  scope: ComparisonScope,
): RiskSignal {
  return {
    countyCode: profile.household.countyCode,
    householdId: profile.household.id,
    villageCode: profile.household.villageCode,
    memberId,
    source,
    category: finding.category,
    rule: finding.rule,
    parameterVersion: finding.parameterVersion,
    needsVerification: finding.needsVerification,
    evidence: { reasons: finding.reasons, record: finding.record, fileName: scope.fileName, row: row.row },
    detectedOn: scope.today,
  };
}

/**
 * A comparison's answer as the caller sees it. The rules' reasons name health details (out-of-pocket
 * medical spending, disability grade, illness) and department records: a caller without
 * registry.pii.view gets each flag's household, category and file row only, `healthHidden: true` —
 * the same policy as the monitoring plugin's department signals. ID numbers are masked for all.
 */
export function comparisonView(result: ComparisonResult, pii: boolean): ComparisonResult {
  if (pii) return result;
  return { ...result, signals: result.signals.map((signal) => ({ ...signal, reasons: [], healthHidden: true })) };
}
