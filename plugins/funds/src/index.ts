/**
 * @zhenxing/plugin-funds — isomorphic part: the module (id, title, permissions, events), levels,
 * uses, input schemas. No Node, no React. Projects are referenced by id + title only; the
 * `projects.payment-made` payload it listens to comes from the projects module's own entry.
 */
import { defineModule, READ_ROLES, type ModuleEvents } from '@zhenxing/core/module';
import { z } from 'zod';
import { fenAmount, isoDate, plainText, regionCodeInput } from '@zhenxing/core/inputs';
import { ParameterVersionSchema } from '@zhenxing/rules';

export const FUNDS_PLUGIN_ID = 'funds' as const;

/** 中央、省、市、县 — the four levels of linkage funds. */
export const FUND_LEVELS = ['central', 'provincial', 'city', 'county'] as const;
export const FundLevelSchema = z.enum(FUND_LEVELS);
export type FundLevel = z.infer<typeof FundLevelSchema>;

/** Industry (产业) versus every other use; the §4 shares count industry. */
export const FUND_USES = ['industry', 'other'] as const;
export const FundUseSchema = z.enum(FUND_USES);
export type FundUse = z.infer<typeof FundUseSchema>;

/** Permissions (relative; the host prefixes `funds.`). */
export const FUNDS_PERMISSIONS = { read: 'fund.read', manage: 'fund.manage' } as const;

const regionCode = regionCodeInput.optional();
const fen = fenAmount.min(1);
const year = z.int().min(2000).max(2100);
const idempotencyKey = plainText(100).trim().min(8);

export const CreateBatchInputSchema = z.object({
  regionCode,
  year,
  level: FundLevelSchema,
  /** 文号, e.g. 冀财农〔2022〕12号 */
  documentNumber: plainText(100).trim().min(2),
  documentDate: isoDate,
  amountFen: fen,
  title: plainText(200).trim().default(''),
  idempotencyKey,
});

export const CreateAllocationInputSchema = z
  .object({
    regionCode,
    batchId: z.int().positive(),
    use: FundUseSchema,
    /** What the money is for within the use (e.g. 产业发展, 基础设施, 就业帮扶). */
    purpose: plainText(200).trim().min(1),
    amountFen: fen,
    /** A project of the project library, by id and title only. */
    projectId: z.int().positive().optional(),
    projectTitle: plainText(200).trim().min(1).optional(),
    /** 联农带农富农 */
    linksFarmers: z.boolean().default(false),
    /** 到人到户 */
    reachesHouseholds: z.boolean().default(false),
    idempotencyKey,
  })
  .refine((input) => (input.projectId === undefined) === (input.projectTitle === undefined), {
    message: 'projectId and projectTitle go together',
    path: ['projectTitle'],
  });

export const RecordSpendingInputSchema = z.object({
  regionCode,
  allocationId: z.int().positive(),
  amountFen: fen,
  paidOn: isoDate,
  idempotencyKey,
});

export const YearInputSchema = z.object({ regionCode, year });
/** "Evaluate under …" for the §4 industry-share test: a chosen published set beside the year's own (or `recordedVersion`). */
export const IndustryShareReplayInputSchema = z.object({
  regionCode,
  year,
  version: ParameterVersionSchema.max(32),
  recordedVersion: ParameterVersionSchema.max(32).optional(),
});
export const ListAllocationsInputSchema = z.object({
  regionCode,
  year: year.optional(),
  batchId: z.int().positive().optional(),
  projectId: z.int().positive().optional(),
});
export const SlowSpendingInputSchema = YearInputSchema.extend({
  /** Counties whose 支出进度 is below this are listed (a dashboard threshold, not a policy rule). */
  thresholdBasisPoints: z.int().min(0).max(10_000).default(5_000),
});

/** Published by funds when part of a batch is allocated to a project (资金安排至具体项目). */
export const FundsAllocatedSchema = z.object({
  countyCode: z.string(),
  allocationId: z.int().positive(),
  projectId: z.int().positive(),
  projectTitle: z.string(),
  amountFen: z.int().min(1),
  year: z.int(),
  level: FundLevelSchema,
  use: FundUseSchema,
  documentNumber: z.string(),
});
export type FundsAllocated = z.infer<typeof FundsAllocatedSchema>;

/** The funds module: one title and one permission list for server and web. */
export const fundsModule = defineModule({
  id: FUNDS_PLUGIN_ID,
  title: { 'zh-CN': '衔接资金', en: 'Linkage funds' },
  permissions: {
    'fund.read': READ_ROLES,
    'fund.manage': ['county_admin'],
  },
  events: { allocated: FundsAllocatedSchema },
});
export type FundsPermission = keyof typeof fundsModule.permissions;

declare module '@zhenxing/core' {
  interface EventMap extends ModuleEvents<typeof fundsModule> {}
}
