/**
 * @zhenxing/plugin-assessment — isomorphic part: the module (id, title, permissions), the scheme's
 * shape (indicators with weight, direction, scoring method and data date; deduction items), the
 * score read models and the input schemas. No Node, no React: the server and the admin app import it.
 *
 * 考核评估: the province composes a scheme per year from indicators any installed plugin registers
 * (referred to by id, `<plugin>.<indicator>`), computes sealed scores per county (cities as an
 * aggregate) and circulates notices (通报) naming places and problems.
 */
import { defineModule, READ_ROLES } from '@zhenxing/core/module';
import { isoDate, plainText, regionCodeInput } from '@zhenxing/core/inputs';
import { z } from 'zod';

export const ASSESSMENT_PLUGIN_ID = 'assessment' as const;

const regionCode = regionCodeInput.optional();
const id = z.int().positive();
const year = z.int().min(2000).max(2100);
/** Points are kept to two decimals (0.01 point). */
const points = z.number().min(0).max(1000).multipleOf(0.01);
const indicatorId = z
  .string()
  .regex(/^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9.-]*$/, { message: '指标编号形如 plugin.indicator / an indicator id reads plugin.indicator' })
  .max(120);
const finite = z.number().finite().min(-1e12).max(1e12);

export const DIRECTIONS = ['higher-is-better', 'lower-is-better'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/**
 * How an indicator's value becomes points (all direction-aware):
 * - threshold: full weight when the value meets the target (≥ for higher-is-better, ≤ otherwise), else 0;
 * - linear: 0 at `worst`, full weight at `best`, straight line between, clamped outside;
 * - rank: among the peers that have the indicator, the best gets the full weight, the worst 0,
 *   linear in rank between (ties share the better rank, so the same points).
 */
export const ScoringMethodSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('threshold'), target: finite }),
  z.object({ kind: z.literal('linear'), worst: finite, best: finite }),
  z.object({ kind: z.literal('rank') }),
]);
export type ScoringMethod = z.infer<typeof ScoringMethodSchema>;

export const SchemeItemSchema = z
  .object({
    indicator: indicatorId,
    /** The title shown in the scheme and explanations (defaults to the indicator's own). */
    title: plainText(100).trim().min(1),
    weight: points.min(0.01),
    direction: z.enum(DIRECTIONS),
    method: ScoringMethodSchema,
    /** The date the indicator is read at (its data date): Asia/Shanghai end of that day. */
    dataDate: isoDate,
  })
  .refine(
    (item) =>
      item.method.kind !== 'linear' || (item.direction === 'higher-is-better' ? item.method.best > item.method.worst : item.method.best < item.method.worst),
    {
      message: '线性计分：越大越好时满分值应大于零分值，越小越好时相反 / a linear rule’s best bound lies beyond its worst in the indicator’s direction',
      path: ['method'],
    },
  );
export type SchemeItem = z.infer<typeof SchemeItemSchema>;

/** A deduction item (通报 problem, late data call …): points per occurrence, capped. */
export const DeductionItemSchema = z.object({
  code: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/)
    .max(40),
  title: plainText(100).trim().min(1),
  pointsEach: points.min(0.01),
  maxPoints: points.min(0.01),
});
export type DeductionItem = z.infer<typeof DeductionItemSchema>;

/** What happens to the weight of an indicator that does not apply to a county (module not enabled). */
export const REDISTRIBUTIONS = ['proportional', 'none'] as const;
export type Redistribution = (typeof REDISTRIBUTIONS)[number];

const schemeBody = {
  title: plainText(200).trim().min(1),
  /** The points the weights must add up to (usually 100). */
  totalPoints: points.min(1),
  redistribution: z.enum(REDISTRIBUTIONS),
  items: z.array(SchemeItemSchema).min(1).max(40),
  deductions: z.array(DeductionItemSchema).max(20),
};

/** Cents of a point: weights are compared exactly, never as floats. */
export const toCents = (value: number): number => Math.round(value * 100);

