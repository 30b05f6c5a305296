/**
 * @zhenxing/plugin-visits — isomorphic part (no Node, no React): the module (id, title,
 * permissions, events), code lists, zod input schemas and the read-model types of §3 每月入户走访.
 */
import { defineModule, READ_ROLES, type ModuleEvents } from '@zhenxing/core/module';
import { isoDate, MAX_FEN, plainText, regionCodeInput } from '@zhenxing/core/inputs';
import { BASIC_NEEDS_FINDING_CODES, HOUSING_GRADES, RISK_TYPE_LABELS, RISK_TYPES, SCHOOLING_STATES, type MeasureSuggestion } from '@zhenxing/rules';
import { z } from 'zod';
import { INCOME_COMPONENTS, INCOME_COMPONENT_LABELS, type IncomeComponent } from '@zhenxing/plugin-registry';

export const VISITS_PLUGIN_ID = 'visits' as const;

const regionCode = regionCodeInput.optional();
const id = z.int().positive();
const villageCodeInput = z.string().regex(/^\d{12}$/, '村代码应为12位数字 / a village code has 12 digits');
/** YYYY-MM (a calendar month in Asia/Shanghai). */
export const monthInput = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM / a month is written YYYY-MM');
/** A change in fen, up or down (an income or spending difference since the last visit). */
export const fenChange = z.int().min(-MAX_FEN).max(MAX_FEN);
/** An instant with its offset (2026-03-31T16:30:00Z, 2026-04-01T00:30:00+08:00). */
const instant = z.iso.datetime({ offset: true });

// ── Code lists ──────────────────────────────────────────────────────────────────────────────

/** 包联干部: village committee cadre (村"两委"), resident work-team member (驻村工作队), township contact cadre. */
export const CADRE_KINDS = ['village-cadre', 'work-team', 'township-cadre'] as const;
export const CadreKindSchema = z.enum(CADRE_KINDS);
export type CadreKind = z.infer<typeof CadreKindSchema>;
export const CADRE_KIND_LABELS: Record<CadreKind, { 'zh-CN': string; en: string }> = {
  'village-cadre': { 'zh-CN': '村"两委"干部', en: 'village committee cadre' },
  'work-team': { 'zh-CN': '驻村工作队员', en: 'resident work-team member' },
  'township-cadre': { 'zh-CN': '乡镇包村干部', en: 'township contact cadre' },
};

/** Industry and employment since the last visit. */
export const WORK_STATES = ['stable', 'improved', 'declined', 'none'] as const;
export const WorkStateSchema = z.enum(WORK_STATES);
export type WorkState = z.infer<typeof WorkStateSchema>;
export const WORK_STATE_LABELS: Record<WorkState, { 'zh-CN': string; en: string }> = {
  stable: { 'zh-CN': '稳定', en: 'stable' },
  improved: { 'zh-CN': '好转', en: 'improved' },
  declined: { 'zh-CN': '下滑', en: 'declined' },
  none: { 'zh-CN': '无', en: 'none' },
};

/** The registry's income components, as changes since the last visit (annual amounts, fen). */
export { INCOME_COMPONENTS, INCOME_COMPONENT_LABELS, type IncomeComponent };
export const SPENDING_KINDS = ['medicalFen', 'educationFen', 'otherFen'] as const;
export type SpendingKind = (typeof SPENDING_KINDS)[number];
export const SPENDING_KIND_LABELS: Record<SpendingKind, { 'zh-CN': string; en: string }> = {
  medicalFen: { 'zh-CN': '医疗支出', en: 'medical spending' },
  educationFen: { 'zh-CN': '教育支出', en: 'schooling spending' },
  otherFen: { 'zh-CN': '其他刚性支出', en: 'other unavoidable spending' },
};

/** zh-CN/en names of the rules' risk types (因病、因残 …): the rules' one list, shared with monitoring. */
export { RISK_TYPE_LABELS };

