/**
 * @zhenxing/plugin-funds — isomorphic part: levels, uses, input schemas, event payloads.
 * No Node, no React. Projects are referenced by id + title only; funds imports nothing of the
 * projects module (not even types): the two events both sides use are declared on both sides.
 */
import { z } from 'zod';
import { fenAmount, isoDate, plainText, regionCodeInput } from '@zhenxing/core/inputs';

export const FUNDS_PLUGIN_ID = 'funds';

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
export const ListAllocationsInputSchema = z.object({ regionCode, year: year.optional(), batchId: z.int().positive().optional(), projectId: z.int().positive().optional() });
export const SlowSpendingInputSchema = YearInputSchema.extend({
  /** Counties whose 支出进度 is below this are listed (a dashboard threshold, not a policy rule). */
  thresholdBasisPoints: z.int().min(0).max(10_000).default(5_000),
});

/**
 * Published by funds when part of a batch is allocated to a project (资金安排至具体项目).
 * The projects module declares the same payload (its `ProjectAllocationNotice`) because it
 * subscribes: TypeScript refuses the merged EventMap wherever both are compiled (the server,
 * funds' tests) if the two declarations ever differ.
 */
export interface FundsAllocated {
  countyCode: string;
  allocationId: number;
  projectId: number;
  projectTitle: string;
  amountFen: number;
  year: number;
  level: 'central' | 'provincial' | 'city' | 'county';
  use: 'industry' | 'other';
  documentNumber: string;
}

/** Published by projects after a payment; funds records it as spending (same declaration on both sides). */
export interface ProjectPaymentMade {
  countyCode: string;
  projectId: number;
  projectTitle: string;
  paymentId: number;
  idempotencyKey: string;
  amountFen: number;
  paidOn: string;
  kind: 'first' | 'progress' | 'final';
  fundSource: 'linkage-funds' | 'project-budget';
}

declare module '@zhenxing/core' {
  interface EventMap {
    'funds.allocated': FundsAllocated;
    /** Consumed here; published by projects. */
    'projects.payment-made': ProjectPaymentMade;
  }
}
