/**
 * The registry's code lists in both UI languages. The Chinese wording is the package's own
 * (src/index.ts, the same words the spreadsheets use); the English is added here for the UI.
 */
import type { Localized, StatusDefinition } from '@zhenxing/ui';
import {
  DEPARTMENT_LABELS,
  EMPLOYMENT_LABELS,
  HOUSEHOLD_STATUS_LABELS,
  LABOUR_CAPACITY_LABELS,
  RELATION_LABELS,
  SCHOOLING_LABELS,
  SERIOUS_ILLNESS_LABELS,
  SEX_LABELS,
  type DepartmentSource,
  type Employment,
  type HouseholdStatus,
  type ImportPhase,
  type LabourCapacity,
  type Relation,
  type RiskSignalCategory,
  type Schooling,
  type SeriousIllnessCode,
} from '../index.ts';

/** zh-CN from the package's labels, English beside it. */
function both<Code extends string>(zh: Record<Code, string>, en: Record<Code, string>): Record<Code, Localized> {
  const result = {} as Record<Code, Localized>;
  for (const code of Object.keys(zh) as Code[]) result[code] = { 'zh-CN': zh[code], en: en[code] };
  return result;
}

export const STATUS_LABELS = both<HouseholdStatus>(HOUSEHOLD_STATUS_LABELS, { 'left-poverty': 'Out of poverty', monitored: 'Monitored', ordinary: 'Ordinary' });

/** 户类型 as a coloured tag. */
export const HOUSEHOLD_STATUSES: Record<HouseholdStatus, StatusDefinition> = {
  'left-poverty': { label: STATUS_LABELS['left-poverty'], tone: 'success' },
  monitored: { label: STATUS_LABELS.monitored, tone: 'warning' },
  ordinary: { label: STATUS_LABELS.ordinary, tone: 'default' },
};

export const LABOUR_LABELS = both<LabourCapacity>(LABOUR_CAPACITY_LABELS, {
  'has-labour': 'Able to work',
  'weak-labour': 'Limited capacity',
  'no-labour': 'Unable to work',
});

export const RELATIONS = both<Relation>(RELATION_LABELS, {
  head: 'Head',
  spouse: 'Spouse',
  child: 'Child',
  'child-in-law': 'Child-in-law',
  grandchild: 'Grandchild',
  parent: 'Parent',
  grandparent: 'Grandparent',
  sibling: 'Sibling',
  other: 'Other',
});

export const SEXES = both<'male' | 'female'>(SEX_LABELS, { male: 'Male', female: 'Female' });

export const ILLNESS_LABELS = both<SeriousIllnessCode>(SERIOUS_ILLNESS_LABELS, {
  none: 'None',
  'major-disease': 'Major disease',
  'major-chronic-disease': 'Major chronic disease',
});

export const SCHOOLINGS = both<Schooling>(SCHOOLING_LABELS, {
  'not-applicable': 'Not in school',
  preschool: 'Preschool',
  primary: 'Primary school',
  junior: 'Junior secondary',
  senior: 'Senior secondary',
  vocational: 'Vocational',
  college: 'College',
  'out-of-school': 'Dropped out',
  finished: 'Graduated',
});

export const EMPLOYMENTS = both<Employment>(EMPLOYMENT_LABELS, {
  farming: 'Farming',
  'local-work': 'Local work',
  'migrant-work': 'Migrant work',
  'self-employed': 'Self-employed',
  'public-welfare-job': 'Public-welfare job',
  unemployed: 'Unemployed',
  'not-working': 'Not working / n.a.',
});

/** 残疾等级: null is 无. */
export const DISABILITY_GRADES: readonly { value: 1 | 2 | 3 | 4 | null; label: Localized }[] = [
  { value: null, label: { 'zh-CN': '无', en: 'None' } },
  { value: 1, label: { 'zh-CN': '一级', en: 'Grade 1' } },
  { value: 2, label: { 'zh-CN': '二级', en: 'Grade 2' } },
  { value: 3, label: { 'zh-CN': '三级', en: 'Grade 3' } },
  { value: 4, label: { 'zh-CN': '四级', en: 'Grade 4' } },
];

export const DEPARTMENTS = both<DepartmentSource>(DEPARTMENT_LABELS, {
  'medical-insurance': 'Medical insurance',
  disability: "Disabled Persons' Federation",
  'civil-affairs': 'Civil affairs',
  emergency: 'Emergency management',
  education: 'Education',
});

export const IMPORT_PHASE_LABELS: Record<ImportPhase, Localized> = {
  reading: { 'zh-CN': '读取文件', en: 'Reading the file' },
  checking: { 'zh-CN': '核对', en: 'Checking' },
  writing: { 'zh-CN': '写入', en: 'Writing' },
  done: { 'zh-CN': '完成', en: 'Done' },
  failed: { 'zh-CN': '失败', en: 'Failed' },
};

