/**
 * @zhenxing/plugin-monitoring — isomorphic part (no Node, no React): ids, permission names, the
 * identification and elimination steps, zod input schemas, read-model types and event payloads.
 *
 * §1 早宽简实: risk signals from every source → identification case (15-day clock) → monitoring
 * object → assistance measures (缺什么补什么) → risk elimination. Every decision is a call into
 * @zhenxing/rules; this module records the work and keeps the clock.
 */
import { defineModule, READ_ROLES, type ModuleEvents } from '@zhenxing/core/module';
import {
  MeasureKindSchema,
  MonitoringObjectTypeSchema,
  ParameterVersionSchema,
  RiskTypeSchema,
  SuddenEventCauseSchema,
  SuddenEventSchema,
  type GreenChannelDecision,
  type IdentificationProgress,
  type MonitoringObjectDecision,
  type MonitoringObjectType,
  type ParameterChange,
  type Reason,
  type RiskCategoriesEvaluation,
  type RiskEliminationDecision,
} from '@zhenxing/rules';
import { z } from 'zod';
import { fenAmount, isoDate, plainText, regionCodeInput } from '@zhenxing/core/inputs';

export const MONITORING_PLUGIN_ID = 'monitoring' as const;

/** Permission names (relative; the host prefixes `monitoring.`). */
export const MONITORING_PERMISSIONS = {
  read: 'case.read',
  report: 'signal.report',
  /** Household verification, data comparison, village democratic review, village notice. */
  village: 'case.village',
  township: 'case.township-review',
  approve: 'case.approve',
  greenChannel: 'case.green-channel',
  measures: 'measure.write',
  eliminationPropose: 'elimination.village',
  eliminationApprove: 'elimination.approve',
  dashboard: 'dashboard.read',
} as const;

// ── Code lists ──────────────────────────────────────────────────────────────────────────────

/** Where a risk signal came from (§1 早 三种来源 + §3 monthly visits). */
export const SIGNAL_SOURCES = ['self-report', 'cadre-screening', 'department', 'visit'] as const;
export const SignalSourceSchema = z.enum(SIGNAL_SOURCES);
export type SignalSource = z.infer<typeof SignalSourceSchema>;
export const SIGNAL_SOURCE_LABELS: Record<SignalSource, { 'zh-CN': string; en: string }> = {
  'self-report': { 'zh-CN': '农户自主申报', en: 'household self-report' },
  'cadre-screening': { 'zh-CN': '干部排查', en: 'cadre screening' },
  department: { 'zh-CN': '部门筛查预警', en: 'department warning' },
  visit: { 'zh-CN': '走访发现', en: 'found on a visit' },
};

/** What happened to a signal: it opened a case, joined the open case, or flags a new risk of a monitored household. */
export const SIGNAL_DISPOSITIONS = ['opened-case', 'absorbed-by-case', 'new-risk-on-monitored'] as const;
export type SignalDisposition = (typeof SIGNAL_DISPOSITIONS)[number];

/**
 * The identification procedure (§1 简, context steps): 入户核实（签字授权）→ 数据比对 → 村民主评议 →
 * 村内公示 → 乡镇审核 → 县级审定公告 → 纳入监测. `rejected` closes a case with a reason.
 */
export const CASE_STEPS = [
  'verification',
  'comparison',
  'village-review',
  'village-notice',
  'township-review',
  'county-approval',
  'included',
  'rejected',
] as const;
export const CaseStepSchema = z.enum(CASE_STEPS);
export type CaseStep = z.infer<typeof CaseStepSchema>;
export const OPEN_CASE_STEPS = ['verification', 'comparison', 'village-review', 'village-notice', 'township-review', 'county-approval'] as const;
export type OpenCaseStep = (typeof OPEN_CASE_STEPS)[number];
export const CASE_STEP_LABELS: Record<CaseStep, { 'zh-CN': string; en: string }> = {
  verification: { 'zh-CN': '入户核实', en: 'household verification' },
  comparison: { 'zh-CN': '数据比对', en: 'data comparison' },
  'village-review': { 'zh-CN': '村民主评议', en: 'village democratic review' },
  'village-notice': { 'zh-CN': '村内公示', en: 'village notice' },
  'township-review': { 'zh-CN': '乡镇审核', en: 'township review' },
  'county-approval': { 'zh-CN': '县级审定', en: 'county approval' },
  included: { 'zh-CN': '已纳入监测', en: 'included in monitoring' },
  rejected: { 'zh-CN': '不予纳入', en: 'rejected' },
};

