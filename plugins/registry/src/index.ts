/**
 * @zhenxing/plugin-registry — isomorphic part (no Node, no React): ids, permissions, code lists,
 * zod input schemas, the read-model types other plugins build against, and event payloads.
 */
import { defineModule, READ_ROLES, type ModuleEvents } from '@zhenxing/core/module';
import { z } from 'zod';
import { fenAmount, isoDate, plainText, regionCodeInput } from '@zhenxing/core/inputs';
import { idNumberTypeError, type IncomeComponents, type PerCapitaNetIncome, type HouseholdMemberInput, type Reason } from '@zhenxing/rules';

export const REGISTRY_PLUGIN_ID = 'registry';

/** Permission names (relative; the host prefixes `registry.`). */
export const REGISTRY_PERMISSIONS = {
  read: 'household.read',
  write: 'household.write',
  import: 'household.import',
  compare: 'department.compare',
  /** See ID numbers and health data unmasked. */
  piiView: 'pii.view',
} as const;

// ── Code lists (stored as stable English codes; zh-CN labels for the UI and spreadsheets) ──────

export const HOUSEHOLD_STATUSES = ['left-poverty', 'monitored', 'ordinary'] as const;
export const HouseholdStatusSchema = z.enum(HOUSEHOLD_STATUSES);
export type HouseholdStatus = z.infer<typeof HouseholdStatusSchema>;
export const HOUSEHOLD_STATUS_LABELS: Record<HouseholdStatus, string> = {
  'left-poverty': '脱贫户',
  monitored: '监测户',
  ordinary: '一般农户',
};

export const LABOUR_CAPACITIES = ['has-labour', 'weak-labour', 'no-labour'] as const;
export const LabourCapacitySchema = z.enum(LABOUR_CAPACITIES);
export type LabourCapacity = z.infer<typeof LabourCapacitySchema>;
export const LABOUR_CAPACITY_LABELS: Record<LabourCapacity, string> = {
  'has-labour': '有劳动力',
  'weak-labour': '弱劳动力',
  'no-labour': '无劳动力',
};

export const RELATIONS = ['head', 'spouse', 'child', 'child-in-law', 'grandchild', 'parent', 'grandparent', 'sibling', 'other'] as const;
export const RelationSchema = z.enum(RELATIONS);
export type Relation = z.infer<typeof RelationSchema>;
export const RELATION_LABELS: Record<Relation, string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  'child-in-law': '儿媳/女婿',
  grandchild: '孙子女',
  parent: '父母',
  grandparent: '祖父母',
  sibling: '兄弟姐妹',
  other: '其他',
};

/** The income components of a household's yearly income (fen), in the order forms and tables show them. */
export const INCOME_COMPONENTS = [
  'wagesFen',
  'businessFen',
  'propertyFen',
  'transfersFen',
  'productionCostsFen',
] as const satisfies readonly (keyof IncomeComponents)[];
export type IncomeComponent = (typeof INCOME_COMPONENTS)[number];
export const INCOME_COMPONENT_LABELS: Record<IncomeComponent, { 'zh-CN': string; en: string }> = {
  wagesFen: { 'zh-CN': '工资性收入', en: 'wages' },
  businessFen: { 'zh-CN': '生产经营性收入', en: 'production and business' },
  propertyFen: { 'zh-CN': '财产性收入', en: 'property' },
  transfersFen: { 'zh-CN': '转移性收入', en: 'transfers' },
  productionCostsFen: { 'zh-CN': '生产经营性支出', en: 'production costs' },
};

export const SEXES = ['male', 'female'] as const;
export const SexCodeSchema = z.enum(SEXES);
export const SEX_LABELS: Record<(typeof SEXES)[number], string> = { male: '男', female: '女' };

