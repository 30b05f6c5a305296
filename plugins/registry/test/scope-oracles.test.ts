import { createTestApp, type TestApp } from '@zhenxing/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryPlugin } from '../src/server/plugin.ts';
import { sampleHousehold, sampleImportCsv } from '../src/testing.ts';

/**
 * A caller learns nothing about rows outside their scope — not even a count. Xushui (130609) and
 * Jingxiu (130602) are counties of Baoding (1306); Shijiazhuang (1301) is another city.
 */
describe('no oracle outside the caller’s scope', () => {
  let app: TestApp<[typeof registryPlugin]>;
  /** A Jingxiu household whose spouse carries an ID number also registered in Xushui. */
  let sharedIdNumber: string;

  beforeAll(async () => {
    app = await createTestApp({ plugins: [registryPlugin], enable: { '130609': ['registry'], '130602': ['registry'] } });
    // Xushui registers the households of its first import file (village 130609100002) itself.
    const [first] = sampleImportCsvPeople();
    sharedIdNumber = first!;
    const elsewhere = sampleHousehold('130602001002', 40, 'ordinary');
    (elsewhere.members[1] as { idNumber: string }).idNumber = sharedIdNumber;
    await app.as('jingxiu').registry.households.create(elsewhere);
  });
  afterAll(() => app?.close());

  /** ID numbers in `sampleImportCsv(1)`. */
  function sampleImportCsvPeople(): string[] {
    const lines = sampleImportCsv(1)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .slice(1)
      .filter(Boolean);
    return lines.map((line) => line.split(',').find((cell) => /^\d{17}[\dX]$/.test(cell))!).filter(Boolean);
  }

  const preview = async (username: string) => {
    const uploadId = await app.upload(username, { plugin: 'registry', purpose: 'import' }, '农户.csv', sampleImportCsv(1));
    return app.as(username).registry.import.preview({ uploadId });
  };

  it('a county’s import preview does not count people registered in another county', async () => {
    expect((await preview('xushui')).crossCountyDuplicates).toBe(0);
  });

  it('the duplicates list names other counties only inside the caller’s scope', async () => {
    // Register the Xushui side, then ask every level.
    await app
      .as('xushui')
      .registry.import.commit({ uploadId: await app.upload('xushui', { plugin: 'registry', purpose: 'import' }, '农户.csv', sampleImportCsv(1)) });
    expect(await app.as('xushui').registry.households.duplicates({})).toEqual([]);
    expect(await app.as('jingxiu').registry.households.duplicates({})).toEqual([]);
    const forCity = await app.as('baoding').registry.households.duplicates({});
    expect(forCity.map((row) => [row.countyCode, row.otherCounties])).toEqual(
      expect.arrayContaining([
        ['130609', ['130602']],
        ['130602', ['130609']],
      ]),
    );
    expect(await app.as('province').registry.households.duplicates({})).toHaveLength(2);
  });

  it('an ID conflict names the holding household only to a caller who may open it', async () => {
    // A household in Xushui's village 130609100003, outside village cadre juwei's 130609100002.
    const held = await app.as('xushui').registry.households.create(sampleHousehold('130609100003', 70));
    const clash = sampleHousehold('130609100002', 71);
    (clash.members[1] as { idNumber: string }).idNumber = held.members[1]!.idNumber;

    const forCadre = await app
      .as('juwei')
      .registry.households.create(clash)
      .catch((error: unknown) => error);
    expect(forCadre).toMatchObject({ code: 'CONFLICT', reason: 'id-number-taken', details: { field: 'idNumber' } });
    expect((forCadre as { details: Record<string, unknown> }).details).not.toHaveProperty('householdId');
    const text = JSON.stringify({ message: (forCadre as Error).message, localized: (forCadre as { localized: unknown }).localized });
    expect(text).not.toContain(`household ${held.household.id}`);
    expect(text).not.toContain(`编号 ${held.household.id}`);
    expect(text).toContain('outside your area');

    await expect(app.as('xushui').registry.households.create(clash)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { field: 'idNumber', householdId: held.household.id },
      message: expect.stringContaining(`household ${held.household.id}`),
    });
  });

  it('audit.verify counts only the entries the caller could search', async () => {
    for (const username of ['xushui', 'jingxiu', 'baoding', 'province']) {
      const verified = await app.as(username).audit.verify();
      const searchable = await app.as(username).audit.search({ pageSize: 1 });
      expect(verified.intact).toBe(true);
      expect(verified.entries).toBe(searchable.total);
    }
    const [xushui, jingxiu, baoding] = await Promise.all(['xushui', 'jingxiu', 'baoding'].map((username) => app.as(username).audit.verify()));
    expect(xushui!.entries).toBeGreaterThan(0);
    expect(baoding!.entries).toBe(xushui!.entries + jingxiu!.entries);
  });
});