/** Who an overdue identification has been escalated to (stored on the case). */
export const ESCALATION_LEVELS = ['none', 'county', 'city', 'province'] as const;
export const EscalationLevelSchema = z.enum(ESCALATION_LEVELS);
export type EscalationLevel = z.infer<typeof EscalationLevelSchema>;

export const OBJECT_STATUSES = ['monitored', 'risk-eliminated'] as const;
export type ObjectStatus = (typeof OBJECT_STATUSES)[number];

export const MEASURE_STATUSES = ['planned', 'active', 'completed', 'cancelled'] as const;
export const MeasureStatusSchema = z.enum(MEASURE_STATUSES);
export type MeasureStatus = z.infer<typeof MeasureStatusSchema>;

/** Risk elimination 风险消除: proposal (criteria checked) → 村评议 → 村公示 → 县审定. */
export const ELIMINATION_STEPS = ['village-review', 'village-notice', 'county-approval', 'approved', 'rejected'] as const;
export const EliminationStepSchema = z.enum(ELIMINATION_STEPS);
export type EliminationStep = z.infer<typeof EliminationStepSchema>;
export const OPEN_ELIMINATION_STEPS = ['village-review', 'village-notice', 'county-approval'] as const;

// ── Input schemas ───────────────────────────────────────────────────────────────────────────

const regionCode = regionCodeInput.optional();
const id = z.int().positive();
const IsoDate = isoDate;
const Fen = fenAmount;

/** An attachment is referenced, not uploaded here: its file name and where it is kept. */
export const AttachmentSchema = z.object({ name: plainText(200).trim().min(1), ref: plainText(500).trim().min(1) });
export type Attachment = z.infer<typeof AttachmentSchema>;
const attachments = z.array(AttachmentSchema).max(20).default([]);
const comment = plainText(2000).trim().default('');

export const SuddenRiskSchema = z.object({ sudden: z.boolean(), causes: z.array(SuddenEventCauseSchema).min(1) });

export const ReportSignalInputSchema = z.object({
  regionCode,
  householdId: id,
  source: z.enum(['self-report', 'cadre-screening', 'visit']),
  summary: plainText(1000).trim().min(2),
  riskTypes: z.array(RiskTypeSchema).max(12).default([]),
  /** Day the risk was found (default today, Asia/Shanghai); the 15-day clock starts here. */
  detectedOn: IsoDate.optional(),
  /** A sudden risk (disaster, epidemic, accident …): checked for the green channel. */
  suddenRisk: SuddenRiskSchema.optional(),
  attachments,
});
export type ReportSignalInput = z.input<typeof ReportSignalInputSchema>;

/** Facts the verifying cadre adds to the registry's data before the four categories are evaluated. */
export const EvaluationOverridesSchema = z.object({
  /** Member id (registry) → cumulative out-of-pocket medical cost this year, fen. */
  outOfPocketMedicalFen: z.record(z.string().regex(/^\d+$/), Fen).default({}),
  spending: z.object({ illnessFen: Fen, schoolingFen: Fen, accidentFen: Fen }).optional(),
  suddenEvent: SuddenEventSchema.nullable().default(null),
});
export type EvaluationOverrides = z.input<typeof EvaluationOverridesSchema>;

export const EvaluateHouseholdInputSchema = z.object({
  regionCode,
  householdId: id,
  overrides: EvaluationOverridesSchema.default({ outOfPocketMedicalFen: {}, suddenEvent: null }),
});

/** "Evaluate under …": one household's four categories under a chosen published set, beside the recorded one. */
export const ReplayHouseholdInputSchema = z.object({
  regionCode,
  householdId: id,
  /** The published parameter set to evaluate under (absent: the recorded one, to learn the versions to choose from). */
  version: ParameterVersionSchema.optional(),
  /** The set the shown decision recorded (default: the set in force today). */
  recordedVersion: ParameterVersionSchema.optional(),
  overrides: EvaluationOverridesSchema.default({ outOfPocketMedicalFen: {}, suddenEvent: null }),
});

