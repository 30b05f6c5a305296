import type { LeakProbes } from '@zhenxing/core';
import type { CreateHouseholdInput } from '@zhenxing/plugin-registry';
import { syntheticIdNumber } from '@zhenxing/rules';

/** A 脱贫户 whose income fell from 2025 to 2026 (so the 2026 ledger flags it); synthetic. */
export function fallingHousehold(villageCode: string, sequence: number, income2026 = 800_000): CreateHouseholdInput {
  const county = villageCode.slice(0, 6);
  return {
    villageCode,
    address: `增收街${sequence}号`,
    status: 'left-poverty',
    yearLeftPoverty: 2019,
    labourCapacity: 'has-labour',
    members: [
      {
        name: '刘长顺',
        idNumber: syntheticIdNumber({ regionCode: county, birthDate: '1975-04-12', sequence: (sequence * 2 + 1) % 1000 }),
        relation: 'head',
        employment: 'migrant-work',
      },
      {
        name: '刘小禾',
        idNumber: syntheticIdNumber({ regionCode: county, birthDate: '2013-08-01', sequence: (sequence * 2) % 1000 }),
        relation: 'child',
        schooling: 'primary',
      },
    ],
    income: { year: 2026, wagesFen: income2026, businessFen: 100_000, propertyFen: 0, transfersFen: 100_000, productionCostsFen: 0 },
  };
}

interface CreatedHousehold {
  household: { id: number };
}

/** One input per procedure aimed at Xushui's records; a flagged household with a plan exists there. */
export const leakProbes: LeakProbes = async ({ victimCounty, victimVillage, call, upload }) => {
  const created = (await call('registry.households.create', fallingHousehold(victimVillage, 971))) as CreatedHousehold;
  const householdId = created.household.id;
  await call('registry.incomes.record', {
    householdId,
    income: { year: 2025, wagesFen: 2_000_000, businessFen: 100_000, propertyFen: 0, transfersFen: 100_000, productionCostsFen: 0 },
  });
  await call('income.ledger.rerun', { regionCode: victimCounty, year: 2026 });
  const plan = (await call('income.plans.create', {
    householdId,
    measures: ['employment'],
    cadreName: '探针干部',
    targetPerCapitaFen: 1_000_000,
    startOn: '2026-01-01',
    dueOn: '2026-12-31',
  })) as { id: number; ledgerEntryId: number };
  await call(
    'income.supervision.enterFigures',
    { year: 2026, nationalBasisPoints: 600, provincialBasisPoints: 600, counties: [{ countyCode: victimCounty, localFarmersBasisPoints: 650 }] },
    'province',
  );
  // 2025: a 脱贫县 whose farmers grew slower than the national rate, published by the province.
  await call(
    'income.supervision.enterFigures',
    {
      year: 2025,
      nationalBasisPoints: 600,
      provincialBasisPoints: 600,
      counties: [{ countyCode: victimCounty, localFarmersBasisPoints: 100, povertyCounty: true }],
    },
    'province',
  );
  const [published] = (await call('income.supervision.publish', { year: 2025 }, 'province')) as { id: number }[];
  await call('income.stableEmployment.record', { year: 2026, local: 10, outsideCounty: 2, outsideProvince: 1, publicWelfareJobs: 1 });
  const sheet = Buffer.from(`县代码,增速(%),脱贫县\r\n全国,6.0,\r\n全省,6.0,\r\n${victimCounty},5.0,否\r\n`);
  const uploadId = await upload({ plugin: 'income', purpose: 'figures' }, '统计表.csv', sheet, 'province');
  const region = { regionCode: victimCounty };
  return {
    household: { ...region, householdId, year: 2026 },
    adjust: { ...region, householdId, year: 2026, recordedOn: '2026-01-02', wagesFen: 100 },
    'ledger.list': { ...region, year: 2026 },
    'ledger.coverage': { ...region, year: 2026 },
    'ledger.rerun': { ...region, year: 2026 },
    'ledger.replay': { ...region, entryId: plan.ledgerEntryId, parameterVersion: 'hebei-2025.1' },
    'plans.list': region,
    'plans.create': { ...region, householdId, measures: ['industry'], cadreName: '越权', targetPerCapitaFen: 100, startOn: '2026-01-01', dueOn: '2026-02-01' },
    'plans.recordProgress': { ...region, planId: plan.id, progress: 50 },
    'supervision.list': { ...region, year: 2026 },
    'supervision.enterFigures': {
      ...region,
      year: 2026,
      nationalBasisPoints: 600,
      provincialBasisPoints: 600,
      counties: [{ countyCode: victimCounty, localFarmersBasisPoints: 600 }],
    },
    'supervision.publish': { ...region, year: 2026 },
    'supervision.published': { ...region, year: 2025 },
    'supervision.lift': { ...region, entryId: published?.id ?? 0, reason: '已整改' },
    employment: region,
    analysis: { ...region, year: 2026 },
    'supervision.importFigures': { ...region, year: 2026, uploadId },
    'stableEmployment.compare': { ...region, year: 2026 },
    'stableEmployment.record': { ...region, year: 2026, local: 1, outsideCounty: 0, outsideProvince: 0, publicWelfareJobs: 0 },
    'stableEmployment.setTarget': { ...region, year: 2026, countyCode: victimCounty, targetEmployed: 20 },
  };
};
