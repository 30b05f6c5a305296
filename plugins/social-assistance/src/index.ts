/**
 * @zhenxing/plugin-social-assistance — isomorphic part (no Node, no React): the module, the code
 * lists, zod inputs and read-model types of §6 强化社会帮扶 — 中央单位定点帮扶, 省内区域性结对帮扶
 * (six kinds), 省领导包联 and 省直部门定点帮扶.
 */
import { defineModule, READ_ROLES, type ModuleEvents } from '@zhenxing/core/module';
import { isoDate, MAX_FEN, plainText, regionCodeInput } from '@zhenxing/core/inputs';
import { z } from 'zod';

export const SOCIAL_ASSISTANCE_PLUGIN_ID = 'social-assistance' as const;

type Label = { 'zh-CN': string; en: string };
const regionCode = regionCodeInput.optional();
const id = z.int().positive();
export const yearInput = z.int().min(2000).max(2100);
const countyCodeInput = z.string().regex(/^\d{6}$/, '县代码应为6位数字 / a county code has 6 digits');
const villageCodeInput = z.string().regex(/^\d{12}$/, '村代码应为12位数字 / a village code has 12 digits');

// ── Code lists ──────────────────────────────────────────────────────────────────────────────

/** The four systems of §6. */
export const SYSTEMS = ['central-unit', 'pairing', 'leader-contact', 'department'] as const;
export type AssistanceSystem = (typeof SYSTEMS)[number];
export const SYSTEM_LABELS: Record<AssistanceSystem, Label> = {
  'central-unit': { 'zh-CN': '中央单位定点帮扶', en: 'Central-unit designated aid' },
  pairing: { 'zh-CN': '省内区域性结对帮扶', en: 'Province-internal pairing' },
  'leader-contact': { 'zh-CN': '省领导包联', en: 'Province leader contact' },
  department: { 'zh-CN': '省直部门定点帮扶', en: 'Province department village aid' },
};

/** The six kinds of 省内区域性结对帮扶. */
export const PAIRING_KINDS = ['industry', 'labour', 'consumption', 'talent', 'funds', 'social'] as const;
export type PairingKind = (typeof PAIRING_KINDS)[number];
export const PAIRING_KIND_LABELS: Record<PairingKind, Label> = {
  industry: { 'zh-CN': '产业协作', en: 'Industry cooperation' },
  labour: { 'zh-CN': '劳务协作', en: 'Labour cooperation' },
  consumption: { 'zh-CN': '消费帮扶', en: 'Consumption assistance' },
  talent: { 'zh-CN': '人才交流', en: 'Talent exchange' },
  funds: { 'zh-CN': '资金支持', en: 'Funds' },
  social: { 'zh-CN': '社会力量帮扶', en: 'Social forces' },
};