/** What-if for a region: run a draft (or published) set of the province over the region's households. */
export const StartWhatIfInputSchema = z.object({ regionCode, version: ParameterVersionSchema.max(32) });
export const WhatIfRunInputSchema = z.object({ regionCode, id });
export const WhatIfChangesInputSchema = z.object({
  regionCode,
  id,
  limit: z.int().min(1).max(500).default(50),
  offset: z.int().min(0).max(10_000_000).default(0),
});

/** One category under both sets: whether it matched, and the rules' reasons each time. */
export interface ReplayedCategory {
  category: string;
  recordedMatched: boolean;
  replayedMatched: boolean;
  changed: boolean;
  recordedReasons: Reason<string>[];
  replayedReasons: Reason<string>[];
}

export interface HouseholdReplay {
  householdId: number;
  recordedVersion: string;
  replayedVersion: string;
  recorded: RiskCategoriesEvaluation;
  replayed: RiskCategoriesEvaluation;
  categories: ReplayedCategory[];
  /** The monitoring object type the rules would give on these categories (the identification decision), under each set. */
  objectType: { recorded: MonitoringObjectDecision; replayed: MonitoringObjectDecision; changed: boolean };
  /** The numbers that differ between the two sets (why an outcome may change). */
  parameterChanges: ParameterChange[];
  /** The province's published versions, oldest first: what "evaluate under …" offers. */
  availableVersions: string[];
}

export const ListCasesInputSchema = z.object({
  regionCode,
  step: CaseStepSchema.optional(),
  open: z.boolean().optional(),
  deadlineStatus: z.enum(['on-track', 'warning', 'overdue', 'done-on-time', 'done-late']).optional(),
  greenChannel: z.boolean().optional(),
  householdId: id.optional(),
  limit: z.int().min(1).max(500).default(100),
  offset: z.int().min(0).default(0),
});

export const VerifyInputSchema = z.object({
  regionCode,
  caseId: id,
  /** The household signed the authorisation (签字授权) for data checks; required. */
  consentSigned: z.literal(true, { message: '需农户签字授权后才能核实 / the household must sign the consent first' }),
  findings: plainText(2000).trim().min(2),
  riskTypes: z.array(RiskTypeSchema).max(12).default([]),
  attachments,
});

export const CompareInputSchema = z.object({
  regionCode,
  caseId: id,
  overrides: EvaluationOverridesSchema.default({ outOfPocketMedicalFen: {}, suddenEvent: null }),
  comment,
  attachments,
});

export const VillageReviewInputSchema = z.object({
  regionCode,
  caseId: id,
  decision: z.enum(['pass', 'reject']),
  /** Required when rejecting. */
  comment,
  participants: z.int().min(0).max(10_000).optional(),
  attachments,
});

export const NoticeActionInputSchema = z.object({ regionCode, caseId: id, comment, attachments });
export const CompleteNoticeInputSchema = NoticeActionInputSchema.extend({
  /** Objections raised during the notice; when present the case goes back to village review. */
  objections: plainText(2000).trim().optional(),
});

export const ReviewInputSchema = z.object({
  regionCode,
  caseId: id,
  decision: z.enum(['pass', 'return', 'reject']),
  /** For `return`: the earlier step to go back to (default: the step before). */
  returnTo: CaseStepSchema.optional(),
  comment,
  attachments,
});

export const GreenChannelInputSchema = z.object({ regionCode, caseId: id, sudden: z.boolean(), causes: z.array(SuddenEventCauseSchema).min(1), comment });

export const OverdueInputSchema = z.object({ regionCode, level: z.enum(['county', 'city', 'province']).optional() });

export const AddMeasureInputSchema = z.object({
  regionCode,
  householdId: id,
  kind: MeasureKindSchema,
  responsibleUnit: plainText(100).trim().min(2),
  amountFen: Fen.default(0),
  startOn: IsoDate,
  endOn: IsoDate.nullable().default(null),
  status: MeasureStatusSchema.default('active'),
  note: plainText(1000).trim().default(''),
});
export type AddMeasureInput = z.input<typeof AddMeasureInputSchema>;

export const UpdateMeasureInputSchema = z.object({
  regionCode,
  id,
  status: MeasureStatusSchema,
  endOn: IsoDate.nullable().optional(),
  note: plainText(1000).trim().optional(),
});