/** 30 种大病 / 4 种重大慢性病, the same codes as @zhenxing/rules' SeriousIllnessSchema. */
export const SERIOUS_ILLNESS_CODES = ['none', 'major-disease', 'major-chronic-disease'] as const;
export const SeriousIllnessCodeSchema = z.enum(SERIOUS_ILLNESS_CODES);
export type SeriousIllnessCode = z.infer<typeof SeriousIllnessCodeSchema>;
export const SERIOUS_ILLNESS_LABELS: Record<SeriousIllnessCode, string> = {
  none: '无',
  'major-disease': '大病',
  'major-chronic-disease': '重大慢性病',
};

export const SCHOOLINGS = ['not-applicable', 'preschool', 'primary', 'junior', 'senior', 'vocational', 'college', 'out-of-school', 'finished'] as const;
export const SchoolingSchema = z.enum(SCHOOLINGS);
export type Schooling = z.infer<typeof SchoolingSchema>;
export const SCHOOLING_LABELS: Record<Schooling, string> = {
  'not-applicable': '非在校',
  preschool: '学前',
  primary: '小学',
  junior: '初中',
  senior: '高中',
  vocational: '中职/高职',
  college: '大学',
  'out-of-school': '失学辍学',
  finished: '已毕业',
};

export const EMPLOYMENTS = ['farming', 'local-work', 'migrant-work', 'self-employed', 'public-welfare-job', 'unemployed', 'not-working'] as const;
export const EmploymentSchema = z.enum(EMPLOYMENTS);
export type Employment = z.infer<typeof EmploymentSchema>;
export const EMPLOYMENT_LABELS: Record<Employment, string> = {
  farming: '务农',
  'local-work': '本地务工',
  'migrant-work': '外出务工',
  'self-employed': '自主经营',
  'public-welfare-job': '公益岗位',
  unemployed: '待业',
  'not-working': '无业/不适用',
};

export const DisabilityGradeCodeSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).nullable();
export type DisabilityGradeCode = 1 | 2 | 3 | 4 | null;

const VillageCodeSchema = z.string().regex(/^\d{12}$/, '村代码应为12位数字 / a village code has 12 digits');
const RegionCodeSchema = regionCodeInput;
const IsoDateString = isoDate;

// ── Input schemas ─────────────────────────────────────────────────────────────────────────────

/** A member's fields without defaults: the base of both the create and the patch schema. */
const MemberFieldsSchema = z.object({
  name: plainText(50).trim().min(1),
  // A number here was a numeric cell somewhere: refused as precision lost, like every other path.
  idNumber: z.string({ error: idNumberTypeError }).pipe(plainText(32).trim().min(1)),
  relation: RelationSchema,
  /** Derived from the ID number when omitted; must agree with it when given. */
  birthDate: IsoDateString.optional(),
  sex: SexCodeSchema.optional(),
  disabilityGrade: DisabilityGradeCodeSchema,
  seriousIllness: SeriousIllnessCodeSchema,
  healthNote: plainText(500),
  schooling: SchoolingSchema,
  employment: EmploymentSchema,
});

/** A new member: omitted health, schooling and employment fields take their defaults. */
export const MemberInputSchema = MemberFieldsSchema.extend({
  disabilityGrade: MemberFieldsSchema.shape.disabilityGrade.default(null),
  seriousIllness: MemberFieldsSchema.shape.seriousIllness.default('none'),
  healthNote: MemberFieldsSchema.shape.healthNote.default(''),
  schooling: MemberFieldsSchema.shape.schooling.default('not-applicable'),
  employment: MemberFieldsSchema.shape.employment.default('not-working'),
});
export type MemberInput = z.input<typeof MemberInputSchema>;

/**
 * An edit: only the fields sent. Built from the fields WITHOUT defaults — `MemberInputSchema.partial()`
 * would fill every omitted field with its default (zod 4 applies defaults inside optional), so
 * editing one field reset disability, illness, schooling and employment (issue 11).
 */
export const MemberPatchSchema = MemberFieldsSchema.partial();
export type MemberPatch = z.output<typeof MemberPatchSchema>;

export const IncomeInputSchema = z.object({
  year: z.int().min(2000).max(2100),
  wagesFen: fenAmount,
  businessFen: fenAmount,
  propertyFen: fenAmount,
  transfersFen: fenAmount,
  productionCostsFen: fenAmount,
});
export type IncomeInput = z.infer<typeof IncomeInputSchema>;

