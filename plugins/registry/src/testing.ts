/**
 * Test support: leak probes (one input per procedure aimed at Xushui's data) and a synthetic
 * household input for specs. See @zhenxing/core's LeakProbes.
 */
import type { LeakProbes, UpdateProbes } from '@zhenxing/core';
import { syntheticIdNumber } from '@zhenxing/rules';
import { and, asc, eq } from 'drizzle-orm';
import type { CreateHouseholdInput } from './index.ts';
import { IMPORT_COLUMNS } from './server/import-template.ts';
import { householdHistory, households, members } from './server/schema.ts';

/** A small valid household in `villageCode` (synthetic people; `sequence` keeps ID numbers apart). */
export function sampleHousehold(villageCode: string, sequence = 1, status: CreateHouseholdInput['status'] = 'left-poverty'): CreateHouseholdInput {
  const county = villageCode.slice(0, 6);
  return {
    villageCode,
    address: `前街${sequence}号`,
    status,
    yearLeftPoverty: status === 'left-poverty' ? 2019 : null,
    labourCapacity: 'has-labour',
    members: [
      { name: '王建国', idNumber: syntheticIdNumber({ regionCode: county, birthDate: '1968-03-05', sequence: (sequence * 2 + 1) % 1000 }), relation: 'head' },
      {
        name: '李秀英',
        idNumber: syntheticIdNumber({ regionCode: county, birthDate: '1970-07-21', sequence: (sequence * 2) % 1000 }),
        relation: 'spouse',
        seriousIllness: 'major-chronic-disease',
        healthNote: '合成数据',
      },
    ],
    income: { year: 2025, wagesFen: 2_400_000, businessFen: 300_000, propertyFen: 0, transfersFen: 120_000, productionCostsFen: 100_000 },
  };
}

/**
 * A valid import file (CSV, UTF-8 with BOM) of `households` two-person households in the first
 * village of Xushui's fixture (synthetic people): `households × 2` data rows.
 */
