/**
 * §1 简 — the identification procedure as a state machine:
 *
 *   verification ─verify→ comparison ─compare→ village-review ─pass→ village-notice
 *   village-notice ─post, complete (≥ villageNoticePeriod)→ township-review ─pass→ county-approval
 *   county-approval ─approve (monitoringObjectType)→ included
 *   village-review / township-review / county-approval ─reject→ rejected (closed with a reason)
 *   township-review / county-approval ─return→ any earlier open step (with a reason)
 *   village-notice ─objections→ village-review
 *
 * Each transition locks the case row, checks the step, writes history + audit, and keeps the
 * deadline status current through the rules' identificationProgress.
 */
import { ZxError, type ParameterLookup } from '@zhenxing/core';
import { setHouseholdStatus } from '@zhenxing/plugin-registry/server';
import { villageNoticePeriod } from '@zhenxing/rules';
import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import {
  OPEN_CASE_STEPS,
  type Attachment,
  type CaseStep,
  type CaseView,
  type CompareInputSchema,
  type CompleteNoticeInputSchema,
  type GreenChannelInputSchema,
  type NoticeActionInputSchema,
  type OpenCaseStep,
  type ReviewInputSchema,
  type VerifyInputSchema,
  type VillageReviewInputSchema,
} from '../index.ts';
import type { MonitoringContext } from './settings.ts';
import { parametersFor, progressOf } from './deadlines.ts';
import { caseNotFound, reasonRequired, wrongCaseStep } from './errors.ts';
import { evaluateProfile, loadProfile, objectTypeOf } from './evaluation.ts';
import { recordStep } from './history.ts';
import { greenChannelFor } from './intake.ts';
import { caseRecord, evaluationWithoutHealth, objectRecord, PII_PERMISSION, type CaseRow } from './records.ts';
import { cases, measures, objects } from './schema.ts';

/**
 * A case as a reader sees it. The four-category evaluation's reasons name health figures (a member's
 * out-of-pocket medical spending, disability): a reader without registry.pii.view gets them
 * redacted — the one PII policy of @zhenxing/rules — and each such reason's message replaced.
 */
export function caseView(parameters: ParameterLookup, row: CaseRow, onDate: string, settings: MonitoringContext['settings'], pii: boolean): CaseView {
  const record = caseRecord(row);
  return {
    ...record,
    evaluation: pii ? record.evaluation : evaluationWithoutHealth(record.evaluation),
    progress: progressOf(parameters, row, onDate, settings),
  };
}

/** Whether the reader holds registry.pii.view (sees health figures in evaluations). */
export function readsPii(ctx: Pick<MonitoringContext, 'user'>): boolean {
  return ctx.user.permissions.has(PII_PERMISSION);
}

