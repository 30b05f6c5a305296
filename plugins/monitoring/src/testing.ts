/**
 * Test support: leak probes (one input per procedure aimed at Xushui's data) and synthetic
 * household inputs for specs. See @zhenxing/core's LeakProbes.
 */
import type { LeakProbes, UpdateProbes } from '@zhenxing/core';
import { auditLog } from '@zhenxing/db';
import type { CreateHouseholdInput } from '@zhenxing/plugin-registry';
import { syntheticIdNumber } from '@zhenxing/rules';
import { and, asc, eq } from 'drizzle-orm';
import { cases, eliminations, measures, objects, whatIfChanges, whatIfRuns } from './server/schema.ts';

/** Per-capita 4,600 yuan: within the Hebei line (8,300 yuan from 2023). */
export const LOW_INCOME = { year: 2025, wagesFen: 600_000, businessFen: 300_000, propertyFen: 0, transfersFen: 120_000, productionCostsFen: 100_000 };
/** Per-capita 13,600 yuan: above the line. */
export const HIGH_INCOME = { year: 2026, wagesFen: 2_400_000, businessFen: 300_000, propertyFen: 0, transfersFen: 120_000, productionCostsFen: 100_000 };

/** A 脱贫户 (or other status) of two synthetic people, the spouse with a major chronic disease, low income. */
export function lowIncomeHousehold(villageCode: string, sequence: number, status: CreateHouseholdInput['status'] = 'left-poverty'): CreateHouseholdInput {
  const county = villageCode.slice(0, 6);
  return {
    villageCode,
    address: `后街${sequence}号`,
    status,
    yearLeftPoverty: status === 'left-poverty' ? 2019 : null,
    labourCapacity: 'has-labour',
    members: [
      {
        name: '张志强',
        idNumber: syntheticIdNumber({ regionCode: county, birthDate: '1971-04-09', sequence: (sequence * 2 + 1) % 1000 }),
        relation: 'head',
        employment: 'migrant-work',
      },
      {
        name: '刘桂兰',
        idNumber: syntheticIdNumber({ regionCode: county, birthDate: '1973-11-18', sequence: (sequence * 2) % 1000 }),
        relation: 'spouse',
        seriousIllness: 'major-chronic-disease',
        healthNote: '合成数据：慢性病',
      },
    ],
    income: LOW_INCOME,
  };
}

/** The same household with income above the line. */
export function highIncomeHousehold(villageCode: string, sequence: number, status: CreateHouseholdInput['status'] = 'ordinary'): CreateHouseholdInput {
  return { ...lowIncomeHousehold(villageCode, sequence, status), income: { ...HIGH_INCOME, year: 2025 } };
}

interface CreatedHousehold {
  household: { id: number };
}

