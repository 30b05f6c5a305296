/**
 * Risk elimination 风险消除: the rules' riskEliminationEligibility decides (blocked with every failing
 * reason); then 村评议 → 村公示 (≥ villageNoticePeriod) → 县审定. Approval re-checks the criteria on
 * the day. The monitoring object's status changes to risk-eliminated; nothing is deleted.
 */
import { errors, ZxError } from '@zhenxing/core';
import { getHouseholdProfile, isPovertyExited, setHouseholdStatus } from '@zhenxing/plugin-registry/server';
import { diffParameterSets, riskEliminationEligibility, villageNoticePeriod, type ParameterSet, type RiskEliminationDecision } from '@zhenxing/rules';
import { and, count, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  EliminationApproveInputSchema,
  EliminationNoticeInputSchema,
  EliminationReviewInputSchema,
  EliminationStep,
  ProposeEliminationInputSchema,
} from '../index.ts';
import type { MonitoringContext } from './settings.ts';
import { parametersFor } from './deadlines.ts';
import { eliminationNotFound, objectNotFound, reasonRequired, wrongStep } from './errors.ts';
import { incomeMissing, loadProfile } from './evaluation.ts';
import { recordStep } from './history.ts';
import { unresolvedRisks } from './intake.ts';
import { eliminationRecord, objectRecord, type EliminationRow, type ObjectRow } from './records.ts';
import { eliminations, measures, objects } from './schema.ts';

type Facts = { incomeAboveLineSince: string | null; basicNeedsSecure: boolean; drinkingWaterSecure: boolean };

