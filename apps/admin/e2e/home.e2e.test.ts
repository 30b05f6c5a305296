import { addDays, shanghaiDate } from '@zhenxing/rules';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lowIncomeHousehold } from '../../../plugins/monitoring/src/testing.ts';
import { launchChromium, screenshotSeries } from './support/browser.ts';
import { ensureE2EBuild, startE2EServer } from './support/server.ts';
import { signIn, signOut } from './support/session.ts';

/**
 * Role home pages: the first screen is the signed-in person's to-do list (the core's todos.list).
 * A village cadre on a phone (390 × 844) sees their own tasks — 待核实, 即将逾期, 本月待走访 — named by
 * the household head, with a "去办理" action, and no county figures unless they open them; the
 * county admin sees the county's due-soon case and its figures.
 * Screenshots: artifacts/e2e/home-*.png.
 */
const VILLAGE = '130609100002';
const PHONE = { width: 390, height: 844 };
const shot = screenshotSeries('home');

describe('home page by role: tasks first', () => {
  let server: Awaited<ReturnType<typeof startE2EServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let caseId = 0;
  let headName = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureE2EBuild();
    [server, browser] = await Promise.all([startE2EServer(), launchChromium()]);
    const { app } = server;
    for (const id of ['registry', 'monitoring', 'visits']) await app.enable('130609', id);
    const created = await app.as('xushui').registry.households.create(lowIncomeHousehold(VILLAGE, 923));
    headName = created.members.find((member) => member.relation === 'head')?.name ?? '';
    // Discovered 12 days ago: past the warning day (D + 10), three days before the 15-day deadline.
    const detectedOn = addDays(shanghaiDate(app.clock.now()), -12);
    const reported = await app.as('juwei').monitoring.signals.report({
      householdId: created.household.id,
      source: 'cadre-screening',
      summary: '干部排查发现医疗支出大',
      riskTypes: ['illness'],
      detectedOn,
    });
    caseId = reported.caseId as number;
    await app.host.jobs.runDue();
    await app.settle();
    context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${error.message}\n${error.stack ?? ''}`));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  test('a village cadre at 390 × 844 sees their tasks above the fold, with actions, and no county figures', async () => {
    await signIn(page, server.url, 'juwei');
    const todos = page.getByTestId('home-todos');
    await todos.waitFor();
    const verify = page.getByTestId('todo-monitoring.verification');
    await verify.waitFor();
    expect(await verify.innerText()).toContain('待核实');
    expect(await verify.innerText()).toContain(`${headName}户`);
    await page.getByTestId('todo-monitoring.due-soon').waitFor();
    await page.getByTestId('todo-visits.due-this-month').waitFor();
    expect(await page.getByTestId('todo-visits.due-this-month').innerText()).toContain(`${headName}户`);
    // The first task is on the first screen, and nothing is wider than the phone.
    const box = await verify.boundingBox();
    expect(box && box.y + 40 < PHONE.height).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // Figures are folded: no indicator card is rendered until the cadre opens them.
    await page.getByTestId('figures-folded').waitFor();
    expect(await page.locator('[data-testid^="indicator-"]').count()).toBe(0);
    await shot(page, 'village-cadre-phone');

    // The quick action opens the case.
    await verify.getByTestId('todo-action').first().click();
    await page.waitForURL((url) => url.pathname === `/monitoring/cases/${caseId}`);
    await signOut(page);
  });

  test('the county admin sees the county’s due-soon case and, below it, the figures', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, server.url, 'xushui');
    const dueSoon = page.getByTestId('todo-monitoring.due-soon');
    await dueSoon.waitFor();
    expect(await dueSoon.innerText()).toContain(`${headName}户`);
    // Not the cadre's work: a county admin does not verify households.
    expect(await page.getByTestId('todo-monitoring.verification').count()).toBe(0);
    await page.locator('[data-testid^="indicator-"]').first().waitFor();
    await shot(page, 'county-admin');
    expect(pageErrors).toEqual([]);
  });
});