export const HouseholdFieldsSchema = z.object({
  villageCode: VillageCodeSchema,
  address: plainText(200).trim().min(1),
  status: HouseholdStatusSchema,
  yearLeftPoverty: z.int().min(2013).max(2030).nullable().default(null),
  labourCapacity: LabourCapacitySchema.default('has-labour'),
});

export const CreateHouseholdInputSchema = HouseholdFieldsSchema.extend({
  regionCode: RegionCodeSchema.optional(),
  members: z.array(MemberInputSchema).min(1).max(30),
  income: IncomeInputSchema.optional(),
});
export type CreateHouseholdInput = z.input<typeof CreateHouseholdInputSchema>;

export const HOUSEHOLD_SORTS = ['id', 'villageCode', 'address', 'status', 'memberCount', 'updatedAt'] as const;

export const ListHouseholdsInputSchema = z.object({
  regionCode: RegionCodeSchema.optional(),
  page: z.int().min(1).default(1),
  pageSize: z.int().min(1).max(200).default(20),
  sort: z.enum(HOUSEHOLD_SORTS).default('id'),
  order: z.enum(['asc', 'desc']).default('asc'),
  status: HouseholdStatusSchema.optional(),
  /** Name (prefix), ID number (exact or prefix), village code, or household key. */
  search: plainText(50).trim().optional(),
});
export type ListHouseholdsInput = z.input<typeof ListHouseholdsInputSchema>;

export const FILE_FORMATS = ['xlsx', 'csv'] as const;
export const FileFormatSchema = z.enum(FILE_FORMATS);
export type FileFormat = z.infer<typeof FileFormatSchema>;

/** Largest spreadsheet accepted (import, comparison): the upload route's declared limit. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/**
 * A file uploaded once through `POST /upload/registry/<purpose>` (purposes: `import`,
 * `comparison`); preview, commit and comparison refer to it by id instead of carrying it.
 */
export const UploadRefSchema = z.object({
  regionCode: RegionCodeSchema.optional(),
  uploadId: z.uuid(),
});

/** An import's preview or commit: the upload, and whether vertically merged cells are filled down. */
export const ImportRefSchema = UploadRefSchema.extend({
  /** Copy the value of a vertically merged range (e.g. 户主身份证号 merged over a household) to each of its rows. */
  fillDown: z.boolean().default(false),
});

export const IMPORT_PHASES = ['reading', 'checking', 'writing', 'done', 'failed'] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];
/** An import's progress, kept in the database (core.upload_progress): any server instance answers. */
export interface ImportProgress {
  /** reading the file → checking against the registry → writing (commit only) → done | failed. */
  phase: ImportPhase;
  /** Rows read so far (the whole file's once read). */
  rowsDone: number;
  /** The file's data rows, once read; null while reading. */
  rowsTotal: number | null;
  /** Share of the file read, 0–100; null when not known (e.g. after reading). */
  percent: number | null;
  /** Problems found so far (preview or refused commit). */
  problems: number;
  /** Why it failed, when it did. */
  error: { 'zh-CN': string; en: string } | null;
}

export const DEPARTMENT_SOURCES = ['medical-insurance', 'disability', 'civil-affairs', 'emergency', 'education'] as const;
export const DepartmentSourceSchema = z.enum(DEPARTMENT_SOURCES);
export type DepartmentSource = z.infer<typeof DepartmentSourceSchema>;
export const DEPARTMENT_LABELS: Record<DepartmentSource, string> = {
  'medical-insurance': '医保',
  disability: '残联',
  'civil-affairs': '民政',
  emergency: '应急管理',
  education: '教育',
};

// ── Read model (what list/detail and the public server API return) ───────────────────────────

