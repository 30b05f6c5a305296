/**
 * Demo data (synthetic): on Xushui's duty households (read through the registry's public API) a
 * cadre per village (the demo village cadre `demo-juwei` for 130609100002), and visits for the last
 * three months — most households visited each month, some missed, a few findings — written straight
 * into the module's tables (demo events are not delivered).
 */
import type { DemoContext } from '@zhenxing/core';
import { getHouseholdProfile, listHouseholdsForVisitDuty } from '@zhenxing/plugin-registry/server';
import { addMonths, evaluateBasicNeedsChecklist, monthOf, parametersInForce, suggestMeasures } from '@zhenxing/rules';
import { randomUUID } from 'node:crypto';
import type { ChecklistInput, RecordVisitInput } from '../index.ts';
import { RecordVisitInputSchema } from '../index.ts';
import { answersHash, checklistSchooling } from './record.ts';
import { assignments, visits } from './schema.ts';

const DEMO_COUNTY = '130609';
const DEMO_VILLAGE = '130609100002';
const CADRES = ['王建国', '李秀英', '赵红梅', '孙立军', '周海燕', '吴志刚'];
/** Households visited in the demo (enough for every page, quick to seed). */
const LIMIT = 60;

export async function seedVisitsDemo(context: DemoContext): Promise<void> {
  const { db, clock, counties, audit, today } = context;
  if (!counties.includes(DEMO_COUNTY)) return;
  const now = clock.now();
  const month = monthOf(today);
  const due = await listHouseholdsForVisitDuty(db, [DEMO_COUNTY], month);
  if (due.length === 0) return;
  // Every village with due households gets a cadre; the demo village's come first in the visits.
  const villages = [...new Set(due.map((household) => household.villageCode))];
  const households = [
    ...due.filter((household) => household.villageCode === DEMO_VILLAGE),
    ...due.filter((household) => household.villageCode !== DEMO_VILLAGE),
  ].slice(0, LIMIT);
  const start = `${addMonths(`${month}-01`, -3)}`;
  for (const [index, villageCode] of villages.entries()) {
    const own = villageCode === DEMO_VILLAGE;
    const [row] = await db
      .insert(assignments)
      .values({
        countyCode: DEMO_COUNTY,
        villageCode,
        householdId: null,
        cadreName: own ? '演示·巨威社区村干部' : (CADRES[index % CADRES.length] as string),
        cadreUsername: own ? 'demo-juwei' : null,
        cadreKind: index % 3 === 2 ? 'work-team' : 'village-cadre',
        effectiveFrom: start,
        effectiveTo: null,
        assignedBy: context.actor.username,
        createdAt: now,
      })
      .returning();
    await audit({ action: 'assignment.demo', regionCode: villageCode, entityType: 'visits-assignment', entityId: row?.id ?? 0, after: row });
  }

  let written = 0;
  for (const [index, household] of households.entries()) {
    const profile = await getHouseholdProfile(db, household.householdId, today);
    if (!profile || profile.members.length === 0) continue;
    const own = household.villageCode === DEMO_VILLAGE;
    for (let back = 3; back >= 0; back -= 1) {
      // The current month: only the first half visited so far; earlier months: one in eleven missed.
      if (back === 0 && index % 2 === 1) continue;
      if (back > 0 && (index + back) % 11 === 0) continue;
      const day = back === 0 ? Math.min(Number(today.slice(8, 10)), 1 + (index % 5)) : 3 + ((index * 7) % 24);
      const visitedOn = `${addMonths(`${month}-01`, -back).slice(0, 8)}${String(day).padStart(2, '0')}`;
      const visitedAt = new Date(`${visitedOn}T${String(9 + (index % 7)).padStart(2, '0')}:${String((index * 13) % 60).padStart(2, '0')}:00+08:00`);
      if (visitedAt > now) continue;
      const dangerous = index % 17 === 5 && back === 0;
      const checklist: ChecklistInput = {
        foodAndClothingSecure: true,
        housingGrade: dangerous ? 'C' : 'B',
        members: profile.members.map((member) => ({ memberId: member.id, schooling: checklistSchooling(member.schooling), medicalInsured: true })),
        water: { quantity: true, quality: index % 23 !== 7, reliability: true, convenience: true },
      };
      const raw: RecordVisitInput = {
        clientId: randomUUID(),
        householdId: household.householdId,
        visitedAt: visitedAt.toISOString(),
        formSeconds: 180 + ((index * 37) % 600),
        visitors: [own ? '演示·巨威社区村干部' : (CADRES[villages.indexOf(household.villageCode) % CADRES.length] as string)],
        personMet: household.headName || '户主',
        incomeChanges: { wagesFen: back === 1 && index % 9 === 0 ? 120_000 : 0 },
        industry: { state: 'stable', note: '' },
        employment: { state: index % 13 === 4 ? 'declined' : 'stable', note: index % 13 === 4 ? '务工减少（合成）' : '' },
        checklist,
        policyNotes: '低保、医保、产业奖补按时到位（合成）',
      };
      const input = RecordVisitInputSchema.parse(raw);
      const checklistResult = evaluateBasicNeedsChecklist(
        {
          checkedOn: visitedOn,
          foodAndClothingSecure: checklist.foodAndClothingSecure,
          housingGrade: checklist.housingGrade,
          water: checklist.water,
          members: profile.members.map((member) => ({
            memberId: String(member.id),
            birthDate: member.birthDate,
            schooling: checklistSchooling(member.schooling),
            medicalInsured: true,
          })),
        },
        parametersInForce('13', visitedOn),
      );
      await db.insert(visits).values({
        clientId: input.clientId,
        countyCode: DEMO_COUNTY,
        villageCode: household.villageCode,
        householdId: household.householdId,
        visitedAt,
        visitedOn,
        month: monthOf(visitedOn),
        startedAt: new Date(visitedAt.getTime() - input.formSeconds * 1000),
        recordedOffline: index % 4 === 0,
        formSeconds: input.formSeconds,
        visitors: input.visitors,
        personMet: input.personMet,
        recordedBy: own ? 'demo-juwei' : 'system:demo',
        incomeChanges: input.incomeChanges,
        spendingChanges: input.spendingChanges,
        industry: input.industry,
        employment: input.employment,
        checklist: input.checklist,
        checklistResult,
        policyNotes: input.policyNotes,
        findings: checklistResult.findings.length > 0 ? '走访发现问题，已上报（合成）' : '',
        riskTypes: [],
        suggestedMeasures: suggestMeasures({ findings: checklistResult.findings.map((finding) => finding.code) }),
        latitude: null,
        longitude: null,
        answersHash: answersHash(input),
        createdAt: visitedAt,
      });
      written += 1;
    }
  }
  await audit({
    action: 'visit.demo',
    regionCode: DEMO_COUNTY,
    entityType: 'visits-visit',
    entityId: 'demo',
    after: { visits: written, households: households.length },
  });
}
