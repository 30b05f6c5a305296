import { hashPassword } from '@zhenxing/core';
import { lowIncomeHousehold } from '../../../plugins/monitoring/src/testing.ts';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { cases, objects } from '../../../plugins/monitoring/src/server/schema.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, screenshotSeries } from './support/browser.ts';
import { ensureE2EBuild, PASSWORD, startE2EServer } from './support/server.ts';
import { signIn } from './support/session.ts';

/**
 * 政策参数 end to end (issue 18): the province admin drafts a set with a higher monitoring line in
 * the form generated from the rules' schema; the author cannot publish it (the page says so and the
 * server refuses); a second province admin publishes it for next year with an effective date; the
 * Xushui county admin replays a household's monitoring case under the recorded set and the new one
 * and sees the severe-disability category change, with the rules' reasons.
 * Screenshots: artifacts/e2e/parameters-*.png.
 */
const VILLAGE = '130609100002';
const NEW_VERSION = 'hebei-2027.1';
/** 9,500 yuan a person and year, above the 8,300 yuan of hebei-2025.1. */
const HIGHER_LINE_FEN = 950_000;

/** The viewport only: the draft form is long, and a full-page shot repeats the fixed header mid-page. */
const shot = screenshotSeries('parameters', { fullPage: false });

describe('policy parameters: a higher line drafted, published by a second admin, replayed by the county', () => {
  let server: Awaited<ReturnType<typeof startE2EServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let caseId = 0;
  let draftId = 0;
  const effectiveFrom = `${new Date().getUTCFullYear() + 1}-01-01`;
  const pageErrors: string[] = [];

  async function as(username: string) {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${error.message}\n${error.stack ?? ''}`));
    await signIn(page, server.url, username);
  }
  async function success(text: string | RegExp) {
    await page.locator('.ant-message').getByText(text).first().waitFor();
  }
  /** "按其他参数版本评估": pick a published set in one of the replay pickers. */
  async function chooseVersion(under: Locator, version: string) {
    await under.locator('.ant-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: version }).click();
  }
  async function openSet(version: string) {
    await page.goto(`${server.url}/parameters`);
    await page.locator('.ant-table-row').filter({ hasText: version }).first().click();
    await page.locator('.ant-card-head-title').filter({ hasText: version }).first().waitFor();
  }

  beforeAll(async () => {
    ensureE2EBuild();
    [server, browser] = await Promise.all([startE2EServer(), launchChromium()]);
    const { app } = server;
    // The four eyes: a second province admin reviews and publishes.
    await app.addUser({ username: 'province2', displayName: '河北省审核员', role: 'province_admin', scopeCode: '13' }, await hashPassword(PASSWORD));
    for (const id of ['registry', 'monitoring']) await app.enable('130609', id);
    // A 脱贫户 of two in 巨威社区 (synthetic): the spouse has a grade-1 disability, per-capita income
    // 9,000 yuan — above the 8,300 yuan line of hebei-2025.1, within a 9,500 yuan line.
    const base = lowIncomeHousehold(VILLAGE, 888);
    const created = await app.as('xushui').registry.households.create({
      ...base,
      members: base.members.map((member) => (member.relation === 'spouse' ? { ...member, disabilityGrade: 1 } : member)),
      income: { year: 2025, wagesFen: 1_600_000, businessFen: 200_000, propertyFen: 0, transfersFen: 100_000, productionCostsFen: 100_000 },
    });
    const opened = await app.as('juwei').monitoring.signals.report({
      householdId: created.household.id,
      source: 'cadre-screening',
      summary: '干部排查：配偶重度残疾，收入接近监测范围',
      riskTypes: ['disability'],
    });
    if (opened.caseId === null) throw new Error('the risk report opened no case');
    caseId = opened.caseId;
    await app.as('juwei').monitoring.cases.verify({
      caseId,
      consentSigned: true,
      findings: '入户核实：配偶一级残疾，情况属实',
      riskTypes: ['disability'],
      attachments: [{ name: '入户核实表（合成）.pdf', ref: 'files/verification-888' }],
    });
    await app.as('juwei').monitoring.cases.compare({ caseId });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  test('the province admin drafts a higher monitoring line in the form generated from the schema', async () => {
    await as('province');
    await page.goto(`${server.url}/parameters`);
    await page.locator('.ant-table-row').filter({ hasText: 'hebei-2025.1' }).first().waitFor();
    await shot(page, 'history');

    await page.getByRole('button', { name: /新建草稿/ }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '新建参数草稿' });
    await modal.waitFor();
    await modal.locator('#version').fill(NEW_VERSION);
    await modal.locator('#note').fill('拟提高监测范围至人均 9,500 元（合成示例）');
    await modal.getByRole('button', { name: /创\s*建/ }).click();
    await page.locator('.ant-card-head-title').filter({ hasText: NEW_VERSION }).first().waitFor();

    // Each field of the form carries its meaning and clause from the rules' schema.
    const line = page.locator('#monitoringLineFen');
    await line.waitFor();
    const item = page.locator('.ant-form-item').filter({ has: line });
    expect(await item.innerText()).toMatch(/防止返贫监测范围.*§1 宽/);
    await line.fill(String(HIGHER_LINE_FEN));
    await page.getByRole('button', { name: /保存草稿/ }).click();
    await success('草稿已保存');
    const changes = page.locator('.ant-card').filter({ hasText: '相比的变化' }).first();
    await expect.poll(() => changes.innerText()).toMatch(/monitoringLineFen[\s\S]*830000[\s\S]*950000/);

    // The author cannot publish: no publish button, and the page says who must.
    await page.getByText('您编写的草稿须由另一位省级管理员发布').waitFor();
    expect(await page.getByRole('button', { name: /审核发布/ }).count()).toBe(0);
    // The draft's header, the author's note and the changes, below the fixed top bar.
    await page.getByText('您编写的草稿须由另一位省级管理员发布').evaluate((element) => window.scrollBy(0, element.getBoundingClientRect().top - 90));
    await shot(page, 'draft-author');

    // Nor can the author publish through the API: the server refuses with the four-eyes reason.
    const drafts = await server.app.as('province').parameters.list({});
    draftId = drafts.sets.find((set) => set.version === NEW_VERSION)?.id ?? 0;
    expect(draftId).toBeGreaterThan(0);
    await expect(server.app.as('province').parameters.publish({ id: draftId, effectiveFrom })).rejects.toMatchObject({ reason: 'four-eyes' });
  });

  test('the county admin runs the unpublished draft over Xushui’s households: progress, counts by township, the list', async () => {
    await as('xushui');
    await page.goto(`${server.url}/parameters`);
    const panel = page.getByTestId('whatif-panel');
    await panel.waitFor();
    await panel.getByRole('combobox', { name: '试算参数版本' }).click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: `${NEW_VERSION}（草稿）` })
      .click();
    await expect.poll(() => panel.innerText()).toMatch(/monitoringLineFen: 830000 → 950000/);
    await panel.getByRole('button', { name: /开始试算/ }).click();
    await expect.poll(() => panel.getByTestId('whatif-status').innerText(), { timeout: 60_000 }).toBe('已完成');
    // The household of the case enters the severe-disability category and becomes a monitoring object.
    const regions = panel.getByTestId('whatif-regions');
    const township = regions
      .locator('.ant-table-row')
      .filter({ hasText: /安肃|130609100/ })
      .first();
    const total = regions.locator('.ant-table-row').filter({ hasText: '合计' });
    await total.waitFor();
    expect(await total.innerText()).toMatch(/\+[1-9]\d* \/ −0/);
    expect(await township.count()).toBe(1);
    await panel.scrollIntoViewIfNeeded();
    await shot(page, 'whatif');
    const download = page.waitForEvent('download');
    await panel.getByRole('button', { name: /下载清单/ }).click();
    expect((await download).suggestedFilename()).toMatch(new RegExp(`^政策参数试算-${NEW_VERSION}-130609\\.xlsx$`));
    // The draft is still a draft: the what-if published nothing and changed no household.
    expect((await server.app.as('province').parameters.get({ version: NEW_VERSION })).summary.status).toBe('draft');
  });

  test('a second province admin reviews the changes and publishes the set for next year', async () => {
    await as('province2');
    await openSet(NEW_VERSION);
    await page.getByRole('button', { name: /审核发布/ }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: `发布 ${NEW_VERSION}` });
    await modal.waitFor();
    const date = modal.locator('.ant-picker input');
    await date.click();
    await date.fill(effectiveFrom);
    await date.press('Enter');
    await shot(page, 'publish-dialog');
    await modal.getByRole('button', { name: /发\s*布/ }).click();
    await success(`已发布，自 ${effectiveFrom} 起生效`);
    const row = page.locator('.ant-table-row').filter({ hasText: NEW_VERSION }).first();
    await expect.poll(() => row.innerText()).toContain('已发布');
    expect(await row.innerText()).toContain(effectiveFrom);
    expect(await row.innerText()).toMatch(/河北省管理员\t河北省审核员/); // author, publisher: display names, not logins
    // The previous set now ends the day before.
    const previous = page.locator('.ant-table-row').filter({ hasText: 'hebei-2025.1' }).first();
    const dayBefore = new Date(Date.parse(`${effectiveFrom}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(await previous.innerText()).toContain(dayBefore);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'published');
  });

  test('the county admin replays the case under both sets and sees the outcome change, with reasons', async () => {
    await as('xushui');
    await page.goto(`${server.url}/monitoring/cases/${caseId}`);
    const evaluation = page.getByTestId('evaluation');
    await evaluation.getByText('参数版本 hebei-2025.1').waitFor();
    const under = page.getByTestId('evaluate-under');
    await under.locator('.ant-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: NEW_VERSION }).click();
    const table = under.locator('.ant-table');
    await table.waitFor();
    const changed = table.locator('.ant-table-row').filter({ hasText: '结果变化' });
    await expect.poll(() => changed.count()).toBe(1);
    const text = await changed.innerText();
    expect(text).toMatch(/高于监测范围/); // hebei-2025.1: above 8,300 yuan
    expect(text).toMatch(/在监测范围.*以内/); // the new set: within 9,500 yuan
    expect(await under.innerText()).toMatch(/monitoringLineFen: 830000 → 950000/);
    await under.scrollIntoViewIfNeeded();
    await shot(page, 'replay');
  });

  test('the county admin replays the household’s four categories on its page under the new set', async () => {
    const { householdId } = (await server.app.as('xushui').monitoring.cases.get({ id: caseId })).case;
    await page.goto(`${server.url}/registry/households/${householdId}`);
    const panel = page.getByTestId('slot-household.detail').getByTestId('panel-monitoring');
    const evaluation = panel.getByTestId('household-evaluation');
    await evaluation.getByText('按现行参数（hebei-2025.1）研判').waitFor();
    await chooseVersion(evaluation.getByTestId('household-evaluate-under'), NEW_VERSION);
    const result = evaluation.locator('[data-testid="replay-result"][data-changed="true"]');
    await result.waitFor();
    expect(await result.innerText()).toMatch(/认定结果随之变化/);
    expect(await result.innerText()).toMatch(/monitoringLineFen: 830000 → 950000/);
    await evaluation.scrollIntoViewIfNeeded();
    await shot(page, 'replay-household');
  });

  test('an elimination check, a payment decision and the industry-share test each replay under the new set', async () => {
    const { app } = server;
    for (const id of ['projects', 'funds']) await app.enable('130609', id);
    // The case's household, put under monitoring (the notice periods cannot pass inside a spec) with a measure carried out.
    const { householdId } = (await app.as('xushui').monitoring.cases.get({ id: caseId })).case;
    await app.db.update(cases).set({ step: 'included', completedOn: '2025-01-02', objectType: 'unstable-poverty-exited' }).where(eq(cases.id, caseId));
    await app.db.insert(objects).values({
      countyCode: '130609',
      villageCode: VILLAGE,
      householdId,
      caseId,
      objectType: 'unstable-poverty-exited',
      status: 'monitored',
      includedOn: '2025-01-02',
      createdAt: new Date(),
    });
    await app.as('juwei').monitoring.measures.add({ householdId, kind: 'employment', responsibleUnit: '区人社局', startOn: '2025-02-01', status: 'completed' });

    await page.goto(`${server.url}/monitoring/eliminations`);
    await page
      .getByRole('button', { name: /检查条件|检查并申请消除/ })
      .first()
      .click();
    const drawer = page.locator('.ant-drawer');
    await drawer.locator('input[type="date"]').fill('2025-03-01');
    // Nothing is pre-ticked (issue 23): the cadre ticks 三保障 and 饮水安全 after verifying them.
    await drawer.getByRole('checkbox', { name: /三保障/ }).check();
    await drawer.getByRole('checkbox', { name: /饮水安全/ }).check();
    await drawer.getByRole('button', { name: /检查条件/ }).click();
    await drawer.getByText('参数版本 hebei-2025.1').waitFor();
    await chooseVersion(drawer.getByTestId('elimination-evaluate-under'), NEW_VERSION);
    const elimination = drawer.getByTestId('replay-result');
    await elimination.waitFor();
    expect(await elimination.innerText()).toMatch(/hebei-2025\.1[\s\S]*hebei-2027\.1/);
    expect(await elimination.innerText()).toMatch(/monitoringLineFen: 830000 → 950000/);
    await shot(page, 'replay-elimination');
    await page.keyboard.press('Escape');

    // A started project with linkage funds allocated, walked there by the procedures.
    const county = app.as('xushui');
    const project = await county.projects.submit({ villageCode: VILLAGE, title: '巨威社区大棚（合成）', category: 'industry', budgetFen: 1_000_000 });
    const past = (kind: 'village-publicity' | 'township-publicity' | 'county-publicity' | 'county-announcement') =>
      county.projects.notices.publish({ projectId: project.id, kind, startDate: '2026-02-01', endDate: '2026-02-10', content: `合成公示 ${kind}` });
    await past('village-publicity');
    await county.projects.review({ id: project.id, decision: 'pass' });
    await past('township-publicity');
    await county.projects.approve({ id: project.id, decision: 'pass' });
    await past('county-publicity');
    await past('county-announcement');
    await county.projects.tender({ id: project.id, winningBidder: '合成建设公司' });
    await county.projects.start({ id: project.id });
    const batch = await county.funds.batches.create({
      year: new Date().getUTCFullYear(),
      level: 'central',
      documentNumber: '冀财农〔2026〕合成1号',
      documentDate: `${new Date().getUTCFullYear()}-01-05`,
      amountFen: 2_000_000,
      idempotencyKey: 'parameters-e2e-batch',
    });
    await county.funds.allocations.create({
      batchId: batch.id,
      use: 'industry',
      purpose: '巨威社区大棚',
      amountFen: 1_000_000,
      projectId: project.id,
      projectTitle: '巨威社区大棚（合成）',
      idempotencyKey: 'parameters-e2e-allocation',
    });

    await page.goto(`${server.url}/projects/${project.id}`);
    const amount = page.locator('input[data-testid="payment-amount"], [data-testid="payment-amount"] input').first();
    await amount.fill('3000');
    await page.getByTestId('payment-preview').click();
    await page.locator('[data-testid="payment-decision"]').waitFor();
    await chooseVersion(page.getByTestId('payment-evaluate-under'), NEW_VERSION);
    const payment = page.getByTestId('payment-evaluate-under').getByTestId('replay-result');
    await payment.waitFor();
    expect(await payment.innerText()).toMatch(/hebei-2025\.1[\s\S]*可以拨付[\s\S]*hebei-2027\.1[\s\S]*可以拨付/);
    await payment.scrollIntoViewIfNeeded();
    await shot(page, 'replay-payment');

    await page.goto(`${server.url}/funds`);
    await chooseVersion(page.getByTestId('share-evaluate-under'), NEW_VERSION);
    const share = page.getByTestId('share-evaluate-under').getByTestId('replay-result');
    await share.waitFor();
    expect(await share.innerText()).toMatch(/本区划合计[\s\S]*达标/);
    expect(await share.innerText()).toMatch(/monitoringLineFen: 830000 → 950000/);
    await share.scrollIntoViewIfNeeded();
    await shot(page, 'replay-industry-share');
  });

  test('no uncaught errors in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