export const COPY_FLAG_KINDS = ['identical-answers', 'too-many-per-day', 'night-time'] as const;
export type CopyFlagKind = (typeof COPY_FLAG_KINDS)[number];
export const COPY_FLAG_LABELS: Record<CopyFlagKind, { 'zh-CN': string; en: string }> = {
  'identical-answers': { 'zh-CN': '多户答案完全相同', en: 'identical answers across households' },
  'too-many-per-day': { 'zh-CN': '单人单日走访户数过多', en: 'more visits by one visitor in a day than plausible' },
  'night-time': { 'zh-CN': '夜间走访时间', en: 'visit time at night' },
};

// ── Input schemas ─────────────────────────────────────────────────────────────────────────────

export const AssignInputSchema = z
  .object({
    regionCode,
    /** One household … */
    householdId: id.optional(),
    /** … or a whole village (every due household there without its own assignment). */
    villageCode: villageCodeInput.optional(),
    cadreName: plainText(50).trim().min(1),
    /** The cadre's account, when they have one (their workload and offline pack follow it). */
    cadreUsername: plainText(64).trim().min(1).optional(),
    cadreKind: CadreKindSchema,
    effectiveFrom: isoDate,
  })
  .superRefine((value, context) => {
    if ((value.householdId === undefined) === (value.villageCode === undefined)) {
      context.addIssue({ code: 'custom', path: ['householdId'], message: '请指定一户或一个村（二选一） / name either one household or one village' });
    }
  });
export type AssignInput = z.input<typeof AssignInputSchema>;

export const ListAssignmentsInputSchema = z.object({
  regionCode,
  householdId: id.optional(),
  /** Include ended assignments (the history). */
  history: z.boolean().default(false),
});

export const MonthInputSchema = z.object({ regionCode, month: monthInput.optional() });

export const IncomeChangesSchema = z.object({
  wagesFen: fenChange.default(0),
  businessFen: fenChange.default(0),
  propertyFen: fenChange.default(0),
  transfersFen: fenChange.default(0),
  productionCostsFen: fenChange.default(0),
});
export type IncomeChanges = z.output<typeof IncomeChangesSchema>;
export const SpendingChangesSchema = z.object({
  medicalFen: fenChange.default(0),
  educationFen: fenChange.default(0),
  otherFen: fenChange.default(0),
});
export type SpendingChanges = z.output<typeof SpendingChangesSchema>;

export const ChecklistMemberInputSchema = z.object({
  memberId: id,
  schooling: z.enum(SCHOOLING_STATES),
  /** Covered by basic medical insurance (基本医疗保险). */
  medicalInsured: z.boolean(),
});
/** 两不愁三保障 + drinking water, as asked on the visit; members' birth dates come from the registry. */
export const ChecklistInputSchema = z.object({
  foodAndClothingSecure: z.boolean(),
  housingGrade: z.enum(HOUSING_GRADES),
  members: z.array(ChecklistMemberInputSchema).min(1).max(30),
  water: z.object({ quantity: z.boolean(), quality: z.boolean(), reliability: z.boolean(), convenience: z.boolean() }),
});
export type ChecklistInput = z.output<typeof ChecklistInputSchema>;

export const WorkSectionSchema = z.object({ state: WorkStateSchema, note: plainText(500).trim().default('') });

/** Photos per visit, and the size limit of each (the upload declaration in server/plugin.ts). */
export const MAX_PHOTOS = 6;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export const PhotoInputSchema = z.object({ regionCode, visitId: id, uploadId: z.uuid() });

export interface VisitPhoto {
  visitId: number;
  countyCode: string;
  villageCode: string;
  uploadId: string;
  type: 'jpeg' | 'png' | 'webp';
  bytes: number;
  /** `data:image/…;base64,…` for an <img>. */
  dataUrl: string;
}

