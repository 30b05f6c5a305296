/**
 * §3 one visit: validated against the household (scope, dates, members), the checklist evaluated by
 * the rules (evaluateBasicNeedsChecklist), measures suggested (suggestMeasures), then written once —
 * a second sync of the same client id returns the first row — and its consequences raised as events:
 * `visits.finding` (monitoring takes it as a risk signal) and `visits.income-changed`.
 */
import { createHash } from 'node:crypto';
import { keepUpload, ZxError, type ModuleContext } from '@zhenxing/core';
import type { HouseholdProfile, MemberRecord } from '@zhenxing/plugin-registry';
import { applyIncomeChange } from '@zhenxing/plugin-registry/server';
import {
  evaluateBasicNeedsChecklist,
  monthOf,
  mustVisitMonthly,
  parametersInForce,
  shanghaiDate,
  suggestMeasures,
  type BasicNeedsFindingCode,
  type RiskType,
} from '@zhenxing/rules';
import { and, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { INCOME_COMPONENTS, RISK_TYPE_LABELS, type ChecklistInput, type RecordVisitInputSchema, type VisitRecord } from '../index.ts';
import { fieldError } from './errors.ts';
import { visibleHousehold } from './households.ts';
import { visitRecord, visitView } from './records.ts';
import { visits, type VisitRow } from './schema.ts';

type WriteContext = Pick<ModuleContext, 'db' | 'access' | 'audit' | 'emit' | 'clock' | 'today' | 'actor'>;
type Input = z.output<typeof RecordVisitInputSchema>;

/** A phone's clock may run a little fast: a visit up to this far "in the future" is accepted. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The registry's schooling code as the checklist's (送教上门 is not in the registry; it is asked on the visit). */
export function checklistSchooling(schooling: MemberRecord['schooling']): ChecklistInput['members'][number]['schooling'] {
  if (schooling === 'out-of-school') return 'out-of-school';
  if (['preschool', 'primary', 'junior', 'senior', 'vocational', 'college'].includes(schooling)) return 'enrolled';
  return 'not-applicable';
}

/** Which household risk types each checklist finding points to (for monitoring's 缺什么补什么). */
const RISK_TYPE_OF_FINDING: Record<BasicNeedsFindingCode, RiskType> = {
  'food-or-clothing-insecure': 'other',
  'housing-dangerous': 'housing-unsafe',
  'child-out-of-school': 'schooling',
  'member-uninsured': 'illness',
  'water-quantity-insufficient': 'drinking-water-unsafe',
  'water-quality-unsafe': 'drinking-water-unsafe',
  'water-supply-unreliable': 'drinking-water-unsafe',
  'water-inconvenient': 'drinking-water-unsafe',
};

/** md5 of the answers that do not name the household: equal hashes across households suggest a copied form. */
export function answersHash(input: Input): string {
  const answers = {
    incomeChanges: input.incomeChanges,
    spendingChanges: input.spendingChanges,
    industry: input.industry,
    employment: input.employment,
    checklist: {
      foodAndClothingSecure: input.checklist.foodAndClothingSecure,
      housingGrade: input.checklist.housingGrade,
      water: input.checklist.water,
      members: input.checklist.members.map((member) => [member.schooling, member.medicalInsured]),
    },
    policyNotes: input.policyNotes,
    findings: input.findings,
    riskTypes: [...input.riskTypes].sort(),
    personMet: input.personMet,
  };
  return createHash('md5').update(JSON.stringify(answers)).digest('hex');
}

function checkDates(context: WriteContext, input: Input, profile: HouseholdProfile): void {
  const visitedAt = new Date(input.visitedAt);
  const latest = context.clock.now().getTime() + CLOCK_SKEW_MS;
  if (visitedAt.getTime() > latest) {
    throw fieldError('visitedAt', 'future', { 'zh-CN': '走访时间不能晚于当前时间。', en: 'The visit time cannot be in the future.' });
  }
  if (visitedAt.getTime() < new Date(profile.household.createdAt).getTime()) {
    throw fieldError('visitedAt', 'before-household', {
      'zh-CN': `走访时间早于该户建档时间（${shanghaiDate(new Date(profile.household.createdAt))}），请核对日期。`,
      en: `The visit is dated before the household was registered (${shanghaiDate(new Date(profile.household.createdAt))}); check the date.`,
    });
  }
  if (input.startedAt !== undefined && new Date(input.startedAt).getTime() > visitedAt.getTime() + CLOCK_SKEW_MS) {
    throw fieldError('startedAt', 'after-visit', { 'zh-CN': '开始填表时间不能晚于走访时间。', en: 'The form cannot have been opened after the visit.' });
  }
}

function checkMembers(input: Input, profile: HouseholdProfile): void {
  const expected = new Set(profile.members.map((member) => member.id));
  const given = input.checklist.members.map((member) => member.memberId);
  const unknown = given.find((memberId) => !expected.has(memberId));
  const repeated = given.find((memberId, index) => given.indexOf(memberId) !== index);
  if (unknown !== undefined || repeated !== undefined || given.length !== expected.size) {
    throw fieldError('checklist.members', 'members-mismatch', {
      'zh-CN': '“三保障”清单须逐一覆盖该户的全部家庭成员，且每人一次。请刷新后重新填写。',
      en: 'The checklist must cover every member of the household exactly once. Reload the form and fill it in again.',
    });
  }
}

/**
 * The form was pre-filled from the household's last visit; if the server has a newer one now, this
 * visit's "changes since the last visit" were measured against an old state. A CONFLICT (409): the
 * offline outbox keeps the visit as a conflict for the cadre to look at, never drops it.
 */
async function checkBasedOn(context: WriteContext, input: Input, countyCode: string): Promise<void> {
  if (input.basedOnVisitId === undefined) return;
  const [latest] = await context.db
    .select({ id: visits.id, visitedOn: visits.visitedOn, recordedBy: visits.recordedBy })
    .from(visits)
    .where(and(eq(visits.countyCode, countyCode), eq(visits.householdId, input.householdId)))
    .orderBy(desc(visits.visitedAt), desc(visits.id))
    .limit(1);
  if (!latest || latest.id === input.basedOnVisitId) return;
  throw new ZxError(
    'CONFLICT',
    'visit-conflict',
    {
      'zh-CN': `该户在您填表后已有新的走访记录（${latest.visitedOn}，${latest.recordedBy}），本次填写的“较上次变化”可能重复。请打开该户重新核对后再提交，或放弃本条。`,
      en: `The household has a newer visit since your form was filled in (${latest.visitedOn}, ${latest.recordedBy}); this visit's "changes since the last visit" may count twice. Open the household again to check, or discard this one.`,
    },
    { fieldErrors: { basedOnVisitId: ['visit-conflict'] } },
  );
}

/**
 * The photos were uploaded first (by this user, for this county); recording the visit keeps them for
 * good (core `keepUpload`, in this transaction: a refused visit keeps none and they expire in a day).
 */
async function keepPhotos(context: WriteContext, input: Input, countyCode: string): Promise<void> {
  for (const uploadId of new Set(input.photoUploadIds)) {
    try {
      await keepUpload(context.db, { uploadId, plugin: 'visits', purpose: 'photo', userId: context.actor.userId ?? -1, countyCode }, context.clock.now());
    } catch (error) {
      if (error instanceof ZxError && error.reason === 'upload-not-found') {
        throw fieldError('photoUploadIds', 'photo-not-found', {
          'zh-CN': '找不到上传的照片（可能已过期或不是您上传的），请重新拍照或选择照片。',
          en: 'An uploaded photo was not found (it may have expired or was not uploaded by you); take or choose the photo again.',
        });
      }
      throw error;
    }
  }
}

/**
 * §3: whether the household has the monthly visit duty as the visit is recorded — the same status
 * test as the registry's duty list (listHouseholdsForVisitDuty) through the rules' mustVisitMonthly.
 * Stored on the visit: it counts as compliance's "done" (the visits tally) only when true.
 */
export function dutyNow(profile: HouseholdProfile): boolean {
  const { status } = profile.household;
  return mustVisitMonthly({ householdId: String(profile.household.id), povertyExited: status === 'left-poverty', monitored: status === 'monitored' });
}

export async function recordVisit(context: WriteContext, input: Input, pii: boolean): Promise<{ visit: VisitRecord; repeated: boolean }> {
  const profile = await visibleHousehold(context, input.householdId);
  const { villageCode, countyCode } = profile.household;
  context.access.assertRegion(villageCode);

  const [existing] = await context.db
    .select()
    .from(visits)
    .where(and(eq(visits.countyCode, countyCode), eq(visits.clientId, input.clientId)));
  if (existing) return repeatedSync(context, existing, input, pii);

  checkDates(context, input, profile);
  await checkBasedOn(context, input, countyCode);
  checkMembers(input, profile);
  await keepPhotos(context, input, countyCode);

  const visitedAt = new Date(input.visitedAt);
  const visitedOn = shanghaiDate(visitedAt);
  const birthDates = new Map(profile.members.map((member) => [member.id, member.birthDate]));
  const checklistResult = evaluateBasicNeedsChecklist(
    {
      checkedOn: visitedOn,
      foodAndClothingSecure: input.checklist.foodAndClothingSecure,
      housingGrade: input.checklist.housingGrade,
      water: input.checklist.water,
      members: input.checklist.members.map((member) => ({
        memberId: String(member.memberId),
        birthDate: birthDates.get(member.memberId) as string,
        schooling: member.schooling,
        medicalInsured: member.medicalInsured,
      })),
    },
    parametersInForce(countyCode.slice(0, 2), visitedOn),
  );
  const findingCodes = checklistResult.findings.map((finding) => finding.code);
  const suggestedMeasures = suggestMeasures({ riskTypes: input.riskTypes, findings: findingCodes });

  const [inserted] = await context.db
    .insert(visits)
    .values({
      clientId: input.clientId,
      countyCode,
      villageCode,
      householdId: profile.household.id,
      visitedAt,
      visitedOn,
      month: monthOf(visitedOn),
      startedAt: input.startedAt ? new Date(input.startedAt) : null,
      recordedOffline: input.recordedOffline,
      formSeconds: input.formSeconds,
      visitors: input.visitors,
      personMet: input.personMet,
      recordedBy: context.actor.username,
      incomeChanges: input.incomeChanges,
      spendingChanges: input.spendingChanges,
      industry: input.industry,
      employment: input.employment,
      checklist: input.checklist,
      checklistResult,
      policyNotes: input.policyNotes,
      findings: input.findings,
      riskTypes: input.riskTypes,
      suggestedMeasures,
      latitude: input.location?.latitude ?? null,
      longitude: input.location?.longitude ?? null,
      answersHash: answersHash(input),
      photoIds: [...new Set(input.photoUploadIds)],
      householdDue: dutyNow(profile),
      createdAt: context.clock.now(),
    })
    .onConflictDoNothing()
    .returning();
  if (!inserted) {
    // A concurrent sync of the same client id won the insert: answer with its row.
    const [winner] = await context.db
      .select()
      .from(visits)
      .where(and(eq(visits.countyCode, countyCode), eq(visits.clientId, input.clientId)));
    return repeatedSync(context, winner as VisitRow, input, pii);
  }
  const visit = visitRecord(inserted);
  await context.audit({ action: 'visit.record', regionCode: villageCode, entityType: 'visits-visit', entityId: visit.id, after: visit });

  const riskTypes = [...new Set([...input.riskTypes, ...findingCodes.map((code) => RISK_TYPE_OF_FINDING[code])])];
  if (findingCodes.length > 0 || input.riskTypes.length > 0) {
    const summary = [
      '走访发现',
      ...checklistResult.findings.map((finding) => finding.code).map(findingLabel),
      ...input.riskTypes.map((type) => `风险：${RISK_TYPE_LABELS[type]['zh-CN']}`),
    ];
    context.emit('visits.finding', {
      countyCode,
      villageCode,
      householdId: visit.householdId,
      visitId: visit.id,
      visitedOn,
      findingCodes,
      riskTypes,
      summary: `${summary[0]}：${summary.slice(1).join('；')}`,
      parameterVersion: checklistResult.parameterVersion,
    });
  }
  if (INCOME_COMPONENTS.some((component) => input.incomeChanges[component] !== 0)) {
    // The registry's yearly income moves with the visit, in this transaction (history names the visit).
    const year = Number(visitedOn.slice(0, 4));
    const applied = await applyIncomeChange(context.db, {
      householdId: visit.householdId,
      year,
      deltas: input.incomeChanges,
      source: `visits.visit:${visit.id}`,
      at: context.clock.now(),
      username: context.actor.username,
    });
    if (applied) {
      await context.audit({
        action: 'visit.income-applied',
        regionCode: villageCode,
        entityType: 'registry-income',
        entityId: `${visit.householdId}:${year}`,
        before: applied.before,
        after: { ...applied.after, visitId: visit.id, carriedFrom: applied.carriedFrom, clamped: applied.clamped },
      });
    }
    context.emit('visits.income-changed', {
      countyCode,
      villageCode,
      householdId: visit.householdId,
      visitId: visit.id,
      visitedOn,
      year: Number(visitedOn.slice(0, 4)),
      changes: { ...input.incomeChanges },
    });
  }
  return { visit: visitView(inserted, pii), repeated: false };
}

const FINDING_LABELS: Record<BasicNeedsFindingCode, string> = {
  'food-or-clothing-insecure': '吃穿存在困难',
  'housing-dangerous': '住房为危房',
  'child-out-of-school': '义务教育阶段子女失学辍学',
  'member-uninsured': '有成员未参加基本医疗保险',
  'water-quantity-insufficient': '饮水水量不达标',
  'water-quality-unsafe': '饮水水质不达标',
  'water-supply-unreliable': '供水保证率不达标',
  'water-inconvenient': '取水不方便',
};
/** zh-CN label of a finding without member details (the signal is read by people without pii.view). */
export function findingLabel(code: BasicNeedsFindingCode): string {
  return FINDING_LABELS[code];
}

/** The same client id again: the first visit is the answer (the replay is audited, nothing else written). */
async function repeatedSync(context: WriteContext, row: VisitRow, input: Input, pii: boolean): Promise<{ visit: VisitRecord; repeated: boolean }> {
  if (row.householdId !== input.householdId) {
    throw fieldError('clientId', 'client-id-reused', {
      'zh-CN': '该表单编号已用于另一户的走访记录，请重新打开表单后再提交。',
      en: 'This form id already belongs to a visit of another household; open a new form and submit again.',
    });
  }
  await context.audit({
    action: 'visit.sync-repeated',
    regionCode: row.villageCode,
    entityType: 'visits-visit',
    entityId: row.id,
    after: { clientId: row.clientId },
  });
  return { visit: visitView(row, pii), repeated: true };
}
