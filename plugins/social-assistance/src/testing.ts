/**
 * Test support: leak probes (one input per procedure aimed at Xushui's data — a department's aid of
 * the victim village, a leader contact with problems, a labour pairing with a placement) and the
 * synthetic inputs the specs share. See @zhenxing/core's LeakProbes.
 */
import type { LeakProbes } from '@zhenxing/core';
import type { CreateHouseholdInput } from '@zhenxing/plugin-registry';
import { syntheticIdNumber } from '@zhenxing/rules';
import type { CreateRelationshipInput } from './index.ts';

export const PROBE_YEAR = 2025;

/** A 脱贫户 of two synthetic labourers in `villageCode`. */
export function labourHousehold(villageCode: string, sequence: number): CreateHouseholdInput {
  const county = villageCode.slice(0, 6);
  return {
    villageCode,
    address: `协作路${sequence}号`,
    status: 'left-poverty',
    yearLeftPoverty: 2019,
    labourCapacity: 'has-labour',
    members: [
      {
        name: '郑海涛',
        idNumber: syntheticIdNumber({ regionCode: county, birthDate: '1985-04-12', sequence: (sequence * 2 + 1) % 1000 }),
        relation: 'head',
        employment: 'unemployed',
      },
      {
        name: '郑晓燕',
        idNumber: syntheticIdNumber({ regionCode: county, birthDate: '1988-10-03', sequence: (sequence * 2) % 1000 }),
        relation: 'spouse',
        employment: 'unemployed',
      },
    ],
    income: { year: 2025, wagesFen: 900_000, businessFen: 0, propertyFen: 0, transfersFen: 150_000, productionCostsFen: 0 },
  };
}

/** A leader-contact relationship whose package fills the default 五包一 with `organisationId`. */
export function leaderContact(countyCode: string, organisationId: number, startOn = '2024-01-01'): CreateRelationshipInput {
  return {
    system: 'leader-contact',
    organisationId,
    countyCode,
    startOn,
    leaderName: '省领导（合成）',
    responsible: [{ name: '吴建华', title: '联络员', side: 'donor' }],
    packageMembers: [
      { role: 'leader', name: '省领导（合成）' },
      { role: 'province-department', organisationId },
      { role: 'state-enterprise', organisationId },
      { role: 'university', organisationId },
      { role: 'financial-institution', organisationId },
    ],
  };
}

/** A few bytes that sniff as a JPEG: a synthetic evidence photo. */
export function evidenceJpeg(fill = 3): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.alloc(200, fill),
    Buffer.from([0xff, 0xd9]),
  ]);
}

interface Created {
  id: number;
}
interface CreatedHousehold {
  household: { id: number };
  members: { id: number }[];
}

export const leakProbes: LeakProbes = async ({ victimCounty, victimVillage, call, upload }) => {
  const path = (name: string) => `social-assistance.${name}`;
  const organisation = (await call(
    path('organisations.create'),
    { name: '探针帮扶单位', kind: 'province-department', inProvince: true },
    'province',
  )) as Created;
  const responsible = [{ name: '探针联系人', side: 'recipient' }];
  const department = (await call(
    path('relationships.create'),
    { system: 'department', organisationId: organisation.id, countyCode: victimCounty, villageCode: victimVillage, startOn: '2024-01-01', responsible },
    'province',
  )) as Created;
  await call(
    path('commitments.setTargets'),
    { relationshipId: department.id, year: PROBE_YEAR, targets: [{ indicator: 'funds-invested', target: 1_000_000 }] },
    'province',
  );
  await call(path('commitments.recordResults'), {
    relationshipId: department.id,
    year: PROBE_YEAR,
    actuals: [{ indicator: 'funds-invested', actual: 400_000 }],
  });
  const leader = (await call(path('relationships.create'), leaderContact(victimCounty, organisation.id), 'province')) as Created;
  const problem = (description: string) =>
    call(
      path('problems.create'),
      { relationshipId: leader.id, inspection: '探针督导', foundOn: '2024-03-01', description, deadline: '2024-06-30' },
      'province',
    ) as Promise<Created>;
  const rectified = await problem('探针问题（已整改）');
  const open = await problem('探针问题（未整改）');
  const shown = await upload({ plugin: 'social-assistance', purpose: 'evidence' }, '整改.jpg', evidenceJpeg(5));
  await call(path('problems.rectify'), { problemId: rectified.id, rectifiedOn: '2024-05-01', rectification: '已整改', evidenceUploadIds: [shown] });
  const evidence = await upload({ plugin: 'social-assistance', purpose: 'evidence' }, '整改2.jpg', evidenceJpeg(6));
  const labour = (await call(
    path('relationships.create'),
    { system: 'pairing', kind: 'labour', organisationId: organisation.id, countyCode: victimCounty, startOn: '2024-01-01', responsible },
    'province',
  )) as Created;
  const household = (await call('registry.households.create', labourHousehold(victimVillage, 973))) as CreatedHousehold;
  const [first, second] = household.members;
  await call(path('placements.create'), {
    relationshipId: labour.id,
    year: PROBE_YEAR,
    householdId: household.household.id,
    memberId: first?.id,
    employer: '探针企业',
    placedOn: '2025-03-01',
  });
  const sheet = await upload(
    { plugin: 'social-assistance', purpose: 'results' },
    '帮扶成效.csv',
    Buffer.from(`帮扶关系编号,指标,完成值\r\n${department.id},投入帮扶资金,6000.00\r\n`, 'utf8'),
  );

  const region = { regionCode: victimCounty };
  return {
    'organisations.list': region,
    'organisations.create': { ...region, name: '越权帮扶单位', kind: 'ngo', inProvince: true },
    'relationships.list': region,
    'relationships.create': {
      ...region,
      system: 'department',
      organisationId: organisation.id,
      countyCode: victimCounty,
      villageCode: victimVillage,
      startOn: '2024-01-01',
      responsible,
    },
    'relationships.end': { ...region, relationshipId: department.id, endOn: '2025-12-31' },
    'commitments.list': { ...region, relationshipId: department.id, year: PROBE_YEAR },
    'commitments.setTargets': { ...region, relationshipId: department.id, year: PROBE_YEAR, targets: [{ indicator: 'funds-invested', target: 2_000_000 }] },
    'commitments.recordResults': { ...region, relationshipId: department.id, year: PROBE_YEAR, actuals: [{ indicator: 'funds-invested', actual: 500_000 }] },
    'commitments.importResults': { ...region, uploadId: sheet, year: PROBE_YEAR },
    'problems.list': region,
    'problems.create': { ...region, relationshipId: leader.id, inspection: '越权督导', foundOn: '2024-03-02', description: '越权', deadline: '2024-06-30' },
    'problems.rectify': { ...region, problemId: open.id, rectifiedOn: '2024-05-02', rectification: '越权整改', evidenceUploadIds: [evidence] },
    'problems.evidence': { ...region, problemId: rectified.id, uploadId: shown },
    'placements.list': region,
    'placements.create': {
      ...region,
      relationshipId: labour.id,
      year: PROBE_YEAR,
      householdId: household.household.id,
      memberId: second?.id,
      employer: '越权企业',
      placedOn: '2025-04-01',
    },
    'progress.relationships': { ...region, year: PROBE_YEAR },
    'progress.summary': { ...region, year: PROBE_YEAR },
    'progress.export': { ...region, year: PROBE_YEAR },
  };
};
