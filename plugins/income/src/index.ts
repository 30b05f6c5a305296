/**
 * @zhenxing/plugin-income — isomorphic part (no Node, no React): the module (id, title,
 * permissions), code lists, zod input schemas and read-model types of §2 千方百计增加脱贫群众收入.
 */
import { defineModule, READ_ROLES } from '@zhenxing/core/module';
import { fenAmount, isoDate, MAX_FEN, plainText, regionCodeInput } from '@zhenxing/core/inputs';
import type { IncomeLedgerReasonCode, Reason, SupervisionReasonCode } from '@zhenxing/rules';
import { z } from 'zod';
import { INCOME_COMPONENTS, INCOME_COMPONENT_LABELS, type IncomeComponent } from '@zhenxing/plugin-registry';

export const INCOME_PLUGIN_ID = 'income' as const;

const regionCode = regionCodeInput.optional();
const id = z.int().positive();
const year = z.int().min(2000).max(2100);
/** A change in fen, up or down. */
export const fenChange = z.int().min(-MAX_FEN).max(MAX_FEN);
/** A published growth rate in basis points (630 = 6.30 %), −100 % … +1000 %. */
export const growthBasisPoints = z
  .int({ message: '增速应为整数基点 / a growth rate is a whole number of basis points' })
  .min(-10_000, { message: '增速不能低于 −100% / a growth rate cannot be below −100%' })
  .max(100_000, { message: '增速不能超过 +1000% / a growth rate cannot be above +1000%' });

// ── Code lists ──────────────────────────────────────────────────────────────────────────────

/** The registry's income components (annual amounts, fen). */
export { INCOME_COMPONENTS, INCOME_COMPONENT_LABELS, type IncomeComponent };

/** 增收措施 of an income-increase plan. */
export const PLAN_MEASURES = ['employment', 'industry', 'public-welfare-job', 'skills-training', 'small-loan', 'consumption-assistance', 'other'] as const;
export type PlanMeasure = (typeof PLAN_MEASURES)[number];
export const PLAN_MEASURE_LABELS: Record<PlanMeasure, { 'zh-CN': string; en: string }> = {
  employment: { 'zh-CN': '就业帮扶', en: 'employment' },
  industry: { 'zh-CN': '产业帮扶', en: 'industry' },
  'public-welfare-job': { 'zh-CN': '公益性岗位', en: 'public-welfare job' },
  'skills-training': { 'zh-CN': '技能培训', en: 'skills training' },
  'small-loan': { 'zh-CN': '小额信贷', en: 'small loan' },
  'consumption-assistance': { 'zh-CN': '消费帮扶', en: 'consumption assistance' },
  other: { 'zh-CN': '其他', en: 'other' },
};

/** 稳岗就业: how a 脱贫 labourer works. */
export const EMPLOYMENT_KINDS = ['local', 'migrant', 'public-welfare-job', 'unemployed'] as const;
export type EmploymentKind = (typeof EMPLOYMENT_KINDS)[number];
export const EMPLOYMENT_KIND_LABELS: Record<EmploymentKind, { 'zh-CN': string; en: string }> = {
  local: { 'zh-CN': '本地就业', en: 'employed locally' },
  migrant: { 'zh-CN': '外出务工', en: 'migrant work' },
  'public-welfare-job': { 'zh-CN': '公益性岗位', en: 'public-welfare job' },
  unemployed: { 'zh-CN': '未就业', en: 'unemployed' },
};

// ── Input schemas ─────────────────────────────────────────────────────────────────────────────

export const HouseholdInputSchema = z.object({ regionCode, householdId: id, year: year.optional() });

export const RecordAdjustmentInputSchema = z
  .object({
    regionCode,
    householdId: id,
    /** The income year the change applies to. */
    year,
    /** When the change became known (Asia/Shanghai date). */
    recordedOn: isoDate,
    wagesFen: fenChange.default(0),
    businessFen: fenChange.default(0),
    propertyFen: fenChange.default(0),
    transfersFen: fenChange.default(0),
    productionCostsFen: fenChange.default(0),
    note: plainText(500).trim().default(''),
  })
  .superRefine((value, context) => {
    if (INCOME_COMPONENTS.every((component) => value[component] === 0)) {
      context.addIssue({ code: 'custom', path: ['wagesFen'], message: '至少填写一项收入变化 / enter at least one change' });
    }
  });
export type RecordAdjustmentInput = z.input<typeof RecordAdjustmentInputSchema>;

export const LedgerListInputSchema = z.object({ regionCode, year: year.optional(), status: z.enum(['open', 'closed', 'all']).default('open') });
export const RerunInputSchema = z.object({ regionCode, year: year.optional() });
export const ReplayInputSchema = z.object({ regionCode, entryId: id, parameterVersion: plainText(64).trim().min(1) });

