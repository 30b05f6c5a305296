import { seedPluginDemo, hashPassword, silentLogger, type AnyPlugin } from '@zhenxing/core';
import { lowIncomeHousehold } from '../../../plugins/monitoring/src/testing.ts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, screenshotSeries } from './support/browser.ts';
import { ensureE2EBuild, PASSWORD, startE2EServer } from './support/server.ts';
import { pathOf, signIn } from './support/session.ts';

/**
 * 防止返贫监测 end to end in the admin app (issue 7, item 2): a village cadre reports a risk for a
 * household of 巨威社区 and walks the case through verification (signed consent) → data comparison
 * (four categories) → village review → village notice; the server's clock moves past the 5-day
 * notice; the township (安肃镇) reviews, the county (徐水区) approves and the household is included;
 * a measure is added; the overdue and green-channel lists show the demo's cases.
 * Screenshots: artifacts/e2e/monitoring-*.png.
 */
const VILLAGE = '130609100002';
const ADDRESS = '后街777号';

const shot = screenshotSeries('monitoring');

describe('monitoring: from a risk report to inclusion and assistance', () => {
  let server: Awaited<ReturnType<typeof startE2EServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let caseId = 0;
  let idNumbers: string[] = [];
  const pageErrors: string[] = [];

  async function as(username: string, viewport = { width: 1440, height: 900 }) {
    await context?.close();
    context = await browser.newContext({ viewport, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${error.message}\n${error.stack ?? ''}`));
    await signIn(page, server.url, username);
  }

  const step = () => page.getByTestId('case-step');
  async function openCase() {
    await page.goto(`${server.url}/monitoring/cases/${caseId}`);
    await page.getByTestId('case-step').waitFor();
  }
  async function success(text: string | RegExp) {
    await page.locator('.ant-message').getByText(text).first().waitFor();
  }

  beforeAll(async () => {
    ensureE2EBuild();
    [server, browser] = await Promise.all([startE2EServer(), launchChromium()]);
    const { app } = server;
    await app.addUser({ username: 'ansu', displayName: '安肃镇干部', role: 'township_officer', scopeCode: '130609100' }, await hashPassword(PASSWORD));
    for (const id of ['registry', 'monitoring']) await app.enable('130609', id);
    // The demo's data (as `zx demo` seeds it): households, and cases at several steps — one overdue, one green channel.
    const plugins = app.host.plugins as readonly AnyPlugin[];
    for (const id of ['registry', 'monitoring']) {
      const plugin = plugins.find((candidate) => candidate.id === id);
      if (plugin) await seedPluginDemo(app.host, plugin, { counties: ['130609'], seed: 2022, households: 40, logger: silentLogger });
    }
    // The story's household in 巨威社区: a 脱贫户 of two, low income, the spouse chronically ill (synthetic).
    const input = lowIncomeHousehold(VILLAGE, 777);
    idNumbers = input.members.map((member) => member.idNumber);
    await app.as('xushui').registry.households.create(input);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  test('the village cadre reports a risk: a case opens with the 15-day clock', async () => {
    await as('juwei');
    await page.goto(`${server.url}/monitoring/cases`);
    await page.getByTestId('monitoring-cases').locator('.ant-table-row').first().waitFor();
    await shot(page, 'cases-list');
    await page.getByTestId('report-risk').click();
    const drawer = page.getByTestId('report-form');
    await drawer.waitFor();
    await page.getByTestId('report-household').click();
    await page.keyboard.type('张志强');
    await page.locator('.ant-select-item-option').filter({ hasText: ADDRESS }).click();
    await page.locator('#summary').fill('农户申报：配偶住院，医疗支出大，务工收入下降');
    await page.getByTestId('report-risk-types').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '因病' }).first().click();
    await page.keyboard.press('Escape');
    await shot(page, 'report-form');
    await page.getByTestId('report-submit').click();
    await success(/已报告风险/);
    await expect.poll(() => pathOf(page)).toMatch(/^\/monitoring\/cases\/\d+$/);
    caseId = Number(pathOf(page).split('/').pop());
    await expect.poll(() => step().innerText()).toBe('入户核实');
    expect(await page.getByTestId('countdown').innerText()).toBe('剩 15 天');
    await page.getByTestId('signals').getByText('农户自主申报').or(page.getByTestId('signals').getByText('干部排查')).first().waitFor();
    await shot(page, 'case-opened');
  });

  test('verification needs the signed consent; comparison shows the four categories with reasons', async () => {
    await page.getByTestId('action-submit').click();
    await page.getByText('需农户签字授权后才能核实').waitFor();
    await page.getByTestId('consent').check();
    await page.locator('#findings').fill('入户核实：配偶患慢性病住院，情况属实');
    await page.locator('#attachment').fill('授权书（合成）.jpg');
    await page.getByTestId('action-submit').click();
    await success('入户核实已记录');
    await expect.poll(() => step().innerText()).toBe('数据比对');

    await page.getByTestId('compare-member').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '刘桂兰' }).click();
    await page.locator('#medicalYuan').fill('12000');
    await page.locator('#comment').fill('医保数据比对');
    await page.getByTestId('action-submit').click();
    await success(/数据比对完成/);
    await expect.poll(() => step().innerText()).toBe('村民主评议');
    const evaluation = page.getByTestId('evaluation');
    await evaluation.getByText('参数版本 hebei-2025.1').waitFor();
    expect(await evaluation.innerText()).toContain('大病重病个人难以负担');
    expect(await evaluation.innerText()).toContain('拟认定为：脱贫不稳定户');
    await shot(page, 'compared-evaluation');
  });

  test('village review passes; the notice is posted and printable without ID, phone or health data', async () => {
    // No result is pre-selected: the cadre ticks what the meeting decided.
    await page.getByTestId('action-submit').click();
    await page.getByText('请选择评议结果').waitFor();
    await page.getByTestId('village-decision').getByText('通过', { exact: true }).click();
    await page.locator('#participants').fill('21');
    await page.locator('#comment').fill('村民代表会议一致同意');
    await page.getByTestId('action-submit').click();
    await success('民主评议通过');
    await expect.poll(() => step().innerText()).toBe('村内公示');
    await page.getByTestId('notice-post').click();
    await success(/公示已张贴/);
    await page.getByTestId('notice-running').waitFor();
    await shot(page, 'notice-posted-countdown');

    // Ending it early is refused with the server's own words.
    await page.getByTestId('notice-complete').click();
    await page.getByTestId('step-action').getByRole('alert').filter({ hasText: '公示不少于 5 天' }).waitFor();
    await shot(page, 'notice-too-early');

    await page.getByTestId('notice-print').click();
    const table = page.getByTestId('notice-table');
    await table.waitFor();
    const text = await page.getByTestId('monitoring-notice').innerText();
    expect(text).toContain('张志强');
    expect(text).toContain(ADDRESS);
    for (const idNumber of idNumbers) expect(text).not.toContain(idNumber);
    expect(text).not.toMatch(/慢性病|身份证|电话|银行|大病/);
    await shot(page, 'notice-printable');
  });

  test('five days later the notice ends; the township reviews; the county approves and includes', async () => {
    server.app.clock.set(new Date(server.app.clock.now().getTime() + 5 * 86_400_000).toISOString());
    await as('juwei');
    await openCase();
    await page.getByTestId('notice-complete').click();
    await success(/公示期满无异议/);
    await expect.poll(() => step().innerText()).toBe('乡镇审核');
    await page.getByTestId('waiting-for').waitFor();
    expect(await page.getByTestId('countdown').innerText()).toBe('剩 10 天');

    await as('ansu');
    await openCase();
    await page.getByTestId('review-decision').getByText('审核通过').click();
    await page.locator('#comment').fill('乡镇审核通过');
    await shot(page, 'township-review');
    await page.getByTestId('action-submit').click();
    await success(/乡镇审核通过/);
    await expect.poll(() => step().innerText()).toBe('县级审定');

    await as('xushui');
    await openCase();
    // 审定纳入 is not pre-selected, and the county's decision is confirmed in a dialog.
    expect(await page.getByTestId('review-decision').locator('input:checked').count()).toBe(0);
    await page.getByTestId('review-decision').getByText('审定纳入监测').click();
    await page.locator('#comment').fill('审定纳入并公告');
    await page.getByTestId('action-submit').click();
    const confirmDialog = page.locator('.ant-modal-confirm').filter({ hasText: '确认县级审定' });
    await confirmDialog.waitFor();
    expect(await confirmDialog.innerText()).toContain('张志强户');
    await confirmDialog.getByRole('button', { name: '确认审定' }).click();
    await success(/已审定，纳入监测/);
    await expect.poll(() => step().innerText()).toBe('已纳入监测');
    expect(await page.getByTestId('object-type').innerText()).toBe('脱贫不稳定户');
    // The case names its household and links to it.
    expect(await page.getByTestId('case-household-link').innerText()).toBe('张志强户');
    expect(await page.getByTestId('countdown').innerText()).toContain('按时办结');
    const history = await page.getByTestId('history').innerText();
    for (const action of ['发现风险，启动认定', '入户核实（签字授权）', '数据比对', '村民主评议', '张贴村内公示', '公示期满', '乡镇审核', '县级审定'])
      expect(history).toContain(action);
    await shot(page, 'county-included');
  });

  test('a measure is added from the suggestions (缺什么补什么)', async () => {
    const measures = page.getByTestId('measures');
    await measures.getByTestId('measure-suggestions').getByText('健康帮扶（医疗救助）').click();
    await page.locator('#measure_responsibleUnit').fill('区医疗保障局');
    await page.locator('#measure_amountYuan').fill('3000');
    await page.getByTestId('measure-submit').click();
    await success('帮扶措施已登记');
    await measures.locator('.ant-table-row').filter({ hasText: '区医疗保障局' }).waitFor();
    expect(await measures.locator('.ant-table-row').first().innerText()).toContain('3,000.00');
    await shot(page, 'measure-added');
  });

  test('overdue and green-channel lists, and the dashboard', async () => {
    await page.goto(`${server.url}/monitoring/overdue`);
    const overdue = page.getByTestId('overdue-list');
    await overdue.locator('.ant-table-row').first().waitFor();
    expect(await overdue.innerText()).toMatch(/逾期 \d+ 天/);
    await shot(page, 'overdue-list');
    await page.getByTestId('tab-green').click();
    const green = page.getByTestId('green-list');
    await green.locator('.ant-table-row').first().waitFor();
    await shot(page, 'green-channel-list');

    await page.goto(`${server.url}/monitoring`);
    await page.getByTestId('stat-overdue').waitFor();
    expect(Number(await page.getByTestId('stat-overdue').locator('.ant-statistic-content-value').innerText())).toBeGreaterThanOrEqual(1);
    await page.locator('canvas').first().waitFor();
    await shot(page, 'dashboard');
  });

  test('the household page and the home page carry the monitoring panel where monitoring is enabled, and none where it is not', async () => {
    const { householdId } = (await server.app.as('xushui').monitoring.cases.get({ id: caseId })).case;
    await page.goto(`${server.url}/registry/households/${householdId}`);
    const panel = page.getByTestId('slot-household.detail').getByTestId('panel-monitoring');
    await panel.getByTestId('household-case').first().waitFor();
    expect(await panel.innerText()).toContain(`认定 #${caseId}`);
    expect(await panel.innerText()).toContain('已纳入监测');
    expect(await panel.getByTestId('household-measure').first().innerText()).toContain('区医疗保障局');
    await shot(page, 'household-panel');
    await panel.getByText(`认定 #${caseId}`).click();
    await expect.poll(() => pathOf(page)).toBe(`/monitoring/cases/${caseId}`);

    await page.goto(server.url);
    const regionPanel = page.getByTestId('slot-region.dashboard').getByTestId('panel-monitoring');
    await regionPanel.getByTestId('region-monitoring').waitFor();
    expect(await regionPanel.innerText()).toContain('监测对象（户）');
    await shot(page, 'home-region-panel');

    // 竞秀区 keeps a household registry but has not enabled monitoring: its pages show no monitoring panel.
    await server.app.enable('130602', 'registry');
    const jingxiu = await server.app.as('jingxiu').registry.households.create(lowIncomeHousehold('130602001002', 778));
    await as('jingxiu');
    await page.goto(`${server.url}/registry/households/${jingxiu.household.id}`);
    await page.getByTestId('household-title').waitFor();
    await page.locator('[data-testid="slot-household.detail"][data-panels="0"]').waitFor({ state: 'attached' });
    expect(await page.getByTestId('panel-monitoring').count()).toBe(0);
    await page.goto(server.url);
    await page.locator('[data-testid="slot-region.dashboard"][data-panels="0"]').waitFor({ state: 'attached' });
    expect(await page.getByTestId('panel-monitoring').count()).toBe(0);
    await shot(page, 'household-no-panel');
  });

  test('phone layout (390 px): the village cadre’s case list and case page fit the screen', async () => {
    await as('juwei', { width: 390, height: 844 });
    await page.goto(`${server.url}/monitoring/cases`);
    await page.getByTestId('monitoring-cases').locator('.ant-table-row').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'phone-cases');
    await openCase();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'phone-case');
  });

  test('no uncaught errors in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
