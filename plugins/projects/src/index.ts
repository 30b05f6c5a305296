/**
 * @zhenxing/plugin-projects — isomorphic part: ids, stages, input schemas and event payloads.
 * No Node, no React: the admin app and other plugins may import this entry.
 */
import { defineModule, READ_ROLES, type ModuleEvents } from '@zhenxing/core/module';
import { z } from 'zod';
import { fenAmount, isoDate, plainText, regionCodeInput } from '@zhenxing/core/inputs';
import { ParameterVersionSchema } from '@zhenxing/rules';

export const PROJECTS_PLUGIN_ID = 'projects';

/** The project library's stages, in order (rejected is a dead end beside them). */
export const PROJECT_STAGES = [
  'applied', // 村申报
  'township-reviewed', // 乡镇审核
  'approved', // 县审定（入库）
  'tendered', // 招投标
  'started', // 动工
  'completed', // 完工
  'accepted', // 验收
  'rejected',
] as const;
export const ProjectStageSchema = z.enum(PROJECT_STAGES);
export type ProjectStage = z.infer<typeof ProjectStageSchema>;

export const PROJECT_CATEGORIES = ['industry', 'infrastructure', 'employment', 'public-service', 'other'] as const;
export const ProjectCategorySchema = z.enum(PROJECT_CATEGORIES);

/** "三公示一公告": village, township and county publicity, then the county announcement. */
export const NOTICE_KINDS = ['village-publicity', 'township-publicity', 'county-publicity', 'county-announcement'] as const;
export const NoticeKindSchema = z.enum(NOTICE_KINDS);
export type NoticeKind = z.infer<typeof NoticeKindSchema>;

/** Where a payment's money comes from: allocated linkage funds (funds enabled) or the project's own budget. */
export const FUND_SOURCES = ['linkage-funds', 'project-budget'] as const;
export type FundSource = (typeof FUND_SOURCES)[number];

/** Permissions (relative; the host prefixes `projects.`). */
export const PROJECT_PERMISSIONS = {
  read: 'project.read',
  apply: 'project.apply',
  notice: 'project.notice',
  review: 'project.review',
  approve: 'project.approve',
  implement: 'project.implement',
  accept: 'project.accept',
  paymentRead: 'payment.read',
  pay: 'payment.make',
} as const;

const fen = fenAmount.min(1);
const regionCode = regionCodeInput.optional();
const id = z.int().positive();

export const ApplyProjectInputSchema = z.object({
  regionCode,
  villageCode: z.string().regex(/^\d{12}$/),
  title: plainText(200).trim().min(2),
  category: ProjectCategorySchema,
  description: plainText(4000).default(''),
  budgetFen: fen,
  /** 因疫情急需实施 */
  epidemicUrgent: z.boolean().default(false),
  /** 有利于增加脱贫户和监测户收入 */
  raisesIncome: z.boolean().default(false),
  /** 联农带农富农 */
  linksFarmers: z.boolean().default(false),
  /** 到人到户 */
  reachesHouseholds: z.boolean().default(false),
  povertyExitedHouseholds: z.int().min(0).default(0),
  monitoredHouseholds: z.int().min(0).default(0),
  appliedOn: isoDate.optional(),
});
export type ApplyProjectInput = z.input<typeof ApplyProjectInputSchema>;

export const ListProjectsInputSchema = z.object({ regionCode, stage: ProjectStageSchema.optional() });
export const ProjectIdInputSchema = z.object({ regionCode, id });
export const DecisionInputSchema = z.object({
  regionCode,
  id,
  decision: z.enum(['pass', 'reject']),
  comment: plainText(2000).default(''),
  on: isoDate.optional(),
});
export const PublishNoticeInputSchema = z
  .object({
    regionCode,
    projectId: id,
    kind: NoticeKindSchema,
    startDate: isoDate,
    endDate: isoDate,
    content: plainText(4000).trim().min(1),
  })
  .refine((notice) => notice.startDate <= notice.endDate, { message: 'endDate must not be before startDate', path: ['endDate'] });
export const TenderInputSchema = z.object({ regionCode, id, winningBidder: plainText(200).trim().min(1), on: isoDate.optional() });
export const StageDateInputSchema = z.object({ regionCode, id, on: isoDate.optional(), comment: plainText(2000).default('') });
export const ProgressReportInputSchema = z.object({
  regionCode,
  projectId: id,
  /** 工程进度, basis points (10000 = complete); never goes backwards. */
  progressBasisPoints: z.int().min(0).max(10_000),
  text: plainText(4000).trim().min(1),
  /** Names of the evidence files (photos, supervision reports) stored elsewhere. */
  attachments: z.array(plainText(255).trim().min(1)).max(50).default([]),
  reportedOn: isoDate.optional(),
});
export const PaymentRequestSchema = z.object({
  regionCode,
  projectId: id,
  amountFen: fen,
});
/** "Evaluate under …": a payment decision under a chosen published set beside the one in force (or `recordedVersion`). */
export const ReplayPaymentInputSchema = PaymentRequestSchema.extend({
  version: ParameterVersionSchema.max(32),
  recordedVersion: ParameterVersionSchema.max(32).optional(),
});
export const PayInputSchema = PaymentRequestSchema.extend({
  /** Client-supplied; the same key with the same request returns the first payment, never pays twice. */
  idempotencyKey: plainText(100).trim().min(8),
  paidOn: isoDate.optional(),
  note: plainText(2000).default(''),
});
export const ByProjectInputSchema = z.object({ regionCode, projectId: id.optional() });

/**
 * Raised after a payment commits. Funds (when the county enabled it) records it as spending against
 * the project's allocations. `paymentId` is unique; handlers must be idempotent on it.
 */
export const ProjectPaymentMadeSchema = z.object({
  countyCode: z.string(),
  projectId: z.int().positive(),
  projectTitle: z.string(),
  paymentId: z.int().positive(),
  idempotencyKey: z.string(),
  amountFen: z.int().min(1),
  paidOn: isoDate,
  kind: z.enum(['first', 'progress', 'final']),
  fundSource: z.enum(FUND_SOURCES),
});
export type ProjectPaymentMade = z.infer<typeof ProjectPaymentMadeSchema>;

/** The projects module: one title and one permission list for server and web. */
export const projectsModule = defineModule({
  id: 'projects',
  title: { 'zh-CN': '项目库与资金拨付', en: 'Project library and disbursement' },
  permissions: {
    'project.read': READ_ROLES,
    'project.apply': ['county_admin', 'township_officer', 'village_cadre'],
    'project.notice': ['county_admin', 'township_officer', 'village_cadre'],
    'project.review': ['county_admin', 'township_officer'],
    'project.approve': ['county_admin'],
    'project.implement': ['county_admin', 'township_officer', 'village_cadre'],
    'project.accept': ['county_admin'],
    'payment.read': ['province_admin', 'city_admin', 'county_admin', 'township_officer', 'inspector'],
    'payment.make': ['county_admin'],
  },
  events: { 'payment-made': ProjectPaymentMadeSchema },
});
export type ProjectsPermission = keyof typeof projectsModule.permissions;

declare module '@zhenxing/core' {
  interface EventMap extends ModuleEvents<typeof projectsModule> {}
}