/** The scheme's own consistency: weights add up to the total, indicators and deduction codes appear once. */
function checkScheme(scheme: { totalPoints: number; items: SchemeItem[]; deductions: DeductionItem[] }, context: z.RefinementCtx): void {
  const sum = scheme.items.reduce((total, item) => total + toCents(item.weight), 0);
  if (sum !== toCents(scheme.totalPoints)) {
    context.addIssue({
      code: 'custom',
      path: ['items'],
      message: `权重之和 ${sum / 100} 不等于总分 ${scheme.totalPoints} / the weights add up to ${sum / 100}, not ${scheme.totalPoints}`,
    });
  }
  const seen = new Set<string>();
  scheme.items.forEach((item, index) => {
    if (seen.has(item.indicator)) context.addIssue({ code: 'custom', path: ['items', index, 'indicator'], message: '指标重复 / the indicator appears twice' });
    seen.add(item.indicator);
  });
  const codes = new Set<string>();
  scheme.deductions.forEach((item, index) => {
    if (codes.has(item.code)) context.addIssue({ code: 'custom', path: ['deductions', index, 'code'], message: '扣分项重复 / the deduction appears twice' });
    codes.add(item.code);
    if (toCents(item.maxPoints) < toCents(item.pointsEach)) {
      context.addIssue({ code: 'custom', path: ['deductions', index, 'maxPoints'], message: '封顶分不能小于每次扣分 / the cap is below one deduction' });
    }
  });
}

export const CreateSchemeInputSchema = z.object({ regionCode, year, ...schemeBody }).superRefine(checkScheme);
/** A new version of a year's scheme, starting from an existing one (published or not). */
export const NewVersionInputSchema = z.object({ regionCode, schemeId: id });
export const UpdateSchemeInputSchema = z.object({ regionCode, schemeId: id, ...schemeBody }).superRefine(checkScheme);
export const SchemeRefInputSchema = z.object({ regionCode, schemeId: id });
export const ListSchemesInputSchema = z.object({ regionCode, year: year.optional() });

export interface SchemeView {
  id: number;
  provinceCode: string;
  year: number;
  version: number;
  title: string;
  totalPoints: number;
  redistribution: Redistribution;
  items: SchemeItem[];
  deductions: DeductionItem[];
  status: 'draft' | 'published';
  createdBy: string;
  publishedBy: string | null;
  publishedAt: string | null;
}

/** Indicators the province may put in a scheme: every installed plugin's, by id. */
export interface IndicatorOption {
  id: string;
  plugin: string;
  title: { 'zh-CN': string; en: string };
  unit: { 'zh-CN': string; en: string };
  direction: Direction;
}

/** Deductions recorded against a county before scoring (e.g. 2 late data calls). */
export const RecordDeductionInputSchema = z.object({
  regionCode,
  schemeId: id,
  countyCode: z.string().regex(/^\d{6}$/),
  code: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/)
    .max(40),
  occurrences: z.int().min(1).max(1000),
  note: plainText(500).trim().default(''),
});
export const ListDeductionsInputSchema = z.object({ regionCode, schemeId: id });

export const ComputeScoresInputSchema = z.object({ regionCode, schemeId: id });
export const ListRunsInputSchema = z.object({ regionCode, schemeId: id.optional() });
export const RunRefInputSchema = z.object({ regionCode, runId: id });
export const ExplainInputSchema = z.object({ regionCode, runId: id, countyCode: z.string().regex(/^\d{6}$/) });

/** The sealed input of one indicator for one county: what the score was computed from. */
export interface IndicatorInput {
  indicator: string;
  /** null: the county has not enabled the owning module (not applicable), or the plugin is not installed. */
  value: number | null;
  applicable: boolean;
  /** Why it does not apply: the module is not enabled in the county, its plugin is not installed, or it gave no number. */
  notApplicableReason: NotApplicableReason | null;
  dataDate: string;
}

export type NotApplicableReason = 'module-not-enabled' | 'not-installed' | 'no-data';

export interface CountyInput {
  countyCode: string;
  countyName: string;
  cityCode: string;
  cityName: string;
  indicators: IndicatorInput[];
  deductions: { code: string; occurrences: number; note: string }[];
}

/** Everything a run's scores are computed from, stored with the run (sealed). */
export interface SealedInputs {
  scheme: Pick<SchemeView, 'id' | 'year' | 'version' | 'title' | 'totalPoints' | 'redistribution' | 'items' | 'deductions'>;
  asOf: string;
  counties: CountyInput[];
}

/** One indicator's line of a county's score: value, rule, data date and points, or not applicable. */
export interface ScoreLine {
  indicator: string;
  title: string;
  applicable: boolean;
  notApplicableReason: NotApplicableReason | null;
  value: number | null;
  dataDate: string;
  direction: Direction;
  method: ScoringMethod;
  /** The scheme's weight and the weight after redistribution (0 when not applicable). */
  weight: number;
  effectiveWeight: number;
  /** Share of the effective weight earned, 0–1 (null when not applicable). */
  attainment: number | null;
  points: number | null;
  /** Rank of the value among peers with the indicator (rank method only). */
  peerRank: number | null;
  peers: number | null;
  explanation: { 'zh-CN': string; en: string };
}

