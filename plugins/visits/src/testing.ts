/**
 * Test support: leak probes (one input per procedure aimed at Xushui's data) and synthetic inputs
 * for specs. See @zhenxing/core's LeakProbes.
 */
import type { LeakProbes } from '@zhenxing/core';
import type { CreateHouseholdInput } from '@zhenxing/plugin-registry';
import { syntheticIdNumber } from '@zhenxing/rules';
import type { RecordVisitInput } from './index.ts';

/** A 脱贫户 (or other status) of a head and a child born 2014, both synthetic. */
export function visitHousehold(villageCode: string, sequence: number, status: CreateHouseholdInput['status'] = 'left-poverty'): CreateHouseholdInput {
  const county = villageCode.slice(0, 6);
  return {
    villageCode,
    address: `走访街${sequence}号`,
    status,
    yearLeftPoverty: status === 'left-poverty' ? 2019 : null,
    labourCapacity: 'has-labour',
    members: [
      {
        name: '陈立新',
        idNumber: syntheticIdNumber({ regionCode: county, birthDate: '1978-02-11', sequence: (sequence * 2 + 1) % 1000 }),
        relation: 'head',
        employment: 'local-work',
      },
      {
        name: '陈小雨',
        idNumber: syntheticIdNumber({ regionCode: county, birthDate: '2014-09-01', sequence: (sequence * 2) % 1000 }),
        relation: 'child',
        schooling: 'primary',
      },
    ],
    income: { year: 2025, wagesFen: 1_800_000, businessFen: 200_000, propertyFen: 0, transfersFen: 150_000, productionCostsFen: 50_000 },
  };
}

/** A complete visit of a household whose members are given: everything secure, nothing changed. */
export function quietVisit(householdId: number, memberIds: readonly number[], visitedAt: string, clientId: string): RecordVisitInput {
  return {
    clientId,
    householdId,
    visitedAt,
    formSeconds: 240,
    visitors: ['探针干部'],
    personMet: '陈立新',
    industry: { state: 'stable' },
    employment: { state: 'stable' },
    checklist: {
      foodAndClothingSecure: true,
      housingGrade: 'B',
      members: memberIds.map((memberId) => ({ memberId, schooling: 'enrolled', medicalInsured: true })),
      water: { quantity: true, quality: true, reliability: true, convenience: true },
    },
  };
}

interface CreatedHousehold {
  household: { id: number; createdAt: string };
  members: { id: number }[];
}

/** A few bytes that sniff as a JPEG (SOI + APP0 JFIF header + filler): a synthetic visit photo. */
export function syntheticJpeg(fill = 1, size = 256): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.alloc(size, fill),
    Buffer.from([0xff, 0xd9]),
  ]);
}

export const leakProbes: LeakProbes = async ({ victimCounty, victimVillage, call, upload }) => {
  const created = (await call('registry.households.create', visitHousehold(victimVillage, 961))) as CreatedHousehold;
  const householdId = created.household.id;
  const memberIds = created.members.map((member) => member.id);
  await call('visits.assignments.assign', {
    householdId,
    cadreName: '探针干部',
    cadreUsername: 'juwei',
    cadreKind: 'village-cadre',
    effectiveFrom: '2026-01-01',
  });
  const visitedAt = new Date(Date.parse(created.household.createdAt) + 60_000).toISOString();
  const photoId = await upload({ plugin: 'visits', purpose: 'photo' }, 'probe.jpg', syntheticJpeg(), 'juwei');
  const recorded = (await call(
    'visits.record',
    { ...quietVisit(householdId, memberIds, visitedAt, '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b'), photoUploadIds: [photoId] },
    'juwei',
  )) as {
    visit: { id: number; month: string };
  };
  // A copied visit: the same answers in a second household, with the county's threshold at two.
  await call('modules.updateSettings', { countyCode: victimCounty, pluginId: 'visits', settings: { identicalAnswersThreshold: 2 } });
  const copied = (await call('registry.households.create', visitHousehold(victimVillage, 962))) as CreatedHousehold;
  await call(
    'visits.record',
    quietVisit(
      copied.household.id,
      copied.members.map((member) => member.id),
      visitedAt,
      '8b3f4e5d-6c7a-4182-8c9d-1e2f3a4b5c6d',
    ),
    'juwei',
  );
  const region = { regionCode: victimCounty };
  const month = { ...region, month: recorded.visit.month };
  return {
    'assignments.assign': { ...region, householdId, cadreName: '越权', cadreKind: 'township-cadre', effectiveFrom: '2026-06-01' },
    'assignments.list': { ...region, history: true },
    'assignments.unassigned': month,
    'assignments.workload': month,
    record: { ...region, ...quietVisit(householdId, memberIds, visitedAt, '7a2e3d4c-5b6f-4071-9b8c-0d1e2f3a4b5c') },
    list: month,
    prefill: { ...region, householdId },
    offlinePack: region,
    changes: { ...region, visitId: recorded.visit.id },
    photo: { ...region, visitId: recorded.visit.id, uploadId: photoId },
    compliance: month,
    flags: month,
  };
};