/** What an organisation is. Organisations are data, never a region scope. */
export const ORGANISATION_KINDS = [
  'central-unit',
  'central-enterprise',
  'province-department',
  'state-enterprise',
  'city',
  'county',
  'enterprise',
  'university',
  'research-institute',
  'financial-institution',
  'ngo',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, Label> = {
  'central-unit': { 'zh-CN': '中央国家机关', en: 'Central unit' },
  'central-enterprise': { 'zh-CN': '中央企业', en: 'Central enterprise' },
  'province-department': { 'zh-CN': '省直部门', en: 'Province department' },
  'state-enterprise': { 'zh-CN': '省属国有企业', en: 'Province state enterprise' },
  city: { 'zh-CN': '市', en: 'City' },
  county: { 'zh-CN': '县（市、区）', en: 'County' },
  enterprise: { 'zh-CN': '民营企业', en: 'Enterprise' },
  university: { 'zh-CN': '高校', en: 'University' },
  'research-institute': { 'zh-CN': '科研院所', en: 'Research institute' },
  'financial-institution': { 'zh-CN': '金融机构', en: 'Financial institution' },
  ngo: { 'zh-CN': '社会组织', en: 'NGO' },
};

/** A member's place in a leader's package (五包一 / 三包一): a leader or an organisation kind. */
export const PACKAGE_ROLES = ['leader', ...ORGANISATION_KINDS] as const;
export type PackageRole = (typeof PACKAGE_ROLES)[number];

/** 消费帮扶: what a purchased product is. */
export const PRODUCT_CATEGORIES = ['grain', 'vegetables-fruit', 'livestock', 'processed', 'handicraft', 'other'] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];
export const PRODUCT_CATEGORY_LABELS: Record<ProductCategory, Label> = {
  grain: { 'zh-CN': '粮油', en: 'Grain and oil' },
  'vegetables-fruit': { 'zh-CN': '果蔬', en: 'Vegetables and fruit' },
  livestock: { 'zh-CN': '畜禽水产', en: 'Livestock and aquatic' },
  processed: { 'zh-CN': '加工食品', en: 'Processed food' },
  handicraft: { 'zh-CN': '手工艺品', en: 'Handicraft' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

/** Package compositions the province picks from when it sets up a leader's package. */
export const PACKAGE_COMPOSITIONS = {
  五包一: ['leader', 'province-department', 'state-enterprise', 'university', 'financial-institution'],
  三包一: ['leader', 'province-department', 'state-enterprise'],
} as const satisfies Record<string, readonly PackageRole[]>;

/** The measured indicators and their units (fen for money). */
export const INDICATORS = {
  'funds-invested': { unit: 'fen', label: { 'zh-CN': '投入帮扶资金', en: 'Funds invested' } },
  'funds-introduced': { unit: 'fen', label: { 'zh-CN': '引进帮扶资金', en: 'Funds introduced' } },
  'cadres-trained': { unit: 'people', label: { 'zh-CN': '培训基层干部', en: 'Grass-roots cadres trained' } },
  'technicians-trained': { unit: 'people', label: { 'zh-CN': '培训技术人员', en: 'Technicians trained' } },
  'products-bought': { unit: 'fen', label: { 'zh-CN': '购买脱贫地区农产品', en: 'Products of lifted areas bought' } },
  'products-sold': { unit: 'fen', label: { 'zh-CN': '帮助销售脱贫地区农产品', en: 'Products helped to sell' } },
  'industry-projects': { unit: 'count', label: { 'zh-CN': '产业协作项目', en: 'Industry projects' } },
  'industry-funds': { unit: 'fen', label: { 'zh-CN': '产业项目投资', en: 'Industry project investment' } },
  'jobs-placed': { unit: 'people', label: { 'zh-CN': '转移就业人数', en: 'People placed in jobs' } },
  purchases: { unit: 'fen', label: { 'zh-CN': '消费帮扶采购额', en: 'Consumption purchases' } },
  'people-exchanged': { unit: 'people', label: { 'zh-CN': '人才交流人次', en: 'People exchanged' } },
  'money-transferred': { unit: 'fen', label: { 'zh-CN': '财政援助资金', en: 'Money transferred' } },
  donations: { unit: 'fen', label: { 'zh-CN': '社会捐赠', en: 'Donations' } },
  visits: { unit: 'times', label: { 'zh-CN': '调研走访次数', en: 'Visits made' } },
  inspections: { unit: 'times', label: { 'zh-CN': '督导检查次数', en: 'Inspections made' } },
} as const satisfies Record<string, { unit: 'fen' | 'people' | 'count' | 'times'; label: Label }>;
export type IndicatorCode = keyof typeof INDICATORS;
export const INDICATOR_CODES = Object.keys(INDICATORS) as [IndicatorCode, ...IndicatorCode[]];
export const UNIT_LABELS: Record<(typeof INDICATORS)[IndicatorCode]['unit'], Label> = {
  fen: { 'zh-CN': '元', en: 'yuan' },
  people: { 'zh-CN': '人', en: 'people' },
  count: { 'zh-CN': '个', en: 'projects' },
  times: { 'zh-CN': '次', en: 'times' },
};

/** The indicators a relationship of a system (and, for pairing, kind) takes targets and results for. */
export function indicatorsFor(system: AssistanceSystem, kind: PairingKind | null): readonly IndicatorCode[] {
  switch (system) {
    case 'central-unit':
      return ['funds-invested', 'funds-introduced', 'cadres-trained', 'technicians-trained', 'products-bought', 'products-sold'];
    case 'leader-contact':
      return ['visits', 'inspections'];
    case 'department':
      return ['funds-invested', 'funds-introduced', 'cadres-trained'];
    case 'pairing':
      switch (kind) {
        case 'industry':
          return ['industry-projects', 'industry-funds'];
        case 'labour':
          return ['jobs-placed'];
        case 'consumption':
          return ['purchases'];
        case 'talent':
          return ['people-exchanged'];
        case 'funds':
          return ['money-transferred'];
        case 'social':
          return ['donations'];
        default:
          return [];
      }
  }
}

/** A commitment is met when the result reaches the target — met exactly at target counts as met. */
export function commitmentMet(target: number, actual: number | null): boolean {
  return actual !== null && actual >= target;
}

/** Progress in basis points (10 000 = 100 %), floored; a zero target is 100 % once anything is reported. */
export function progressBasisPoints(target: number, actual: number | null): number {
  if (actual === null) return 0;
  if (target <= 0) return 10_000;
  return Math.floor((actual * 10_000) / target);
}

// ── Input schemas ─────────────────────────────────────────────────────────────────────────────

const amount = z.int().min(0).max(MAX_FEN);

export const OrganisationListInputSchema = z.object({ regionCode });
export const CreateOrganisationInputSchema = z.object({
  regionCode,
  name: plainText(100).trim().min(1),
  kind: z.enum(ORGANISATION_KINDS),
  /** Inside Hebei (a province department, a city or county as donor) or outside (a ministry, a central enterprise). */
  inProvince: z.boolean(),
  /** For a city or county donor: its region code, for display only — never a scope. */
  homeRegionCode: z
    .string()
    .regex(/^\d{2,6}$/)
    .nullable()
    .default(null),
  note: plainText(500).trim().default(''),
});
export type CreateOrganisationInput = z.input<typeof CreateOrganisationInputSchema>;

export const ResponsiblePersonSchema = z.object({
  name: plainText(50).trim().min(1),
  title: plainText(50).trim().default(''),
  side: z.enum(['donor', 'recipient']),
});
export type ResponsiblePerson = z.output<typeof ResponsiblePersonSchema>;

export const PackageMemberSchema = z.object({
  role: z.enum(PACKAGE_ROLES),
  organisationId: id.nullable().default(null),
  name: plainText(100).trim().default(''),
});
export type PackageMember = z.output<typeof PackageMemberSchema>;

export const CreateRelationshipInputSchema = z
  .object({
    regionCode,
    system: z.enum(SYSTEMS),
    kind: z.enum(PAIRING_KINDS).nullable().default(null),
    /** The donor (for leader contact: the leader's lead unit). */
    organisationId: id,
    countyCode: countyCodeInput,
    /** 省直部门定点帮扶: the village the department's resident team works in. */
    villageCode: villageCodeInput.nullable().default(null),
    startOn: isoDate,
    endOn: isoDate.nullable().default(null),
    responsible: z.array(ResponsiblePersonSchema).min(1).max(20),
    /** 省领导包联: the province-managed leader package of the county this relationship carries out. */
    packageId: id.nullable().default(null),
    note: plainText(500).trim().default(''),
  })
  .superRefine((value, context) => {
    if (value.system === 'pairing' && !value.kind)
      context.addIssue({ code: 'custom', path: ['kind'], message: '结对帮扶须选择帮扶类型 / a pairing needs its kind' });
    if (value.system !== 'pairing' && value.kind)
      context.addIssue({ code: 'custom', path: ['kind'], message: '只有结对帮扶有帮扶类型 / only a pairing has a kind' });
    if (value.system === 'department' && !value.villageCode)
      context.addIssue({ code: 'custom', path: ['villageCode'], message: '部门定点帮扶须指定村 / department aid names a village' });
    if (value.villageCode && !value.villageCode.startsWith(value.countyCode))
      context.addIssue({ code: 'custom', path: ['villageCode'], message: '村不在受援县内 / the village is not in the county' });
    if (value.system === 'leader-contact' && !value.packageId)
      context.addIssue({ code: 'custom', path: ['packageId'], message: '省领导包联须选择包联组 / choose the leader package' });
    if (value.system !== 'leader-contact' && value.packageId)
      context.addIssue({ code: 'custom', path: ['packageId'], message: '只有省领导包联有包联组 / only leader contact has a package' });
    if (value.endOn && value.endOn < value.startOn)
      context.addIssue({ code: 'custom', path: ['endOn'], message: '结束日期早于开始日期 / ends before it starts' });
  });
export type CreateRelationshipInput = z.input<typeof CreateRelationshipInputSchema>;

/** The province edits a relationship: only the fields sent change (no defaults in a patch). */
export const UpdateRelationshipInputSchema = z
  .object({
    regionCode,
    relationshipId: id,
    organisationId: id.optional(),
    startOn: isoDate.optional(),
    endOn: isoDate.nullable().optional(),
    responsible: z.array(ResponsiblePersonSchema).min(1).max(20).optional(),
    note: plainText(500).trim().optional(),
  })
  .superRefine((value, context) => {
    if (value.startOn && value.endOn && value.endOn < value.startOn)
      context.addIssue({ code: 'custom', path: ['endOn'], message: '结束日期早于开始日期 / ends before it starts' });
  });
export type UpdateRelationshipInput = z.input<typeof UpdateRelationshipInputSchema>;

/** The province renames an organisation or corrects its note (no defaults in a patch). */
export const UpdateOrganisationInputSchema = z.object({
  regionCode,
  organisationId: id,
  name: plainText(100).trim().min(1).optional(),
  note: plainText(500).trim().optional(),
});
export const DeactivateOrganisationInputSchema = z.object({ regionCode, organisationId: id, deactivatedOn: isoDate });

export const LeaderPackageMemberSchema = z.object({
  role: z.enum(PACKAGE_ROLES),
  organisationId: id.nullable().default(null),
  name: plainText(100).trim().default(''),
});
export const CreateLeaderPackageInputSchema = z
  .object({
    regionCode,
    countyCode: countyCodeInput,
    /** The composition's name (五包一 / 三包一 or another the province names). */
    name: plainText(20).trim().min(1),
    roles: z.array(z.enum(PACKAGE_ROLES)).min(1).max(10),
    leaderName: plainText(50).trim().min(1),
    leaderTitle: plainText(50).trim().default(''),
    members: z.array(LeaderPackageMemberSchema).min(1).max(10),
    startOn: isoDate,
    endOn: isoDate.nullable().default(null),
    note: plainText(500).trim().default(''),
  })
  .superRefine((value, context) => {
    if (value.endOn && value.endOn < value.startOn)
      context.addIssue({ code: 'custom', path: ['endOn'], message: '结束日期早于开始日期 / ends before it starts' });
  });
export type CreateLeaderPackageInput = z.input<typeof CreateLeaderPackageInputSchema>;
export const UpdateLeaderPackageInputSchema = z.object({
  regionCode,
  packageId: id,
  leaderName: plainText(50).trim().min(1).optional(),
  leaderTitle: plainText(50).trim().optional(),
  members: z.array(LeaderPackageMemberSchema).min(1).max(10).optional(),
  endOn: isoDate.nullable().optional(),
  note: plainText(500).trim().optional(),
});
export const LeaderPackageListInputSchema = z.object({ regionCode });

export const PurchaseInputSchema = z.object({
  regionCode,
  /** The consumption pairing it counts under, if any. */
  relationshipId: id.nullable().default(null),
  buyerOrganisationId: id,
  year: yearInput,
  purchasedOn: isoDate,
  productName: plainText(100).trim().min(1),
  productCategory: z.enum(PRODUCT_CATEGORIES),
  amountFen: z.int().min(1).max(MAX_FEN),
});
export type PurchaseInput = z.input<typeof PurchaseInputSchema>;
export const PurchaseListInputSchema = z.object({ regionCode, year: yearInput });

export const ProjectLinkInputSchema = z.object({ regionCode, relationshipId: id, year: yearInput, projectId: id, amountFen: amount });
export const ProjectLinkListInputSchema = z.object({ regionCode, relationshipId: id.optional(), year: yearInput.optional() });
export const LinkableProjectsInputSchema = z.object({ regionCode, countyCode: countyCodeInput });
export const RemovePlacementInputSchema = z.object({ regionCode, placementId: id });

export const RelationshipListInputSchema = z.object({ regionCode, system: z.enum(SYSTEMS).optional(), activeOn: isoDate.optional() });
export const EndRelationshipInputSchema = z.object({ regionCode, relationshipId: id, endOn: isoDate });

export const SetTargetsInputSchema = z.object({
  regionCode,
  relationshipId: id,
  year: yearInput,
  targets: z
    .array(z.object({ indicator: z.enum(INDICATOR_CODES), target: amount }))
    .min(1)
    .max(INDICATOR_CODES.length),
});
export type SetTargetsInput = z.input<typeof SetTargetsInputSchema>;

export const RecordResultsInputSchema = z.object({
  regionCode,
  relationshipId: id,
  year: yearInput,
  actuals: z
    .array(z.object({ indicator: z.enum(INDICATOR_CODES), actual: amount }))
    .min(1)
    .max(INDICATOR_CODES.length),
});
export type RecordResultsInput = z.input<typeof RecordResultsInputSchema>;

export const CommitmentListInputSchema = z.object({ regionCode, relationshipId: id, year: yearInput });

export const CreateProblemInputSchema = z
  .object({
    regionCode,
    relationshipId: id,
    /** The inspection (督导检查) that found it. */
    inspection: plainText(200).trim().min(1),
    foundOn: isoDate,
    description: plainText(1000).trim().min(1),
    /** 整改时限 (Asia/Shanghai date). */
    deadline: isoDate,
  })
  .superRefine((value, context) => {
    if (value.deadline < value.foundOn)
      context.addIssue({ code: 'custom', path: ['deadline'], message: '整改时限早于发现日期 / the deadline is before the finding' });
  });
export type CreateProblemInput = z.input<typeof CreateProblemInputSchema>;

export const RectifyProblemInputSchema = z.object({
  regionCode,
  problemId: id,
  rectifiedOn: isoDate,
  rectification: plainText(1000).trim().min(1),
  /** Photos uploaded through the core upload store (`POST /upload/social-assistance/evidence`). */
  evidenceUploadIds: z.array(z.uuid()).max(6).default([]),
});
export type RectifyProblemInput = z.input<typeof RectifyProblemInputSchema>;

export const ProblemListInputSchema = z.object({
  regionCode,
  status: z.enum(['open', 'rectified', 'overdue', 'all']).default('all'),
  relationshipId: id.optional(),
});
export const EvidenceInputSchema = z.object({ regionCode, problemId: id, uploadId: z.uuid() });

export const ProgressInputSchema = z.object({ regionCode, year: yearInput, system: z.enum(SYSTEMS).optional(), kind: z.enum(PAIRING_KINDS).optional() });
export type ProgressInput = z.input<typeof ProgressInputSchema>;

export const ImportResultsInputSchema = z.object({ regionCode, uploadId: z.uuid(), year: yearInput });
export const ExportSummaryInputSchema = z.object({ regionCode, year: yearInput });

export const PlacementInputSchema = z.object({
  regionCode,
  relationshipId: id,
  year: yearInput,
  householdId: id,
  memberId: id,
  employer: plainText(100).trim().min(1),
  placedOn: isoDate,
});
export type PlacementInput = z.input<typeof PlacementInputSchema>;
export const PlacementListInputSchema = z.object({ regionCode, relationshipId: id.optional(), year: yearInput.optional() });

// ── Events ───────────────────────────────────────────────────────────────────────────────────

/** A registry member placed in a job through a 劳务协作 pairing (income may count it). */
export const JobPlacedSchema = z.object({
  /** The placement's id in social assistance: a listener keys on it (a re-delivery counts once). */
  placementId: z.int().positive(),
  countyCode: z.string(),
  villageCode: z.string(),
  householdId: z.int().positive(),
  memberId: z.int().positive(),
  relationshipId: z.int().positive(),
  year: z.int(),
  placedOn: z.string(),
});
export type JobPlaced = z.infer<typeof JobPlacedSchema>;

/** A placement removed (recorded in error): a listener that counted it uncounts it. */
export const JobPlacementRemovedSchema = z.object({
  placementId: z.int().positive(),
  countyCode: z.string(),
  villageCode: z.string(),
  memberId: z.int().positive(),
  year: z.int(),
});
export type JobPlacementRemoved = z.infer<typeof JobPlacementRemovedSchema>;

/** The social-assistance module: one title and one permission list for server and web. */
export const socialAssistanceModule = defineModule({
  id: SOCIAL_ASSISTANCE_PLUGIN_ID,
  title: { 'zh-CN': '社会帮扶', en: 'Social assistance' },
  permissions: {
    /** Organisations, relationships, targets, results, problems and progress in the reader's scope. */
    'assistance.read': READ_ROLES,
    /** The province: organisations, relationships, leader packages, targets, inspection problems. */
    'assistance.manage': ['province_admin'],
    /** The recipient county: results, job placements, rectification with evidence, the results sheet. */
    'result.record': ['county_admin'],
  },
  events: { 'job-placed': JobPlacedSchema, 'job-placement-removed': JobPlacementRemovedSchema },
});
export type SocialAssistancePermission = keyof typeof socialAssistanceModule.permissions;

declare module '@zhenxing/core' {
  interface EventMap extends ModuleEvents<typeof socialAssistanceModule> {}
}

// ── Read model ───────────────────────────────────────────────────────────────────────────────

export interface OrganisationView {
  id: number;
  name: string;
  kind: OrganisationKind;
  inProvince: boolean;
  homeRegionCode: string | null;
  note: string;
  active: boolean;
  deactivatedOn: string | null;
  /** Relationships it holds with counties in the reader's scope (active or not). */
  assists: { relationshipId: number; countyCode: string; system: AssistanceSystem; kind: PairingKind | null }[];
}

export interface RelationshipView {
  id: number;
  countyCode: string;
  countyName: string;
  villageCode: string | null;
  system: AssistanceSystem;
  kind: PairingKind | null;
  organisationId: number;
  organisationName: string;
  startOn: string;
  endOn: string | null;
  active: boolean;
  responsible: ResponsiblePerson[];
  leaderName: string | null;
  packageMembers: (PackageMember & { organisationName: string | null })[];
  packageId: number | null;
  note: string;
}

export interface LeaderPackageView {
  id: number;
  countyCode: string;
  countyName: string;
  name: string;
  roles: PackageRole[];
  leaderName: string;
  leaderTitle: string;
  members: (PackageMember & { organisationName: string | null })[];
  startOn: string;
  endOn: string | null;
  active: boolean;
  note: string;
}

export interface PurchaseView {
  id: number;
  countyCode: string;
  countyName: string;
  relationshipId: number | null;
  buyerOrganisationId: number;
  buyerName: string;
  year: number;
  purchasedOn: string;
  productName: string;
  productCategory: ProductCategory;
  amountFen: number;
}

export interface PurchaseSummary {
  year: number;
  totalFen: number;
  byProduct: { productName: string; productCategory: ProductCategory; purchases: number; amountFen: number }[];
  byCounty: { countyCode: string; countyName: string; purchases: number; amountFen: number }[];
}

/** A funded project link; `project` is null when the projects module is not enabled for the county (未启用). */
export interface ProjectLinkView {
  id: number;
  countyCode: string;
  relationshipId: number;
  year: number;
  projectId: number;
  amountFen: number;
  project: { id: number; title: string; stage: string; href: string } | null;
}

export interface LinkableProjects {
  /** Whether the projects module is installed and enabled for the county. */
  enabled: boolean;
  projects: { id: number; title: string; stage: string; countyCode: string }[];
}

export interface CommitmentView {
  indicator: IndicatorCode;
  unit: (typeof INDICATORS)[IndicatorCode]['unit'];
  target: number | null;
  actual: number | null;
  met: boolean;
  basisPoints: number;
  reportedOn: string | null;
}

export interface RelationshipProgress {
  relationship: RelationshipView;
  commitments: CommitmentView[];
  /** Every indicator with a target is met (met exactly at target counts). */
  met: boolean;
  withTargets: number;
  metCount: number;
  problems: { found: number; rectified: number; open: number; overdue: number };
}

export interface ProgressGroup {
  key: string;
  label: string;
  relationships: number;
  withTargets: number;
  met: number;
}

export interface ProgressSummary {
  year: number;
  regionCode: string;
  bySystem: (ProgressGroup & { system: AssistanceSystem })[];
  byKind: (ProgressGroup & { kind: PairingKind })[];
  /** One row per child region of the request (cities for the province, counties for a city). */
  byRegion: (ProgressGroup & { regionCode: string })[];
  /** Indicator totals (target, actual) per system. */
  totals: { system: AssistanceSystem; indicator: IndicatorCode; target: number; actual: number; met: boolean }[];
  /** Counties in the region lacking an active relationship of a system their settings require. */
  countiesLacking: { countyCode: string; countyName: string; missing: AssistanceSystem[] }[];
  problems: { found: number; rectified: number; open: number; overdue: number };
}

export interface ProblemView {
  id: number;
  countyCode: string;
  relationshipId: number;
  inspection: string;
  foundOn: string;
  description: string;
  deadline: string;
  status: 'open' | 'rectified';
  overdue: boolean;
  rectifiedOn: string | null;
  rectification: string | null;
  evidenceUploadIds: string[];
}

export interface PlacementView {
  id: number;
  countyCode: string;
  villageCode: string;
  relationshipId: number;
  year: number;
  householdId: number;
  memberId: number;
  /** The member's name, masked as the registry masks it for readers without PII rights. */
  memberName: string;
  employer: string;
  placedOn: string;
}

export interface ImportResultsOutcome {
  committed: boolean;
  rows: number;
  problems: { row: number; message: string }[];
}