export function sampleImportCsv(households: number, villageCode = '130609100002'): Buffer {
  const county = villageCode.slice(0, 6);
  const lines = [IMPORT_COLUMNS.map((column) => column.header).join(',')];
  const row = (values: Partial<Record<(typeof IMPORT_COLUMNS)[number]['key'], string>>) => IMPORT_COLUMNS.map((column) => values[column.key] ?? '').join(',');
  for (let index = 0; index < households; index += 1) {
    // ID sequences stop at 999: a new birth year every 400 households keeps them apart.
    const year = 1950 + Math.floor(index / 400);
    const head = syntheticIdNumber({ regionCode: county, birthDate: `${year}-01-01`, sequence: 100 + (index % 400) * 2 });
    const spouse = syntheticIdNumber({ regionCode: county, birthDate: `${year}-02-02`, sequence: 101 + (index % 400) * 2 });
    lines.push(
      row({
        householdKey: head,
        villageCode,
        address: `东街${index}号`,
        status: '一般农户',
        labourCapacity: '有劳动力',
        name: `甲${index}`,
        idNumber: head,
        relation: '户主',
      }),
    );
    lines.push(row({ householdKey: head, name: `乙${index}`, idNumber: spouse, relation: '配偶' }));
  }
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

export const leakProbes: LeakProbes = async ({ victimCounty, victimVillage, call, upload: uploadFile }) => {
  const created = (await call('registry.households.create', sampleHousehold(victimVillage, 901))) as { household: { id: number }; members: { id: number }[] };
  const id = created.household.id;
  const memberId = (created.members[0] as { id: number }).id;
  const regionCode = victimCounty;
  // The victim's own uploads, valid files that work for their owner: an outsider holding their ids must still be refused.
  const upload = { regionCode, uploadId: await uploadFile({ plugin: 'registry', purpose: 'import' }, 'probe.csv', sampleImportCsv(1, victimVillage)) };
  const disabled = (sampleHousehold(victimVillage, 901).members[0] as { idNumber: string }).idNumber;
  const disabilityFile = Buffer.from(`\ufeff身份证号,姓名,残疾等级\r\n${disabled},探针,一级\r\n`, 'utf8');
  // Previewed once by its owner, so the import's progress exists to be asked about.
  await call('registry.import.preview', upload);
  const comparisonUpload = { regionCode, uploadId: await uploadFile({ plugin: 'registry', purpose: 'comparison' }, 'probe.csv', disabilityFile) };
  return {
    'households.list': { regionCode },
    'households.search': { regionCode, query: '王' },
    'households.get': { id },
    'households.duplicates': { regionCode },
    'households.create': { ...sampleHousehold(victimVillage, 902), regionCode },
    'households.update': { id, address: '探针' },
    'households.move': { id, villageCode: victimVillage },
    'households.export': { regionCode },
    'members.add': {
      householdId: id,
      member: { name: '探针', idNumber: syntheticIdNumber({ regionCode: victimCounty, birthDate: '2001-01-01', sequence: 903 }), relation: 'child' },
    },
    'members.update': { id: memberId, patch: { name: '探针' } },
    'incomes.record': { householdId: id, income: { year: 2024, wagesFen: 1, businessFen: 0, propertyFen: 0, transfersFen: 0, productionCostsFen: 0 } },
    'import.template': { regionCode },
    'import.preview': upload,
    'import.commit': upload,
    'import.problemRows': upload,
    'import.progress': upload,
    'comparison.template': { regionCode, source: 'disability' },
    'comparison.run': { ...comparisonUpload, source: 'disability' },
  };
};

/**
 * The update contract's probes (see @zhenxing/core's UpdateProbe): a household and its spouse,
 * edited one field at a time; the history is the household's own change history.
 */
export const updateProbes: UpdateProbes = async ({ db, victimCounty, victimVillage, call }) => {
  const created = (await call('registry.households.create', sampleHousehold(victimVillage, 905))) as {
    household: { id: number };
    members: { id: number; relation: string }[];
  };
  const householdId = created.household.id;
  const spouseId = (created.members.find((member) => member.relation === 'spouse') as { id: number }).id;
  const entries = async (action: string, prefix: string) => {
    const rows = await db
      .select()
      .from(householdHistory)
      .where(and(eq(householdHistory.householdId, householdId), eq(householdHistory.action, action)))
      .orderBy(asc(householdHistory.id));
    return rows
      .map((row) => ({
        id: row.id,
        fields: Object.keys(row.changes)
          .filter((key) => key.startsWith(prefix))
          .map((key) => key.slice(prefix.length)),
      }))
      .filter((entry) => entry.fields.length > 0);
  };
  const row = async <T extends object>(query: Promise<T[]>) => {
    const [found] = await query;
    if (!found) throw new Error('update probe: the entity is gone');
    return found as Record<string, unknown>;
  };
  return {
    'households.update': {
      input: { id: householdId },
      fields: {
        address: { send: { address: '前街905号东院' } },
        labourCapacity: { send: { labourCapacity: 'weak-labour' } },
        yearLeftPoverty: { send: { yearLeftPoverty: 2020 } },
        status: { send: { status: 'monitored' } },
      },
      read: () => row(db.select().from(households).where(eq(households.id, householdId))),
      history: () => entries('update', ''),
      volatile: ['updatedAt'],
    },
    'members.update': {
      input: { id: spouseId, patch: {} },
      fields: {
        'patch.name': { send: { patch: { name: '李秀兰' } } },
        // Same birth date and sex (even sequence digit): only the number itself changes.
        'patch.idNumber': { send: { patch: { idNumber: syntheticIdNumber({ regionCode: victimCounty, birthDate: '1970-07-21', sequence: 998 }) } } },
        'patch.relation': { send: { patch: { relation: 'other' } } },
        // Derived from the ID number: sending the stored value is accepted and changes nothing.
        'patch.birthDate': { send: { patch: { birthDate: '1970-07-21' } }, changes: [] },
        'patch.sex': { send: { patch: { sex: 'female' } }, changes: [] },
        'patch.disabilityGrade': { send: { patch: { disabilityGrade: 4 } } },
        'patch.seriousIllness': { send: { patch: { seriousIllness: 'major-disease' } } },
        'patch.healthNote': { send: { patch: { healthNote: '合成数据：复查' } } },
        'patch.schooling': { send: { patch: { schooling: 'finished' } } },
        'patch.employment': { send: { patch: { employment: 'farming' } } },
      },
      read: () => row(db.select().from(members).where(eq(members.id, spouseId))),
      history: () => entries('member.update', `member:${spouseId}.`),
    },
  };
};
