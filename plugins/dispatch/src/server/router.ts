import type { PluginRouterTools } from '@zhenxing/core';
import {
  AdjustInputSchema,
  CallInputSchema,
  CreateCallInputSchema,
  FormInputSchema,
  ListCallsInputSchema,
  NoticeReadInputSchema,
  NoticesInputSchema,
  PeriodInputSchema,
  ReturnInputSchema,
  ReviewInputSchema,
  SaveSubmissionInputSchema,
  SubmissionInputSchema,
  TownshipFormInputSchema,
  TownshipSaveInputSchema,
} from '../index.ts';
import { callDetail, createCall, listCalls } from './calls.ts';
import { exportPeriod } from './export.ts';
import { listNotices, markNoticeRead } from './notices.ts';
import { comparePeriods, lateList } from './periods.ts';
import type { DispatchSettings } from './settings.ts';
import { saveTownshipReport, townshipForm } from './townships.ts';
import { acceptSubmission, adjustSealed, openForm, returnSubmission, reviewSubmission, saveSubmission, verifySeal } from './submissions.ts';

/** trpc.dispatch.*: one `.meta({ permission })` per procedure; the services do the work. */
export const dispatchRouter = ({ router, procedure }: PluginRouterTools<DispatchSettings>) => {
  const read = procedure.meta({ permission: 'call.read' });
  const manage = procedure.meta({ permission: 'call.manage' });
  const fill = procedure.meta({ permission: 'submission.fill' });
  const review = procedure.meta({ permission: 'submission.review' });
  const accept = procedure.meta({ permission: 'submission.accept' });
  const township = procedure.meta({ permission: 'township.fill' });
  return router({
    calls: router({
      list: read.input(ListCallsInputSchema).query(({ ctx }) => listCalls(ctx)),
      get: read.input(CallInputSchema).query(({ ctx, input }) => callDetail(ctx, input.callId)),
      create: manage.input(CreateCallInputSchema).mutation(({ ctx, input }) => createCall(ctx, input)),
    }),
    periods: router({
      /** 迟报 / 漏报 at the deadline minute (Asia/Shanghai). */
      late: read.input(PeriodInputSchema).query(({ ctx, input }) => lateList(ctx, input.periodId)),
      /** Each county's figures against the previous period. */
      compare: read.input(PeriodInputSchema).query(({ ctx, input }) => comparePeriods(ctx, input.periodId)),
      /** The period's answers in the province's layout plus the summary (xlsx), audited. */
      export: read.input(PeriodInputSchema).mutation(async ({ ctx, input }) => {
        const result = await exportPeriod(ctx, input.periodId);
        await ctx.audit({
          action: 'period.export',
          regionCode: ctx.access.regionCode,
          entityType: 'dispatch-period',
          entityId: input.periodId,
          after: { rows: result.rows, counties: result.countyCode },
        });
        return { fileName: result.fileName, rows: result.rows, counties: result.countyCode, contentBase64: result.content.toString('base64') };
      }),
    }),
    submissions: router({
      /** The county's form: saved values, or the platform's figures at the period's end. */
      form: read.input(FormInputSchema).query(({ ctx, input }) => openForm(ctx, input.periodId)),
      save: fill.input(SaveSubmissionInputSchema).mutation(({ ctx, input }) => saveSubmission(ctx, input, false)),
      submit: fill.input(SaveSubmissionInputSchema).mutation(({ ctx, input }) => saveSubmission(ctx, input, true)),
      review: review.input(ReviewInputSchema).mutation(({ ctx, input }) => reviewSubmission(ctx, input.submissionId, input.comment)),
      return: accept.input(ReturnInputSchema).mutation(({ ctx, input }) => returnSubmission(ctx, input.submissionId, input.comment)),
      accept: accept.input(ReviewInputSchema).mutation(({ ctx, input }) => acceptSubmission(ctx, input.submissionId, input.comment)),
      /** The sealed content with its hash checked again, and the dated adjustments. */
      seal: read.input(SubmissionInputSchema).query(({ ctx, input }) => verifySeal(ctx, input.submissionId)),
      adjust: fill.input(AdjustInputSchema).mutation(({ ctx, input }) => adjustSealed(ctx, input)),
    }),
    /** 乡镇分报: a township's sub-report of a period (the county's form sums the submitted ones). */
    townships: router({
      form: read.input(TownshipFormInputSchema).query(({ ctx, input }) => townshipForm(ctx, input.periodId, input.townshipCode)),
      save: township.input(TownshipSaveInputSchema).mutation(({ ctx, input }) => saveTownshipReport(ctx, input)),
    }),
    notices: router({
      list: read.input(NoticesInputSchema).query(({ ctx, input }) => listNotices(ctx, input.unreadOnly)),
      markRead: read.input(NoticeReadInputSchema).mutation(({ ctx, input }) => markNoticeRead(ctx, input.noticeId)),
    }),
  });
};
