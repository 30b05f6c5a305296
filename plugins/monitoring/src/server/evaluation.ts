/**
 * §1 宽 — the four categories, evaluated by the rules on the registry's data (getHouseholdProfile)
 * plus the facts a verifying cadre adds (out-of-pocket costs, spending, a sudden event).
 */
import { ZxError } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import type { HouseholdProfile } from '@zhenxing/plugin-registry';
import { getHouseholdProfile, isPovertyExited } from '@zhenxing/plugin-registry/server';
import {
  evaluateRiskCategories,
  monitoringObjectType,
  type MonitoringObjectDecision,
  diffParameterSets,
  type ParameterSet,
  type RiskAssessmentInput,
  type RiskCategoriesEvaluation,
} from '@zhenxing/rules';
import { EvaluationOverridesSchema, type EvaluationOverrides, type HouseholdReplay } from '../index.ts';

export function incomeMissing(householdId: number): ZxError {
  return new ZxError('PRECONDITION_FAILED', 'income-missing', {
    'zh-CN': `农户 ${householdId} 尚未登记收入，无法按“四类对象”评估。请先在“农户信息”中录入本年度收入。`,
    en: `Household ${householdId} has no income on record, so the four categories cannot be evaluated. Record this year's income in the household registry first.`,
  });
}

/** The rules' input for one household: registry members and incomes, with the cadre's facts. */
export function assessmentInput(profile: HouseholdProfile, overridesInput: EvaluationOverrides): RiskAssessmentInput {
  if (!profile.perCapita) throw incomeMissing(profile.household.id);
  const overrides = EvaluationOverridesSchema.parse(overridesInput);
  const members = profile.rulesMembers.map((member) => ({
    ...member,
    outOfPocketMedicalFen: overrides.outOfPocketMedicalFen[member.memberId] ?? member.outOfPocketMedicalFen ?? 0,
  }));
  const illnessFromMembers = members.reduce((sum, member) => sum + (member.outOfPocketMedicalFen ?? 0), 0);
  return {
    members,
    perCapitaIncomeFen: profile.perCapita.perCapitaFen,
    previousYear: profile.previousPerCapita
      ? { perCapitaIncomeFen: profile.previousPerCapita.perCapitaFen, totalIncomeFen: profile.previousPerCapita.totalNetIncomeFen }
      : null,
    spending: overrides.spending ?? { illnessFen: illnessFromMembers, schoolingFen: 0, accidentFen: 0 },
    suddenEvent: overrides.suddenEvent,
  };
}

export function evaluateProfile(profile: HouseholdProfile, overrides: EvaluationOverrides, parameters: ParameterSet): RiskCategoriesEvaluation {
  return evaluateRiskCategories(assessmentInput(profile, overrides), parameters);
}

/**
 * "Evaluate under …": the same household and facts under the recorded set and a chosen one, category
 * by category with the rules' reasons, and the numbers that differ between the two sets.
 */
export function replayProfile(
  profile: HouseholdProfile,
  overrides: EvaluationOverrides,
  recorded: ParameterSet,
  chosen: ParameterSet,
  availableVersions: string[],
): HouseholdReplay {
  const before = evaluateProfile(profile, overrides, recorded);
  const after = evaluateProfile(profile, overrides, chosen);
  const typeBefore = objectTypeOf(profile, { riskCategories: before.matchedCategories, riskTypes: [] }, recorded);
  const typeAfter = objectTypeOf(profile, { riskCategories: after.matchedCategories, riskTypes: [] }, chosen);
  return {
    householdId: profile.household.id,
    recordedVersion: recorded.version,
    replayedVersion: chosen.version,
    recorded: before,
    replayed: after,
    categories: before.results.map((result) => {
      const other = after.results.find((candidate) => candidate.category === result.category);
      const replayedMatched = other?.matched ?? false;
      return {
        category: result.category,
        recordedMatched: result.matched,
        replayedMatched,
        changed: result.matched !== replayedMatched,
        recordedReasons: result.reasons,
        replayedReasons: other?.reasons ?? [],
      };
    }),
    objectType: { recorded: typeBefore, replayed: typeAfter, changed: typeBefore.type !== typeAfter.type },
    parameterChanges: diffParameterSets(recorded, chosen),
    availableVersions,
  };
}

/** The monitoring object type the rules give this household, given what the case found. */
export function objectTypeOf(
  profile: HouseholdProfile,
  found: { riskCategories: readonly string[]; riskTypes: readonly string[] },
  parameters: ParameterSet,
): MonitoringObjectDecision {
  if (!profile.perCapita) throw incomeMissing(profile.household.id);
  return monitoringObjectType(
    {
      baseStatus: isPovertyExited(profile.household) ? 'poverty-exited' : 'ordinary',
      perCapitaIncomeFen: profile.perCapita.perCapitaFen,
      atRisk: found.riskCategories.length > 0 || found.riskTypes.length > 0,
      suddenSevereDifficulty: found.riskCategories.includes('sudden-difficulty'),
    },
    parameters,
  );
}

/** Loads a household through the registry's public API, or null. */
export async function loadProfile(db: Executor, householdId: number, today: string): Promise<HouseholdProfile | null> {
  return getHouseholdProfile(db, householdId, today);
}