export const RISK_SIGNAL_LABELS: Record<RiskSignalCategory, Localized> = {
  'major-illness': { 'zh-CN': '大病重病个人难以负担', en: 'Major illness beyond means' },
  'severe-disability': { 'zh-CN': '重度残疾', en: 'Severe disability' },
  'sudden-difficulty': { 'zh-CN': '突发严重困难', en: 'Sudden severe difficulty' },
  'low-income-high-spending': { 'zh-CN': '收入骤减或支出骤增', en: 'Income drop or spending surge' },
  'safety-net-recipient': { 'zh-CN': '低保/特困对象未纳入监测', en: 'Safety-net recipient not monitored' },
  'child-out-of-school': { 'zh-CN': '义务教育阶段失学辍学', en: 'Child out of compulsory school' },
};

/** Actions of the change history (the registry's own, and those other modules write). */
export const HISTORY_ACTIONS: Record<string, Localized> = {
  create: { 'zh-CN': '新建农户', en: 'Household created' },
  update: { 'zh-CN': '修改农户信息', en: 'Household edited' },
  move: { 'zh-CN': '迁移到其他村（社区）', en: 'Moved to another village' },
  'member.add': { 'zh-CN': '新增家庭成员', en: 'Member added' },
  'member.update': { 'zh-CN': '修改家庭成员信息', en: 'Member edited' },
  'income.record': { 'zh-CN': '登记收入', en: 'Income recorded' },
  import: { 'zh-CN': '表格导入', en: 'Spreadsheet import' },
  'monitoring.include': { 'zh-CN': '纳入防止返贫监测', en: 'Included in monitoring' },
  'monitoring.risk-eliminated': { 'zh-CN': '监测对象风险消除', en: 'Monitoring risk eliminated' },
};

/** Field names of a household, a member and an income, as the change history keys them. */
export const HOUSEHOLD_FIELDS: Record<string, Localized> = {
  householdKey: { 'zh-CN': '户编号（户主身份证号）', en: 'Household key (head’s ID)' },
  countyCode: { 'zh-CN': '县（区）', en: 'County' },
  villageCode: { 'zh-CN': '村（社区）', en: 'Village' },
  address: { 'zh-CN': '家庭住址', en: 'Address' },
  status: { 'zh-CN': '户类型', en: 'Household type' },
  yearLeftPoverty: { 'zh-CN': '脱贫年度', en: 'Year left poverty' },
  labourCapacity: { 'zh-CN': '劳动能力', en: 'Labour capacity' },
};

export const MEMBER_FIELDS: Record<string, Localized> = {
  name: { 'zh-CN': '姓名', en: 'Name' },
  idNumber: { 'zh-CN': '身份证号', en: 'ID number' },
  relation: { 'zh-CN': '与户主关系', en: 'Relation to head' },
  birthDate: { 'zh-CN': '出生日期', en: 'Birth date' },
  sex: { 'zh-CN': '性别', en: 'Sex' },
  disabilityGrade: { 'zh-CN': '残疾等级', en: 'Disability grade' },
  seriousIllness: { 'zh-CN': '大病/慢性病', en: 'Serious illness' },
  healthNote: { 'zh-CN': '健康状况说明', en: 'Health note' },
  schooling: { 'zh-CN': '在校情况', en: 'Schooling' },
  employment: { 'zh-CN': '就业情况', en: 'Employment' },
};

export const INCOME_FIELDS: Record<string, Localized> = {
  year: { 'zh-CN': '年度', en: 'Year' },
  wagesFen: { 'zh-CN': '工资性收入', en: 'Wages' },
  businessFen: { 'zh-CN': '生产经营性收入', en: 'Business income' },
  propertyFen: { 'zh-CN': '财产性收入', en: 'Property income' },
  transfersFen: { 'zh-CN': '转移性收入', en: 'Transfers' },
  productionCostsFen: { 'zh-CN': '生产经营性支出', en: 'Production costs' },
};

/** The income components in the order forms and tables show them (one list, the module's own). */
export { INCOME_COMPONENTS } from '../index.ts';

/** Options for a Select over a label map. */
export function optionsOf<Code extends string>(
  labels: Record<Code, Localized>,
  text: (value: Localized) => string,
  except: readonly Code[] = [],
): { value: Code; label: string }[] {
  return (Object.keys(labels) as Code[]).filter((code) => !except.includes(code)).map((value) => ({ value, label: text(labels[value]) }));
}

/** The rule behind a department-comparison finding (RiskSignal.rule). */
export const SIGNAL_RULE_LABELS: Record<string, Localized> = {
  evaluateRiskCategories: { 'zh-CN': '监测对象风险类别判定', en: 'Risk category rules' },
  evaluateBasicNeedsChecklist: { 'zh-CN': '“两不愁三保障”核查', en: 'Basic-needs checklist' },
  suddenDifficultyCategory: { 'zh-CN': '突发严重困难（待核实）', en: 'Sudden difficulty (to verify)' },
  'department-record': { 'zh-CN': '部门登记记录', en: 'Department record' },
};
