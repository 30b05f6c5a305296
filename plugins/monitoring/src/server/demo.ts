/**
 * Demo data (synthetic): on Xushui's demo households (read through the registry's public API) a
 * few cases at different steps — one overdue and escalated, one green channel with assistance
 * given first, one waiting for township review, and some included with measures.
 */
import type { DemoContext } from '@zhenxing/core';
import { listHouseholdsForVisitDuty } from '@zhenxing/plugin-registry/server';
import { addDays } from '@zhenxing/rules';
import { eq } from 'drizzle-orm';
import { escalationFor, progressOf, parametersFor } from './deadlines.ts';
import { loadProfile, objectTypeOf } from './evaluation.ts';
import { takeSignal } from './intake.ts';
import { cases, measures, objects } from './schema.ts';

const DEMO_COUNTY = '130609';

export async function seedDemo(context: DemoContext): Promise<void> {
  const { db, clock, counties, audit, today } = context;
  if (!counties.includes(DEMO_COUNTY)) return;
  const now = clock.now();
  const households = await listHouseholdsForVisitDuty(db, [DEMO_COUNTY], today.slice(0, 7));
  if (households.length < 6) return;
  const pick = (index: number) => households[index] as (typeof households)[number];
  const open = async (
    index: number,
    daysAgo: number,
    summary: string,
    riskTypes: string[],
    suddenRisk?: { sudden: boolean; causes: ('disaster' | 'epidemic' | 'accident' | 'other')[] },
  ) => {
    const household = pick(index);
    const taken = await takeSignal(
      context,
      {
        countyCode: household.countyCode,
        villageCode: household.villageCode,
        householdId: household.householdId,
        source: index % 2 === 0 ? 'cadre-screening' : 'self-report',
        department: null,
        category: null,
        summary,
        riskTypes,
        evidence: { attachments: [{ name: '入户核实记录（合成）.pdf', ref: `demo/${household.householdId}` }] },
        detectedOn: addDays(today, -daysAgo),
        suddenRisk,
      },
      null,
    );
    return { household, caseId: taken.caseId as number };
  };
  const setStep = async (caseId: number, step: string, extra: Partial<typeof cases.$inferInsert> = {}) => {
    const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
    if (!row) return;
    const progress = progressOf(context.parameters, { ...row, completedOn: extra.completedOn ?? null }, today, null);
    const level = escalationFor(progress, 'none', null);
    await db
      .update(cases)
      .set({ step, deadlineStatus: progress.status, escalationLevel: level, escalatedOn: level === 'none' ? null : today, consentSigned: true, ...extra })
      .where(eq(cases.id, caseId));
  };

  // Overdue: found 22 days ago, still at township review → escalated.
  const overdue = await open(0, 22, '务工收入骤减，家庭成员患病（合成）', ['illness', 'unstable-employment']);
  await setStep(overdue.caseId, 'township-review', { noticePostedOn: addDays(today, -12), noticeCompletedOn: addDays(today, -6) });

  // Green channel: a disaster 3 days ago, temporary assistance already given.
  const green = await open(1, 3, '房屋因暴雨受损（合成）', ['natural-disaster'], { sudden: true, causes: ['disaster'] });
  await db.insert(measures).values({
    countyCode: green.household.countyCode,
    villageCode: green.household.villageCode,
    householdId: green.household.householdId,
    caseId: green.caseId,
    kind: 'temporary-assistance',
    responsibleUnit: '区民政局',
    amountFen: 300_000,
    startOn: addDays(today, -2),
    status: 'active',
    greenChannel: true,
    createdBy: 'system:demo',
    createdAt: now,
    updatedAt: now,
  });

  // Waiting for the village notice to end.
  const notice = await open(2, 6, '子女上学支出增加（合成）', ['schooling']);
  await setStep(notice.caseId, 'village-notice', { noticePostedOn: addDays(today, -1) });

  // Included, two with active measures and one without (coverage below 100%).
  for (const [index, kind] of [
    [3, 'industry'],
    [4, 'employment'],
    [5, null],
  ] as const) {
    const included = await open(index, 40, '因病支出较大（合成）', ['illness']);
    const completedOn = addDays(today, -28);
    const profile = await loadProfile(db, included.household.householdId, today);
    const decided = profile?.perCapita
      ? objectTypeOf(profile, { riskCategories: [], riskTypes: ['illness'] }, parametersFor(context.parameters, DEMO_COUNTY, completedOn)).type
      : null;
    const objectType = decided ?? 'unstable-poverty-exited';
    await setStep(included.caseId, 'included', { completedOn, objectType });
    const [object] = await db
      .insert(objects)
      .values({
        countyCode: included.household.countyCode,
        villageCode: included.household.villageCode,
        householdId: included.household.householdId,
        caseId: included.caseId,
        objectType,
        riskTypes: ['illness'],
        riskCategories: [],
        status: 'monitored',
        includedOn: completedOn,
        createdAt: now,
      })
      .returning({ id: objects.id });
    if (kind && object) {
      await db.insert(measures).values({
        countyCode: included.household.countyCode,
        villageCode: included.household.villageCode,
        householdId: included.household.householdId,
        caseId: included.caseId,
        objectId: object.id,
        kind,
        responsibleUnit: kind === 'industry' ? '区农业农村局' : '区人社局',
        amountFen: kind === 'industry' ? 500_000 : 0,
        startOn: addDays(completedOn, 1),
        status: 'active',
        createdBy: 'system:demo',
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  await audit({ action: 'monitoring.demo-seed', regionCode: DEMO_COUNTY, entityType: 'demo', after: { cases: 6 } });
}