export interface HouseholdRecord {
  id: number;
  countyCode: string;
  villageCode: string;
  /** 户编号: the head's ID number when the household was created; the import key. */
  householdKey: string;
  address: string;
  status: HouseholdStatus;
  yearLeftPoverty: number | null;
  labourCapacity: LabourCapacity;
  createdAt: string;
  updatedAt: string;
}

export interface MemberRecord {
  id: number;
  householdId: number;
  countyCode: string;
  villageCode: string;
  name: string;
  /** Masked (maskIdNumber) unless the reader holds registry.pii.view. */
  idNumber: string;
  relation: Relation;
  /** YYYY-MM-DD (server-side; readers see a MemberView). */
  birthDate: string;
  /** Whole years today in Asia/Shanghai — what a reader without registry.pii.view sees instead of the birth date. */
  age: number | null;
  sex: 'male' | 'female';
  /** null when none — or when hidden (see `healthHidden`). */
  disabilityGrade: DisabilityGradeCode;
  seriousIllness: SeriousIllnessCode | null;
  healthNote: string | null;
  /** True when health fields were hidden for a reader without registry.pii.view. */
  healthHidden: boolean;
  schooling: Schooling;
  employment: Employment;
}

/**
 * A member as a reader sees it: for a reader without registry.pii.view the birth date is null (with
 * the masked ID number it would give back the full one) and `age` stands in for it.
 */
export type MemberView = Omit<MemberRecord, 'birthDate'> & { birthDate: string | null };

export interface IncomeRecord extends IncomeComponents {
  householdId: number;
  year: number;
}

// ── Public server API types (see src/server/public.ts) ────────────────────────────────────────

/** Everything the rules need about one household; unmasked (server-side use only). */
export interface HouseholdProfile {
  household: HouseholdRecord;
  members: MemberRecord[];
  /** Latest income year on record, and the year before it when recorded. */
  latestIncome: IncomeRecord | null;
  previousIncome: IncomeRecord | null;
  /** perCapitaNetIncome of the latest income (null when none recorded). */
  perCapita: PerCapitaNetIncome | null;
  previousPerCapita: PerCapitaNetIncome | null;
  /** Members in the shape of @zhenxing/rules' HouseholdMemberSchema (memberId = String(member.id)). */
  rulesMembers: HouseholdMemberInput[];
}

/** Yearly income components of one household and year, fen. */
export interface IncomeYear {
  year: number;
  wagesFen: number;
  businessFen: number;
  propertyFen: number;
  transfersFen: number;
  productionCostsFen: number;
}

/** One row of the bulk income read (`readHouseholdIncomes`): a household, its size and two income years. */
export interface HouseholdIncomeRow {
  householdId: number;
  countyCode: string;
  villageCode: string;
  status: HouseholdStatus;
  yearLeftPoverty: number | null;
  /** Members on record (0 when none). */
  members: number;
  /** The asked year's income, else the latest earlier year carried forward; null when none. */
  base: IncomeYear | null;
  /** The year before the asked year, when recorded. */
  previous: IncomeYear | null;
}

export interface VisitDutyHousehold {
  householdId: number;
  countyCode: string;
  villageCode: string;
  address: string;
  status: HouseholdStatus;
  headName: string;
}

// ── Events ───────────────────────────────────────────────────────────────────────────────────

export const RISK_SIGNAL_CATEGORIES = [
  'major-illness',
  'severe-disability',
  'sudden-difficulty',
  'low-income-high-spending',
  /** 低保/特困 recipient not registered as 监测户 (a data discrepancy for cadre screening). */
  'safety-net-recipient',
  /** 6–15-year-old reported out of school (§3 义务教育). */
  'child-out-of-school',
] as const;
export type RiskSignalCategory = (typeof RISK_SIGNAL_CATEGORIES)[number];

