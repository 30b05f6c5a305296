/**
 * Test support: leak probes (one input per procedure aimed at Xushui's data — a department's aid of
 * the victim village, a leader contact with problems, a labour pairing with a placement) and the
 * synthetic inputs the specs share. See @zhenxing/core's LeakProbes.
 */
import type { LeakProbes, UpdateProbes } from '@zhenxing/core';
import { auditLog } from '@zhenxing/db';
import { and, asc, eq } from 'drizzle-orm';
import type { CreateHouseholdInput } from '@zhenxing/plugin-registry';
import { syntheticIdNumber } from '@zhenxing/rules';
import type { CreateLeaderPackageInput, CreateRelationshipInput } from './index.ts';
import { leaderPackages, organisations, relationships } from './server/schema.ts';

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

/** A province-managed 五包一 package for `countyCode`, every unit filled with `organisationId`. */
export function leaderPackage(countyCode: string, organisationId: number, startOn = '2024-01-01'): CreateLeaderPackageInput {
  return {
    countyCode,
    name: '五包一',
    roles: ['leader', 'province-department', 'state-enterprise', 'university', 'financial-institution'],
    leaderName: '省领导（合成）',
    members: [
      { role: 'leader', name: '省领导（合成）' },
      { role: 'province-department', organisationId },
      { role: 'state-enterprise', organisationId },
      { role: 'university', organisationId },
      { role: 'financial-institution', organisationId },
    ],
    startOn,
  };
}

/** A leader-contact relationship carrying out the package `packageId`. */
export function leaderContact(countyCode: string, organisationId: number, packageId: number, startOn = '2024-01-01'): CreateRelationshipInput {
  return {
    system: 'leader-contact',
    organisationId,
    countyCode,
    startOn,
    packageId,
    responsible: [{ name: '吴建华', title: '联络员', side: 'donor' }],
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
  const held = (await call(path('packages.create'), leaderPackage(victimCounty, organisation.id), 'province')) as Created;
  const leader = (await call(path('relationships.create'), leaderContact(victimCounty, organisation.id, held.id), 'province')) as Created;
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
  const placed = (await call(path('placements.create'), {
    relationshipId: labour.id,
    year: PROBE_YEAR,
    householdId: household.household.id,
    memberId: first?.id,
    employer: '探针企业',
    placedOn: '2025-03-01',
  })) as Created;
  // 消费帮扶: a consumption pairing and a purchase of the county's product.
  const consumption = (await call(
    path('relationships.create'),
    { system: 'pairing', kind: 'consumption', organisationId: organisation.id, countyCode: victimCounty, startOn: '2024-01-01', responsible },
    'province',
  )) as Created;
  const purchase = {
    relationshipId: consumption.id,
    buyerOrganisationId: organisation.id,
    year: PROBE_YEAR,
    purchasedOn: '2025-05-01',
    productName: '探针小米',
    productCategory: 'grain',
    amountFen: 120_000,
  };
  await call(path('purchases.create'), purchase);
  // 资金支持 with a funded project of the project library (installed with every plugin in the matrices).
  const funds = (await call(
    path('relationships.create'),
    { system: 'pairing', kind: 'funds', organisationId: organisation.id, countyCode: victimCounty, startOn: '2024-01-01', responsible },
    'province',
  )) as Created;
  const project = async (title: string) => {
    try {
      return ((await call('projects.submit', { villageCode: victimVillage, title, category: 'industry', budgetFen: 1_000_000 })) as Created).id;
    } catch {
      return 999_999;
    }
  };
  const linked = await project('探针帮扶项目');
  const unlinked = await project('探针帮扶项目二');
  await call(path('fundedProjects.link'), { relationshipId: funds.id, year: PROBE_YEAR, projectId: linked, amountFen: 500_000 }).catch(() => undefined);
  const sheet = await upload(
    { plugin: 'social-assistance', purpose: 'results' },
    '帮扶成效.csv',
    Buffer.from(`帮扶关系编号,指标,完成值\r\n${department.id},投入帮扶资金,6000.00\r\n`, 'utf8'),
  );

  const region = { regionCode: victimCounty };
  return {
    'organisations.list': region,
    'organisations.create': { ...region, name: '越权帮扶单位', kind: 'ngo', inProvince: true },
    'organisations.update': { ...region, organisationId: organisation.id, note: '越权备注' },
    'organisations.deactivate': { ...region, organisationId: organisation.id, deactivatedOn: '2025-12-31' },
    'packages.list': region,
    'packages.create': { ...region, ...leaderPackage(victimCounty, organisation.id) },
    'packages.update': { ...region, packageId: held.id, note: '越权备注' },
    'purchases.list': { ...region, year: PROBE_YEAR },
    'purchases.summary': { ...region, year: PROBE_YEAR },
    'purchases.create': { ...region, ...purchase, productName: '越权小米' },
    'fundedProjects.list': region,
    'fundedProjects.linkable': { ...region, countyCode: victimCounty },
    'fundedProjects.link': { ...region, relationshipId: funds.id, year: PROBE_YEAR, projectId: unlinked, amountFen: 300_000 },
    'placements.remove': { ...region, placementId: placed.id },
    'relationships.update': { ...region, relationshipId: department.id, note: '越权备注' },
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

/** Audit-log history of one entity: the fields each entry changed (before → after). */
function auditHistory(db: Parameters<UpdateProbes>[0]['db'], action: string, entityId: number) {
  return async () => {
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.plugin, 'social-assistance'), eq(auditLog.action, action), eq(auditLog.entityId, String(entityId))))
      .orderBy(asc(auditLog.id));
    return rows.map((row) => {
      const before = (row.before ?? {}) as Record<string, unknown>;
      const after = (row.after ?? {}) as Record<string, unknown>;
      const fields = Object.keys(after).filter((key) => key !== 'updatedAt' && JSON.stringify(before[key]) !== JSON.stringify(after[key]));
      return { id: row.id, fields };
    });
  };
}

