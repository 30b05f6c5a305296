import type { PluginRouterTools } from '@zhenxing/core';
import {
  AnalysisInputSchema,
  CreatePlanInputSchema,
  EmploymentCompareInputSchema,
  EmploymentInputSchema,
  EmploymentTargetInputSchema,
  RecordEmploymentInputSchema,
  GrowthFiguresInputSchema,
  HouseholdInputSchema,
  ImportFiguresInputSchema,
  LedgerListInputSchema,
  LiftSupervisionInputSchema,
  PlanListInputSchema,
  RecordAdjustmentInputSchema,
  RecordProgressInputSchema,
  ReplayInputSchema,
  RerunInputSchema,
  SupervisionListInputSchema,
} from '../index.ts';
import { analyseRegions } from './analysis.ts';
import { employmentCounts } from './employment.ts';
import { ledgerCoverage, listLedger, reevaluate, replayEntry, rerunCounties } from './ledger.ts';
import { createPlan, listPlans, recordProgress } from './plans.ts';
import type { IncomeSettings } from './settings.ts';
import { enterGrowthFigures, liftSupervision, listPublished, publishSupervision, supervisionList } from './supervision.ts';
import { importGrowthFigures } from './figures-import.ts';
import { compareEmployment, recordEmployment, setEmploymentTarget } from './stable-employment.ts';
import { householdIncome, recordAdjustment, yearOf } from './tracking.ts';

/** trpc.income.*: one `.meta({ permission })` per procedure; the services do the work. */
export const incomeRouter = ({ router, procedure }: PluginRouterTools<IncomeSettings>) => {
  const read = procedure.meta({ permission: 'income.read' });
  const record = procedure.meta({ permission: 'income.record' });
  const run = procedure.meta({ permission: 'ledger.run' });
  const manage = procedure.meta({ permission: 'plan.manage' });
  const province = procedure.meta({ permission: 'supervision.manage' });
  const employmentRecord = procedure.meta({ permission: 'employment.record' });
  const employmentTarget = procedure.meta({ permission: 'employment.target' });
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
      /** The same figures from an uploaded statistics sheet: preview with per-row problems, or commit all rows or none. */
      importFigures: province.input(ImportFiguresInputSchema).mutation(({ ctx, input }) => importGrowthFigures(ctx, input)),
      /** Publishes the year's list, frozen with the figures it used. */
      publish: province.input(SupervisionListInputSchema).mutation(({ ctx, input }) => publishSupervision(ctx, input.year)),
      published: read.input(SupervisionListInputSchema).query(({ ctx, input }) => listPublished(ctx, input.year)),
      lift: province.input(LiftSupervisionInputSchema).mutation(({ ctx, input }) => liftSupervision(ctx, input.entryId, input.reason)),
    }),
    /** Per sub-region: income against the line, growth, ledger and plan coverage, employment (未启用 apart). */
    analysis: read.input(AnalysisInputSchema).query(({ ctx, input }) => analyseRegions(ctx, input.year)),
    employment: read.input(EmploymentInputSchema).query(({ ctx }) => employmentCounts(ctx)),
    /** 稳岗就业 against last year and the target: counties record, the province sets targets, the dashboard compares. */
    stableEmployment: router({
      compare: read.input(EmploymentCompareInputSchema).query(({ ctx, input }) => compareEmployment(ctx, input.year)),
      record: employmentRecord.input(RecordEmploymentInputSchema).mutation(({ ctx, input }) => recordEmployment(ctx, input)),
      setTarget: employmentTarget.input(EmploymentTargetInputSchema).mutation(({ ctx, input }) => setEmploymentTarget(ctx, input)),
    }),
  });
};