/** A department-data comparison finding about one household (§1 早 部门预警). */
export const RiskSignalSchema = z.object({
  countyCode: z.string(),
  householdId: z.int().positive(),
  villageCode: z.string(),
  memberId: z.int().positive().nullable(),
  source: DepartmentSourceSchema,
  category: z.enum(RISK_SIGNAL_CATEGORIES),
  /** The @zhenxing/rules function that decided it, or 'department-record' for a record-only flag. */
  rule: z.string(),
  /** Parameter set version used; null when no parameterised rule was involved. */
  parameterVersion: z.string().nullable(),
  /** True when the rules leave the decision to a verifying cadre (e.g. §1 宽 ③ sharpness). */
  needsVerification: z.boolean(),
  evidence: z.object({
    // The reasons were built by @zhenxing/rules (already validated there); here only their shape.
    reasons: z.array(
      z.custom<Reason<string>>((value) => typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string'),
    ),
    /** The department row's relevant fields (never the ID number). */
    record: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
    fileName: z.string(),
    row: z.int(),
  }),
  /** ISO date (Asia/Shanghai) of the comparison run. */
  detectedOn: z.iso.date(),
});
export type RiskSignal = z.infer<typeof RiskSignalSchema>;

const CADRES = ['county_admin', 'township_officer', 'village_cadre'] as const;

/** The registry module: one title and one permission list for server and web. */
export const registryModule = defineModule({
  id: 'registry',
  title: { 'zh-CN': '农户信息', en: 'Household registry' },
  permissions: {
    'household.read': READ_ROLES,
    'household.write': CADRES,
    'household.import': ['county_admin', 'township_officer'],
    'department.compare': ['county_admin'],
    /** ID numbers and health data unmasked: only the cadres who work with the households. */
    'pii.view': CADRES,
  },
  events: { 'risk-signal': RiskSignalSchema },
});
export type RegistryPermission = keyof typeof registryModule.permissions;

declare module '@zhenxing/core' {
  interface EventMap extends ModuleEvents<typeof registryModule> {}
}

// ── Import / comparison results ──────────────────────────────────────────────────────────────

export interface RowProblem {
  /** 1-based spreadsheet row (the header is row 1). */
  row: number;
  /** Column header as written in the template (zh-CN), or '' for whole-row problems. */
  column: string;
  value: string;
  reason: { 'zh-CN': string; en: string };
}

export interface ImportPreview {
  fileName: string;
  format: FileFormat;
  rows: number;
  households: number;
  members: number;
  /** The first problems (at most 1,000, by row); `problemCount` counts all of them. */
  problems: RowProblem[];
  problemCount: number;
  /** Header cells of the file that name no template column (and cells past the column limit): not read. */
  ignoredColumns: string[];
  /** The sheet (null for CSV) and row the header was read from; null when no header was found. */
  source: { sheet: string | null; headerRow: number } | null;
  /** Hidden rows (people hidden in the sheet, e.g. moved away): never imported; the first 200 listed. */
  hiddenRows: number[];
  hiddenRowCount: number;
  /** Vertically merged cells in data columns (first 200), and whether this preview filled them down. */
  mergedCells: { column: string; firstRow: number; lastRow: number }[];
  filledDown: boolean;
  /** True when there is no problem and commit will succeed (data permitting). */
  valid: boolean;
  /** What commit will do: households new/updated/unchanged, members new/updated/unchanged. */
  plan: ImportPlanCounts;
}

export interface ImportPlanCounts {
  householdsCreated: number;
  householdsUpdated: number;
  householdsUnchanged: number;
  membersCreated: number;
  membersUpdated: number;
  membersUnchanged: number;
  incomesWritten: number;
}

export interface ComparisonResult {
  source: DepartmentSource;
  /** Where the data was read: the sheet (null for CSV) and the header's row. */
  sheet: string | null;
  headerRow: number;
  rows: number;
  matched: number;
  unmatched: number;
  flagged: number;
  unmatchedRows: { row: number; name: string; idNumber: string; reason: { 'zh-CN': string; en: string } }[];
  /** Each flag with the file row and the rules' reasons (the department record stays server-side). */
  /** Without registry.pii.view the reasons (health figures) are left out and `healthHidden` is true. */
  signals: (Omit<RiskSignal, 'evidence'> & { row: number; reasons: RiskSignal['evidence']['reasons']; healthHidden?: true })[];
}