/** Loads a case the caller may see (NOT_FOUND otherwise — existence is not confirmed). */
export async function loadCase(ctx: Pick<MonitoringContext, 'db' | 'access'>, caseId: number, lock = false): Promise<CaseRow> {
  const query = ctx.db
    .select()
    .from(cases)
    .where(and(eq(cases.id, caseId), ctx.access.where(cases.countyCode, cases.villageCode)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row || !ctx.access.canSee(row.villageCode)) throw caseNotFound();
  return row;
}

async function loadForWrite(ctx: MonitoringContext, caseId: number, expected: readonly CaseStep[]): Promise<CaseRow> {
  const row = await loadCase(ctx, caseId, true);
  ctx.access.assertRegion(row.villageCode);
  if (!expected.includes(row.step as CaseStep)) throw wrongCaseStep(row.step as CaseStep, expected);
  return row;
}

interface Move {
  action: string;
  to: CaseStep;
  comment?: string;
  attachments?: readonly Attachment[];
  participants?: number | null;
  set?: Partial<typeof cases.$inferInsert>;
  after?: Record<string, unknown>;
}

async function move(ctx: MonitoringContext, row: CaseRow, change: Move): Promise<CaseView> {
  const now = ctx.clock.now();
  const completedOn = change.set?.completedOn ?? row.completedOn;
  const progress = progressOf(ctx.parameters, { countyCode: row.countyCode, discoveredOn: row.discoveredOn, completedOn }, ctx.today, ctx.settings);
  const [updated] = await ctx.db
    .update(cases)
    .set({ ...change.set, step: change.to, deadlineStatus: progress.status, updatedAt: now })
    .where(eq(cases.id, row.id))
    .returning();
  await recordStep(ctx, {
    subject: 'case',
    subjectId: row.id,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    action: change.action,
    fromStep: row.step,
    toStep: change.to,
    comment: change.comment ?? '',
    attachments: change.attachments ?? [],
    participants: change.participants ?? null,
    after: { step: change.to, comment: change.comment ?? '', ...change.after },
  });
  return caseView(ctx.parameters, updated as CaseRow, ctx.today, ctx.settings, readsPii(ctx));
}

/** 入户核实: the household signed its consent; the cadre records findings and risk types. */
export async function verify(ctx: MonitoringContext, input: z.output<typeof VerifyInputSchema>): Promise<CaseView> {
  const row = await loadForWrite(ctx, input.caseId, ['verification']);
  const riskTypes = [...new Set([...row.riskTypes, ...input.riskTypes])];
  return move(ctx, row, {
    action: 'verify',
    to: 'comparison',
    comment: input.findings,
    attachments: input.attachments,
    set: { consentSigned: true, riskTypes },
    after: { consentSigned: true, riskTypes },
  });
}

/** 数据比对: the four categories on the registry's data (+ the cadre's facts), with the parameter version. */
export async function compare(ctx: MonitoringContext, input: z.output<typeof CompareInputSchema>): Promise<CaseView> {
  const row = await loadForWrite(ctx, input.caseId, ['comparison']);
  const profile = await loadProfile(ctx.db, row.householdId, ctx.today);
  if (!profile) throw caseNotFound();
  const parameters = parametersFor(ctx.parameters, row.countyCode, ctx.today);
  const evaluation = evaluateProfile(profile, input.overrides, parameters);
  const found = { riskCategories: evaluation.matchedCategories, riskTypes: row.riskTypes };
  const objectTypeDecision = objectTypeOf(profile, found, parameters);
  return move(ctx, row, {
    action: 'compare',
    to: 'village-review',
    comment: input.comment,
    attachments: input.attachments,
    set: { evaluation, riskCategories: evaluation.matchedCategories, objectTypeDecision },
    after: { matchedCategories: evaluation.matchedCategories, parameterVersion: evaluation.parameterVersion, proposedType: objectTypeDecision.type },
  });
}

function requireReason(comment: string): void {
  if (comment.trim().length < 2) throw reasonRequired();
}

async function reject(ctx: MonitoringContext, row: CaseRow, comment: string, attachments: readonly Attachment[]): Promise<CaseView> {
  requireReason(comment);
  return move(ctx, row, { action: 'reject', to: 'rejected', comment, attachments, set: { closedReason: comment, closedOn: ctx.today } });
}

/** 村民主评议 (village cadre): pass to the notice, or reject with a reason. */
export async function villageReview(ctx: MonitoringContext, input: z.output<typeof VillageReviewInputSchema>): Promise<CaseView> {
  const row = await loadForWrite(ctx, input.caseId, ['village-review']);
  if (input.decision === 'reject') return reject(ctx, row, input.comment, input.attachments);
  return move(ctx, row, {
    action: 'village-review',
    to: 'village-notice',
    comment: input.comment,
    attachments: input.attachments,
    participants: input.participants ?? null,
  });
}

/** 村内公示: posts the notice today (the printable payload is `cases.notice`). */
export async function postNotice(ctx: MonitoringContext, input: z.output<typeof NoticeActionInputSchema>): Promise<CaseView> {
  const row = await loadForWrite(ctx, input.caseId, ['village-notice']);
  if (row.noticePostedOn) {
    throw new ZxError('CONFLICT', 'notice-already-posted', {
      'zh-CN': `公示已于 ${row.noticePostedOn} 张贴，无需重复张贴。`,
      en: `The notice was already posted on ${row.noticePostedOn}.`,
    });
  }
  return move(ctx, row, {
    action: 'notice-posted',
    to: 'village-notice',
    comment: input.comment,
    attachments: input.attachments,
    set: { noticePostedOn: ctx.today },
  });
}

/** Ends the notice: only after villageNoticePeriod is met; objections send the case back to review. */
export async function completeNotice(ctx: MonitoringContext, input: z.output<typeof CompleteNoticeInputSchema>): Promise<CaseView> {
  const row = await loadForWrite(ctx, input.caseId, ['village-notice']);
  if (!row.noticePostedOn) {
    throw new ZxError('PRECONDITION_FAILED', 'notice-not-posted', {
      'zh-CN': '尚未张贴公示，请先张贴。',
      en: 'The notice has not been posted yet; post it first.',
    });
  }
  if (input.objections) {
    return move(ctx, row, {
      action: 'notice-objection',
      to: 'village-review',
      comment: input.objections,
      attachments: input.attachments,
      set: { noticePostedOn: null, noticeCompletedOn: null },
    });
  }
  const period = villageNoticePeriod({ postedOn: row.noticePostedOn, endedOn: ctx.today }, parametersFor(ctx.parameters, row.countyCode, row.noticePostedOn));
  if (!period.met) {
    throw new ZxError(
      'PRECONDITION_FAILED',
      'notice-period-not-met',
      {
        'zh-CN': `公示不少于 ${period.minimumDays} 天，最早 ${period.earliestEndOn} 结束（已公示 ${period.daysPosted} 天）。`,
        en: `The notice must stay up at least ${period.minimumDays} days; it may end on ${period.earliestEndOn} at the earliest (posted ${period.daysPosted} days).`,
      },
      { ...period },
    );
  }
  return move(ctx, row, {
    action: 'notice-completed',
    to: 'township-review',
    comment: input.comment,
    attachments: input.attachments,
    set: { noticeCompletedOn: ctx.today },
    after: { daysPosted: period.daysPosted, parameterVersion: period.parameterVersion },
  });
}

const ORDER: readonly OpenCaseStep[] = OPEN_CASE_STEPS;

/** Goes back to an earlier step with a reason; work after that step is undone (not deleted: history keeps it). */
async function returnTo(
  ctx: MonitoringContext,
  row: CaseRow,
  target: CaseStep | undefined,
  comment: string,
  attachments: readonly Attachment[],
): Promise<CaseView> {
  requireReason(comment);
  const current = ORDER.indexOf(row.step as OpenCaseStep);
  const destination = target ?? ORDER[current - 1];
  const index = destination ? ORDER.indexOf(destination as OpenCaseStep) : -1;
  if (!destination || index < 0 || index >= current) {
    throw new ZxError(
      'BAD_REQUEST',
      'invalid-return-step',
      { 'zh-CN': '只能退回到本环节之前的环节。', en: 'A case can only be returned to an earlier step.' },
      { step: row.step, returnTo: destination ?? null },
    );
  }
  const reset: Partial<typeof cases.$inferInsert> = {};
  if (index <= ORDER.indexOf('village-notice')) Object.assign(reset, { noticePostedOn: null, noticeCompletedOn: null });
  if (index <= ORDER.indexOf('comparison')) Object.assign(reset, { evaluation: null, objectTypeDecision: null, riskCategories: [] });
  if (index === 0) Object.assign(reset, { consentSigned: false });
  return move(ctx, row, { action: 'return', to: destination, comment, attachments, set: reset, after: { returnedFrom: row.step } });
}

/** 乡镇审核 (township officer): pass, return or reject. */
export async function townshipReview(ctx: MonitoringContext, input: z.output<typeof ReviewInputSchema>): Promise<CaseView> {
  const row = await loadForWrite(ctx, input.caseId, ['township-review']);
  if (input.decision === 'reject') return reject(ctx, row, input.comment, input.attachments);
  if (input.decision === 'return') return returnTo(ctx, row, input.returnTo, input.comment, input.attachments);
  return move(ctx, row, { action: 'township-review', to: 'county-approval', comment: input.comment, attachments: input.attachments });
}

/**
 * 县级审定并公告 (county admin): approval includes the household as the monitoring object type the
 * rules give (monitoringObjectType on fresh registry data); return or reject otherwise.
 */
export async function countyApproval(ctx: MonitoringContext, input: z.output<typeof ReviewInputSchema>): Promise<CaseView> {
  const row = await loadForWrite(ctx, input.caseId, ['county-approval']);
  if (input.decision === 'reject') return reject(ctx, row, input.comment, input.attachments);
  if (input.decision === 'return') return returnTo(ctx, row, input.returnTo, input.comment, input.attachments);

  const profile = await loadProfile(ctx.db, row.householdId, ctx.today);
  if (!profile) throw caseNotFound();
  const day = ctx.today;
  const decision = objectTypeOf(profile, { riskCategories: row.riskCategories, riskTypes: row.riskTypes }, parametersFor(ctx.parameters, row.countyCode, day));
  if (decision.type === null) {
    throw new ZxError(
      'PRECONDITION_FAILED',
      'not-a-monitoring-object',
      {
        'zh-CN': `按现行标准该户不属于监测对象：${decision.reasons.map((item) => item.message['zh-CN']).join('；')}。请退回补充核实或不予纳入。`,
        en: `Under the parameters in force this household is not a monitoring object: ${decision.reasons.map((item) => item.message.en).join('; ')}. Return the case for more verification, or reject it.`,
      },
      { reasons: decision.reasons, parameterVersion: decision.parameterVersion },
    );
  }
  const now = ctx.clock.now();
  const view = await move(ctx, row, {
    action: 'approve',
    to: 'included',
    comment: input.comment,
    attachments: input.attachments,
    set: { completedOn: day, objectType: decision.type, objectTypeDecision: decision },
    after: { objectType: decision.type, announcedOn: day },
  });
  const [created] = await ctx.db
    .insert(objects)
    .values({
      countyCode: row.countyCode,
      villageCode: row.villageCode,
      householdId: row.householdId,
      caseId: row.id,
      objectType: decision.type,
      riskTypes: row.riskTypes,
      riskCategories: row.riskCategories,
      status: 'monitored',
      includedOn: day,
      createdAt: now,
    })
    .returning();
  const object = objectRecord(created as typeof objects.$inferSelect);
  // Green-channel measures given before inclusion now belong to the monitoring object.
  await ctx.db
    .update(measures)
    .set({ objectId: object.id, updatedAt: now })
    .where(and(eq(measures.caseId, row.id), isNull(measures.objectId)));
  await ctx.audit({ action: 'object.include', regionCode: row.villageCode, entityType: 'object', entityId: object.id, after: object });
  // The registry's household becomes a 监测户 in the same transaction.
  await setHouseholdStatus(ctx.db, { householdId: row.householdId, status: 'monitored', action: 'monitoring.include', at: now, username: ctx.user.username });
  ctx.emit('monitoring.household-included', {
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    householdId: row.householdId,
    caseId: row.id,
    objectId: object.id,
    objectType: decision.type,
    riskCategories: row.riskCategories,
    includedOn: day,
    onTime: view.progress.status === 'done-on-time',
  });
  return view;
}

/** 绿色通道: checks greenChannelEligibility; when eligible, assistance may be given before inclusion. */
export async function openGreenChannel(ctx: MonitoringContext, input: z.output<typeof GreenChannelInputSchema>) {
  const row = await loadForWrite(ctx, input.caseId, OPEN_CASE_STEPS);
  const decision = greenChannelFor(ctx.parameters, row.countyCode, ctx.today, { sudden: input.sudden, causes: input.causes });
  const view = await move(ctx, row, {
    action: decision.eligible ? 'green-channel-opened' : 'green-channel-refused',
    to: row.step as CaseStep,
    comment: input.comment,
    set: { greenChannel: row.greenChannel || decision.eligible, greenChannelDecision: row.greenChannel ? row.greenChannelDecision : decision },
    after: { eligible: decision.eligible, reasons: decision.reasons.map((item) => item.code) },
  });
  return { case: view, decision };
}
