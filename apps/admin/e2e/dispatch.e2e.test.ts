import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readExportSheet } from '../../../plugins/dispatch/src/testing.ts';
import { lowIncomeHousehold } from '../../../plugins/monitoring/src/testing.ts';
import { launchChromium, screenshotSeries } from './support/browser.ts';
import { hashPassword } from '@zhenxing/core';
import { ensureE2EBuild, PASSWORD, startE2EServer } from './support/server.ts';
import { signIn } from './support/session.ts';

/**
 * 监测调度 end to end (issue 16): the province issues a weekly epidemic-impact call to Xushui with a
 * field pre-filled from monitoring's by-cause indicator; Xushui opens the form with the platform's
 * figure, corrects it with a reason and submits; the province returns it with a comment; Xushui sees
 * the notice and resubmits; the province accepts (the answer is sealed with its hash) and exports the
 * period as xlsx. Jingxiu, not asked, does not see the call. The call asks for township sub-reports
 * (乡镇分报): 安肃镇 files its own, and Xushui's form opens with the townships' sum and names the
 * township that has not reported. The pages name regions (徐水区, 河北省), never a bare region code.
 * Screenshots: artifacts/e2e/dispatch-*.png (referenced by docs/user-guide/dispatch.md).
 */
const shot = screenshotSeries('dispatch');

/** A bare 6-, 9- or 12-digit region code standing on its own in a page's text. */
const BARE_REGION_CODE = /(?<!\d)(\d{6}|\d{9}|\d{12})(?!\d)/;

