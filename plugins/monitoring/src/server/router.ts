import { errors, plainText, regionCodeInput, ZxError, type PluginRouterTools } from '@zhenxing/core';
import type { MonitoringObjectDecision, RiskCategoriesEvaluation } from '@zhenxing/rules';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { householdHeadNames } from '@zhenxing/plugin-registry/server';
import {
  AddMeasureInputSchema,
  CheckEliminationInputSchema,
  CompareInputSchema,
  CompleteNoticeInputSchema,
  DashboardInputSchema,
  EliminationApproveInputSchema,
  EliminationNoticeInputSchema,
  EliminationReviewInputSchema,
  EliminationStepSchema,
  EvaluateHouseholdInputSchema,
  ReplayHouseholdInputSchema,
  ReplayCaseInputSchema,
  ReplayEliminationInputSchema,
  GreenChannelInputSchema,
  ListCasesInputSchema,
  NoticeActionInputSchema,
  OPEN_CASE_STEPS,
  OverdueInputSchema,
  ProposeEliminationInputSchema,
  ReportSignalInputSchema,
  ReviewInputSchema,
  UpdateMeasureInputSchema,
  VerifyInputSchema,
  VillageReviewInputSchema,
  type EscalationLevel,
} from '../index.ts';
import {
  caseView,
  compare,
  readsPii,
  completeNotice,
  countyApproval,
  loadCase,
  openGreenChannel,
  postNotice,
  townshipReview,
  verify,
  villageReview,
} from './cases.ts';
import { dashboardSummary, dashboardTrend } from './figures.ts';
import { escalationRank, parametersFor } from './deadlines.ts';
import * as elimination from './eliminations.ts';
import { evaluateProfile, replayProfile } from './evaluation.ts';
import { takeSignal } from './intake.ts';
import { whatIfRouter } from './whatif-router.ts';
import { addMeasure, listMeasures, suggestionsFor, updateMeasure, visibleHousehold } from './measures.ts';
import { buildNotice } from './notice.ts';
import { caseRecord, eliminationRecord, historyEntry, measureRecord, objectRecord, PII_PERMISSION, signalRecord, signalView } from './records.ts';
import { cases, eliminations, history, measures, objects, signals } from './schema.ts';
import type { MonitoringSettings } from './settings.ts';

const regionCode = regionCodeInput.optional();
const id = z.int().positive();

function levelOfScope(scopeCode: string): 'county' | 'city' | 'province' {
  return scopeCode.length === 2 ? 'province' : scopeCode.length === 4 ? 'city' : 'county';
}

/**
 * Rows named by their household head (issue 23: names, not "户 56"), from the registry in one
 * query. The rows were already read through the caller's `ctx.access`; an unnamed household gets "".
 */
async function withHeadNames<T extends { householdId: number }>(
  db: Parameters<typeof householdHeadNames>[0],
  rows: readonly T[],
): Promise<(T & { headName: string })[]> {
  const names = await householdHeadNames(
    db,
    rows.map((row) => row.householdId),
  );
  return rows.map((row) => ({ ...row, headName: names.get(row.householdId) ?? '' }));
}