export const CreatePlanInputSchema = z
  .object({
    regionCode,
    householdId: id,
    measures: z.array(z.enum(PLAN_MEASURES)).min(1).max(PLAN_MEASURES.length),
    cadreName: plainText(50).trim().min(1),
    /** Target per-capita net income, fen. */
    targetPerCapitaFen: fenAmount.min(1),
    startOn: isoDate,
    dueOn: isoDate,
    note: plainText(1000).trim().default(''),
  })
  .superRefine((value, context) => {
    if (value.dueOn < value.startOn)
      context.addIssue({ code: 'custom', path: ['dueOn'], message: '完成日期不能早于开始日期 / the due date is before the start' });
  });
export type CreatePlanInput = z.input<typeof CreatePlanInputSchema>;

export const RecordProgressInputSchema = z.object({
  regionCode,
  planId: id,
  /** Percent done, 0–100. */
  progress: z.int().min(0).max(100),
  note: plainText(1000).trim().default(''),
});

export const PlanListInputSchema = z.object({ regionCode, householdId: id.optional(), overdueOnly: z.boolean().default(false) });

export const GrowthFiguresInputSchema = z.object({
  regionCode,
  year,
  nationalBasisPoints: growthBasisPoints,
  provincialBasisPoints: growthBasisPoints,
  counties: z
    .array(
      z.object({
        countyCode: z.string().regex(/^\d{6}$/, '县代码应为6位数字 / a county code has 6 digits'),
        localFarmersBasisPoints: growthBasisPoints,
        /** A 脱贫县 (formerly poor county). */
        povertyCounty: z.boolean().default(false),
      }),
    )
    .min(1)
    .max(500),
});
export type GrowthFiguresInput = z.input<typeof GrowthFiguresInputSchema>;

/** A count of people, 0 … 10,000,000. */
const headcount = z
  .int({ message: '人数应为整数 / a whole number of people' })
  .min(0, { message: '人数不能为负 / cannot be negative' })
  .max(10_000_000, { message: '人数过大 / too many people' });

/** 稳岗就业: a county records its 脱贫劳动力 in work for a year (categories are disjoint). */
export const RecordEmploymentInputSchema = z.object({
  regionCode,
  year,
  local: headcount,
  outsideCounty: headcount,
  outsideProvince: headcount,
  publicWelfareJobs: headcount,
});
export type RecordEmploymentInput = z.input<typeof RecordEmploymentInputSchema>;

/** The province sets a county's target of 脱贫劳动力 in work for a year. */
export const EmploymentTargetInputSchema = z.object({
  regionCode,
  year,
  countyCode: z.string().regex(/^\d{6}$/, '县代码应为6位数字 / a county code has 6 digits'),
  targetEmployed: headcount,
});
export const EmploymentCompareInputSchema = z.object({ regionCode, year });
export const AnalysisInputSchema = z.object({ regionCode, year });

/** The statistics sheet (.xlsx/.csv) sent through the core upload route (purpose `figures`). */
export const ImportFiguresInputSchema = z.object({
  regionCode,
  year,
  uploadId: z.uuid(),
  /** false: check every row and say what would be saved; true: save all rows or none. */
  commit: z.boolean().default(false),
});
/** Largest statistics sheet accepted (a province's counties fit in a few KB). */
export const MAX_FIGURES_FILE_BYTES = 2 * 1024 * 1024;

export const SupervisionListInputSchema = z.object({ regionCode, year });
export const LiftSupervisionInputSchema = z.object({ regionCode, entryId: id, reason: plainText(500).trim().min(1) });
export const EmploymentInputSchema = z.object({ regionCode });

// ── Read model ───────────────────────────────────────────────────────────────────────────────

export type IncomeComponents = Record<IncomeComponent, number>;

export interface AdjustmentRecord extends IncomeComponents {
  id: number;
  householdId: number;
  year: number;
  source: 'manual' | 'visit';
  recordedOn: string;
  recordedBy: string;
  note: string;
}

export interface HouseholdIncome {
  householdId: number;
  countyCode: string;
  villageCode: string;
  year: number;
  householdSize: number;
  /** The registry's figures for the year (or the latest year carried forward), fen. */
  base: (IncomeComponents & { year: number }) | null;
  /** Base plus every in-year change, per component (each at least 0). */
  current: IncomeComponents;
  perCapitaFen: number;
  basePerCapitaFen: number | null;
  previousYearPerCapitaFen: number | null;
  /** current − base per capita (in-year change). */
  inYearChangeFen: number | null;
  /** current − last year per capita (year-on-year change). */
  yearOnYearChangeFen: number | null;
  adjustments: AdjustmentRecord[];
}

export interface LedgerHistoryItem {
  on: string;
  status: 'open' | 'closed';
  fell: boolean;
  low: boolean;
  perCapitaFen: number;
  parameterVersion: string;
}

export interface LedgerEntry {
  id: number;
  countyCode: string;
  villageCode: string;
  householdId: number;
  year: number;
  status: 'open' | 'closed';
  fell: boolean;
  low: boolean;
  perCapitaFen: number;
  previousYearPerCapitaFen: number | null;
  reasons: Reason<IncomeLedgerReasonCode>[];
  parameterVersion: string;
  openedOn: string;
  closedOn: string | null;
  history: LedgerHistoryItem[];
  hasPlan: boolean;
}