export async function loadObject(ctx: Pick<MonitoringContext, 'db' | 'access'>, objectId: number, lock = false): Promise<ObjectRow> {
  const query = ctx.db
    .select()
    .from(objects)
    .where(and(eq(objects.id, objectId), ctx.access.where(objects.countyCode, objects.villageCode)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row || !ctx.access.canSee(row.villageCode)) throw objectNotFound();
  return row;
}

/** The rules' decision for a monitored household on `onDate`, from registry and monitoring data plus the cadre's facts. */
export async function eligibilityOf(
  ctx: Pick<MonitoringContext, 'db' | 'parameters'>,
  object: ObjectRow,
  facts: Facts,
  onDate: string,
  /** The set to decide under (a replay); default the one in force on `onDate`. */
  under?: ParameterSet,
): Promise<RiskEliminationDecision> {
  const profile = await loadProfile(ctx.db, object.householdId, onDate);
  if (!profile?.perCapita) throw incomeMissing(object.householdId);
  const [carried] = await ctx.db
    .select({ value: count() })
    .from(measures)
    .where(and(eq(measures.householdId, object.householdId), inArray(measures.status, ['active', 'completed'])));
  return riskEliminationEligibility(
    {
      monitoredSince: object.includedOn,
      evaluatedOn: onDate,
      measureCount: carried?.value ?? 0,
      perCapitaIncomeFen: profile.perCapita.perCapitaFen,
      incomeAboveLineSince: facts.incomeAboveLineSince,
      basicNeedsSecure: facts.basicNeedsSecure,
      drinkingWaterSecure: facts.drinkingWaterSecure,
      newRiskFound: (await unresolvedRisks(ctx.db, object.id)) > 0,
      hasWorkingAgeLabour: profile.household.labourCapacity !== 'no-labour',
    },
    under ?? parametersFor(ctx.parameters, object.countyCode, onDate),
  );
}

/**
 * "Evaluate under …" for a risk-elimination check: the rules' decision today on the cadre's facts
 * under the set in force (or `recordedVersion`, e.g. the one a proposal recorded) beside a chosen
 * published set, with the blockers each time and the numbers that differ. Read-only.
 */
export async function replayElimination(
  ctx: Pick<MonitoringContext, 'db' | 'access' | 'today' | 'parameters'>,
  objectId: number,
  facts: Facts,
  version: string,
  recordedVersion?: string,
) {
  const object = await loadObject(ctx, objectId);
  const province = object.countyCode.slice(0, 2);
  const recordedSet = recordedVersion ? ctx.parameters.byVersion(recordedVersion) : parametersFor(ctx.parameters, object.countyCode, ctx.today);
  const chosen = ctx.parameters.byVersion(version);
  if (recordedSet.provinceCode !== province || chosen.provinceCode !== province) {
    throw errors.notFound({ 'zh-CN': '该省的参数版本', en: "The province's parameter set" });
  }
  const recorded = await eligibilityOf(ctx, object, facts, ctx.today, recordedSet);
  const replayed = await eligibilityOf(ctx, object, facts, ctx.today, chosen);
  const codes = (decision: RiskEliminationDecision) => decision.blockers.map((blocker) => blocker.code).sort();
  return {
    objectId,
    recordedVersion: recordedSet.version,
    replayedVersion: chosen.version,
    recorded,
    replayed,
    changed:
      recorded.eligible !== replayed.eligible ||
      codes(recorded).join() !== codes(replayed).join() ||
      recorded.earliestTimeConditionsMetOn !== replayed.earliestTimeConditionsMetOn,
    parameterChanges: diffParameterSets(recordedSet, chosen),
    availableVersions: ctx.parameters.published(object.countyCode).map((set) => set.version),
  };
}

function blocked(decision: RiskEliminationDecision): ZxError {
  return new ZxError(
    'PRECONDITION_FAILED',
    'elimination-blocked',
    {
      'zh-CN': `暂不符合风险消除条件：${decision.blockers.map((item) => item.message['zh-CN']).join('；')}。`,
      en: `The risk cannot be eliminated yet: ${decision.blockers.map((item) => item.message.en).join('; ')}.`,
    },
    { blockers: decision.blockers, earliestTimeConditionsMetOn: decision.earliestTimeConditionsMetOn, parameterVersion: decision.parameterVersion },
  );
}

export async function checkElimination(ctx: Pick<MonitoringContext, 'db' | 'access' | 'today' | 'parameters'>, objectId: number, facts: Facts) {
  const object = await loadObject(ctx, objectId);
  if (object.status !== 'monitored') return { object: objectRecord(object), decision: null };
  return { object: objectRecord(object), decision: await eligibilityOf(ctx, object, facts, ctx.today) };
}

export async function propose(ctx: MonitoringContext, input: z.output<typeof ProposeEliminationInputSchema>) {
  const object = await loadObject(ctx, input.objectId, true);
  ctx.access.assertRegion(object.villageCode);
  if (object.status !== 'monitored') throw wrongStep(object.status, ['monitored']);
  const [open] = await ctx.db
    .select({ id: eliminations.id })
    .from(eliminations)
    .where(and(eq(eliminations.objectId, object.id), inArray(eliminations.step, ['village-review', 'village-notice', 'county-approval'])));
  if (open) {
    throw new ZxError(
      'CONFLICT',
      'elimination-open',
      { 'zh-CN': '该户已有进行中的风险消除申请。', en: 'This household already has a risk-elimination proposal in progress.' },
      { eliminationId: open.id },
    );
  }
  const facts: Facts = {
    incomeAboveLineSince: input.incomeAboveLineSince,
    basicNeedsSecure: input.basicNeedsSecure,
    drinkingWaterSecure: input.drinkingWaterSecure,
  };
  const now = ctx.clock.now();
  const decision = await eligibilityOf(ctx, object, facts, ctx.today);
  if (!decision.eligible) throw blocked(decision);
  const [created] = await ctx.db
    .insert(eliminations)
    .values({
      countyCode: object.countyCode,
      villageCode: object.villageCode,
      householdId: object.householdId,
      objectId: object.id,
      step: 'village-review',
      facts,
      eligibility: decision,
      proposedOn: ctx.today,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const row = created as EliminationRow;
  await recordStep(ctx, {
    subject: 'elimination',
    subjectId: row.id,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    action: 'propose',
    fromStep: null,
    toStep: 'village-review',
    comment: input.comment,
    attachments: input.attachments,
    after: { step: 'village-review', objectId: object.id, parameterVersion: decision.parameterVersion },
  });
  return eliminationRecord(row);
}

export async function loadElimination(ctx: Pick<MonitoringContext, 'db' | 'access'>, eliminationId: number, lock = false): Promise<EliminationRow> {
  const query = ctx.db
    .select()
    .from(eliminations)
    .where(and(eq(eliminations.id, eliminationId), ctx.access.where(eliminations.countyCode, eliminations.villageCode)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row || !ctx.access.canSee(row.villageCode)) throw eliminationNotFound();
  return row;
}

async function loadForWrite(ctx: MonitoringContext, eliminationId: number, expected: readonly EliminationStep[]) {
  const row = await loadElimination(ctx, eliminationId, true);
  ctx.access.assertRegion(row.villageCode);
  if (!expected.includes(row.step as EliminationStep)) throw wrongStep(row.step, expected);
  return row;
}

async function move(
  ctx: MonitoringContext,
  row: EliminationRow,
  change: {
    action: string;
    to: EliminationStep;
    comment: string;
    attachments: readonly { name: string; ref: string }[];
    set?: Partial<typeof eliminations.$inferInsert>;
  },
) {
  const now = ctx.clock.now();
  const [updated] = await ctx.db
    .update(eliminations)
    .set({ ...change.set, step: change.to, updatedAt: now })
    .where(eq(eliminations.id, row.id))
    .returning();
  await recordStep(ctx, {
    subject: 'elimination',
    subjectId: row.id,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    action: change.action,
    fromStep: row.step,
    toStep: change.to,
    comment: change.comment,
    attachments: change.attachments,
  });
  return eliminationRecord(updated as EliminationRow);
}

function requireReason(comment: string): void {
  if (comment.trim().length < 2) throw reasonRequired();
}

export async function villageReview(ctx: MonitoringContext, input: z.output<typeof EliminationReviewInputSchema>) {
  const row = await loadForWrite(ctx, input.eliminationId, ['village-review']);
  if (input.decision === 'reject') {
    requireReason(input.comment);
    return move(ctx, row, { action: 'reject', to: 'rejected', comment: input.comment, attachments: input.attachments, set: { closedReason: input.comment } });
  }
  return move(ctx, row, { action: 'village-review', to: 'village-notice', comment: input.comment, attachments: input.attachments });
}

export async function postNotice(ctx: MonitoringContext, input: z.output<typeof EliminationNoticeInputSchema>) {
  const row = await loadForWrite(ctx, input.eliminationId, ['village-notice']);
  if (row.noticePostedOn) {
    throw new ZxError('CONFLICT', 'notice-already-posted', {
      'zh-CN': `公示已于 ${row.noticePostedOn} 张贴。`,
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

export async function completeNotice(ctx: MonitoringContext, input: z.output<typeof EliminationNoticeInputSchema>) {
  const row = await loadForWrite(ctx, input.eliminationId, ['village-notice']);
  if (!row.noticePostedOn)
    throw new ZxError('PRECONDITION_FAILED', 'notice-not-posted', {
      'zh-CN': '尚未张贴公示，请先张贴。',
      en: 'The notice has not been posted yet; post it first.',
    });
  const period = villageNoticePeriod({ postedOn: row.noticePostedOn, endedOn: ctx.today }, parametersFor(ctx.parameters, row.countyCode, row.noticePostedOn));
  if (!period.met) {
    throw new ZxError(
      'PRECONDITION_FAILED',
      'notice-period-not-met',
      {
        'zh-CN': `公示不少于 ${period.minimumDays} 天，最早 ${period.earliestEndOn} 结束。`,
        en: `The notice must stay up at least ${period.minimumDays} days; it may end on ${period.earliestEndOn} at the earliest.`,
      },
      { ...period },
    );
  }
  return move(ctx, row, {
    action: 'notice-completed',
    to: 'county-approval',
    comment: input.comment,
    attachments: input.attachments,
    set: { noticeCompletedOn: ctx.today },
  });
}

/** 县审定: re-checks the criteria today; approval marks the object risk-eliminated and emits the event. */
export async function countyApproval(ctx: MonitoringContext, input: z.output<typeof EliminationApproveInputSchema>) {
  const row = await loadForWrite(ctx, input.eliminationId, ['county-approval']);
  if (input.decision === 'reject') {
    requireReason(input.comment);
    return move(ctx, row, { action: 'reject', to: 'rejected', comment: input.comment, attachments: input.attachments, set: { closedReason: input.comment } });
  }
  if (input.decision === 'return') {
    requireReason(input.comment);
    return move(ctx, row, {
      action: 'return',
      to: 'village-review',
      comment: input.comment,
      attachments: input.attachments,
      set: { noticePostedOn: null, noticeCompletedOn: null },
    });
  }
  const object = await loadObject(ctx, row.objectId, true);
  const day = ctx.today;
  const decision = await eligibilityOf(ctx, object, row.facts, day);
  if (!decision.eligible) throw blocked(decision);
  const result = await move(ctx, row, {
    action: 'approve',
    to: 'approved',
    comment: input.comment,
    attachments: input.attachments,
    set: { approvedOn: day, eligibility: decision },
  });
  await ctx.db.update(objects).set({ status: 'risk-eliminated', eliminatedOn: day }).where(eq(objects.id, object.id));
  await ctx.audit({
    action: 'object.risk-eliminated',
    regionCode: object.villageCode,
    entityType: 'object',
    entityId: object.id,
    before: { status: 'monitored' },
    after: { status: 'risk-eliminated', eliminatedOn: day },
  });
  // Back in the registry: a household that once left poverty is a 脱贫户 again, others ordinary.
  const profile = await getHouseholdProfile(ctx.db, object.householdId, ctx.today);
  if (profile) {
    const status = isPovertyExited(profile.household) ? 'left-poverty' : 'ordinary';
    await setHouseholdStatus(ctx.db, {
      householdId: object.householdId,
      status,
      action: 'monitoring.risk-eliminated',
      at: ctx.clock.now(),
      username: ctx.user.username,
    });
  }
  ctx.emit('monitoring.risk-eliminated', {
    countyCode: object.countyCode,
    villageCode: object.villageCode,
    householdId: object.householdId,
    objectId: object.id,
    objectType: object.objectType as ReturnType<typeof objectRecord>['objectType'],
    eliminatedOn: day,
  });
  return result;
}
