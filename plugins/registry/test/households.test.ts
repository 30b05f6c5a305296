import { createTestApp, type TestApp } from '@zhenxing/testing';
import { syntheticIdNumber } from '@zhenxing/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessScope } from '@zhenxing/core';
import { listHouseholds } from '../src/server/households.ts';
import { getHouseholdProfile, listHouseholdsForVisitDuty, registryPlugin } from '../src/server/plugin.ts';
import { leakProbes, sampleHousehold } from '../src/testing.ts';

describe('households: create, list, search, detail, scope and masking', () => {
  let app: TestApp<[typeof registryPlugin]>;
  let householdId: number;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [registryPlugin], enable: { '130609': ['registry'], '130602': ['registry'] } });
    const detail = await app.as('xushui').registry.households.create(sampleHousehold('130609100002', 1));
    householdId = detail.household.id;
  });
  afterAll(() => app?.close());

  it('creates a household with members and income, recorded in its history', async () => {
    const detail = await app.as('xushui').registry.households.get({ id: householdId });
    expect(detail.household).toMatchObject({ countyCode: '130609', status: 'left-poverty', yearLeftPoverty: 2019 });
    expect(detail.members).toHaveLength(2);
    expect(detail.members[0]).toMatchObject({ name: '王建国', relation: 'head', sex: 'male', birthDate: '1968-03-05', healthHidden: false });
    // (24000 + 3000 + 0 + 1200 − 1000) yuan ÷ 2 = 13600 yuan
    expect(detail.incomes[0]).toMatchObject({ year: 2025, perCapitaFen: 1_360_000 });
    expect(detail.history[0]).toMatchObject({ action: 'create', username: 'xushui' });
  });

  it('refuses an invalid ID number, a second head and an ID already in the county', async () => {
    const bad = sampleHousehold('130609100002', 2);
    (bad.members[0] as { idNumber: string }).idNumber = '130609196803050010';
    await expect(app.as('xushui').registry.households.create(bad)).rejects.toThrow(/check digit/);
    const twoHeads = sampleHousehold('130609100002', 3);
    (twoHeads.members[1] as { relation: string }).relation = 'head';
    await expect(app.as('xushui').registry.households.create(twoHeads)).rejects.toThrow(/exactly one head/);
    await expect(app.as('xushui').registry.households.create(sampleHousehold('130609100003', 1))).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { field: 'idNumber' },
    });
    // The same person added twice to one household is named as such, on the ID field.
    const [hit] = await app.as('xushui').registry.households.search({ query: sampleHousehold('130609100002', 1).members[0]!.idNumber });
    const existing = await app.as('xushui').registry.households.get({ id: hit!.householdId });
    const spouse = existing.members.find((member) => member.relation === 'spouse')!;
    const again = {
      name: '再次登记',
      idNumber: sampleHousehold('130609100002', 1).members.find((member) => member.relation === 'spouse')!.idNumber,
      relation: 'child' as const,
    };
    await expect(app.as('xushui').registry.members.add({ householdId: hit!.householdId, member: again })).rejects.toMatchObject({
      code: 'CONFLICT',
      reason: 'id-number-taken',
      message: expect.stringContaining('already belongs to a member of this household'),
      details: { field: 'idNumber', householdId: hit!.householdId },
    });
    expect(spouse).toBeDefined();
  });

  it('lists with server-side paging, sorting and filters, and searches by name, ID and village', async () => {
    for (let sequence = 10; sequence < 15; sequence += 1) {
      await app
        .as('xushui')
        .registry.households.create(sampleHousehold(sequence % 2 ? '130609101201' : '130609100003', sequence, sequence % 2 ? 'ordinary' : 'monitored'));
    }
    const page = await app.as('xushui').registry.households.list({ pageSize: 2, page: 2, sort: 'id', order: 'desc' });
    expect(page.total).toBe(6);
    expect(page.items).toHaveLength(2);
    expect(page.items[0]!.id).toBeGreaterThan(page.items[1]!.id);
    expect(page.items.every((item) => item.memberCount === 2 && item.headName === '王建国')).toBe(true);
    const bySize = await app.as('xushui').registry.households.list({ sort: 'memberCount', order: 'desc', pageSize: 1 });
    expect(bySize.items[0]!.memberCount).toBe(2);
    expect((await app.as('xushui').registry.households.list({ status: 'ordinary' })).total).toBe(2);
    expect((await app.as('xushui').registry.households.list({ search: '130609101201' })).total).toBe(2);
    expect((await app.as('xushui').registry.households.list({ search: '南邵庄' })).total).toBe(2);
    expect((await app.as('xushui').registry.households.list({ search: '王建' })).total).toBe(6);
    // The export takes the same search as the list: two households (four people) in that village.
    const exported = await app.as('xushui').registry.households.export({ search: '130609101201', format: 'csv' });
    expect(exported).toMatchObject({ households: 2, rows: 4 });
    const id = syntheticIdNumber({ regionCode: '130609', birthDate: '1968-03-05', sequence: 3 });
    const hits = await app.as('xushui').registry.households.search({ query: id });
    expect(hits).toEqual([expect.objectContaining({ householdId, idNumber: id })]);
    const juwei = (await app.as('juwei').registry.households.list({})).items;
    expect(juwei.length).toBeGreaterThan(0);
    expect(juwei.every((item) => item.villageCode === '130609100002')).toBe(true);
  });

  it('lists search results the same whether matches are few (candidate ids) or many (walk in id order)', async () => {
    const reader = { access: new AccessScope('registry', registryPlugin.title, '130609', '130609', ['130609'], []), pii: true, today: '2026-01-01' };
    const headId = syntheticIdNumber({ regionCode: '130609', birthDate: '1968-03-05', sequence: 3 });
    for (const search of ['王建', '王', '130609', headId.slice(0, 12), headId, '南邵庄', '后街', '130609101201']) {
      for (const [order, status] of [
        ['asc', undefined],
        ['desc', undefined],
        ['asc', 'monitored'],
      ] as const) {
        for (const page of [1, 2]) {
          const input = { page, pageSize: 2, sort: 'id' as const, order, search, ...(status ? { status } : {}) };
          const few = await listHouseholds(app.db, reader, input);
          const many = await listHouseholds(app.db, reader, input, { countCap: 2, candidateRows: 3 });
          expect(
            many.items.map((item) => item.id),
            `${search} ${order} ${status} ${page}`,
          ).toEqual(few.items.map((item) => item.id));
          expect(few.totalCapped).toBe(false);
          expect(many.total).toBe(Math.min(few.total, 2));
          if (few.total > 2) expect(many.totalCapped).toBe(true);
        }
      }
    }
  });

  it('masks ID numbers and hides health data without registry.pii.view', async () => {
    for (const username of ['inspector', 'province', 'baoding']) {
      const detail = await app.as(username).registry.households.get({ id: householdId, regionCode: '130609' });
      expect(detail.members[0]!.idNumber).toMatch(/^130609\*{8}\d{3}[\dX]$/);
      expect(detail.members[1]).toMatchObject({ seriousIllness: null, healthNote: null, disabilityGrade: null, healthHidden: true });
      expect(JSON.stringify(detail)).not.toContain(syntheticIdNumber({ regionCode: '130609', birthDate: '1968-03-05', sequence: 3 }));
      expect(JSON.stringify(detail)).not.toContain('major-chronic-disease');
    }
    const search = await app.as('inspector').registry.households.search({ query: '王建国', regionCode: '130609' });
    expect(search.length).toBeGreaterThan(0);
    expect(search.every((hit) => hit.idNumber.includes('********'))).toBe(true);
    const township = await app.as('ansu').registry.households.get({ id: householdId });
    expect(township.members[1]).toMatchObject({ seriousIllness: 'major-chronic-disease', healthHidden: false });
  });

  it('gives the age, not the birth date, without registry.pii.view: joined with the masked ID number it would complete it', async () => {
    // The test clock stands at 2026-03-02 (Asia/Shanghai); the head was born on 1968-03-05.
    const masked = await app.as('inspector').registry.households.get({ id: householdId, regionCode: '130609' });
    expect(masked.members[0]).toMatchObject({ birthDate: null, age: 57 });
    expect(JSON.stringify(masked)).not.toMatch(/1968-?03-?05/);
    const cadre = await app.as('juwei').registry.households.get({ id: householdId });
    expect(cadre.members[0]).toMatchObject({ birthDate: '1968-03-05', age: 57 });
  });

  it('does not let a partial ID number search reach into the birth digits without registry.pii.view', async () => {
    const head = syntheticIdNumber({ regionCode: '130609', birthDate: '1968-03-05', sequence: 3 });
    const wrongBirth = `${head.slice(0, 6)}19990101`;
    // With the permission, a prefix with wrong birth digits finds nobody …
    expect(await app.as('xushui').registry.households.search({ query: wrongBirth, regionCode: '130609' })).toEqual([]);
    // … without it, the birth digits are ignored, so the answer says nothing about them.
    const byRegion = await app.as('inspector').registry.households.search({ query: head.slice(0, 6), regionCode: '130609' });
    expect(byRegion.length).toBeGreaterThan(0);
    expect(await app.as('inspector').registry.households.search({ query: wrongBirth, regionCode: '130609' })).toEqual(byRegion);
    expect((await app.as('inspector').registry.households.list({ regionCode: '130609', search: wrongBirth })).total).toBe(
      (await app.as('inspector').registry.households.list({ regionCode: '130609', search: head.slice(0, 6) })).total,
    );
  });

  it('answers a whole ID number the same for every birth date without registry.pii.view, so it confirms no guess', async () => {
    const head = syntheticIdNumber({ regionCode: '130609', birthDate: '1968-03-05', sequence: 3 });
    // What an attacker knowing the region and the last 4 (the masked number) would try next.
    const guess = `${head.slice(0, 6)}19900714${head.slice(14)}`;
    // With the permission a whole number matches exactly: the wrong birth date finds nobody.
    expect(await app.as('xushui').registry.households.search({ query: guess, regionCode: '130609' })).toEqual([]);
    // Without it the right number and the guess get one answer: the person, masked, found by region and last 4.
    const right = await app.as('inspector').registry.households.search({ query: head, regionCode: '130609' });
    expect(right.map((hit) => hit.idNumber)).toContain(`${head.slice(0, 6)}********${head.slice(14)}`);
    expect(await app.as('inspector').registry.households.search({ query: guess, regionCode: '130609' })).toEqual(right);
    const listed = await app.as('inspector').registry.households.list({ regionCode: '130609', search: head });
    expect(listed.total).toBeGreaterThan(0);
    expect(await app.as('inspector').registry.households.list({ regionCode: '130609', search: guess })).toEqual(listed);
  });

  it('keeps other counties out: no reading, editing or moving Xushui households', async () => {
    await expect(app.as('jingxiu').registry.households.get({ id: householdId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(app.as('jingxiu').registry.households.list({ regionCode: '130609' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await app.as('jingxiu').registry.households.list({})).total).toBe(0);
    await expect(app.as('jingxiu').registry.households.update({ id: householdId, address: '改' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(app.as('jingxiu').registry.households.move({ id: householdId, villageCode: '130602001002' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(app.as('juwei').registry.households.move({ id: householdId, villageCode: '130609101201' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(app.as('inspector').registry.households.update({ id: householdId, address: '改' })).rejects.toThrow(/registry.household.write/);
  });

  it('edits and moves a household, with the change history', async () => {
    await app.as('xushui').registry.households.update({ id: householdId, address: '后街8号', status: 'monitored' });
    const moved = await app.as('xushui').registry.households.move({ id: householdId, villageCode: '130609100003' });
    expect(moved.household.villageCode).toBe('130609100003');
    expect(moved.members).toHaveLength(2);
    expect(moved.members.every((member) => member.villageCode === '130609100003')).toBe(true);
    expect(moved.history.map((entry) => entry.action)).toEqual(['move', 'update', 'create']);
    expect(moved.history[1]!.changes).toMatchObject({ address: ['前街1号', '后街8号'], status: ['left-poverty', 'monitored'] });
  });

  it('lists the same ID number in two counties as a duplicate, without losing either, to a caller whose scope covers both', async () => {
    const xushuiId = syntheticIdNumber({ regionCode: '130609', birthDate: '1968-03-05', sequence: 3 });
    const elsewhere = sampleHousehold('130602001002', 40, 'ordinary');
    (elsewhere.members[1] as { idNumber: string }).idNumber = xushuiId;
    await app.as('jingxiu').registry.households.create(elsewhere);
    const duplicates = await app.as('baoding').registry.households.duplicates({});
    expect(duplicates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ countyCode: '130609', otherCounties: ['130602'] }),
        expect.objectContaining({ countyCode: '130602', otherCounties: ['130609'] }),
      ]),
    );
    expect(await app.as('province').registry.households.duplicates({})).toHaveLength(2);
    expect(duplicates).toHaveLength(2);
    // Each county alone cannot see the other: nothing to report (see scope-oracles.test.ts).
    expect(await app.as('xushui').registry.households.duplicates({})).toHaveLength(0);
  });

  it('serves other plugins a profile and the §3 visit duty list', async () => {
    const profile = await getHouseholdProfile(app.db, householdId, '2026-03-02');
    expect(profile?.rulesMembers).toEqual([
      expect.objectContaining({ povertyExited: true, seriousIllness: 'none', disabilityGrade: null }),
      expect.objectContaining({ povertyExited: true, seriousIllness: 'major-chronic-disease' }),
    ]);
    expect(profile?.perCapita?.perCapitaFen).toBe(1_360_000);
    const duty = await listHouseholdsForVisitDuty(app.db, ['130609'], '2026-03');
    expect(duty.map((item) => item.status).every((status) => status !== 'ordinary')).toBe(true);
    expect(duty.some((item) => item.householdId === householdId)).toBe(true);
  });

  // Last but one: the household it adds would change the counts the specs above check.
  it('normalises an ID number typed full-width, with spaces or a lower-case x, as the import does; refuses scientific notation as precision lost', async () => {
    const typed = sampleHousehold('130602001002', 433);
    const head = typed.members[0] as { idNumber: string };
    const clean = head.idNumber;
    const fullWidth = (text: string) => text.replace(/[0-9X]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));
    head.idNumber = ` ${fullWidth(clean.slice(0, 6))} ${clean.slice(6, 14)}\u3000${clean.slice(14).toLowerCase()} `;
    const created = await app.as('jingxiu').registry.households.create(typed);
    expect(created.members.find((member) => member.relation === 'head')?.idNumber).toBe(clean);
    // The same number found by search, typed full-width.
    expect((await app.as('jingxiu').registry.households.search({ query: fullWidth(clean) })).map((hit) => hit.householdId)).toContain(created.household.id);

    const lost = sampleHousehold('130602001002', 434);
    (lost.members[0] as { idNumber: string }).idNumber = '1.30609E+17';
    await expect(app.as('jingxiu').registry.households.create(lost)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      details: { field: 'idNumber', reasons: ['precision-lost'] },
    });
  });

  it('has a leak probe for every procedure', async () => {
    const probes = await leakProbes({
      db: app.db,
      victimCounty: '130609',
      victimVillage: '130609100002',
      call: async (path, input) => {
        const [, group, name] = path.split('.') as [string, string, string];
        const caller = app.as('xushui').registry as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
        return caller[group]![name]!(input);
      },
      upload: (target, fileName, content) => app.upload('xushui', target, fileName, content),
      settle: () => app.settle(),
    });
    const procedures = Object.keys(app.host.router._def.procedures)
      .filter((path) => path.startsWith('registry.'))
      .map((path) => path.slice('registry.'.length));
    expect(Object.keys(probes).sort()).toEqual(procedures.sort());
    for (const [path, input] of Object.entries(probes)) {
      const [group, name] = path.split('.') as [string, string];
      const caller = app.as('jingxiu').registry as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
      await expect(caller[group]![name]!(input), path).rejects.toThrow();
    }
  });
});