export const RecordVisitInputSchema = z.object({
  regionCode,
  /** Made by the client when the form opens: a second sync of the same visit returns the first. */
  clientId: z.uuid(),
  householdId: id,
  visitedAt: instant,
  /** When the form was opened (offline replays keep it). */
  startedAt: instant.optional(),
  /** Recorded without a connection and synced later. */
  recordedOffline: z.boolean().default(false),
  /** How long the form took, in seconds. */
  formSeconds: z.int().min(0).max(86_400),
  visitors: z.array(plainText(50).trim().min(1)).min(1).max(10),
  personMet: plainText(50).trim().min(1),
  incomeChanges: IncomeChangesSchema.default({ wagesFen: 0, businessFen: 0, propertyFen: 0, transfersFen: 0, productionCostsFen: 0 }),
  spendingChanges: SpendingChangesSchema.default({ medicalFen: 0, educationFen: 0, otherFen: 0 }),
  industry: WorkSectionSchema,
  employment: WorkSectionSchema,
  checklist: ChecklistInputSchema,
  policyNotes: plainText(1000).trim().default(''),
  findings: plainText(1000).trim().default(''),
  /** Risks the visitor found beyond the checklist (因病、因学 …). */
  riskTypes: z.array(z.enum(RISK_TYPES)).max(RISK_TYPES.length).default([]),
  /**
   * The last visit the form was pre-filled from (null: the form saw none). When the household has a
   * newer visit on the server by the time this one arrives (another cadre visited meanwhile, or an
   * offline visit synced late), the changes "since the last visit" would count twice: CONFLICT.
   * Omitted: not checked (API callers that do not prefill).
   */
  basedOnVisitId: id.nullable().optional(),
  /** Photos uploaded first (`POST /upload/visits/photo`, JPEG/PNG/WebP ≤ 5 MB); kept once the visit is recorded. */
  photoUploadIds: z.array(z.uuid()).max(MAX_PHOTOS).default([]),
  location: z
    .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
    .nullable()
    .default(null),
});
export type RecordVisitInput = z.input<typeof RecordVisitInputSchema>;

export const ListVisitsInputSchema = z.object({
  regionCode,
  month: monthInput.optional(),
  householdId: id.optional(),
  limit: z.int().min(1).max(500).default(100),
});

export const HouseholdInputSchema = z.object({ regionCode, householdId: id });
export const VisitIdInputSchema = z.object({ regionCode, visitId: id });

// ── Read model ───────────────────────────────────────────────────────────────────────────────

export interface AssignmentRecord {
  id: number;
  countyCode: string;
  villageCode: string;
  /** null: the whole village. */
  householdId: number | null;
  /** The household head's name in lists ("" for a whole village or no head registered). */
  headName?: string;
  cadreName: string;
  cadreUsername: string | null;
  cadreKind: CadreKind;
  effectiveFrom: string;
  /** Last day in force; null while it is. */
  effectiveTo: string | null;
  assignedBy: string;
}

export interface ChecklistResult {
  findings: { code: string; clause: string; message: { 'zh-CN': string; en: string } }[];
  basicNeedsSecure: boolean;
  drinkingWaterSecure: boolean;
  parameterVersion: string;
}

export interface VisitRecord {
  id: number;
  clientId: string;
  countyCode: string;
  villageCode: string;
  householdId: number;
  /** The household head's name, in lists (not stored with the visit). */
  headName?: string;
  visitedAt: string;
  /** Asia/Shanghai date and month of `visitedAt`. */
  visitedOn: string;
  month: string;
  startedAt: string | null;
  recordedOffline: boolean;
  formSeconds: number;
  visitors: string[];
  personMet: string;
  recordedBy: string;
  incomeChanges: IncomeChanges;
  /** `medicalFen` is a health detail: null for readers without registry.pii.view (`healthHidden`). */
  spendingChanges: Omit<SpendingChanges, 'medicalFen'> & { medicalFen: number | null };
  healthHidden: boolean;
  industry: { state: WorkState; note: string };
  employment: { state: WorkState; note: string };
  checklist: ChecklistInput;
  checklistResult: ChecklistResult;
  policyNotes: string;
  findings: string;
  riskTypes: string[];
  suggestedMeasures: MeasureSuggestion[];
  /** The visit's photos (upload ids; `visits.photo` serves each to readers who may see the visit). */
  photoIds: string[];
  location: { latitude: number; longitude: number } | null;
  createdAt: string;
}

/** What the form opens with: the last visit's answers and the registry's current values. */
export interface VisitPrefill {
  household: { id: number; villageCode: string; address: string; status: string; headName: string };
  /** Members as the checklist asks about them (no birth date: age only). */
  members: { id: number; name: string; relation: string; age: number | null; schooling: (typeof SCHOOLING_STATES)[number]; employment: string }[];
  /** The registry's latest income year, per component (fen). */
  income: ({ year: number } & Record<IncomeComponent, number>) | null;
  lastVisit: Pick<VisitRecord, 'id' | 'visitedOn' | 'industry' | 'employment' | 'checklist' | 'policyNotes' | 'findings' | 'riskTypes'> | null;
  /** Due this month and not yet visited. */
  dueThisMonth: boolean;
  visitedThisMonth: boolean;
}