export interface DeductionLine {
  code: string;
  title: string;
  occurrences: number;
  pointsEach: number;
  maxPoints: number;
  points: number;
  note: string;
}

export interface CountyScore {
  countyCode: string;
  countyName: string;
  cityCode: string;
  cityName: string;
  /** Indicator points minus deductions, two decimals. */
  total: number;
  indicatorPoints: number;
  deductionPoints: number;
  /** Competition ranking: equal totals share a rank, the next rank skips (1, 1, 3). */
  rank: number;
  lines: ScoreLine[];
  deductions: DeductionLine[];
}

export interface CityScore {
  cityCode: string;
  cityName: string;
  counties: number;
  /** Mean of its counties' totals, two decimals. */
  total: number;
  rank: number;
}

export interface RunView {
  id: number;
  schemeId: number;
  schemeTitle: string;
  year: number;
  version: number;
  asOf: string;
  computedBy: string;
  computedAt: string;
  counties: number;
}

/** 通报: a notice naming places and problems; the province drafts, edits and publishes it. */
export const NoticeProblemSchema = z.object({
  regionCode: z.string().regex(/^\d{6}$/),
  text: plainText(500).trim().min(1),
});
export type NoticeProblem = z.infer<typeof NoticeProblemSchema>;

const noticeBody = {
  title: plainText(200).trim().min(1),
  /** 文号, e.g. 冀振兴通〔2022〕3号. */
  number: plainText(60).trim().min(1),
  issuedOn: isoDate,
  issuer: plainText(100).trim().min(1),
  body: plainText(20_000).trim(),
  problems: z.array(NoticeProblemSchema).min(1).max(500),
};
export const DraftNoticeInputSchema = z.object({ regionCode, runId: id.optional(), ...noticeBody });
export const UpdateNoticeInputSchema = z.object({ regionCode, noticeId: id, ...noticeBody });
export const NoticeRefInputSchema = z.object({ regionCode, noticeId: id });
export const ListNoticesInputSchema = z.object({ regionCode });
export const ProblemListInputSchema = z.object({ regionCode, runId: id });

export interface NoticeView {
  id: number;
  provinceCode: string;
  runId: number | null;
  title: string;
  number: string;
  issuedOn: string;
  issuer: string;
  body: string;
  problems: (NoticeProblem & { regionName: string })[];
  status: 'draft' | 'published';
  createdBy: string;
  publishedBy: string | null;
  publishedAt: string | null;
}

/** A problem a run shows: an indicator short of full points, or a deduction. */
export interface ProblemItem {
  regionCode: string;
  regionName: string;
  kind: 'indicator' | 'deduction';
  key: string;
  text: string;
}

/**
 * 暗访 (unannounced visits) and 整改 (rectification). The province or a city records an inspection of
 * a county, township or village inside its scope; the draft stays invisible below the inspecting
 * level; on submission every problem found becomes a rectification task of a responsible region
 * (a county or below), which closes it with a note and evidence, and the inspecting level accepts
 * it or returns it with a reason.
 */
export const INSPECTION_PROBLEM_CATEGORIES = ['identification', 'visits', 'income', 'policy', 'data', 'other'] as const;
export type InspectionProblemCategory = (typeof INSPECTION_PROBLEM_CATEGORIES)[number];
export const INSPECTION_PROBLEM_LABELS: Record<InspectionProblemCategory, { 'zh-CN': string; en: string }> = {
  identification: { 'zh-CN': '监测对象识别不精准', en: 'Monitoring identification inaccurate' },
  visits: { 'zh-CN': '入户走访不到位', en: 'Household visits not done' },
  income: { 'zh-CN': '收入核算不准确', en: 'Income accounting inaccurate' },
  policy: { 'zh-CN': '帮扶政策落实不到位', en: 'Assistance policy not carried out' },
  data: { 'zh-CN': '数据台账不一致', en: 'Ledger data inconsistent' },
  other: { 'zh-CN': '其他问题', en: 'Other problem' },
};

export const TASK_STATUSES = ['draft', 'open', 'submitted', 'returned', 'accepted'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_STATUS_LABELS: Record<TaskStatus, { 'zh-CN': string; en: string }> = {
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  open: { 'zh-CN': '待整改', en: 'Open' },
  submitted: { 'zh-CN': '待验收', en: 'Awaiting acceptance' },
  returned: { 'zh-CN': '已退回', en: 'Returned' },
  accepted: { 'zh-CN': '已销号', en: 'Accepted' },
};

const uploadId = z.string().min(1).max(100);
const subRegion = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, { message: '应为县、乡镇或村的区划代码 / a county, township or village code' });

