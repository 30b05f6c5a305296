import { regionCodeInput, type PluginRouterTools } from '@zhenxing/core';
import { z } from 'zod';
import {
  ApplyProjectInputSchema,
  ByProjectInputSchema,
  DecisionInputSchema,
  ListProjectsInputSchema,
  PayInputSchema,
  PaymentRequestSchema,
  ReplayPaymentInputSchema,
  ProgressReportInputSchema,
  ProjectIdInputSchema,
  PublishNoticeInputSchema,
  StageDateInputSchema,
  TenderInputSchema,
} from '../index.ts';
import { pay } from './payments.ts';
import {
  fundingQueue,
  listNotices,
  listPayments,
  listProgressReports,
  listProjects,
  previewPayment,
  replayPayment,
  projectDetail,
  reviewQueue,
  stageDashboard,
} from './queries.ts';
import type { ProjectsSettings } from './settings.ts';
import {
  acceptProject,
  applyProject,
  approveProject,
  completeProject,
  publishNotice,
  reportProgress,
  reviewProject,
  startProject,
  tenderProject,
} from './workflow.ts';

const RegionInputSchema = z.object({ regionCode: regionCodeInput.optional() });

/** trpc.projects.*: the project library workflow, notices, progress, payments and dashboards. */
export const projectsRouter = ({ router, procedure }: PluginRouterTools<ProjectsSettings>) =>
  router({
    list: procedure
      .meta({ permission: 'project.read' })
      .input(ListProjectsInputSchema)
      .query(({ ctx, input }) => listProjects(ctx, input.stage)),
    get: procedure
      .meta({ permission: 'project.read' })
      .input(ProjectIdInputSchema)
      .query(({ ctx, input }) => projectDetail(ctx, input.id)),
    reviewQueue: procedure
      .meta({ permission: 'project.read' })
      .input(RegionInputSchema)
      .query(({ ctx }) => reviewQueue(ctx)),
    fundingQueue: procedure
      .meta({ permission: 'project.read' })
      .input(RegionInputSchema)
      .query(({ ctx }) => fundingQueue(ctx)),
    submit: procedure
      .meta({ permission: 'project.apply' })
      .input(ApplyProjectInputSchema)
      .mutation(({ ctx, input }) => applyProject(ctx, input)),
    review: procedure
      .meta({ permission: 'project.review' })
      .input(DecisionInputSchema)
      .mutation(({ ctx, input }) => reviewProject(ctx, input)),
    approve: procedure
      .meta({ permission: 'project.approve' })
      .input(DecisionInputSchema)
      .mutation(({ ctx, input }) => approveProject(ctx, input)),
    tender: procedure
      .meta({ permission: 'project.implement' })
      .input(TenderInputSchema)
      .mutation(({ ctx, input }) => tenderProject(ctx, input)),
    start: procedure
      .meta({ permission: 'project.implement' })
      .input(StageDateInputSchema)
      .mutation(({ ctx, input }) => startProject(ctx, input)),
    complete: procedure
      .meta({ permission: 'project.implement' })
      .input(StageDateInputSchema)
      .mutation(({ ctx, input }) => completeProject(ctx, input)),
    accept: procedure
      .meta({ permission: 'project.accept' })
      .input(StageDateInputSchema)
      .mutation(({ ctx, input }) => acceptProject(ctx, input)),
    notices: router({
      list: procedure
        .meta({ permission: 'project.read' })
        .input(ByProjectInputSchema)
        .query(({ ctx, input }) => listNotices(ctx, input.projectId)),
      publish: procedure
        .meta({ permission: 'project.notice' })
        .input(PublishNoticeInputSchema)
        .mutation(({ ctx, input }) => publishNotice(ctx, input)),
    }),
    progress: router({
      list: procedure
        .meta({ permission: 'project.read' })
        .input(ByProjectInputSchema)
        .query(({ ctx, input }) => listProgressReports(ctx, input.projectId)),
      report: procedure
        .meta({ permission: 'project.implement' })
        .input(ProgressReportInputSchema)
        .mutation(({ ctx, input }) => reportProgress(ctx, input)),
    }),
    payments: router({
      list: procedure
        .meta({ permission: 'payment.read' })
        .input(ByProjectInputSchema)
        .query(({ ctx, input }) => listPayments(ctx, input.projectId)),
      /** The rules' answer for a payment without making it: allowed, range, reasons. */
      preview: procedure
        .meta({ permission: 'payment.read' })
        .input(PaymentRequestSchema)
        .query(({ ctx, input }) => previewPayment(ctx, input.projectId, input.amountFen)),
      /** "Evaluate under …": the same decision under a chosen published parameter set, beside the one in force, with what changed. */
      replay: procedure
        .meta({ permission: 'payment.read' })
        .input(ReplayPaymentInputSchema)
        .query(({ ctx, input }) => replayPayment(ctx, input.projectId, input.amountFen, input.version, input.recordedVersion)),
      pay: procedure
        .meta({ permission: 'payment.make' })
        .input(PayInputSchema)
        .mutation(({ ctx, input }) => pay(ctx, input)),
    }),
    dashboard: router({
      /** Projects by stage per county (with beneficiary households), and counties without the module. */
      byStage: procedure
        .meta({ permission: 'project.read' })
        .input(RegionInputSchema)
        .query(({ ctx }) => stageDashboard(ctx)),
    }),
  });
