import { fallingHousehold } from '../../../plugins/income/src/testing.ts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, screenshotSeries } from './support/browser.ts';
import { ensureE2EBuild, startE2EServer } from './support/server.ts';
import { signIn } from './support/session.ts';

/**
 * 脱贫群众增收 end to end (issue 14): the Xushui county admin re-runs the ledger, sees a 脱贫户 whose
 * income fell with the rule's reason, adds an income-increase plan and sees coverage reach 100 %,
 * records progress, and finds the income card on the household's page; the province enters the
 * year's growth figures and sees Xushui on the 挂牌督办 list; the Jingxiu admin does not see
 * Xushui's ledger; the ledger fits a 390 px phone.
 * Screenshots: artifacts/e2e/income-*.png (referenced by docs/user-guide/income.md).
 */
const VILLAGE = '130609100002';
const YEAR = 2026;

const shot = screenshotSeries('income');

describe('income: the ledger, a plan, the household card and the supervision list', () => {
  let server: Awaited<ReturnType<typeof startE2EServer>>;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let householdId = 0;
  const pageErrors: string[] = [];

  async function as(username: string, viewport = { width: 1440, height: 900 }, mobile = false) {
    await context?.close();
    context = await browser.newContext({ viewport, locale: 'zh-CN', isMobile: mobile, hasTouch: mobile });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${error.message}\n${error.stack ?? ''}`));
    await signIn(page, server.url, username);
  }
  const success = (text: string | RegExp) => page.locator('.ant-message').getByText(text).first().waitFor();

  beforeAll(async () => {
    ensureE2EBuild();
    [server, browser] = await Promise.all([startE2EServer(), launchChromium()]);
    const { app } = server;
    for (const county of ['130609', '130602']) for (const id of ['registry', 'income']) await app.enable(county, id);
    // A 脱贫户 of two whose per-capita income fell from 11,000.00 (2025) to 5,000.00 yuan (2026); synthetic.
    const created = await app.as('xushui').registry.households.create(fallingHousehold(VILLAGE, 501));
    householdId = created.household.id;
    await app.as('xushui').registry.incomes.record({
      householdId,
      income: { year: YEAR - 1, wagesFen: 2_000_000, businessFen: 100_000, propertyFen: 0, transfersFen: 100_000, productionCostsFen: 0 },
    });
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const ledgerRow = () => page.locator('[data-testid="ledger-page"] tr.ant-table-row').filter({ has: page.getByTestId(`add-plan-${householdId}`) });

  test('the county re-runs its ledger and sees the household with the rule’s reason', async () => {
    await as('xushui');
    await page.goto(`${server.url}/income`);
    await page.getByTestId('ledger-page').waitFor();
    await page.getByRole('button', { name: '重新研判本县' }).click();
    await success(/已重新研判 \d+ 户/);
    const row = ledgerRow();
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('人均纯收入由 ¥11,000.00 下降到 ¥5,000.00');
    expect(text).toContain('5,000.00');
    expect(text).toMatch(/hebei-\d{4}\.\d+/);
    await expect.poll(() => page.getByTestId('ledger-coverage').innerText()).toContain('0.00%');
    await shot(page, 'ledger');
  });

  test('an income-increase plan: measure, responsible cadre, target, due date; coverage reaches 100 %', async () => {
    await page.getByTestId(`add-plan-${householdId}`).click();
    const form = page.getByTestId('plan-form');
    await form.waitFor();
    // Measures default to 就业帮扶; add 技能培训 too.
    await form.locator('.ant-select').first().click();
    await page.locator('.ant-select-item-option').filter({ hasText: '技能培训' }).click();
    await page.locator('.ant-modal-title').click();
    await form.getByLabel('责任干部').fill('王建国');
    await form.getByLabel('目标人均纯收入（元）').fill('12000');
    await form.getByLabel('开始日期').fill(`${YEAR}-03-01`);
    await form.getByLabel('完成日期').fill(`${YEAR}-02-01`);
    await form.getByRole('button', { name: /保\s*存/ }).click();
    // Due before start: the server's field message stands beside the field; nothing is saved.
    await form.locator('.ant-form-item-explain-error').first().waitFor();
    expect(await server.app.as('xushui').income.plans.list({ regionCode: '130609', householdId })).toEqual([]);
    await shot(page, 'plan-form');
    await form.getByLabel('完成日期').fill(`${YEAR}-12-31`);
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await success('已制定增收计划');
    await expect.poll(() => page.getByTestId('ledger-coverage').innerText()).toContain('100.00%');
    const [plan] = await server.app.as('xushui').income.plans.list({ regionCode: '130609', householdId });
    expect(plan).toMatchObject({ cadreName: '王建国', targetPerCapitaFen: 1_200_000, dueOn: `${YEAR}-12-31`, progress: 0 });
    expect([...(plan?.measures ?? [])].sort()).toEqual(['employment', 'skills-training'].sort());
    await shot(page, 'ledger-planned');
  });

  test('progress is recorded on the plans page and shows on the household’s income card', async () => {
    const [plan] = await server.app.as('xushui').income.plans.list({ regionCode: '130609', householdId });
    await page.goto(`${server.url}/income/plans`);
    const input = page.locator(`[data-testid="plans-page"] tr[data-row-key="${plan?.id}"] input`);
    await input.fill('40');
    await input.blur();
    await expect.poll(async () => (await server.app.as('xushui').income.plans.list({ regionCode: '130609', householdId }))[0]?.progress).toBe(40);
    await shot(page, 'plans');
    await page.goto(`${server.url}/registry/households/${householdId}`);
    const card = page.getByTestId('household-income');
    await card.waitFor();
    await expect.poll(() => card.innerText()).toContain('王建国');
    const text = await card.innerText();
    expect(text).toContain('5,000.00');
    expect(text).toContain('11,000.00');
    expect(text).toContain('40%');
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'household-card');
  });

  test('the ledger fits a 390 px phone', async () => {
    await as('xushui', { width: 390, height: 844 }, true);
    await page.goto(`${server.url}/income`);
    await ledgerRow().or(page.locator('[data-testid="ledger-page"] tr.ant-table-row')).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'ledger-phone');
  });

  test('the province enters the year’s growth figures and sees Xushui on the supervision list', async () => {
    await as('province');
    await page.goto(`${server.url}/income/supervision`);
    const form = page.getByTestId('growth-figures-form');
    await form.waitFor();
    await page.getByTestId('figures-national').fill('600');
    await page.getByTestId('figures-provincial').fill('600');
    // An unknown county code: refused per row, nothing saved.
    await page.getByTestId('figures-counties').fill('130609 650 否\n139999 500 是');
    await page.getByTestId('figures-submit').click();
    await page.getByTestId('figures-row-errors').getByText('第 2 行：未知的县代码 139999').waitFor();
    expect(await server.app.as('province').income.supervision.list({ regionCode: '13', year: YEAR })).toEqual([]);
    await page.getByTestId('figures-counties').fill('130609 650 否\n130602 300 是');
    await page.getByTestId('figures-submit').click();
    await success(`已录入 ${YEAR} 年 2 个县的增速`);
    const xushui = page.locator('[data-testid="supervision-page"] tr[data-row-key="130609"]').first();
    await xushui.waitFor();
    const text = await xushui.innerText();
    expect(text).toContain('挂牌督办');
    expect(text).toContain('6.50%');
    await page.getByRole('button', { name: '发布本年度名单' }).click();
    await success(/已发布 \d+ 个县/);
    await shot(page, 'supervision');
  });

  test('the province imports the statistics sheet: a bad sheet lists each row and saves nothing, a good one saves every county', async () => {
    const sheetInput = page.getByTestId('figures-sheet-file');
    // Synthetic sheet as a statistics office keeps it: a title row, then the header; two bad rows.
    const bad = [
      '2026年农村居民人均可支配收入增速',
      '县代码,县名,增速(%),脱贫县',
      '全国,,6.0,',
      '全省,,6.0,',
      '130609,徐水区,6.5,否',
      '139999,不存在县,5.0,是',
      '130602,竞秀区,1200,否',
    ].join('\n');
    await sheetInput.setInputFiles({ name: '增速统计表-有误.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
    const problems = page.getByTestId('figures-sheet-problems');
    await problems.waitFor();
    const problemText = await problems.innerText();
    expect(problemText).toContain('未知的县代码 139999');
    expect(problemText).toContain('超出 −100%…+1000%');
    expect(await page.getByTestId('figures-sheet-commit').count()).toBe(0);
    const good = ['县代码,县名,增速(%),脱贫县', '全国,,6.0,', '全省,,5.8,', '130609,徐水区,6.6,否', '130602,竞秀区,3.1,是'].join('\n');
    await sheetInput.setInputFiles({ name: '增速统计表.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') });
    await page.getByTestId('figures-sheet-commit').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'supervision-import');
    await page.getByTestId('figures-sheet-commit').click();
    await success(`已导入 ${YEAR} 年 2 个县的增速`);
    const xushui = page.locator('[data-testid="supervision-page"] tr[data-row-key="130609"]').first();
    await expect.poll(() => xushui.innerText()).toContain('6.60%');
  });

  test('稳岗就业: the Xushui admin records this year’s numbers and sees them against last year and the target', async () => {
    await as('xushui');
    await page.goto(`${server.url}/income/employment`);
    const form = page.getByTestId('employment-record');
    await form.waitFor();
    const counts = ['120', '45', '30', '12'];
    const inputs = form.locator('input');
    for (const [index, value] of counts.entries()) await inputs.nth(index).fill(value);
    await form.getByRole('button', { name: `记录 ${YEAR} 年` }).click();
    await success('已保存');
    const row = page.locator('[data-testid="employment-comparison"] tr[data-row-key="130609"]');
    await expect.poll(() => row.innerText()).toContain('207');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'employment');
    await as('province');
  });

  test('收入分析: the province drills from Hebei to Baoding to Xushui by name; a city without the module shows 未启用, never 0', async () => {
    await page.goto(`${server.url}/income/analysis`);
    const analysis = page.getByTestId('analysis-page');
    const rows = analysis.locator('[data-testid="analysis-table"] tr.ant-table-row');
    // 石家庄市 (its one county, 长安区, keeps no income module) says so; it shows no 0 households.
    const shijiazhuang = rows.filter({ hasText: '石家庄市' });
    await shijiazhuang.waitFor();
    expect(await shijiazhuang.innerText()).toContain('未启用');
    expect(await shijiazhuang.innerText()).not.toMatch(/\t0(\t|$)/);
    await analysis.getByTestId('drill-1306').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('region')).toBe('1306');
    const xushui = analysis.locator('[data-testid="analysis-table"] tr[data-row-key="130609"]');
    await xushui.waitFor();
    expect(await xushui.innerText()).not.toContain('未启用');
    await analysis.locator('canvas').first().waitFor();
    // The path reads by name: 河北省 › 保定市, never a bare code.
    const path = await analysis.getByTestId('analysis-path').innerText();
    expect(path).toMatch(/河北省[\s\S]*保定市/);
    expect(path).not.toMatch(/\d{2,}/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'analysis');
    await analysis.getByTestId('drill-130609').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('region')).toBe('130609');
    await expect.poll(() => analysis.getByTestId('analysis-path').innerText()).toMatch(/保定市[\s\S]*徐水区/);
  });

  test('the Jingxiu admin does not see Xushui’s ledger', async () => {
    await as('jingxiu');
    await page.goto(`${server.url}/income`);
    await page.getByTestId('ledger-page').waitFor();
    await page.locator('[data-testid="ledger-page"] .ant-table-placeholder').waitFor();
    expect(await page.getByTestId(`add-plan-${householdId}`).count()).toBe(0);
    expect(await page.locator('[data-testid="ledger-page"] tr.ant-table-row').count()).toBe(0);
    await expect(server.app.as('jingxiu').income.ledger.list({ regionCode: '130609' })).rejects.toThrow();
    expect(pageErrors).toEqual([]);
  });
});