export const EliminationFactsSchema = z.object({
  /** Since when per-capita income has stayed above the line (the cadre's record), or null. */
  incomeAboveLineSince: IsoDate.nullable(),
  basicNeedsSecure: z.boolean(),
  drinkingWaterSecure: z.boolean(),
});
export const ProposeEliminationInputSchema = EliminationFactsSchema.extend({ regionCode, objectId: id, comment, attachments });
export const CheckEliminationInputSchema = EliminationFactsSchema.extend({ regionCode, objectId: id });
/** "Evaluate under …" for a risk-elimination check: the same facts under a chosen published set. */
export const ReplayEliminationInputSchema = CheckEliminationInputSchema.extend({
  version: ParameterVersionSchema.max(32),
  recordedVersion: ParameterVersionSchema.max(32).optional(),
});
/** "Evaluate under …" for an identification case: its recorded comparison beside a chosen published set. */
export const ReplayCaseInputSchema = z.object({ regionCode, caseId: id, version: ParameterVersionSchema.max(32) });
export const EliminationReviewInputSchema = z.object({ regionCode, eliminationId: id, decision: z.enum(['pass', 'reject']), comment, attachments });
export const EliminationNoticeInputSchema = z.object({ regionCode, eliminationId: id, comment, attachments });
export const EliminationApproveInputSchema = z.object({
  regionCode,
  eliminationId: id,
  decision: z.enum(['approve', 'return', 'reject']),
  comment,
  attachments,
});

export const DashboardInputSchema = z.object({ regionCode, months: z.int().min(1).max(36).default(12) });

// ── Read model ──────────────────────────────────────────────────────────────────────────────

export interface SignalRecord {
  id: number;
  countyCode: string;
  villageCode: string;
  householdId: number;
  source: SignalSource;
  /** Department for `department` signals (医保, 残联 …), else null. */
  department: string | null;
  category: string | null;
  summary: string;
  riskTypes: string[];
  evidence: Record<string, unknown>;
  detectedOn: string;
  reportedBy: string;
  caseId: number | null;
  objectId: number | null;
  disposition: SignalDisposition;
  resolvedOn: string | null;
}

export interface CaseRecord {
  id: number;
  countyCode: string;
  villageCode: string;
  householdId: number;
  step: CaseStep;
  discoveredOn: string;
  warningOn: string;
  deadlineOn: string;
  deadlineStatus: IdentificationProgress['status'];
  escalationLevel: EscalationLevel;
  escalatedOn: string | null;
  parameterVersion: string;
  greenChannel: boolean;
  greenChannelDecision: GreenChannelDecision | null;
  riskTypes: string[];
  riskCategories: string[];
  evaluation: RiskCategoriesEvaluation | null;
  objectTypeDecision: MonitoringObjectDecision | null;
  objectType: MonitoringObjectType | null;
  consentSigned: boolean;
  noticePostedOn: string | null;
  noticeCompletedOn: string | null;
  completedOn: string | null;
  closedReason: string | null;
  closedOn: string | null;
}

/** A case as shown: the record plus its live countdown (identificationProgress on today's date). */
export interface CaseView extends CaseRecord {
  progress: IdentificationProgress;
  /** The household head's name (lists and the case page name the household, not its id). */
  headName?: string;
}

export interface HistoryEntry {
  id: number;
  subject: 'case' | 'elimination';
  subjectId: number;
  action: string;
  fromStep: string | null;
  toStep: string | null;
  actor: string;
  actorRole: string;
  comment: string;
  attachments: Attachment[];
  on: string;
}

export interface ObjectRecord {
  id: number;
  countyCode: string;
  villageCode: string;
  householdId: number;
  /** The household head's name, in lists (not stored). */
  headName?: string;
  caseId: number;
  objectType: MonitoringObjectType;
  riskTypes: string[];
  riskCategories: string[];
  status: ObjectStatus;
  includedOn: string;
  eliminatedOn: string | null;
}

export interface MeasureRecord {
  id: number;
  countyCode: string;
  villageCode: string;
  householdId: number;
  caseId: number | null;
  objectId: number | null;
  kind: z.infer<typeof MeasureKindSchema>;
  responsibleUnit: string;
  amountFen: number;
  startOn: string;
  endOn: string | null;
  status: MeasureStatus;
  note: string;
  /** Given before inclusion through the green channel (先帮扶后程序). */
  greenChannel: boolean;
}