/**
 * The update contract's probes (see @zhenxing/core's UpdateProbe): the province's edits of a
 * relationship, an organisation and a leader package. Their history is the core audit log
 * (`relationship.update`, `organisation.update`, `package.update` with before and after).
 */
export const updateProbes: UpdateProbes = async ({ db, victimCounty, call }) => {
  const path = (name: string) => `social-assistance.${name}`;
  const organisation = (await call(
    path('organisations.create'),
    { name: '契约探针帮扶单位', kind: 'province-department', inProvince: true },
    'province',
  )) as Created;
  const other = (await call(path('organisations.create'), { name: '契约探针帮扶单位二', kind: 'enterprise', inProvince: true }, 'province')) as Created;
  const relationship = (await call(
    path('relationships.create'),
    {
      system: 'pairing',
      kind: 'industry',
      organisationId: organisation.id,
      countyCode: victimCounty,
      startOn: '2024-01-01',
      responsible: [{ name: '契约联系人', side: 'donor' }],
    },
    'province',
  )) as Created;
  const held = (await call(path('packages.create'), leaderPackage(victimCounty, organisation.id), 'province')) as Created;
  const read = async <T>(rows: Promise<T[]>, what: string) => {
    const [row] = await rows;
    if (!row) throw new Error(`update probe: the ${what} is gone`);
    return row as unknown as Record<string, unknown>;
  };
  return {
    'relationships.update': {
      input: { relationshipId: relationship.id },
      fields: {
        organisationId: { send: { organisationId: other.id } },
        startOn: { send: { startOn: '2024-02-01' } },
        endOn: { send: { endOn: '2027-12-31' } },
        responsible: { send: { responsible: [{ name: '契约联系人乙', title: '组长', side: 'recipient' }] } },
        note: { send: { note: '契约探针：已改' } },
      },
      read: () => read(db.select().from(relationships).where(eq(relationships.id, relationship.id)), 'relationship'),
      history: auditHistory(db, 'relationship.update', relationship.id),
      volatile: ['updatedAt'],
      caller: 'province',
    },
    'organisations.update': {
      input: { organisationId: organisation.id },
      fields: {
        name: { send: { name: '契约探针帮扶单位（更名）' } },
        note: { send: { note: '契约探针：已改' } },
      },
      read: () => read(db.select().from(organisations).where(eq(organisations.id, organisation.id)), 'organisation'),
      history: auditHistory(db, 'organisation.update', organisation.id),
      caller: 'province',
    },
    'packages.update': {
      input: { packageId: held.id },
      fields: {
        leaderName: { send: { leaderName: '省领导（合成，更换）' } },
        leaderTitle: { send: { leaderTitle: '副省长' } },
        members: {
          send: {
            members: [
              { role: 'leader', organisationId: null, name: '省领导（合成，更换）' },
              { role: 'province-department', organisationId: other.id, name: '' },
              { role: 'state-enterprise', organisationId: organisation.id, name: '' },
              { role: 'university', organisationId: organisation.id, name: '' },
              { role: 'financial-institution', organisationId: organisation.id, name: '' },
            ],
          },
        },
        endOn: { send: { endOn: '2027-12-31' } },
        note: { send: { note: '契约探针：已改' } },
      },
      read: () => read(db.select().from(leaderPackages).where(eq(leaderPackages.id, held.id)), 'package'),
      history: auditHistory(db, 'package.update', held.id),
      volatile: ['updatedAt'],
      caller: 'province',
    },
  };
};