export const InspectionProblemInputSchema = z.object({
  category: z.enum(INSPECTION_PROBLEM_CATEGORIES),
  description: plainText(1000).trim().min(1),
  householdId: id.optional(),
  evidenceUploadIds: z.array(uploadId).max(10).default([]),
  /** The region that rectifies it: a county or below, inside the inspected region's county. */
  responsibleRegionCode: subRegion,
  /** Rectification deadline (Asia/Shanghai date). */
  deadline: isoDate,
});
export const CreateInspectionInputSchema = z.object({
  regionCode,
  targetRegionCode: subRegion,
  visitedOn: isoDate,
  inspectors: z.array(plainText(40).trim().min(1)).min(1).max(20),
  householdIds: z.array(id).max(50).default([]),
  notes: plainText(5000).trim().default(''),
  problems: z.array(InspectionProblemInputSchema).max(100).default([]),
});
export const InspectionRefInputSchema = z.object({ regionCode, inspectionId: id });
export const ListInspectionsInputSchema = z.object({ regionCode });
export const InspectionHouseholdsInputSchema = z.object({ regionCode, targetRegionCode: subRegion, limit: z.int().min(1).max(200).default(50) });
export const TASK_FILTERS = ['all', 'open', 'submitted', 'returned', 'accepted', 'overdue'] as const;
export const ListTasksInputSchema = z.object({ regionCode, status: z.enum(TASK_FILTERS).default('all') });
export const SubmitTaskInputSchema = z.object({
  regionCode,
  taskId: id,
  note: plainText(2000).trim().min(1),
  evidenceUploadIds: z.array(uploadId).max(10),
});
export const TaskRefInputSchema = z.object({ regionCode, taskId: id });
export const ReturnTaskInputSchema = z.object({ regionCode, taskId: id, reason: plainText(1000).trim().min(1) });
export const TaskEvidenceInputSchema = z.object({ regionCode, taskId: id, uploadId });
export const RectificationDashboardInputSchema = z.object({ regionCode });

export interface InspectionHousehold {
  householdId: number;
  headName: string;
  villageCode: string;
  villageName: string;
}

export interface TaskView {
  id: number;
  inspectionId: number;
  visitedOn: string;
  targetRegionName: string;
  category: InspectionProblemCategory;
  description: string;
  householdId: number | null;
  householdName: string | null;
  evidenceUploadIds: string[];
  responsibleRegionCode: string;
  responsibleRegionName: string;
  countyCode: string;
  deadline: string;
  status: TaskStatus;
  /** Deadline passed (Asia/Shanghai) and not accepted. */
  overdue: boolean;
  rectificationNote: string | null;
  rectificationUploadIds: string[];
  submittedOn: string | null;
  returnReason: string | null;
  acceptedOn: string | null;
}

export interface InspectionView {
  id: number;
  recordedScope: string;
  recordedScopeName: string;
  targetRegionCode: string;
  targetRegionName: string;
  countyCode: string;
  visitedOn: string;
  inspectors: string[];
  households: InspectionHousehold[];
  notes: string;
  status: 'draft' | 'submitted';
  createdBy: string;
  submittedAt: string | null;
  tasks: TaskView[];
}

export interface RectificationRegionRow {
  regionCode: string;
  regionName: string;
  problems: number;
  open: number;
  submitted: number;
  returned: number;
  accepted: number;
  overdue: number;
  /** Accepted tasks whose rectification was submitted by the deadline, percent of the tasks due (null: none due). */
  onTimeRate: number | null;
}

export interface RectificationDashboard {
  regionCode: string;
  regionName: string;
  today: string;
  total: RectificationRegionRow;
  regions: RectificationRegionRow[];
}

/** The assessment module: one title and one permission list for server and web. */
export const assessmentModule = defineModule({
  id: ASSESSMENT_PLUGIN_ID,
  title: { 'zh-CN': '考核评估', en: 'Assessment' },
  permissions: {
    'assessment.read': READ_ROLES,
    'scheme.manage': ['province_admin'],
    'notice.manage': ['province_admin'],
    /** 暗访: recorded by the province or a city inside its scope; it also accepts or returns rectifications. */
    'inspection.manage': ['province_admin', 'city_admin'],
    /** 整改: the responsible county or township closes its tasks with evidence. */
    'rectification.submit': ['county_admin', 'township_officer'],
  },
  events: {},
});
export type AssessmentPermission = keyof typeof assessmentModule.permissions;
