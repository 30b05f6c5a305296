import type { PluginRouterTools } from '@zhenxing/core';
import {
  CreateAllocationInputSchema,
  CreateBatchInputSchema,
  ListAllocationsInputSchema,
  RecordSpendingInputSchema,
  SlowSpendingInputSchema,
  YearInputSchema,
  IndustryShareReplayInputSchema,
} from '../index.ts';
import { industryShareDashboard, industryShareReplay, slowSpendingDashboard, spendingProgressDashboard } from './dashboard.ts';
import { createAllocation, createBatch, listAllocations, listBatches, recordSpending } from './ledger.ts';
import type { FundsSettings } from './settings.ts';

/** trpc.funds.*: batches, allocations, spending, and the §4 / spending dashboards. */
export const fundsRouter = ({ router, procedure }: PluginRouterTools<FundsSettings>) =>
  router({
    batches: router({
      list: procedure
        .meta({ permission: 'fund.read' })
        .input(YearInputSchema)
        .query(({ ctx, input }) => listBatches(ctx, input.year)),
      create: procedure
        .meta({ permission: 'fund.manage' })
        .input(CreateBatchInputSchema)
        .mutation(({ ctx, input }) => createBatch(ctx, input)),
    }),
    allocations: router({
      list: procedure
        .meta({ permission: 'fund.read' })
        .input(ListAllocationsInputSchema)
        .query(({ ctx, input }) => listAllocations(ctx, input)),
      create: procedure
        .meta({ permission: 'fund.manage' })
        .input(CreateAllocationInputSchema)
        .mutation(({ ctx, input }) => createAllocation(ctx, input)),
    }),
    spending: router({
      record: procedure
        .meta({ permission: 'fund.manage' })
        .input(RecordSpendingInputSchema)
        .mutation(({ ctx, input }) => recordSpending(ctx, input)),
    }),
    dashboard: router({
      /** §4 industry share: region and per county, pass/fail, amounts still needed, counties without funds. */
      industryShare: procedure
        .meta({ permission: 'fund.read' })
        .input(YearInputSchema)
        .query(({ ctx, input }) => industryShareDashboard(ctx, input.year)),
      /** "Evaluate under …": the §4 test under a chosen published parameter set beside the year's own, with what changed. */
      industryShareReplay: procedure
        .meta({ permission: 'fund.read' })
        .input(IndustryShareReplayInputSchema)
        .query(({ ctx, input }) => industryShareReplay(ctx, input.year, input.version, input.recordedVersion)),
      spendingProgress: procedure
        .meta({ permission: 'fund.read' })
        .input(YearInputSchema)
        .query(({ ctx, input }) => spendingProgressDashboard(ctx, input.year)),
      slowSpending: procedure
        .meta({ permission: 'fund.read' })
        .input(SlowSpendingInputSchema)
        .query(({ ctx, input }) => slowSpendingDashboard(ctx, input.year, input.thresholdBasisPoints)),
    }),
  });
