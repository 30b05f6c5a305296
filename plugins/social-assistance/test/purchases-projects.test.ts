import { auditLog } from '@zhenxing/db';
import { projectsPlugin } from '@zhenxing/plugin-projects/server';
import { cellText, readXlsxRows, registryPlugin } from '@zhenxing/plugin-registry/server';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socialAssistancePlugin } from '../src/server/plugin.ts';
import { JINGXIU, responsible, VILLAGE, XUSHUI, YEAR } from './helpers.ts';

/** Issue 15 items 1 and 3: funded projects linked to the project library, consumption purchases by product. */
const PLUGINS = [registryPlugin, projectsPlugin, socialAssistancePlugin] as const;
type App = TestApp<typeof PLUGINS>;

describe('social assistance: consumption purchases by product and county, funded projects in the project library', () => {
  let app: App;
  let buyer: { id: number; name: string };
  beforeAll(async () => {
    // Projects is enabled in Xushui only: Jingxiu links no project (未启用).
    app = await createTestApp({
      plugins: PLUGINS,
      enable: { [XUSHUI]: ['registry', 'projects', 'social-assistance'], [JINGXIU]: ['registry', 'social-assistance'] },
    });
    buyer = await app.as('province')['social-assistance'].organisations.create({ name: '测试采购集团', kind: 'enterprise', inProvince: true });
  });
  afterAll(() => app?.close());

  const pairing = (countyCode: string, kind: 'consumption' | 'funds' | 'industry' | 'talent') =>
    app
      .as('province')
      ['social-assistance'].relationships.create({ system: 'pairing', kind, organisationId: buyer.id, countyCode, startOn: '2026-01-01', responsible });

  it('records purchases per product of the county of origin (fen, buyer), sums them by product and county, and exports them with the province table', async () => {
    const xushuiPairing = await pairing(XUSHUI, 'consumption');
    const jingxiuPairing = await pairing(JINGXIU, 'consumption');
    const purchase = { year: YEAR, buyerOrganisationId: buyer.id, purchasedOn: '2026-02-01', productCategory: 'grain' as const };
    const first = await app
      .as('xushui')
      ['social-assistance'].purchases.create({ ...purchase, relationshipId: xushuiPairing.id, productName: '徐水小米', amountFen: 1_234_56 });
    expect(first).toMatchObject({ countyCode: XUSHUI, buyerName: '测试采购集团', productName: '徐水小米', amountFen: 123_456 });
    await app.as('xushui')['social-assistance'].purchases.create({ ...purchase, productName: '徐水小米', amountFen: 100_000 });
    await app.as('xushui')['social-assistance'].purchases.create({ ...purchase, productName: '漕河驴肉', productCategory: 'processed', amountFen: 50_000 });
    await app.as('jingxiu')['social-assistance'].purchases.create({
      ...purchase,
      relationshipId: jingxiuPairing.id,
      productName: '竞秀草莓',
      productCategory: 'vegetables-fruit',
      amountFen: 70_000,
    });
    // Not in money: a fraction of a fen or nothing is refused; another county's pairing is not found; the province does not record.
    await expect(app.as('xushui')['social-assistance'].purchases.create({ ...purchase, productName: '小米', amountFen: 10.5 })).rejects.toThrow();
    await expect(app.as('xushui')['social-assistance'].purchases.create({ ...purchase, productName: '小米', amountFen: 0 })).rejects.toThrow();
    await expect(
      app.as('xushui')['social-assistance'].purchases.create({ ...purchase, relationshipId: jingxiuPairing.id, productName: '小米', amountFen: 100 }),
    ).rejects.toMatchObject({ reason: 'not-found' });
    const talent = await pairing(XUSHUI, 'talent');
    await expect(
      app.as('xushui')['social-assistance'].purchases.create({ ...purchase, relationshipId: talent.id, productName: '小米', amountFen: 100 }),
    ).rejects.toMatchObject({ reason: 'invalid-input' });
    await expect(app.as('province')['social-assistance'].purchases.create({ ...purchase, productName: '小米', amountFen: 100 })).rejects.toMatchObject({
      reason: 'permission-denied',
    });
    const [entry] = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.plugin, 'social-assistance'), eq(auditLog.action, 'purchase.create'), eq(auditLog.entityId, String(first.id))));
    expect(entry).toMatchObject({ regionCode: XUSHUI, after: { productName: '徐水小米', amountFen: 123_456 } });

    const summary = await app.as('province')['social-assistance'].purchases.summary({ year: YEAR });
    expect(summary.totalFen).toBe(123_456 + 100_000 + 50_000 + 70_000);
    expect(summary.byProduct).toEqual([
      { productName: '徐水小米', productCategory: 'grain', purchases: 2, amountFen: 223_456 },
      { productName: '竞秀草莓', productCategory: 'vegetables-fruit', purchases: 1, amountFen: 70_000 },
      { productName: '漕河驴肉', productCategory: 'processed', purchases: 1, amountFen: 50_000 },
    ]);
    expect(summary.byCounty.map((row) => [row.countyCode, row.purchases, row.amountFen])).toEqual([
      [JINGXIU, 1, 70_000],
      [XUSHUI, 3, 273_456],
    ]);
    // A county sees its own products only.
    const own = await app.as('xushui')['social-assistance'].purchases.summary({ year: YEAR });
    expect(own.byCounty.map((row) => row.countyCode)).toEqual([XUSHUI]);
    expect((await app.as('xushui')['social-assistance'].purchases.list({ year: YEAR })).every((row) => row.countyCode === XUSHUI)).toBe(true);

    const exported = await app.as('province')['social-assistance'].progress.export({ year: YEAR });
    const content = Buffer.from(exported.contentBase64, 'base64');
    const sheet = async (name: string) => {
      const rows: string[][] = [];
      for await (const row of readXlsxRows(content, name)) rows.push(row.cells.map((cell) => cellText(cell)));
      return rows;
    };
    expect(await sheet('消费帮扶（按产品）')).toEqual([
      ['产品名称', '产品类别', '采购笔数', '采购金额(元)'],
      ['徐水小米', '粮油', '2', '2234.56'],
      ['竞秀草莓', '果蔬', '1', '700'],
      ['漕河驴肉', '加工食品', '1', '500'],
    ]);
    expect(await sheet('消费帮扶（按县）')).toEqual([
      ['产地县(区)', '县代码', '采购笔数', '采购金额(元)'],
      ['竞秀区', JINGXIU, '1', '700'],
      ['徐水区', XUSHUI, '3', '2734.56'],
    ]);
  });

  it('links a funds pairing to a project of the library where projects is enabled, by name; without it (Jingxiu) nothing to link, 未启用', async () => {
    const project = await app.as('xushui').projects.submit({ villageCode: VILLAGE, title: '帮扶资金大棚项目', category: 'industry', budgetFen: 5_000_000 });
    const funds = await pairing(XUSHUI, 'funds');
    const linkable = await app.as('xushui')['social-assistance'].fundedProjects.linkable({ countyCode: XUSHUI });
    expect(linkable).toMatchObject({ enabled: true });
    expect(linkable.projects.map((row) => row.title)).toContain('帮扶资金大棚项目');
    const link = await app
      .as('xushui')
      ['social-assistance'].fundedProjects.link({ relationshipId: funds.id, year: YEAR, projectId: project.id, amountFen: 2_000_000 });
    expect(link).toMatchObject({ projectId: project.id, amountFen: 2_000_000, project: { title: '帮扶资金大棚项目', href: `/projects/${project.id}` } });
    await expect(
      app.as('xushui')['social-assistance'].fundedProjects.link({ relationshipId: funds.id, year: YEAR, projectId: project.id, amountFen: 1 }),
    ).rejects.toMatchObject({ reason: 'project-linked' });
    expect(await app.as('province')['social-assistance'].fundedProjects.list({ relationshipId: funds.id })).toEqual([link]);
    // Only funds support or industry cooperation links projects; an unknown id is not found.
    const talent = await pairing(XUSHUI, 'talent');
    await expect(
      app.as('xushui')['social-assistance'].fundedProjects.link({ relationshipId: talent.id, year: YEAR, projectId: project.id, amountFen: 1 }),
    ).rejects.toMatchObject({ reason: 'invalid-input' });
    const industry = await pairing(XUSHUI, 'industry');
    await expect(
      app.as('xushui')['social-assistance'].fundedProjects.link({ relationshipId: industry.id, year: YEAR, projectId: 987_654, amountFen: 1 }),
    ).rejects.toMatchObject({ reason: 'not-found' });

    // Jingxiu has no project library: the picker says so, and a link is refused.
    const jingxiuFunds = await pairing(JINGXIU, 'funds');
    expect(await app.as('jingxiu')['social-assistance'].fundedProjects.linkable({ countyCode: JINGXIU })).toEqual({
      countyCode: JINGXIU,
      enabled: false,
      projects: [],
    });
    await expect(
      app.as('jingxiu')['social-assistance'].fundedProjects.link({ relationshipId: jingxiuFunds.id, year: YEAR, projectId: project.id, amountFen: 1 }),
    ).rejects.toMatchObject({ reason: 'projects-not-enabled' });
    // Another county's projects are not offered to it either (the read is scoped by the caller's counties).
    await expect(app.as('jingxiu')['social-assistance'].fundedProjects.linkable({ countyCode: XUSHUI })).rejects.toMatchObject({ reason: 'out-of-scope' });

    // Projects switched off in Xushui: the link stays, the project is no longer shown (未启用).
    await app.disable(XUSHUI, 'projects');
    const [hidden] = await app.as('province')['social-assistance'].fundedProjects.list({ relationshipId: funds.id });
    expect(hidden).toMatchObject({ projectId: project.id, project: null });
  });
});