export const leakProbes: LeakProbes = async ({ db, victimCounty, victimVillage, call }) => {
  const regionCode = victimCounty;
  const first = (await call('registry.households.create', lowIncomeHousehold(victimVillage, 951))) as CreatedHousehold;
  const householdId = first.household.id;

  // A green-channel case (assistance allowed before inclusion) reported by the village cadre.
  const opened = (await call(
    'monitoring.signals.report',
    { householdId, source: 'cadre-screening', summary: '探针：突发意外', riskTypes: ['accident'], suddenRisk: { sudden: true, causes: ['accident'] } },
    'juwei',
  )) as { caseId: number; signal: { id: number } };
  const caseId = opened.caseId;
  const measure = (await call(
    'monitoring.measures.add',
    { householdId, kind: 'temporary-assistance', responsibleUnit: '区民政局', amountFen: 100_000, startOn: '2026-03-02' },
    'juwei',
  )) as { id: number };

  // Monitoring objects: the notice periods cannot pass inside a probe, so each household's case is
  // put at "included" directly in the plugin's own tables, and each elimination at its step.
  const MONITORED_SINCE = '2025-01-02';
  const facts = { incomeAboveLineSince: '2025-01-02', basicNeedsSecure: true, drinkingWaterSecure: true };
  let includedOn = '';
  const includedObject = async (sequence: number, input = lowIncomeHousehold(victimVillage, sequence)): Promise<number> => {
    const created = (await call('registry.households.create', input)) as CreatedHousehold;
    const opened = (await call('monitoring.signals.report', { householdId: created.household.id, source: 'self-report', summary: '探针：因病' }, 'juwei')) as {
      caseId: number;
    };
    const [opening] = await db.select({ discoveredOn: cases.discoveredOn }).from(cases).where(eq(cases.id, opened.caseId));
    includedOn = (opening as { discoveredOn: string }).discoveredOn;
    await db
      .update(cases)
      .set({ step: 'included', completedOn: includedOn, objectType: 'unstable-poverty-exited', deadlineStatus: 'done-on-time' })
      .where(eq(cases.id, opened.caseId));
    const [object] = await db
      .insert(objects)
      .values({
        countyCode: victimCounty,
        villageCode: victimVillage,
        householdId: created.household.id,
        caseId: opened.caseId,
        objectType: 'unstable-poverty-exited',
        status: 'monitored',
        // Monitored long enough for a risk elimination (the rules ask for months of monitoring).
        includedOn: MONITORED_SINCE,
        createdAt: new Date(),
      })
      .returning({ id: objects.id });
    // A measure carried out: the rules allow no elimination without one.
    await call(
      'monitoring.measures.add',
      { householdId: created.household.id, kind: 'employment', responsibleUnit: '区人社局', startOn: '2025-02-01', status: 'completed' },
      'juwei',
    );
    return (object as { id: number }).id;
  };
  const eliminationAt = async (objectId: number, step: 'village-review' | 'village-notice' | 'county-approval', noticePostedOn: string | null = null) => {
    const [row] = await db.select({ householdId: objects.householdId }).from(objects).where(eq(objects.id, objectId));
    const [elimination] = await db
      .insert(eliminations)
      .values({
        countyCode: victimCounty,
        villageCode: victimVillage,
        householdId: (row as { householdId: number }).householdId,
        objectId,
        step,
        facts,
        eligibility: { eligible: true, blockers: [], earliestTimeConditionsMetOn: null, parameterVersion: 'hebei-2023.1' },
        proposedOn: includedOn,
        noticePostedOn,
        noticeCompletedOn: step === 'county-approval' ? includedOn : null,
        createdAt: new Date(),
        updatedAt: new Date(),
      })
      .returning({ id: eliminations.id });
    return (elimination as { id: number }).id;
  };
  const objectId = await includedObject(952, lowIncomeHousehold(victimVillage, 952));
  const eliminationId = await eliminationAt(objectId, 'village-review');
  /** Posted long enough ago for any notice period. */
  const longAgo = '2025-01-02';
  const toPost = await eliminationAt(await includedObject(961, highIncomeHousehold(victimVillage, 961)), 'village-notice');
  const toComplete = await eliminationAt(await includedObject(962, highIncomeHousehold(victimVillage, 962)), 'village-notice', longAgo);
  const toApprove = await eliminationAt(await includedObject(963, highIncomeHousehold(victimVillage, 963)), 'county-approval', longAgo);
  const toPropose = await includedObject(964, highIncomeHousehold(victimVillage, 964));

  // One open case per identification step, each walked there by the procedures themselves.
  const caseAt = async (sequence: number, steps: number): Promise<number> => {
    const created = (await call('registry.households.create', lowIncomeHousehold(victimVillage, sequence))) as CreatedHousehold & {
      members: { id: number; relation: string }[];
    };
    const spouse = created.members.find((member) => member.relation === 'spouse') as { id: number };
    const opened = (await call(
      'monitoring.signals.report',
      { householdId: created.household.id, source: 'cadre-screening', summary: '探针：医疗支出大', riskTypes: ['illness'] },
      'juwei',
    )) as { caseId: number };
    const id = opened.caseId;
    const walk: (() => Promise<unknown>)[] = [
      () => call('monitoring.cases.verify', { caseId: id, consentSigned: true, findings: '探针核实', riskTypes: ['illness'], attachments: [] }, 'juwei'),
      () => call('monitoring.cases.compare', { caseId: id, overrides: { outOfPocketMedicalFen: { [String(spouse.id)]: 1_200_000 } } }, 'juwei'),
      () => call('monitoring.cases.villageReview', { caseId: id, decision: 'pass', participants: 23, comment: '探针评议' }, 'juwei'),
      async () => {
        await call('monitoring.cases.postNotice', { caseId: id }, 'juwei');
        await db.update(cases).set({ noticePostedOn: longAgo }).where(eq(cases.id, id));
      },
      () => call('monitoring.cases.completeNotice', { caseId: id }, 'juwei'),
      () => call('monitoring.cases.townshipReview', { caseId: id, decision: 'pass', comment: '探针审核' }, 'ansu'),
    ];
    for (const step of walk.slice(0, steps)) await step();
    return id;
  };
  const [atComparison, atVillageReview, toPostCase, toCompleteCase, atTownship, atCounty] = [
    await caseAt(971, 1),
    await caseAt(972, 2),
    await caseAt(973, 3),
    await caseAt(974, 4),
    await caseAt(975, 5),
    await caseAt(976, 6),
  ];
  // A case past its 15-day deadline, as the deadline scan leaves it, so the overdue list has one.
  const overdueCase = await caseAt(977, 0);
  await db.update(cases).set({ deadlineStatus: 'overdue', escalationLevel: 'county' }).where(eq(cases.id, overdueCase));
  const attachments = [{ name: '探针.pdf', ref: 'probe' }];

  // A finished what-if run over the victim county with one changed household (the worker's output).
  const [whatIf] = await db
    .insert(whatIfRuns)
    .values({
      regionCode: victimCounty,
      countyCodes: [victimCounty],
      version: 'hebei-2022.1',
      versionStatus: 'published',
      baseVersion: 'hebei-2025.1',
      asOf: '2026-03-02',
      status: 'done',
      householdsTotal: 1,
      householdsDone: 1,
      householdsChanged: 1,
      summary: { [victimVillage]: { 'monitoring-object': { entering: 1, leaving: 0 } } },
      startedBy: 0,
      startedByName: 'probe',
      createdAt: new Date(),
      finishedAt: new Date(),
    })
    .returning({ id: whatIfRuns.id });
  const whatIfId = (whatIf as { id: number }).id;
  await db.insert(whatIfChanges).values({
    runId: whatIfId,
    householdId,
    countyCode: victimCounty,
    villageCode: victimVillage,
    before: { categories: [], objectType: null },
    after: { categories: ['severe-disability'], objectType: 'edge-prone' },
    perCapitaIncomeFen: 460_000,
  });

  return {
    'signals.report': { regionCode, householdId, source: 'self-report', summary: '探针' },
    'signals.list': { regionCode },
    'signals.resolve': { id: opened.signal.id, resolution: '探针' },
    'households.evaluate': { householdId },
    'households.replay': { householdId, version: 'hebei-2022.1' },
    'cases.list': { regionCode },
    'cases.get': { id: caseId },
    'cases.replay': { caseId: atVillageReview, version: 'hebei-2022.1' },
    'cases.overdue': { regionCode },
    'cases.greenChannelOpen': { regionCode },
    'cases.notice': { id: caseId },
    'cases.verify': { caseId, consentSigned: true, findings: '探针', attachments },
    'cases.compare': { caseId: atComparison },
    'cases.villageReview': { caseId: atVillageReview, decision: 'pass', participants: 20 },
    'cases.postNotice': { caseId: toPostCase },
    'cases.completeNotice': { caseId: toCompleteCase },
    'cases.townshipReview': { caseId: atTownship, decision: 'pass' },
    'cases.approve': { caseId: atCounty, decision: 'pass' },
    'cases.greenChannel': { caseId, sudden: true, causes: ['disaster'] },
    'objects.list': { regionCode },
    'measures.suggest': { householdId },
    'measures.list': { regionCode },
    'measures.add': { householdId, kind: 'insurance', responsibleUnit: '探针单位', startOn: '2026-03-02' },
    'measures.update': { id: measure.id, status: 'completed' },
    'eliminations.check': { objectId, ...facts },
    'eliminations.replay': { objectId, ...facts, version: 'hebei-2022.1' },
    'eliminations.list': { regionCode },
    'eliminations.notice': { id: eliminationId },
    'eliminations.propose': { objectId: toPropose, ...facts },
    'eliminations.villageReview': { eliminationId, decision: 'pass' },
    'eliminations.postNotice': { eliminationId: toPost },
    'eliminations.completeNotice': { eliminationId: toComplete },
    'eliminations.approve': { eliminationId: toApprove, decision: 'approve' },
    'dashboard.summary': { regionCode },
    'dashboard.trend': { regionCode },
    'whatIf.sets': { regionCode },
    'whatIf.start': { regionCode, version: 'hebei-2022.1' },
    'whatIf.list': { regionCode },
    'whatIf.get': { regionCode, id: whatIfId },
    'whatIf.changes': { regionCode, id: whatIfId },
    'whatIf.export': { regionCode, id: whatIfId },
  };
};

