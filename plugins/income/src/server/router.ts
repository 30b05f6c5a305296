import type { PluginRouterTools } from '@zhenxing/core';
import {
  CreatePlanInputSchema,
  EmploymentInputSchema,
  GrowthFiguresInputSchema,
  HouseholdInputSchema,
  LedgerListInputSchema,
  LiftSupervisionInputSchema,
  PlanListInputSchema,
  RecordAdjustmentInputSchema,
  RecordProgressInputSchema,
  ReplayInputSchema,
  RerunInputSchema,
  SupervisionListInputSchema,
} from '../index.ts';
import { employmentCounts } from './employment.ts';
import { ledgerCoverage, listLedger, reevaluate, replayEntry, rerunCounties } from './ledger.ts';
import { createPlan, listPlans, recordProgress } from './plans.ts';
import type { IncomeSettings } from './settings.ts';
import { enterGrowthFigures, liftSupervision, listPublished, publishSupervision, supervisionList } from './supervision.ts';
import { householdIncome, recordAdjustment, yearOf } from './tracking.ts';

/** trpc.income.*: one `.meta({ permission })` per procedure; the services do the work. */
export const incomeRouter = ({ router, procedure }: PluginRouterTools<IncomeSettings>) => {
  const read = procedure.meta({ permission: 'income.read' });
  const record = procedure.meta({ permission: 'income.record' });
  const run = procedure.meta({ permission: 'ledger.run' });
  const manage = procedure.meta({ permission: 'plan.manage' });
  const province = procedure.meta({ permission: 'supervision.manage' });
  return router({
    /** A household's income for a year: registry figures, in-year changes, per capita, changes. */
    household: read.input(HouseholdInputSchema).query(({ ctx, input }) => householdIncome(ctx, input.householdId, input.year)),
    /** An in-year change by hand; the household's ledger entry is re-evaluated in the same transaction. */
    adjust: record.input(RecordAdjustmentInputSchema).mutation(async ({ ctx, input }) => {
      const adjustment = await recordAdjustment(ctx, input);
      const ledger = await reevaluate(ctx, input.householdId, input.year);
      return { adjustment, ledger };
    }),
    ledger: router({
      list: read.input(LedgerListInputSchema).query(({ ctx, input }) => listLedger(ctx, input.year, input.status)),
      coverage: read.input(RerunInputSchema).query(({ ctx, input }) => ledgerCoverage(ctx, input.year)),
      /** Re-runs the flags over the county's 脱贫户. */
      rerun: run.input(RerunInputSchema).mutation(async ({ ctx, input }) => {
        const county = ctx.access.requireCounty();
        ctx.access.assertRegion(county);
        const summary = await rerunCounties(ctx, [county], input.year ?? yearOf(ctx.today));
        await ctx.audit({ action: 'ledger.rerun', regionCode: county, entityType: 'income-ledger', entityId: county, after: summary });
        return summary;
      }),
      /** The entry's flags decided again under another published parameter set (read-only). */
      replay: read.input(ReplayInputSchema).query(({ ctx, input }) => replayEntry(ctx, input.entryId, input.parameterVersion)),
    }),
    plans: router({
      list: read.input(PlanListInputSchema).query(({ ctx, input }) => listPlans(ctx, input.householdId, input.overdueOnly)),
      create: manage.input(CreatePlanInputSchema).mutation(({ ctx, input }) => createPlan(ctx, input)),
      recordProgress: manage.input(RecordProgressInputSchema).mutation(({ ctx, input }) => recordProgress(ctx, input)),
    }),
    supervision: router({
      list: read.input(SupervisionListInputSchema).query(({ ctx, input }) => supervisionList(ctx, input.year)),
      /** The province's growth figures for a year (local farmers' per county, national, provincial). */
      enterFigures: province.input(GrowthFiguresInputSchema).mutation(({ ctx, input }) => enterGrowthFigures(ctx, input)),
      /** Publishes the year's list, frozen with the figures it used. */
      publish: province.input(SupervisionListInputSchema).mutation(({ ctx, input }) => publishSupervision(ctx, input.year)),
      published: read.input(SupervisionListInputSchema).query(({ ctx, input }) => listPublished(ctx, input.year)),
      lift: province.input(LiftSupervisionInputSchema).mutation(({ ctx, input }) => liftSupervision(ctx, input.entryId, input.reason)),
    }),
    employment: read.input(EmploymentInputSchema).query(({ ctx }) => employmentCounts(ctx)),
  });
};
