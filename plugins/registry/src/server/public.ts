/**
 * The registry's public read service for other plugins (the monitoring plugin depends on it).
 * Stable API: add, never change. These functions are NOT scoped — the caller must check
 * `ctx.access.canSee(profile.household.villageCode)` (or pass only counties from `ctx.access`)
 * before showing anything, and must mask personal data itself for readers without pii.view.
 */
import type { Executor } from '@zhenxing/db';
import { monthlyVisitDuty, perCapitaNetIncome, type HouseholdMemberInput, type IsoMonth } from '@zhenxing/rules';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { HouseholdProfile, HouseholdRecord, HouseholdStatus, MemberRecord, VisitDutyHousehold } from '../index.ts';
import { householdRecord, incomeRecord, memberRecord } from './records.ts';
import { households, incomes, members } from './schema.ts';

/** Whether the household's people count as 脱贫人口 (it left poverty, even if now monitored). */
export function isPovertyExited(household: Pick<HouseholdRecord, 'status' | 'yearLeftPoverty'>): boolean {
  return household.status === 'left-poverty' || household.yearLeftPoverty !== null;
}

/** Members in the shape of @zhenxing/rules' HouseholdMemberSchema; out-of-pocket costs default to 0. */
export function rulesMembersOf(
  household: Pick<HouseholdRecord, 'status' | 'yearLeftPoverty'>,
  people: readonly MemberRecord[],
  outOfPocketMedicalFen: ReadonlyMap<number, number> = new Map(),
): HouseholdMemberInput[] {
  const povertyExited = isPovertyExited(household);
  return people.map((member) => ({
    memberId: String(member.id),
    povertyExited,
    seriousIllness: member.seriousIllness ?? 'none',
    disabilityGrade: member.disabilityGrade,
    outOfPocketMedicalFen: outOfPocketMedicalFen.get(member.id) ?? 0,
  }));
}

/**
 * Household + members + latest two income years, unmasked, or null when there is no such household.
 * `today` (the caller's ctx.today, Asia/Shanghai) dates the members' ages.
 */
export async function getHouseholdProfile(db: Executor, householdId: number, today: string): Promise<HouseholdProfile | null> {
  const [row] = await db.select().from(households).where(eq(households.id, householdId));
  if (!row) return null;
  const household = householdRecord(row);
  const people = (await db.select().from(members).where(eq(members.householdId, householdId)).orderBy(asc(members.id))).map((person) =>
    memberRecord(person, today),
  );
  const years = (await db.select().from(incomes).where(eq(incomes.householdId, householdId)).orderBy(desc(incomes.year)).limit(2)).map(incomeRecord);
  const latestIncome = years[0] ?? null;
  const previousIncome = latestIncome && years[1] && years[1].year === latestIncome.year - 1 ? years[1] : null;
  const size = Math.max(people.length, 1);
  return {
    household,
    members: people,
    latestIncome,
    previousIncome,
    perCapita: latestIncome ? perCapitaNetIncome({ components: latestIncome, householdSize: size }) : null,
    previousPerCapita: previousIncome ? perCapitaNetIncome({ components: previousIncome, householdSize: size }) : null,
    rulesMembers: rulesMembersOf(household, people),
  };
}

/**
 * §3 monthly visit duty: households of these counties that must be visited in `month` (every 监测户
 * and every 脱贫户, decided by the rules' monthlyVisitDuty). Uses the current status.
 */
export async function listHouseholdsForVisitDuty(db: Executor, countyCodes: readonly string[], month: IsoMonth): Promise<VisitDutyHousehold[]> {
  if (countyCodes.length === 0) return [];
  const rows = await db
    .select({
      id: households.id,
      countyCode: households.countyCode,
      villageCode: households.villageCode,
      address: households.address,
      status: households.status,
      yearLeftPoverty: households.yearLeftPoverty,
      headName: members.name,
    })
    .from(households)
    .leftJoin(members, and(eq(members.householdId, households.id), eq(members.relation, 'head')))
    .where(and(inArray(households.countyCode, [...countyCodes]), inArray(households.status, ['left-poverty', 'monitored'])))
    .orderBy(asc(households.villageCode), asc(households.id));
  const duty = new Set(
    monthlyVisitDuty({
      month,
      households: rows.map((row) => ({
        householdId: String(row.id),
        povertyExited: isPovertyExited({ status: row.status as HouseholdStatus, yearLeftPoverty: row.yearLeftPoverty }),
        monitored: row.status === 'monitored',
      })),
    }).householdIds,
  );
  return rows
    .filter((row) => duty.has(String(row.id)))
    .map((row) => ({
      householdId: row.id,
      countyCode: row.countyCode,
      villageCode: row.villageCode,
      address: row.address,
      status: row.status as HouseholdStatus,
      headName: row.headName ?? '',
    }));
}

/** Members with this ID number in the given counties (usually one; more only across counties). */
export async function findMembersByIdNumber(db: Executor, countyCodes: readonly string[], idNumber: string, today: string): Promise<MemberRecord[]> {
  if (countyCodes.length === 0) return [];
  const rows = await db
    .select()
    .from(members)
    .where(and(eq(members.idNumber, idNumber.trim().toUpperCase()), inArray(members.countyCode, [...countyCodes])));
  return rows.map((row) => memberRecord(row, today));
}

/**
 * Each household's head name (户主姓名), for lists that name households rather than show their ids;
 * households without a head member are missing from the map. Not scoped: pass only ids of rows the
 * caller already read through its own `ctx.access`.
 */
export async function householdHeadNames(db: Executor, householdIds: readonly number[]): Promise<Map<number, string>> {
  if (householdIds.length === 0) return new Map();
  const rows = await db
    .select({ householdId: members.householdId, name: members.name })
    .from(members)
    .where(and(inArray(members.householdId, [...new Set(householdIds)]), eq(members.relation, 'head')))
    .orderBy(asc(members.id));
  const names = new Map<number, string>();
  for (const row of rows) if (!names.has(row.householdId)) names.set(row.householdId, row.name);
  return names;
}

export { setHouseholdStatus, type StatusChange } from './status.ts';

export { applyIncomeChange, type AppliedIncomeChange, type IncomeChange } from './income-change.ts';