export interface EliminationRecord {
  id: number;
  countyCode: string;
  villageCode: string;
  householdId: number;
  /** The household head's name, in lists (not stored). */
  headName?: string;
  objectId: number;
  step: EliminationStep;
  eligibility: RiskEliminationDecision;
  proposedOn: string;
  noticePostedOn: string | null;
  noticeCompletedOn: string | null;
  approvedOn: string | null;
  closedReason: string | null;
}

/** The printable village notice (村内公示): names, village and what is proposed — never ID, phone, bank or health. */
export interface VillageNotice {
  title: string;
  kind: 'identification' | 'elimination';
  villageCode: string;
  villageName: string;
  postedOn: string;
  earliestEndOn: string;
  minimumDays: number;
  fields: string[];
  rows: { householdHead: string; address: string; memberCount: number; proposal: string }[];
  footer: string;
  parameterVersion: string;
}

// ── Events ──────────────────────────────────────────────────────────────────────────────────

const eventBase = { countyCode: z.string(), villageCode: z.string(), householdId: z.int().positive() };

export const CaseOpenedEventSchema = z.object({
  ...eventBase,
  caseId: z.int().positive(),
  source: SignalSourceSchema,
  discoveredOn: z.iso.date(),
  deadlineOn: z.iso.date(),
  greenChannel: z.boolean(),
});
export type CaseOpenedEvent = z.infer<typeof CaseOpenedEventSchema>;

export const HouseholdIncludedEventSchema = z.object({
  ...eventBase,
  caseId: z.int().positive(),
  objectId: z.int().positive(),
  objectType: MonitoringObjectTypeSchema,
  riskCategories: z.array(z.string()),
  includedOn: z.iso.date(),
  onTime: z.boolean(),
});
export type HouseholdIncludedEvent = z.infer<typeof HouseholdIncludedEventSchema>;

export const RiskEliminatedEventSchema = z.object({
  ...eventBase,
  objectId: z.int().positive(),
  objectType: MonitoringObjectTypeSchema,
  eliminatedOn: z.iso.date(),
});
export type RiskEliminatedEvent = z.infer<typeof RiskEliminatedEventSchema>;

export const IdentificationEscalatedEventSchema = z.object({
  ...eventBase,
  caseId: z.int().positive(),
  level: EscalationLevelSchema,
  deadlineOn: z.iso.date(),
  daysOverdue: z.int().min(0),
});
export type IdentificationEscalatedEvent = z.infer<typeof IdentificationEscalatedEventSchema>;

const CADRES = ['county_admin', 'township_officer', 'village_cadre'] as const;

/** The monitoring module: one title and one permission list for server and web. */
export const monitoringModule = defineModule({
  id: MONITORING_PLUGIN_ID,
  title: { 'zh-CN': '防止返贫监测帮扶', en: 'Return-to-poverty monitoring' },
  permissions: {
    'case.read': READ_ROLES,
    'dashboard.read': READ_ROLES,
    /** The four-category evaluation shows health-derived figures: only the cadres who work with households. */
    'household.evaluate': CADRES,
    'signal.report': CADRES,
    /** 入户核实、数据比对、村民主评议、村内公示. */
    'case.village': ['village_cadre'],
    'case.township-review': ['township_officer'],
    'case.approve': ['county_admin'],
    'case.green-channel': CADRES,
    'measure.write': CADRES,
    'elimination.village': ['village_cadre'],
    'elimination.approve': ['county_admin'],
    /** What-if for a region (issue 18): run a draft parameter set over the region's households. */
    'whatif.run': ['province_admin', 'city_admin', 'county_admin'],
  },
  events: {
    'case-opened': CaseOpenedEventSchema,
    'household-included': HouseholdIncludedEventSchema,
    'risk-eliminated': RiskEliminatedEventSchema,
    'identification-escalated': IdentificationEscalatedEventSchema,
  },
});
export type MonitoringPermission = keyof typeof monitoringModule.permissions;

declare module '@zhenxing/core' {
  interface EventMap extends ModuleEvents<typeof monitoringModule> {}
}

export { MonitoringObjectTypeSchema };