export interface VisitChange {
  field: string;
  label: { 'zh-CN': string; en: string };
  before: string | number | boolean | null;
  after: string | number | boolean | null;
}

export interface ComplianceRow {
  villageCode: string;
  due: number;
  done: number;
  overdue: number;
}

/** A county's figures of the month (the province and city dashboards chart these). */
export interface ComplianceCountyRow {
  countyCode: string;
  due: number;
  done: number;
  overdue: number;
}

export interface ComplianceSummary {
  month: string;
  /** True once the month has ended (Asia/Shanghai): a missing visit is then overdue. */
  closed: boolean;
  due: number;
  done: number;
  overdue: number;
  /** done / due in basis points (10000 = 100%); 10000 when nothing is due. */
  coverageBasisPoints: number;
  /** Per village: a county or smaller region only (`detail`); empty for a city or the province. */
  byVillage: ComplianceRow[];
  /** Per county (a county's overdue is its villages' added up); a city or the province charts these. */
  byCounty: ComplianceCountyRow[];
  /** Whether the late list and the per-cadre rows are served: a county or smaller region only. */
  detail: boolean;
  late: { householdId: number; villageCode: string; address: string; headName: string; cadreName: string | null }[];
  byCadre: { cadreName: string; due: number; done: number; missing: number }[];
}

export interface CopyFlag {
  kind: CopyFlagKind;
  /** The county of the visits flagged (its settings set the thresholds). */
  countyCode: string;
  /** The visitor (account) the flag is about. */
  recordedBy: string;
  visitIds: number[];
  day: string | null;
  detail: { 'zh-CN': string; en: string };
}

// ── Events ───────────────────────────────────────────────────────────────────────────────────

/** A visit found a problem: the monitoring module takes it as a risk signal (source `visit`). */
export const VisitFindingSchema = z.object({
  countyCode: z.string(),
  villageCode: z.string(),
  householdId: z.int().positive(),
  visitId: z.int().positive(),
  /** Asia/Shanghai date of the visit. */
  visitedOn: z.iso.date(),
  findingCodes: z.array(z.enum(BASIC_NEEDS_FINDING_CODES)),
  riskTypes: z.array(z.enum(RISK_TYPES)),
  /** zh-CN summary built from the codes only (no health detail, no free text). */
  summary: z.string(),
  parameterVersion: z.string(),
});
export type VisitFinding = z.infer<typeof VisitFindingSchema>;

/** Income components changed since the last visit; the registry (or an income module) applies it. */
export const VisitIncomeChangedSchema = z.object({
  countyCode: z.string(),
  villageCode: z.string(),
  householdId: z.int().positive(),
  visitId: z.int().positive(),
  visitedOn: z.iso.date(),
  /** The income year the change applies to (the visit's year). */
  year: z.int(),
  changes: z.object({ wagesFen: z.int(), businessFen: z.int(), propertyFen: z.int(), transfersFen: z.int(), productionCostsFen: z.int() }),
});
export type VisitIncomeChanged = z.infer<typeof VisitIncomeChangedSchema>;

const CADRES = ['county_admin', 'township_officer', 'village_cadre'] as const;

/** The visits module: one title and one permission list for server and web. */
export const visitsModule = defineModule({
  id: VISITS_PLUGIN_ID,
  title: { 'zh-CN': '每月入户走访', en: 'Monthly household visits' },
  permissions: {
    'visit.read': READ_ROLES,
    'visit.record': CADRES,
    'assignment.manage': ['county_admin', 'township_officer'],
  },
  events: { finding: VisitFindingSchema, 'income-changed': VisitIncomeChangedSchema },
});
export type VisitsPermission = keyof typeof visitsModule.permissions;

declare module '@zhenxing/core' {
  interface EventMap extends ModuleEvents<typeof visitsModule> {}
}
