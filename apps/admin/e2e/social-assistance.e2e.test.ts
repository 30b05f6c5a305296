import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, screenshotSeries } from './support/browser.ts';
import { ensureE2EBuild, startE2EServer } from './support/server.ts';
import { pickOption, signIn } from './support/session.ts';

/**
 * 强化社会帮扶 end to end (issue 15): the province adds a donor county and sets up a 劳务协作 pairing
 * with Xushui with a target of 120 people placed; the Xushui admin records 120 (exactly the target)
 * and the Jingxiu admin does not see the pairing; the province's dashboard shows the pairing met,
 * lists Jingxiu as lacking a pairing (and both as lacking a leader contact), and drills down to
 * Baoding's counties; the dashboard fits a 390 px phone. The province also edits the pairing and
 * sets up a 三包一 leader package for Xushui, which the Xushui admin sees read-only; the Xushui admin
 * records a 消费帮扶 purchase of its product.
 * Screenshots: artifacts/e2e/social-assistance-*.png (referenced by docs/user-guide/social-assistance.md).
 */
const YEAR = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
const shot = screenshotSeries('social-assistance');

describe('social assistance: a pairing with targets, the county’s results, the province’s dashboard', () => {
  let server: Awaited<ReturnType<typeof startE2EServer>>;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let relationshipId = 0;
  const pageErrors: string[] = [];

  async function as(username: string, viewport = { width: 1440, height: 900 }, mobile = false) {
    await context?.close();
    context = await browser.newContext({ viewport, locale: 'zh-CN', isMobile: mobile, hasTouch: mobile });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${error.message}\n${error.stack ?? ''}`));
    await signIn(page, server.url, username);
  }
  const success = (text: string | RegExp) => page.locator('.ant-message').getByText(text).first().waitFor();
  const choose = (label: string, option: string) => pickOption(page, page.getByRole('dialog').getByLabel(label), option);
  const save = () =>
    page
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();

  beforeAll(async () => {
    ensureE2EBuild();
    [server, browser] = await Promise.all([startE2EServer(), launchChromium()]);
    for (const county of ['130609', '130602']) for (const id of ['registry', 'social-assistance']) await server.app.enable(county, id);
    // The package's units and the buyer (synthetic organisations).
    for (const organisation of [
      { name: '省某厅（演示）', kind: 'province-department' as const },
      { name: '省某能源投资公司（演示）', kind: 'state-enterprise' as const },
      { name: '省某商贸集团（演示）', kind: 'enterprise' as const },
    ])
      await server.app.as('province')['social-assistance'].organisations.create({ ...organisation, inProvince: true });
  }, 600_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  test('the province adds a donor and sets up a labour pairing with Xushui with a target', async () => {
    await as('province');
    await page.goto(`${server.url}/social-assistance/relationships`);
    await page.getByTestId('assistance-relationships').waitFor();
    await page.getByTestId('add-organisation').click();
    await page.getByTestId('organisation-name').fill('石家庄市长安区（演示）');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await success('已添加帮扶单位');

    await page.getByTestId('add-relationship').click();
    await page.getByTestId('relationship-form').waitFor();
    await choose('结对类型', '劳务协作');
    await choose('帮扶单位', '石家庄市长安区（演示）');
    await page.getByTestId('relationship-county').fill('130609');
    await page.getByTestId('relationship-start').fill(`${YEAR}-01-01`);
    await page.getByTestId('relationship-donor-contact').fill('刘志远');
    await shot(page, 'relationship-form');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await success(/已建立帮扶关系/);
    const [created] = await server.app.as('province')['social-assistance'].relationships.list({ system: 'pairing' });
    expect(created).toMatchObject({ countyCode: '130609', kind: 'labour', organisationName: '石家庄市长安区（演示）', active: true });
    relationshipId = created?.id ?? 0;

    await page.getByTestId(`targets-${relationshipId}`).click();
    await page.getByTestId('indicator-jobs-placed').fill('120');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await success('已下达年度目标');
    const listed = await server.app.as('province')['social-assistance'].commitments.list({ relationshipId, year: YEAR });
    expect(listed.commitments).toEqual([expect.objectContaining({ indicator: 'jobs-placed', target: 120, actual: null, met: false })]);
    await shot(page, 'relationships');
  });

  test('the province edits the pairing and sets up a 三包一 leader package for Xushui', async () => {
    await page.getByTestId(`edit-relationship-${relationshipId}`).click();
    await page.getByTestId('relationship-edit-form').waitFor();
    await page.getByTestId('relationship-edit-donor-contact').fill('王建国');
    await page.getByTestId('relationship-edit-note').fill('年度重点：转移就业');
    await shot(page, 'relationship-edit');
    await save();
    await success(/已修改帮扶关系/);
    const [edited] = await server.app.as('province')['social-assistance'].relationships.list({ system: 'pairing' });
    expect(edited).toMatchObject({ id: relationshipId, note: '年度重点：转移就业', responsible: [expect.objectContaining({ name: '王建国', side: 'donor' })] });

    await page.goto(`${server.url}/social-assistance/packages`);
    await page.getByTestId('assistance-packages').waitFor();
    await page.getByTestId('add-package').click();
    await page.getByTestId('package-form').waitFor();
    await page.getByTestId('package-county').fill('130609');
    await choose('组成', '三包一');
    await page.getByTestId('package-leader').fill('省领导甲（演示）');
    await choose('省直部门', '省某厅（演示）');
    await choose('省属国有企业', '省某能源投资公司（演示）');
    await page.getByTestId('package-start').fill(`${YEAR}-01-01`);
    await shot(page, 'package-form');
    await save();
    await success(/已设立包联组/);
    const [held] = await server.app.as('province')['social-assistance'].packages.list({});
    expect(held).toMatchObject({
      countyCode: '130609',
      name: '三包一',
      leaderName: '省领导甲（演示）',
      roles: ['leader', 'province-department', 'state-enterprise'],
    });
    expect(held?.members.map((member) => member.organisationName)).toEqual([null, '省某厅（演示）', '省某能源投资公司（演示）']);
    await page.getByText('省领导甲（演示）').first().waitFor();
    await shot(page, 'packages');
  });

  test('the Xushui admin records the year’s result, exactly at the target', async () => {
    await as('xushui');
    await page.goto(`${server.url}/social-assistance/relationships`);
    await page.getByTestId(`results-${relationshipId}`).click();
    await page.getByTestId('indicator-jobs-placed').fill('120');
    await shot(page, 'results-form');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await success('已填报完成情况');
    const listed = await server.app.as('xushui')['social-assistance'].commitments.list({ relationshipId, year: YEAR });
    expect(listed.commitments).toEqual([expect.objectContaining({ indicator: 'jobs-placed', target: 120, actual: 120, met: true })]);
    // The county neither adds relationships nor sets targets.
    expect(await page.getByTestId('add-relationship').count()).toBe(0);
    expect(await page.getByTestId(`targets-${relationshipId}`).count()).toBe(0);
  });

  test('the Xushui admin records a consumption purchase of its product and sees its package read-only', async () => {
    await page.goto(`${server.url}/social-assistance/purchases`);
    await page.getByTestId('purchase-form').waitFor();
    await page.getByTestId('purchase-product').fill('徐水小米');
    await page.getByTestId('purchase-amount').fill('1234.56');
    await pickOption(page, page.getByLabel('采购单位'), '省某商贸集团（演示）');
    await page.getByTestId('purchase-date').fill(`${YEAR}-03-15`);
    await page.getByTestId('purchase-save').click();
    await success('已登记消费帮扶采购');
    const [purchase] = await server.app.as('xushui')['social-assistance'].purchases.list({ year: YEAR });
    expect(purchase).toMatchObject({
      countyCode: '130609',
      productName: '徐水小米',
      productCategory: 'grain',
      amountFen: 123_456,
      buyerName: '省某商贸集团（演示）',
    });
    await expect.poll(() => page.getByTestId('purchases-by-product').innerText()).toContain('徐水小米');
    await shot(page, 'purchases');

    await page.goto(`${server.url}/social-assistance/packages`);
    await page.getByTestId('packages-read-only').waitFor();
    await page.getByText('省领导甲（演示）').first().waitFor();
    expect(await page.getByTestId('add-package').count()).toBe(0);
    expect(await page.locator('[data-testid^="edit-package-"]').count()).toBe(0);
    await shot(page, 'packages-county');
  });

  test('the Jingxiu admin does not see Xushui’s pairing and cannot record its results', async () => {
    await as('jingxiu');
    await page.goto(`${server.url}/social-assistance/relationships`);
    await page.locator('[data-testid="assistance-relationships"] .ant-table-placeholder').first().waitFor();
    expect(await page.getByTestId(`results-${relationshipId}`).count()).toBe(0);
    await expect(
      server.app
        .as('jingxiu')
        ['social-assistance'].commitments.recordResults({ relationshipId, year: YEAR, actuals: [{ indicator: 'jobs-placed', actual: 1 }] }),
    ).rejects.toMatchObject({ reason: 'not-found' });
  });

  test('the province dashboard shows the pairing met and the counties lacking a pairing, and drills down', async () => {
    await as('province');
    await page.goto(`${server.url}/social-assistance`);
    await page.getByTestId('assistance-progress').waitFor();
    await expect.poll(() => page.getByTestId('system-pairing').innerText()).toContain('1 / 1');
    const jingxiu = page.getByTestId('lacking-130602');
    await jingxiu.waitFor();
    expect(await jingxiu.innerText()).toContain('竞秀区');
    expect(await jingxiu.innerText()).toContain('省内区域性结对帮扶');
    const xushui = await page.getByTestId('lacking-130609').innerText();
    expect(xushui).toContain('省领导包联');
    expect(xushui).not.toContain('省内区域性结对帮扶');
    const row = page.getByTestId(`progress-row-${relationshipId}`);
    await row.waitFor();
    expect(await row.innerText()).toContain('全部完成');
    await shot(page, 'dashboard');
    await page.getByTestId('drill-1306').click();
    await page.getByTestId('drill-130609').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('drill-130602').innerText()).toContain('竞秀区');
    await shot(page, 'dashboard-city');
  }, 300_000);

  test('the dashboard fits a 390 px phone', async () => {
    await as('xushui', { width: 390, height: 844 }, true);
    await page.goto(`${server.url}/social-assistance`);
    await page.getByTestId(`progress-row-${relationshipId}`).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'dashboard-phone');
    expect(pageErrors).toEqual([]);
  });
});
