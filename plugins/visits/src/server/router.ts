import type { PluginRouterTools } from '@zhenxing/core';
import { monthOf } from '@zhenxing/rules';
import {
  AssignInputSchema,
  HouseholdInputSchema,
  ListAssignmentsInputSchema,
  ListVisitsInputSchema,
  MonthInputSchema,
  PhotoInputSchema,
  RecordVisitInputSchema,
  VisitIdInputSchema,
} from '../index.ts';
import { assign, listAssignments, unassignedHouseholds, workload } from './assignments.ts';
import { complianceSummary } from './compliance.ts';
import { copyFlags } from './flags.ts';
import { listVisits } from './list.ts';
import { visitPhoto } from './photos.ts';
import { changesSince, offlinePack, prefill } from './prefill.ts';
import { recordVisit } from './record.ts';
import { PII_PERMISSION } from './records.ts';
import type { VisitsSettings } from './settings.ts';

/** trpc.visits.*: one `.meta({ permission })` per procedure; the services do the work. */
export const visitsRouter = ({ router, procedure }: PluginRouterTools<VisitsSettings>) => {
  const read = procedure.meta({ permission: 'visit.read' });
  const recordPermission = procedure.meta({ permission: 'visit.record' });
  const manage = procedure.meta({ permission: 'assignment.manage' });
  return router({
    assignments: router({
      /** 包联: a household or a whole village to a cadre from a date; the current one ends the day before. */
      assign: manage.input(AssignInputSchema).mutation(({ ctx, input }) => assign(ctx, input)),
      list: read.input(ListAssignmentsInputSchema).query(({ ctx, input }) => listAssignments(ctx, input)),
      /** Due households of the month with no cadre in force today. */
      unassigned: read.input(MonthInputSchema).query(({ ctx, input }) => unassignedHouseholds(ctx, input.month ?? monthOf(ctx.today))),
      workload: read.input(MonthInputSchema).query(({ ctx, input }) => workload(ctx, input.month ?? monthOf(ctx.today))),
    }),
    /** One visit; a second sync of the same client id returns the first (idempotent). */
    record: recordPermission.input(RecordVisitInputSchema).mutation(({ ctx, input }) => recordVisit(ctx, input, ctx.user.permissions.has(PII_PERMISSION))),
    list: read.input(ListVisitsInputSchema).query(({ ctx, input }) => listVisits(ctx, input, ctx.user.permissions.has(PII_PERMISSION))),
    /** The form's starting values: the last visit and the registry's current values. */
    prefill: read.input(HouseholdInputSchema).query(({ ctx, input }) => prefill(ctx, input.householdId, ctx.user.permissions.has(PII_PERMISSION))),
    /** The caller's assigned households with their prefill, in one compact payload (offline rounds). */
    offlinePack: recordPermission
      .input(MonthInputSchema.pick({ regionCode: true }))
      .query(({ ctx }) => offlinePack(ctx, ctx.user.permissions.has(PII_PERMISSION))),
    /** What a visit recorded differently from the one before it. */
    changes: read.input(VisitIdInputSchema).query(({ ctx, input }) => changesSince(ctx, input.visitId, ctx.user.permissions.has(PII_PERMISSION))),
    /** One photo of a visit the reader may see (a data URL). */
    photo: read.input(PhotoInputSchema).query(({ ctx, input }) => visitPhoto(ctx, input.visitId, input.uploadId)),
    compliance: read.input(MonthInputSchema).query(({ ctx, input }) => complianceSummary(ctx, input.month ?? monthOf(ctx.today))),
    /** Copied-visit flags of the month (identical answers, too many per day, night time). */
    flags: read.input(MonthInputSchema).query(({ ctx, input }) => copyFlags(ctx, input.month ?? monthOf(ctx.today))),
  });
};
