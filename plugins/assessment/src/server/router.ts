import type { PluginRouterTools } from '@zhenxing/core';
import {
  ComputeScoresInputSchema,
  CreateInspectionInputSchema,
  InspectionHouseholdsInputSchema,
  InspectionRefInputSchema,
  ListInspectionsInputSchema,
  ListTasksInputSchema,
  RectificationDashboardInputSchema,
  ReturnTaskInputSchema,
  SubmitTaskInputSchema,
  TaskEvidenceInputSchema,
  TaskRefInputSchema,
  CreateSchemeInputSchema,
  DraftNoticeInputSchema,
  ExplainInputSchema,
  ListDeductionsInputSchema,
  ListNoticesInputSchema,
  ListRunsInputSchema,
  ListSchemesInputSchema,
  NewVersionInputSchema,
  NoticeRefInputSchema,
  ProblemListInputSchema,
  RecordDeductionInputSchema,
  RunRefInputSchema,
  SchemeRefInputSchema,
  UpdateNoticeInputSchema,
  UpdateSchemeInputSchema,
} from '../index.ts';
import {
  acceptTask,
  createInspection,
  getInspection,
  inspectionHouseholds,
  listInspections,
  listTasks,
  rectificationDashboard,
  returnTask,
  submitInspection,
  submitTask,
  taskEvidence,
} from './inspections.ts';
import { draftNotice, getNotice, listNotices, publishNotice, updateNotice } from './notices.ts';
import { computeScores, explainScore, listDeductions, listRuns, problemList, recordDeduction, runScores, verifyRun } from './scores.ts';
import { createScheme, indicatorOptions, listSchemes, loadScheme, newVersion, publishScheme, schemeView, updateScheme } from './schemes.ts';
import type { AssessmentSettings } from './settings.ts';
import { z } from 'zod';
import { regionCodeInput } from '@zhenxing/core/inputs';

/**
 * trpc.assessment.*: schemes (province drafts, versions, publishes), deductions, sealed score runs
 * with explanations, and 通报. Reads are scoped to the requested region (ctx.access); writes are the
 * province's own (`province-only` below it).
 */
export const assessmentRouter = ({ router, procedure }: PluginRouterTools<AssessmentSettings>) => {
  const read = procedure.meta({ permission: 'assessment.read' });
  const scheme = procedure.meta({ permission: 'scheme.manage' });
  const notice = procedure.meta({ permission: 'notice.manage' });
  const inspect = procedure.meta({ permission: 'inspection.manage' });
  const rectify = procedure.meta({ permission: 'rectification.submit' });
  return router({
    indicators: read.input(z.object({ regionCode: regionCodeInput.optional() })).query(({ ctx }) => indicatorOptions(ctx)),
    schemes: router({
      list: read.input(ListSchemesInputSchema).query(({ ctx, input }) => listSchemes(ctx, input.year)),
      get: read.input(SchemeRefInputSchema).query(async ({ ctx, input }) => schemeView(await loadScheme(ctx, input.schemeId))),
      create: scheme.input(CreateSchemeInputSchema).mutation(({ ctx, input }) => createScheme(ctx, input)),
      newVersion: scheme.input(NewVersionInputSchema).mutation(({ ctx, input }) => newVersion(ctx, input.schemeId)),
      revise: scheme.input(UpdateSchemeInputSchema).mutation(({ ctx, input }) => updateScheme(ctx, input)),
      publish: scheme.input(SchemeRefInputSchema).mutation(({ ctx, input }) => publishScheme(ctx, input.schemeId)),
    }),
    deductions: router({
      list: read.input(ListDeductionsInputSchema).query(({ ctx, input }) => listDeductions(ctx, input.schemeId)),
      record: scheme.input(RecordDeductionInputSchema).mutation(({ ctx, input }) => recordDeduction(ctx, input)),
    }),
    scores: router({
      compute: scheme.input(ComputeScoresInputSchema).mutation(({ ctx, input }) => computeScores(ctx, input.schemeId)),
      runs: read.input(ListRunsInputSchema).query(({ ctx, input }) => listRuns(ctx, input.schemeId)),
      list: read.input(RunRefInputSchema).query(({ ctx, input }) => runScores(ctx, input.runId)),
      explain: read.input(ExplainInputSchema).query(({ ctx, input }) => explainScore(ctx, input.runId, input.countyCode)),
      verify: read.input(RunRefInputSchema).query(({ ctx, input }) => verifyRun(ctx, input.runId)),
      problems: read.input(ProblemListInputSchema).query(({ ctx, input }) => problemList(ctx, input.runId)),
    }),
    notices: router({
      list: read.input(ListNoticesInputSchema).query(({ ctx }) => listNotices(ctx)),
      get: read.input(NoticeRefInputSchema).query(({ ctx, input }) => getNotice(ctx, input.noticeId)),
      draft: notice.input(DraftNoticeInputSchema).mutation(({ ctx, input }) => draftNotice(ctx, input)),
      revise: notice.input(UpdateNoticeInputSchema).mutation(({ ctx, input }) => updateNotice(ctx, input)),
      publish: notice.input(NoticeRefInputSchema).mutation(({ ctx, input }) => publishNotice(ctx, input.noticeId)),
    }),
    /** 暗访: the province or a city records (draft) and submits; the inspected region sees submitted ones. */
    inspections: router({
      list: read.input(ListInspectionsInputSchema).query(({ ctx }) => listInspections(ctx)),
      get: read.input(InspectionRefInputSchema).query(({ ctx, input }) => getInspection(ctx, input.inspectionId)),
      households: inspect.input(InspectionHouseholdsInputSchema).query(({ ctx, input }) => inspectionHouseholds(ctx, input.targetRegionCode, input.limit)),
      create: inspect.input(CreateInspectionInputSchema).mutation(({ ctx, input }) => createInspection(ctx, input)),
      submit: inspect.input(InspectionRefInputSchema).mutation(({ ctx, input }) => submitInspection(ctx, input.inspectionId)),
    }),
    /** 整改: the responsible region closes a task with evidence; the inspecting level accepts or returns it. */
    tasks: router({
      list: read.input(ListTasksInputSchema).query(({ ctx, input }) => listTasks(ctx, input.status)),
      evidence: read.input(TaskEvidenceInputSchema).query(({ ctx, input }) => taskEvidence(ctx, input.taskId, input.uploadId)),
      dashboard: read.input(RectificationDashboardInputSchema).query(({ ctx }) => rectificationDashboard(ctx)),
      submit: rectify.input(SubmitTaskInputSchema).mutation(({ ctx, input }) => submitTask(ctx, input)),
      accept: inspect.input(TaskRefInputSchema).mutation(({ ctx, input }) => acceptTask(ctx, input.taskId)),
      return: inspect.input(ReturnTaskInputSchema).mutation(({ ctx, input }) => returnTask(ctx, input)),
    }),
  });
};