/**
 * The update contract's probes (see @zhenxing/core's UpdateProbe). A measure has no history table
 * of its own: its history is the core audit log (`measure.update` with before and after).
 */
export const updateProbes: UpdateProbes = async ({ db, victimVillage, call }) => {
  const household = (await call('registry.households.create', lowIncomeHousehold(victimVillage, 955))) as CreatedHousehold;
  await call(
    'monitoring.signals.report',
    {
      householdId: household.household.id,
      source: 'cadre-screening',
      summary: '契约探针：突发意外',
      riskTypes: ['accident'],
      suddenRisk: { sudden: true, causes: ['accident'] },
    },
    'juwei',
  );
  const measure = (await call(
    'monitoring.measures.add',
    { householdId: household.household.id, kind: 'temporary-assistance', responsibleUnit: '区民政局', amountFen: 50_000, startOn: '2026-03-02' },
    'juwei',
  )) as { id: number; status: string };
  return {
    'measures.update': {
      // `status` is required: sent at its stored value, it changes nothing; it is changed last.
      input: { id: measure.id, status: measure.status },
      fields: {
        endOn: { send: { endOn: '2026-06-30' } },
        note: { send: { note: '契约探针：已回访' } },
        status: { send: { status: 'completed' } },
      },
      read: async () => {
        const [row] = await db.select().from(measures).where(eq(measures.id, measure.id));
        if (!row) throw new Error('update probe: the measure is gone');
        return row as unknown as Record<string, unknown>;
      },
      history: async () => {
        const rows = await db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.plugin, 'monitoring'), eq(auditLog.action, 'measure.update'), eq(auditLog.entityId, String(measure.id))))
          .orderBy(asc(auditLog.id));
        return rows.map((row) => {
          const before = (row.before ?? {}) as Record<string, unknown>;
          const after = (row.after ?? {}) as Record<string, unknown>;
          const fields = Object.keys(after).filter((key) => key !== 'updatedAt' && JSON.stringify(before[key]) !== JSON.stringify(after[key]));
          return { id: row.id, fields };
        });
      },
      volatile: ['updatedAt'],
    },
  };
};