/** Today's date in Asia/Shanghai, shifted by whole days. */
function shanghaiDay(offsetDays: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

describe('dispatch: a data call from the province to a county and back', () => {
  let server: Awaited<ReturnType<typeof startE2EServer>>;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let callId = 0;
  let periodId = 0;
  const pageErrors: string[] = [];

  async function as(username: string) {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${error.message}\n${error.stack ?? ''}`));
    await signIn(page, server.url, username);
  }
  const formUrl = () => `${server.url}/dispatch/calls/${callId}/periods/${periodId}?county=130609`;
  const status = () => page.getByTestId('dispatch-status').innerText();

  beforeAll(async () => {
    ensureE2EBuild();
    [server, browser] = await Promise.all([startE2EServer(), launchChromium()]);
    const { app } = server;
    for (const county of ['130609', '130602']) for (const id of ['registry', 'monitoring', 'dispatch']) await app.enable(county, id);
    // 安肃镇's township officer files the township's sub-report.
    await app.addUser({ username: 'ansu', displayName: '安肃镇干部', role: 'township_officer', scopeCode: '130609100' }, await hashPassword(PASSWORD));
    // One Xushui household at risk because of the epidemic (synthetic), recorded 20 days ago, before
    // the first period's end: the platform's period-end figure is 1 (a case recorded today would not count).
    const today = app.clock.now();
    app.clock.set(new Date(today.getTime() - 20 * 86_400_000));
    const created = await app.as('xushui').registry.households.create(lowIncomeHousehold('130609100002', 611));
    await app.as('xushui').monitoring.signals.report({
      householdId: created.household.id,
      source: 'cadre-screening',
      summary: '疫情导致务工收入骤减（合成）',
      riskTypes: ['epidemic'],
    });
    app.clock.set(today);
  }, 600_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  test('the province issues a weekly call with a field pre-filled from an indicator', async () => {
    await as('province');
    await page.goto(`${server.url}/dispatch`);
    await page.getByTestId('dispatch-calls').waitFor();
    await page.getByTestId('dispatch-toggle-create').click();
    const form = page.getByTestId('dispatch-create');
    await form.getByPlaceholder('如：疫情影响监测调度').fill('疫情影响监测调度（周报）');
    await form.getByPlaceholder('2022-03-21').fill(shanghaiDay(-14));
    await form.getByPlaceholder('130609, 130602').fill('130609');
    const first = form.getByTestId('dispatch-field-row').first();
    await first.getByPlaceholder('代码 households').fill('epidemicHouseholds');
    await first.getByPlaceholder('名称').fill('因疫情风险户数');
    await first.locator('.ant-select').nth(1).click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'monitoring.included-by-cause-epidemic' }).click();
    await page.getByTestId('dispatch-add-field').click();
    const second = form.getByTestId('dispatch-field-row').nth(1);
    await second.getByPlaceholder('代码 households').fill('stuckWorkers');
    await second.getByPlaceholder('名称').fill('滞留务工人数');
    await second.getByRole('checkbox').check();
    await page.getByTestId('dispatch-township-reports').check();
    await shot(page, 'create');
    await page.getByTestId('dispatch-create-submit').click();
    await page.getByTestId('dispatch-call').waitFor();
    await expect.poll(() => page.locator('h1').innerText()).toContain('疫情影响监测调度（周报）');
    const calls = await server.app.as('province').dispatch.calls.list({});
    callId = calls[0]?.id as number;
    const detail = await server.app.as('province').dispatch.calls.get({ callId });
    periodId = detail.periods[0]?.id as number;
    expect(detail.counties).toEqual(['130609']);
    expect(detail.call.townshipReports).toBe(true);
    // The list of calls names the issuing region, not its code.
    await page.goto(`${server.url}/dispatch`);
    const list = page.getByTestId('dispatch-calls');
    await expect.poll(() => list.innerText()).toContain('河北省');
    expect(await list.innerText()).not.toMatch(BARE_REGION_CODE);
  });

  test('安肃镇 files its own township sub-report', async () => {
    await as('ansu');
    await page.goto(`${server.url}/dispatch/calls/${callId}`);
    await page.getByTestId('dispatch-open-township').waitFor();
    await page.goto(`${server.url}/dispatch/calls/${callId}/periods/${periodId}/townships/130609100`);
    await page.getByTestId('dispatch-township').waitFor();
    await expect.poll(() => page.locator('h1').innerText()).toContain('安肃镇');
    await page.getByTestId('dispatch-township-stuckWorkers').fill('30');
    await shot(page, 'township');
    await page.getByTestId('dispatch-township-submit').click();
    await expect.poll(() => page.getByTestId('dispatch-township-status').innerText()).toBe('已报送');
  });

  test('Jingxiu, not asked, does not see the call', async () => {
    await as('jingxiu');
    await page.goto(`${server.url}/dispatch`);
    await page.getByTestId('dispatch-calls').waitFor();
    await page.waitForTimeout(500);
    expect(await page.getByTestId('dispatch-calls').innerText()).not.toContain('疫情影响监测调度（周报）');
  });

  test('Xushui opens the form with the platform’s figure, corrects it with a reason and submits', async () => {
    await as('xushui');
    await page.goto(formUrl());
    const field = page.getByTestId('dispatch-field-epidemicHouseholds');
    await field.waitFor();
    expect(await field.innerText()).toContain('平台数 1');
    expect(await field.innerText()).toContain('期末数');
    // The township sum pre-fills the unmapped field; the township that has not reported is named.
    expect(await page.getByTestId('dispatch-field-stuckWorkers').innerText()).toContain('乡镇合计 30');
    expect(await page.getByTestId('dispatch-townships-missing').innerText()).toContain('崔庄镇');
    const townships = await page.getByTestId('dispatch-townships').innerText();
    expect(townships).toContain('安肃镇');
    expect(townships).not.toMatch(BARE_REGION_CODE);
    expect(await page.getByTestId('dispatch-form').innerText()).toContain('徐水区');
    await field.getByRole('spinbutton').fill('2');
    await field.getByRole('spinbutton').press('Tab');
    await page.getByTestId('dispatch-reason-epidemicHouseholds').fill('另有一户疫情致困家庭尚在核实，未录入平台');
    expect(await page.getByTestId('dispatch-field-stuckWorkers').getByRole('spinbutton').inputValue()).toBe('30');
    await shot(page, 'county-form');
    await page.getByTestId('dispatch-submit').click();
    await expect.poll(status).toBe('已报送');
    const saved = await server.app.as('province').dispatch.submissions.form({ regionCode: '130609', periodId });
    expect(saved).toMatchObject({
      values: { epidemicHouseholds: 2, stuckWorkers: 30 },
      prefilled: { epidemicHouseholds: { value: 1, periodEnd: true }, stuckWorkers: { source: 'townships', value: 30 } },
    });
    expect(saved.corrections.epidemicHouseholds).toContain('尚在核实');
  });

  test('the province returns it with a comment; Xushui sees the notice and resubmits', async () => {
    await as('province');
    await page.goto(formUrl());
    await page.getByTestId('dispatch-comment').waitFor();
    await page.getByTestId('dispatch-comment').fill('滞留务工人数与人社口径不一致，请核实');
    await page.getByTestId('dispatch-return').click();
    await expect.poll(status).toBe('已退回');

    await as('xushui');
    await page.goto(`${server.url}/dispatch`);
    const notices = page.getByTestId('dispatch-notices');
    await notices.waitFor();
    expect(await notices.innerText()).toContain('滞留务工人数与人社口径不一致');
    await shot(page, 'notice');
    await page.goto(formUrl());
    await page.getByTestId('dispatch-returned').waitFor();
    await page.getByTestId('dispatch-field-stuckWorkers').getByRole('spinbutton').fill('28');
    // 28 differs from the townships' sum (30): a reason is required, as for a platform figure.
    await page.getByTestId('dispatch-reason-stuckWorkers').fill('按人社口径核减 2 人');
    await page.getByTestId('dispatch-submit').click();
    await expect.poll(status).toBe('已报送');
  });

  test('the province accepts (sealed, with its hash) and exports the period as xlsx', async () => {
    await as('province');
    await page.goto(formUrl());
    await page.getByTestId('dispatch-accept').waitFor();
    await page.getByTestId('dispatch-accept').click();
    await expect.poll(status).toBe('已采纳（封存）');
    expect(await page.getByTestId('dispatch-seal').innerText()).toMatch(/sha256 [0-9a-f]{64}/);
    await shot(page, 'sealed');

    await page.goto(`${server.url}/dispatch/calls/${callId}`);
    await page.getByTestId('dispatch-late').waitFor();
    await page.getByTestId('dispatch-period').click();
    await page.locator('.ant-select-item-option').first().click();
    await expect.poll(() => page.getByTestId('dispatch-late').innerText()).toContain('已采纳');
    // Names, not codes, in the late list and the call's description.
    const lateText = await page.getByTestId('dispatch-late').innerText();
    expect(lateText).toContain('徐水区');
    expect(lateText).not.toMatch(BARE_REGION_CODE);
    expect(await page.getByTestId('dispatch-call').locator('.ant-descriptions').innerText()).toContain('河北省');
    await shot(page, 'call');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dispatch-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const path = await download.path();
    const row = (await readExportSheet(await readFile(path), '报表'))[2] ?? [];
    expect(row.slice(0, 2)).toEqual(['徐水区', '已采纳（封存）']);
    // The corrected value, the platform's figure and the reason side by side; then the resubmitted figure.
    expect(row.slice(5, 9)).toEqual([2, 1, '另有一户疫情致困家庭尚在核实，未录入平台', 28]);

    // The next period compared with this one: counties by name.
    await page.getByTestId('dispatch-period').click();
    await page.locator('.ant-select-item-option').nth(1).click();
    const compare = page.getByTestId('dispatch-compare');
    await expect.poll(() => compare.innerText()).toContain('徐水区');
    expect(await compare.innerText()).not.toMatch(BARE_REGION_CODE);
    await shot(page, 'compare');
    expect(pageErrors).toEqual([]);
  });
});
