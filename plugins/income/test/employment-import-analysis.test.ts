import { auditLog } from '@zhenxing/db';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { growthFigures, ledgerEntries } from '../src/server/schema.ts';
import { household, OTHER_COUNTY_VILLAGE, QUIET_VILLAGE, refusedFields, startApp, type App } from './helpers.ts';

async function sheet(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const worksheet = book.addWorksheet('农村居民收入');
  worksheet.addRow(['2026年农村居民人均可支配收入增速（统计局）']);
  for (const row of rows) worksheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const HEADER = ['县代码', '县名', '农村居民人均可支配收入增速(%)', '脱贫县'];

describe('§2 稳岗就业 against last year and the target', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.close());

  it('a county records, the province sets the target, the comparison says this year against last year and the target', async () => {
    const empty = await app.as('province').income.stableEmployment.compare({ year: 2026 });
    expect(empty.total).toMatchObject({ current: null, lastYear: null, changeBasisPoints: null, targetBasisPoints: null });
    await app.as('xushui').income.stableEmployment.record({ year: 2025, local: 1000, outsideCounty: 300, outsideProvince: 200, publicWelfareJobs: 100 });
    await app.as('xushui').income.stableEmployment.record({ year: 2026, local: 1100, outsideCounty: 300, outsideProvince: 260, publicWelfareJobs: 100 });
    await app.as('province').income.stableEmployment.setTarget({ year: 2026, countyCode: '130609', targetEmployed: 1800 });
    const { counties, total, notEnabled } = await app.as('province').income.stableEmployment.compare({ year: 2026 });
    const xushui = counties.find((row) => row.regionCode === '130609');
    expect(xushui).toMatchObject({
      regionName: '徐水区',
      current: { local: 1100, outsideCounty: 300, outsideProvince: 260, publicWelfareJobs: 100, employed: 1760 },
      lastYear: { employed: 1600 },
      targetEmployed: 1800,
      changeBasisPoints: 1000,
      targetBasisPoints: 9777,
    });
    // Jingxiu recorded nothing: null, not 0; the total counts only counties with both years.
    expect(counties.find((row) => row.regionCode === '130602')).toMatchObject({ current: null, lastYear: null, changeBasisPoints: null });
    expect(total).toMatchObject({ current: { employed: 1760 }, lastYear: { employed: 1600 }, changeBasisPoints: 1000 });
    expect(notEnabled.map((row) => row.regionName)).toContain('长安区');
    const indicator = (await app.as('province').indicators.values({ regionCode: '1306' })).find((value) => value.key.endsWith('employment-against-last-year'));
    expect(indicator?.value).toBe(10);
    const none = (await app.as('jingxiu').indicators.values({})).find((value) => value.key.endsWith('employment-against-last-year'));
    expect(none?.value).toBeNull();
    const audited = await app.db.select().from(auditLog).where(eq(auditLog.action, 'employment.target'));
    expect(audited).toHaveLength(1);
  });

  it('refuses negative or absurd counts, a county recording for another, a county setting a target, an unknown county', async () => {
    expect(
      await refusedFields(
        app.as('xushui').income.stableEmployment.record({ year: 2026, local: -1, outsideCounty: 0, outsideProvince: 0, publicWelfareJobs: 0 }),
      ),
    ).toEqual(['local']);
    expect(
      await refusedFields(
        app.as('xushui').income.stableEmployment.record({ year: 2026, local: 1.5, outsideCounty: 20_000_000, outsideProvince: 0, publicWelfareJobs: 0 }),
      ),
    ).toEqual(['local', 'outsideCounty']);
    await expect(
      app
        .as('jingxiu')
        .income.stableEmployment.record({ regionCode: '130609', year: 2026, local: 1, outsideCounty: 0, outsideProvince: 0, publicWelfareJobs: 0 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(app.as('xushui').income.stableEmployment.setTarget({ year: 2026, countyCode: '130609', targetEmployed: 1 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await refusedFields(app.as('province').income.stableEmployment.setTarget({ year: 2026, countyCode: '139999', targetEmployed: 1 }))).toEqual([
      'countyCode',
    ]);
  });
});

describe('§2 挂牌督办: the statistics sheet imported through the core upload store', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.close());

  const upload = async (content: Buffer, name = '统计表.xlsx') => app.upload('province', { plugin: 'income', purpose: 'figures' }, name, content);

  it('previews every row, then commits all of them (audited), with national and provincial growth', async () => {
    const file = await sheet([HEADER, ['全国', '', '6.3', ''], ['全省', '', '6.5%', ''], ['130609', '徐水区', 6.25, '否'], ['130602', '竞秀区', '−1.5', '是']]);
    const uploadId = await upload(file);
    const preview = await app.as('province').income.supervision.importFigures({ year: 2026, uploadId });
    expect(preview).toMatchObject({ nationalBasisPoints: 630, provincialBasisPoints: 650, problems: [], committed: false });
    expect(preview.counties).toEqual([
      { row: 5, countyCode: '130609', countyName: '徐水区', localFarmersBasisPoints: 625, povertyCounty: false },
      { row: 6, countyCode: '130602', countyName: '竞秀区', localFarmersBasisPoints: -150, povertyCounty: true },
    ]);
    expect(await app.db.select().from(growthFigures)).toHaveLength(0);
    const committed = await app.as('province').income.supervision.importFigures({ year: 2026, uploadId, commit: true });
    expect(committed.committed).toBe(true);
    const saved = await app.db.select().from(growthFigures);
    expect(
      saved.map((row) => [row.countyCode, row.localFarmersBasisPoints, row.nationalBasisPoints, row.provincialBasisPoints, row.povertyCounty]).sort(),
    ).toEqual([
      ['130602', -150, 630, 650, true],
      ['130609', 625, 630, 650, false],
    ]);
    expect(await app.db.select().from(auditLog).where(eq(auditLog.action, 'growth.import'))).toHaveLength(1);
    // The upload is used up.
    await expect(app.as('province').income.supervision.importFigures({ year: 2026, uploadId, commit: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('names each bad row (unknown county, growth outside −100 %…+1000 %, not a number, twice, missing national) and saves nothing', async () => {
    const csv = Buffer.from(
      [
        '县代码,县名,增速(%),脱贫县',
        '全省,,6.5,',
        '130609,徐水区,6.4,否',
        '139999,无此县,6.0,否',
        '130602,竞秀区,1000.01,否',
        '130602,竞秀区,abc,否',
        '130601,,-100.5,是',
      ].join('\r\n'),
    );
    const uploadId = await upload(csv, '统计表.csv');
    const preview = await app.as('province').income.supervision.importFigures({ year: 2025, uploadId });
    expect(preview.problems.map((problem) => [problem.row, problem.column])).toEqual([
      [1, '县代码'],
      [4, '县代码'],
      [5, '增速'],
      [6, '增速'],
      [6, '县代码'],
      [7, '增速'],
      [7, '县代码'],
    ]);
    expect(preview.problems[0]?.message).toMatch(/全国/);
    expect(preview.problems[1]?.message).toMatch(/未知的县代码 139999/);
    expect(preview.problems[2]?.message).toMatch(/−100%…\+1000%/);
    expect(preview.problems[3]?.message).toMatch(/不是数字/);
    const fields = await refusedFields(app.as('province').income.supervision.importFigures({ year: 2025, uploadId, commit: true }));
    expect(fields).toContain('row 4 县代码');
    expect(await app.db.select().from(growthFigures).where(eq(growthFigures.year, 2025))).toHaveLength(0);
  });

  it('only the province uploads and imports; another user cannot use the upload', async () => {
    const file = await sheet([HEADER, ['全国', '', 6, ''], ['全省', '', 6, ''], ['130609', '', 6, '否']]);
    await expect(app.upload('xushui', { plugin: 'income', purpose: 'figures' }, 'a.xlsx', file)).rejects.toThrow(/supervision.manage/);
    const uploadId = await upload(file);
    await expect(app.as('inspector').income.supervision.importFigures({ year: 2026, uploadId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('§2 region charts and the set-based ledger re-run', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
    // Xushui 100002: fell and low (2,000,000 → 800,000 wages, two members); 100003: grew, well above the line.
    await household(app);
    await household(app, { village: QUIET_VILLAGE, wages2025: 6_000_000, wages2026: 6_600_000 });
    await household(app, { village: OTHER_COUNTY_VILLAGE, wages2025: 1_800_000, wages2026: 1_700_000 });
    await app.as('xushui').income.ledger.rerun({ year: 2026 });
  });
  afterAll(() => app?.close());

  it('per sub-region: income against the line, growth, ledger and plan coverage; 未启用 apart and no data as null', async () => {
    const city = await app.as('province').income.analysis({ regionCode: '1306', year: 2026 });
    const xushui = city.children.find((row) => row.regionCode === '130609');
    expect(xushui).toMatchObject({ enabled: true, households: 2, ledgerOpen: 1, withPlan: 0, coverageBasisPoints: 0, employment: null });
    // 2025 → 2026 net: (2,200,000 + 6,200,000) → (1,000,000 + 6,800,000) = −7.14 %.
    expect(xushui?.growthBasisPoints).toBe(-714);
    // 5,000 yuan per person within the 7,300 line; 34,000 above twice the line.
    expect(xushui?.distribution).toEqual({ withinLine: 1, toOneAndHalfLines: 0, toTwoLines: 0, aboveTwoLines: 1 });
    const province = await app.as('province').income.analysis({ regionCode: '13', year: 2026 });
    // Shijiazhuang's counties did not enable the module: 未启用, named only, every figure null (never 0).
    expect(province.children.find((row) => row.regionName === '石家庄市')).toMatchObject({
      regionCode: null,
      enabled: false,
      households: null,
      growthBasisPoints: null,
      ledgerOpen: null,
      coverageBasisPoints: null,
    });
    expect(province.children.find((row) => row.regionCode === '1306')).toMatchObject({ enabled: true, households: 3 });
    // Drill-down: the county's townships, then Xushui's own figures only for Xushui.
    const county = await app.as('xushui').income.analysis({ regionCode: '130609', year: 2026 });
    expect(county.region).toMatchObject({ regionCode: '130609', households: 2, ledgerOpen: 1 });
    await expect(app.as('jingxiu').income.analysis({ regionCode: '130609', year: 2026 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the re-run decides households flagged only by an in-year change, and closes entries whose household left the 脱贫 list', async () => {
    const quiet = await household(app, { village: QUIET_VILLAGE, wages2025: 6_000_000, wages2026: 6_100_000 });
    const [before] = await app.db.select().from(ledgerEntries).where(eq(ledgerEntries.householdId, quiet.id));
    expect(before).toBeUndefined();
    // Written straight to the table (as a bulk import would), so only the re-run sees it.
    const { adjustments } = await import('../src/server/schema.ts');
    await app.db.insert(adjustments).values({
      countyCode: '130609',
      villageCode: QUIET_VILLAGE,
      householdId: quiet.id,
      year: 2026,
      source: 'manual',
      wagesFen: -6_000_000,
      recordedOn: '2026-01-02',
      recordedBy: 'xushui',
    });
    const summary = await app.as('xushui').income.ledger.rerun({ year: 2026 });
    expect(summary.opened).toBe(1);
    const [opened] = await app.db.select().from(ledgerEntries).where(eq(ledgerEntries.householdId, quiet.id));
    expect(opened).toMatchObject({ status: 'open', fell: true });
  });
});