export interface PlanRecord {
  id: number;
  countyCode: string;
  villageCode: string;
  householdId: number;
  ledgerEntryId: number;
  measures: PlanMeasure[];
  cadreName: string;
  targetPerCapitaFen: number;
  startOn: string;
  dueOn: string;
  progress: number;
  status: 'active' | 'completed';
  overdue: boolean;
  note: string;
  createdBy: string;
}

export interface SupervisionRow {
  countyCode: string;
  countyName: string;
  year: number;
  povertyCounty: boolean;
  localFarmersBasisPoints: number;
  nationalBasisPoints: number;
  provincialBasisPoints: number;
  /** 脱贫人口 income growth from the registry (sum of households with both years), or null. */
  povertyExited: { previousFen: number; currentFen: number; basisPoints: number } | null;
  supervised: boolean;
  reasons: Reason<SupervisionReasonCode>[];
  parameterVersion: string;
}

/** A published list row, frozen with what it used; lifted with a reason. */
export interface PublishedSupervision {
  id: number;
  countyCode: string;
  year: number;
  supervised: boolean;
  snapshot: SupervisionRow;
  parameterVersion: string;
  publishedBy: string;
  publishedOn: string;
  liftedOn: string | null;
  liftedBy: string | null;
  liftReason: string | null;
}

export interface EmploymentRow {
  regionCode: string;
  /** The village's (or the region's) name. */
  regionName: string;
  counts: Record<EmploymentKind, number>;
  labour: number;
}

/** One county's (or the region's) 稳岗就业 figures of a year; null = not recorded. */
export interface EmploymentYear {
  local: number;
  outsideCounty: number;
  outsideProvince: number;
  publicWelfareJobs: number;
  /** local + outside the county + outside the province + public-welfare jobs. */
  employed: number;
}

export interface EmploymentComparisonRow {
  /** A county code, or the region's code for the total row. */
  regionCode: string;
  regionName: string;
  year: number;
  current: EmploymentYear | null;
  lastYear: EmploymentYear | null;
  targetEmployed: number | null;
  /** (current − last year) / last year, basis points; null when either year is missing or last year is 0. */
  changeBasisPoints: number | null;
  /** current / target, basis points; null when either is missing or the target is 0. */
  targetBasisPoints: number | null;
  /**
   * Registry members placed in jobs this year through social assistance's 劳务协作 pairings (distinct
   * members, counted from its events; 0 without it). Shown beside the county's own figures, not added to them.
   */
  pairingPlaced: number;
}

/** A problem of one row of an imported statistics sheet (row numbered as in Excel). */
export interface FigureImportProblem {
  row: number;
  column: string;
  message: string;
}

export interface FigureImportPreview {
  year: number;
  fileName: string;
  nationalBasisPoints: number | null;
  provincialBasisPoints: number | null;
  counties: { row: number; countyCode: string; countyName: string; localFarmersBasisPoints: number; povertyCounty: boolean }[];
  problems: FigureImportProblem[];
  committed: boolean;
}

/** 脱贫户 by per-capita income against the monitoring line: ≤ line, ≤ 1.5×, ≤ 2×, above. */
export interface IncomeDistribution {
  withinLine: number;
  toOneAndHalfLines: number;
  toTwoLines: number;
  aboveTwoLines: number;
}

/** One region's income figures for the dashboards; `enabled: false` = 未启用 (every figure null). */
export interface RegionIncomeRow {
  /** Null for a region without the module (named only: it has no figures to show). */
  regionCode: string | null;
  regionName: string;
  enabled: boolean;
  /** 脱贫户 with this year's income on record. */
  households: number | null;
  distribution: IncomeDistribution | null;
  /** 脱贫人口 net income growth over households with both years, basis points; null without data. */
  growthBasisPoints: number | null;
  ledgerOpen: number | null;
  withPlan: number | null;
  /** withPlan / ledgerOpen, basis points; null when nothing is open. */
  coverageBasisPoints: number | null;
  employment: EmploymentComparisonRow | null;
}

export interface RegionIncomeAnalysis {
  year: number;
  region: RegionIncomeRow;
  children: RegionIncomeRow[];
}

/** The income module: one title and one permission list for server and web. */
export const incomeModule = defineModule({
  id: INCOME_PLUGIN_ID,
  title: { 'zh-CN': '脱贫群众增收', en: 'Income of people lifted out of poverty' },
  permissions: {
    'income.read': READ_ROLES,
    'income.record': ['county_admin', 'township_officer', 'village_cadre'],
    'ledger.run': ['county_admin'],
    'plan.manage': ['county_admin', 'township_officer'],
    'supervision.manage': ['province_admin'],
    'employment.record': ['county_admin'],
    'employment.target': ['province_admin'],
  },
  events: {},
});
export type IncomePermission = keyof typeof incomeModule.permissions;