export function monitoringRouter({ router, procedure }: PluginRouterTools<MonitoringSettings>) {
  const read = procedure.meta({ permission: 'case.read' });
  const report = procedure.meta({ permission: 'signal.report' });
  const evaluate = procedure.meta({ permission: 'household.evaluate' });
  const village = procedure.meta({ permission: 'case.village' });
  const township = procedure.meta({ permission: 'case.township-review' });
  const approve = procedure.meta({ permission: 'case.approve' });
  const green = procedure.meta({ permission: 'case.green-channel' });
  const measureWrite = procedure.meta({ permission: 'measure.write' });
  const eliminationVillage = procedure.meta({ permission: 'elimination.village' });
  const eliminationApprove = procedure.meta({ permission: 'elimination.approve' });
  const dashboard = procedure.meta({ permission: 'dashboard.read' });

  return router({
    signals: router({
      /** §1 早: a self-report, cadre screening or visit finding; deduplicated per household. */
      report: report.input(ReportSignalInputSchema).mutation(async ({ ctx, input }) => {
        const profile = await visibleHousehold(ctx, input.householdId);
        const { villageCode, countyCode } = profile.household;
        ctx.access.assertRegion(villageCode);
        const detectedOn = input.detectedOn ?? ctx.today;
        if (detectedOn > ctx.today) {
          throw errors.invalid(
            { 'zh-CN': '发现日期不能晚于今天。', en: 'The day the risk was found cannot be in the future.' },
            { fieldErrors: { detectedOn: ['future'] } },
          );
        }
        return takeSignal(
          ctx,
          {
            countyCode,
            villageCode,
            householdId: input.householdId,
            source: input.source,
            department: null,
            category: null,
            summary: input.summary,
            riskTypes: input.riskTypes,
            evidence: { attachments: input.attachments },
            detectedOn,
            suddenRisk: input.suddenRisk,
          },
          ctx.settings,
        );
      }),
      list: read
        .input(z.object({ regionCode, householdId: id.optional(), caseId: id.optional(), limit: z.int().min(1).max(500).default(100) }))
        .query(async ({ ctx, input }) => {
          const rows = await ctx.db
            .select()
            .from(signals)
            .where(
              and(
                ctx.access.where(signals.countyCode, signals.villageCode),
                input.householdId ? eq(signals.householdId, input.householdId) : undefined,
                input.caseId ? eq(signals.caseId, input.caseId) : undefined,
              ),
            )
            .orderBy(desc(signals.id))
            .limit(input.limit);
          return rows.map((row) => signalView(row, ctx.user.permissions.has(PII_PERMISSION)));
        }),
      /** Marks a new risk of a monitored household as dealt with (it then no longer blocks elimination). */
      resolve: report.input(z.object({ regionCode, id, resolution: plainText(1000).trim().min(2) })).mutation(async ({ ctx, input }) => {
        const [row] = await ctx.db
          .select()
          .from(signals)
          .where(and(eq(signals.id, input.id), ctx.access.where(signals.countyCode, signals.villageCode)))
          .for('update');
        if (!row || !ctx.access.canSee(row.villageCode)) throw errors.notFound({ 'zh-CN': '该风险线索', en: 'The risk signal' });
        ctx.access.assertRegion(row.villageCode);
        const day = ctx.today;
        const [updated] = await ctx.db.update(signals).set({ resolvedOn: day, resolution: input.resolution }).where(eq(signals.id, row.id)).returning();
        await ctx.audit({
          action: 'signal.resolve',
          regionCode: row.villageCode,
          entityType: 'signal',
          entityId: row.id,
          after: { resolvedOn: day, resolution: input.resolution },
        });
        return signalRecord(updated as typeof signals.$inferSelect);
      }),
    }),

    whatIf: whatIfRouter({ router, procedure }),

    households: router({
      /** §1 宽: the four categories for a household from registry data, with reasons and the parameter version. */
      evaluate: evaluate.input(EvaluateHouseholdInputSchema).query(async ({ ctx, input }) => {
        const profile = await visibleHousehold(ctx, input.householdId);
        const evaluation = evaluateProfile(profile, input.overrides, parametersFor(ctx.parameters, profile.household.countyCode, ctx.today));
        return { householdId: input.householdId, evaluation };
      }),
      /** "Evaluate under …": the four categories under a chosen published set beside the recorded one, with what changed and why. */
      replay: evaluate.input(ReplayHouseholdInputSchema).query(async ({ ctx, input }) => {
        const profile = await visibleHousehold(ctx, input.householdId);
        const countyCode = profile.household.countyCode;
        const recorded = input.recordedVersion ? ctx.parameters.byVersion(input.recordedVersion) : parametersFor(ctx.parameters, countyCode, ctx.today);
        const chosen = input.version ? ctx.parameters.byVersion(input.version) : recorded;
        if (recorded.provinceCode !== countyCode.slice(0, 2) || chosen.provinceCode !== countyCode.slice(0, 2)) {
          throw errors.notFound({ 'zh-CN': '该省的参数版本', en: "The province's parameter set" });
        }
        const available = ctx.parameters.published(countyCode).map((set) => set.version);
        return replayProfile(profile, input.overrides, recorded, chosen, available);
      }),
    }),

    cases: router({
      list: read.input(ListCasesInputSchema).query(async ({ ctx, input }) => {
        const day = ctx.today;
        const rows = await ctx.db
          .select()
          .from(cases)
          .where(
            and(
              ctx.access.where(cases.countyCode, cases.villageCode),
              input.step ? eq(cases.step, input.step) : undefined,
              input.open === true ? inArray(cases.step, [...OPEN_CASE_STEPS]) : undefined,
              input.open === false ? inArray(cases.step, ['included', 'rejected']) : undefined,
              input.deadlineStatus ? eq(cases.deadlineStatus, input.deadlineStatus) : undefined,
              input.greenChannel !== undefined ? eq(cases.greenChannel, input.greenChannel) : undefined,
              input.householdId ? eq(cases.householdId, input.householdId) : undefined,
            ),
          )
          .orderBy(desc(cases.id))
          .limit(input.limit)
          .offset(input.offset);
        return withHeadNames(
          ctx.db,
          rows.map((row) => caseView(ctx.parameters, row, day, ctx.settings, readsPii(ctx))),
        );
      }),
      /**
       * "Evaluate under …" for an identification case: the comparison the case recorded (its
       * categories, proposed type and parameter version) beside the household under a chosen
       * published set, with the cadre's recorded out-of-pocket costs, what changed and why.
       */
      replay: evaluate.input(ReplayCaseInputSchema).query(async ({ ctx, input }) => {
        const row = await loadCase(ctx, input.caseId);
        const recordedEvaluation = row.evaluation as RiskCategoriesEvaluation | null;
        if (!recordedEvaluation) {
          throw new ZxError('PRECONDITION_FAILED', 'case-not-compared', {
            'zh-CN': '该案件尚未完成数据比对，没有可对照的认定结果。',
            en: 'This case has no comparison yet, so there is no recorded decision to replay.',
          });
        }
        const profile = await visibleHousehold(ctx, row.householdId);
        const recordedSet = ctx.parameters.byVersion(recordedEvaluation.parameterVersion);
        const chosen = ctx.parameters.byVersion(input.version);
        if (chosen.provinceCode !== row.countyCode.slice(0, 2)) throw errors.notFound({ 'zh-CN': '该省的参数版本', en: "The province's parameter set" });
        const outOfPocketMedicalFen: Record<string, number> = {};
        for (const result of recordedEvaluation.results) {
          for (const because of result.reasons) {
            const data = because.data as { memberId?: unknown; outOfPocketMedicalFen?: unknown } | undefined;
            if (typeof data?.memberId === 'string' && typeof data.outOfPocketMedicalFen === 'number')
              outOfPocketMedicalFen[data.memberId] = data.outOfPocketMedicalFen;
          }
        }
        const available = ctx.parameters.published(row.countyCode).map((set) => set.version);
        return {
          caseId: row.id,
          recordedDecision: {
            riskCategories: row.riskCategories,
            objectType: row.objectTypeDecision as MonitoringObjectDecision | null,
            parameterVersion: recordedEvaluation.parameterVersion,
          },
          replay: replayProfile(profile, { outOfPocketMedicalFen, suddenEvent: null }, recordedSet, chosen, available),
        };
      }),
      get: read.input(z.object({ regionCode, id })).query(async ({ ctx, input }) => {
        const row = await loadCase(ctx, input.id);
        const [caseSignals, steps, caseMeasures, object] = await Promise.all([
          ctx.db.select().from(signals).where(eq(signals.caseId, row.id)).orderBy(signals.id),
          ctx.db
            .select()
            .from(history)
            .where(and(eq(history.subject, 'case'), eq(history.subjectId, row.id)))
            .orderBy(history.id),
          ctx.db.select().from(measures).where(eq(measures.caseId, row.id)).orderBy(measures.id),
          ctx.db.select().from(objects).where(eq(objects.caseId, row.id)),
        ]);
        const [named] = await withHeadNames(ctx.db, [caseView(ctx.parameters, row, ctx.today, ctx.settings, readsPii(ctx))]);
        return {
          case: named as NonNullable<typeof named>,
          signals: caseSignals.map((signal) => signalView(signal, ctx.user.permissions.has(PII_PERMISSION))),
          history: steps.map(historyEntry),
          measures: caseMeasures.map(measureRecord),
          object: object[0] ? objectRecord(object[0]) : null,
        };
      }),
      /**
       * Overdue identifications escalated to the caller's level (or `level`): a county sees every
       * overdue case, a city those escalated to the city or province, the province its own.
       */
      overdue: read.input(OverdueInputSchema).query(async ({ ctx, input }) => {
        const level = input.level ?? levelOfScope(ctx.user.scopeCode);
        const levels = (['county', 'city', 'province'] as const).filter((candidate) => escalationRank(candidate) >= escalationRank(level));
        const rows = await ctx.db
          .select()
          .from(cases)
          .where(
            and(
              ctx.access.where(cases.countyCode, cases.villageCode),
              inArray(cases.step, [...OPEN_CASE_STEPS]),
              eq(cases.deadlineStatus, 'overdue'),
              inArray(cases.escalationLevel, levels as EscalationLevel[]),
            ),
          )
          .orderBy(cases.deadlineOn, cases.id)
          .limit(1000);
        const day = ctx.today;
        return {
          level,
          countiesWithoutModule: [...ctx.access.countiesWithoutModule],
          cases: await withHeadNames(
            ctx.db,
            rows.map((row) => caseView(ctx.parameters, row, day, ctx.settings, readsPii(ctx))),
          ),
        };
      }),
      /** 绿色通道 cases whose identification procedure is still open (assisted first, procedure pending). */
      greenChannelOpen: read.input(z.object({ regionCode })).query(async ({ ctx }) => {
        const rows = await ctx.db
          .select()
          .from(cases)
          .where(and(ctx.access.where(cases.countyCode, cases.villageCode), eq(cases.greenChannel, true), inArray(cases.step, [...OPEN_CASE_STEPS])))
          .orderBy(cases.deadlineOn, cases.id);
        const day = ctx.today;
        return withHeadNames(
          ctx.db,
          rows.map((row) => caseView(ctx.parameters, row, day, ctx.settings, readsPii(ctx))),
        );
      }),
      /** The printable village notice: no ID number, phone, bank account or health condition. */
      notice: read.input(z.object({ regionCode, id })).query(async ({ ctx, input }) => {
        const row = await loadCase(ctx, input.id);
        const profile = await visibleHousehold(ctx, row.householdId);
        const day = ctx.today;
        return buildNotice(ctx.db, {
          kind: 'identification',
          profile,
          objectType: caseRecord(row).objectTypeDecision?.type ?? null,
          postedOn: row.noticePostedOn,
          today: day,
          parameters: parametersFor(ctx.parameters, row.countyCode, row.noticePostedOn ?? day),
        });
      }),
      verify: village.input(VerifyInputSchema).mutation(({ ctx, input }) => verify(ctx, input)),
      compare: village.input(CompareInputSchema).mutation(({ ctx, input }) => compare(ctx, input)),
      villageReview: village.input(VillageReviewInputSchema).mutation(({ ctx, input }) => villageReview(ctx, input)),
      postNotice: village.input(NoticeActionInputSchema).mutation(({ ctx, input }) => postNotice(ctx, input)),
      completeNotice: village.input(CompleteNoticeInputSchema).mutation(({ ctx, input }) => completeNotice(ctx, input)),
      townshipReview: township.input(ReviewInputSchema).mutation(({ ctx, input }) => townshipReview(ctx, input)),
      approve: approve.input(ReviewInputSchema).mutation(({ ctx, input }) => countyApproval(ctx, input)),
      greenChannel: green.input(GreenChannelInputSchema).mutation(({ ctx, input }) => openGreenChannel(ctx, input)),
    }),

    objects: router({
      list: read
        .input(
          z.object({
            regionCode,
            status: z.enum(['monitored', 'risk-eliminated']).optional(),
            limit: z.int().min(1).max(500).default(100),
            offset: z.int().min(0).default(0),
          }),
        )
        .query(async ({ ctx, input }) => {
          const rows = await ctx.db
            .select()
            .from(objects)
            .where(and(ctx.access.where(objects.countyCode, objects.villageCode), input.status ? eq(objects.status, input.status) : undefined))
            .orderBy(desc(objects.id))
            .limit(input.limit)
            .offset(input.offset);
          return withHeadNames(ctx.db, rows.map(objectRecord));
        }),
    }),

    measures: router({
      /** 缺什么补什么: the rules' suggestions for the household's risk types and categories. */
      suggest: read.input(z.object({ regionCode, householdId: id })).query(({ ctx, input }) => suggestionsFor(ctx, input.householdId)),
      list: read.input(z.object({ regionCode, householdId: id.optional() })).query(({ ctx, input }) => listMeasures(ctx, input.householdId)),
      add: measureWrite.input(AddMeasureInputSchema).mutation(({ ctx, input }) => addMeasure(ctx, input)),
      update: measureWrite.input(UpdateMeasureInputSchema).mutation(({ ctx, input }) => updateMeasure(ctx, input)),
    }),

    eliminations: router({
      /** The rules' decision for a monitored household today, without writing anything. */
      check: read.input(CheckEliminationInputSchema).query(({ ctx, input }) => elimination.checkElimination(ctx, input.objectId, input)),
      /** "Evaluate under …": the elimination check under a chosen published set beside the one in force, with what changed and why. */
      replay: read
        .input(ReplayEliminationInputSchema)
        .query(({ ctx, input }) => elimination.replayElimination(ctx, input.objectId, input, input.version, input.recordedVersion)),
      list: read.input(z.object({ regionCode, step: EliminationStepSchema.optional() })).query(async ({ ctx, input }) => {
        const rows = await ctx.db
          .select()
          .from(eliminations)
          .where(and(ctx.access.where(eliminations.countyCode, eliminations.villageCode), input.step ? eq(eliminations.step, input.step) : undefined))
          .orderBy(desc(eliminations.id))
          .limit(500);
        return withHeadNames(ctx.db, rows.map(eliminationRecord));
      }),
      notice: read.input(z.object({ regionCode, id })).query(async ({ ctx, input }) => {
        const row = await elimination.loadElimination(ctx, input.id);
        const object = await elimination.loadObject(ctx, row.objectId);
        const profile = await visibleHousehold(ctx, row.householdId);
        const day = ctx.today;
        return buildNotice(ctx.db, {
          kind: 'elimination',
          profile,
          objectType: objectRecord(object).objectType,
          postedOn: row.noticePostedOn,
          today: day,
          parameters: parametersFor(ctx.parameters, row.countyCode, row.noticePostedOn ?? day),
        });
      }),
      propose: eliminationVillage.input(ProposeEliminationInputSchema).mutation(({ ctx, input }) => elimination.propose(ctx, input)),
      villageReview: eliminationVillage.input(EliminationReviewInputSchema).mutation(({ ctx, input }) => elimination.villageReview(ctx, input)),
      postNotice: eliminationVillage.input(EliminationNoticeInputSchema).mutation(({ ctx, input }) => elimination.postNotice(ctx, input)),
      completeNotice: eliminationVillage.input(EliminationNoticeInputSchema).mutation(({ ctx, input }) => elimination.completeNotice(ctx, input)),
      approve: eliminationApprove.input(EliminationApproveInputSchema).mutation(({ ctx, input }) => elimination.countyApproval(ctx, input)),
    }),

    dashboard: router({
      summary: dashboard.input(DashboardInputSchema).query(({ ctx }) => dashboardSummary(ctx.db, ctx.access)),
      trend: dashboard.input(DashboardInputSchema).query(({ ctx, input }) => dashboardTrend(ctx.db, ctx.access, ctx.today, input.months)),
    }),
  });
}
