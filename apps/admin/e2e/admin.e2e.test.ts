import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertNoRawErrors, launchChromium, shot } from './support/browser.ts';
import { hashPassword } from '@zhenxing/core';
import { ensureE2EBuild, PASSWORD, startE2EServer } from './support/server.ts';
import { pathOf, pickOption, signIn, signOut } from './support/session.ts';

/**
 * The admin app end to end, in headless Chromium against a real server and database:
 * sign-in, region switching, a county enabling and disabling a module (menu, plugin page,
 * settings with server-side field errors, "module not enabled" page), a neighbour county kept
 * out, English remembered per user, and the phone layout. Screenshots: artifacts/e2e/.
 */
/** Client-side navigation (pushState) fires no load event: poll the URL instead of waitForURL. */

describe('admin app', () => {
  let server: Awaited<ReturnType<typeof startE2EServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const menu = () => page.getByTestId('main-menu');
  const go = async (path: string) => {
    await page.goto(`${server.url}${path}`);
  };

  /** Clicks OK in the open confirmation dialog. */
  async function confirmDialog() {
    const dialog = page.locator('.ant-modal-confirm');
    await dialog.waitFor();
    await dialog.locator('.ant-modal-confirm-btns .ant-btn-primary, .ant-modal-confirm-btns .ant-btn-dangerous').last().click();
    await dialog.waitFor({ state: 'detached' });
  }

  beforeAll(async () => {
    ensureE2EBuild();
    [server, browser] = await Promise.all([startE2EServer(), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${error.message}\n${error.stack ?? ''}`));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('sign-in: a wrong password gets a human message; the right one opens the dashboard', async () => {
    await go('/');
    await expect.poll(() => pathOf(page)).toBe('/login');
    await page.locator('#username').waitFor();
    await shot(page, 'login');

    await page.locator('#username').fill('province');
    await page.locator('#password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    const alert = page.getByRole('alert').filter({ hasText: '用户名或密码错误' });
    await alert.waitFor();
    expect(await alert.getAttribute('data-reason')).toBe('invalid-credentials');
    await shot(page, 'login-wrong-password');

    await signIn(page, server.url, 'province');
    await expect.poll(() => page.getByTestId('current-region').innerText()).toBe('河北省');
    await shot(page, 'province-dashboard');
  });

  test('province admin: module matrix and policy; switching region updates the breadcrumb', async () => {
    await go('/modules');
    await page.getByRole('tab', { name: '各县启用情况' }).click();
    await page.getByTestId('module-matrix').waitFor();
    await expect.poll(() => page.getByTestId('module-matrix').innerText()).toContain('徐水区');
    await shot(page, 'province-module-matrix');
    await page.getByRole('tab', { name: '全省策略' }).click();
    await page.getByRole('tabpanel').getByText('通知公告').first().waitFor();

    await page.getByTestId('region-switcher').click();
    await page.locator('.ant-cascader-menu-item[title="保定市"]').click();
    await page.locator('.ant-cascader-menu-item[title="徐水区"]').click();
    await page.keyboard.press('Escape');
    const breadcrumb = page.getByTestId('region-breadcrumb');
    await expect.poll(() => breadcrumb.innerText()).toMatch(/河北省\s*\/\s*保定市\s*\/\s*徐水区/);
    await go('/');
    await expect.poll(() => page.getByTestId('current-region').innerText()).toBe('徐水区');
    await shot(page, 'province-region-switched');
    await signOut(page);
  });

  test('county admin enables a module: it appears in the menu and its page works', async () => {
    await signIn(page, server.url, 'xushui');
    expect(await menu().innerText()).not.toContain('通知公告');
    await go('/bulletin');
    await page.getByTestId('module-not-enabled').waitFor();

    await go('/modules');
    const card = page.getByTestId('module-card-bulletin');
    await card.waitFor();
    await page.getByTestId('module-switch-bulletin').click();
    await confirmDialog();
    await menu().getByText('通知公告').waitFor();
    await shot(page, 'county-module-enabled');

    await menu().getByText('通知公告').click();
    await expect.poll(() => pathOf(page)).toBe('/bulletin');
    const plugin = page.getByTestId('bulletin-page');
    await plugin.getByText('春耕生产工作通知').waitFor();
    expect(await plugin.locator('.ant-table-row').count()).toBe(5);
    await shot(page, 'plugin-page');
  });

  test('module settings: the server’s per-field error lands on the field; a valid change takes effect', async () => {
    await go('/modules');
    await page.getByTestId('module-settings-bulletin').click();
    const form = page.getByTestId('settings-form');
    await form.waitFor();
    await form.locator('#headline').fill('测试通知');
    await page.getByTestId('settings-save').click();
    // Only the server knows this rule (a zod refine): its fieldErrors.headline shows under the field.
    const fieldError = form.locator('.ant-form-item-explain-error').filter({ hasText: '标题不能包含“测试”' });
    await fieldError.waitFor();
    await shot(page, 'settings-field-error');

    await form.locator('#headline').fill('夏粮收购工作通知');
    await form.locator('#maxItems').fill('3');
    await page.getByTestId('settings-save').click();
    await form.waitFor({ state: 'detached' });
    await go('/bulletin');
    await page.getByTestId('bulletin-page').getByText('夏粮收购工作通知').waitFor();
    expect(await page.getByTestId('bulletin-page').locator('.ant-table-row').count()).toBe(3);
  });

  test('county admin disables it: gone from the menu, and its URL says "module not enabled"', async () => {
    await go('/modules');
    await page.getByTestId('module-switch-bulletin').click();
    await confirmDialog();
    await expect.poll(() => menu().innerText()).not.toContain('通知公告');
    await go('/bulletin');
    const notEnabled = page.getByTestId('module-not-enabled');
    await notEnabled.waitFor();
    expect(await notEnabled.innerText()).toContain('模块未启用');
    expect(await notEnabled.innerText()).toContain('徐水区');
    await shot(page, 'module-not-enabled');

    // Enable it again for the next story: a neighbour must still not reach it.
    await go('/modules');
    await page.getByTestId('module-switch-bulletin').click();
    await confirmDialog();
    await menu().getByText('通知公告').waitFor();
  });

  test('users: creating a user shows its one-time password once; the audit log records it all', async () => {
    await go('/users');
    await page.getByTestId('user-create').click();
    const form = page.getByTestId('user-form');
    await form.locator('#username').fill('anshu-officer');
    await form.locator('#displayName').fill('安肃镇干部');
    await pickOption(page, form.locator('#role'), '乡镇干部');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    // The scope must be a township for this role: the server's field error shows on the region.
    await form.locator('.ant-form-item-explain-error').filter({ hasText: '区划级别与角色不符' }).waitFor();
    await form.locator('.ant-cascader').click();
    await page.locator('.ant-cascader-menu-item[title="安肃镇"]').click();
    await page.keyboard.press('Escape');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    const password = page.getByTestId('one-time-password');
    await password.waitFor();
    expect((await password.innerText()).length).toBeGreaterThanOrEqual(10);
    await shot(page, 'user-one-time-password');
    await page.getByRole('button', { name: /我已记下/ }).click();
    await password.waitFor({ state: 'detached' });
    await page.locator('.ant-table-row').filter({ hasText: 'anshu-officer' }).waitFor();

    await go('/audit');
    await page.locator('.ant-table-row').filter({ hasText: 'module.enable' }).first().waitFor();
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-verify-result').filter({ hasText: '校验通过' }).waitFor();
    await shot(page, 'audit-log');
    await signOut(page);
  });

  test('a county admin of another county cannot reach the module', async () => {
    await signIn(page, server.url, 'jingxiu');
    expect(await menu().innerText()).not.toContain('通知公告');
    await go('/bulletin');
    await page.getByTestId('module-not-enabled').waitFor();
    expect(await page.getByTestId('module-not-enabled').innerText()).toContain('竞秀区');

    // The region switcher offers only their own county…
    await page.getByTestId('region-switcher').click();
    const options = await page.locator('.ant-cascader-menu').first().locator('.ant-cascader-menu-item').allInnerTexts();
    expect(options).toEqual(['竞秀区']);
    await page.keyboard.press('Escape');
    // …and the API refuses Xushui's data outright, with a localized reason.
    const refused = await page.evaluate(async () => {
      const input = encodeURIComponent(JSON.stringify({ regionCode: '130609' }));
      const response = await fetch(`/trpc/bulletin.list?input=${input}`, { headers: { 'x-zx-client': '1' } });
      return { status: response.status, body: (await response.json()) as { error: { data: { reason: string; localized: Record<string, string> } } } };
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.data.reason).toBe('out-of-scope');
    expect(refused.body.error.data.localized['zh-CN']).toContain('不在您的管辖范围内');
    await shot(page, 'other-county-not-enabled');
  });

  test('switching to English is remembered for the user', async () => {
    await page.getByTestId('locale-switch').click();
    await menu().getByText('Dashboard').waitFor();
    await page.reload();
    await menu().getByText('Dashboard').waitFor();
    await go('/bulletin');
    await page.getByTestId('module-not-enabled').getByText('Module not enabled').waitFor();
    await go('/');
    await page.getByText('The modules enabled here publish no indicators yet.').waitFor();
    await shot(page, 'english');
    await signOut(page);
    // A fresh browser (no local storage) still gets English after signing in: it is stored on the user.
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const other = await fresh.newPage();
    await signIn(other, server.url, 'jingxiu');
    await other.getByTestId('main-menu').getByText('Dashboard').waitFor();
    await fresh.close();
  });

  test('phone layout (390 px): a village cadre opens the menu drawer and the module page', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const mobile = await phone.newPage();
    mobile.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(mobile, server.url, 'juwei');
    // A village cadre's home leads with their to-dos; the region's figures are folded below them.
    // Xushui enabled the notices module, so its indicator is among those figures.
    await mobile.getByTestId('figures-folded').getByText('本区划统计').click();
    await mobile.getByTestId('indicator-bulletin.notices').waitFor();
    await shot(mobile, 'phone-dashboard');
    const width = await mobile.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await mobile.getByTestId('menu-toggle').click();
    await mobile.getByTestId('main-menu').getByText('通知公告').waitFor();
    await shot(mobile, 'phone-menu');
    await mobile.getByTestId('main-menu').getByText('通知公告').click();
    await mobile.getByTestId('bulletin-page').getByText('夏粮收购工作通知').waitFor();
    await assertNoRawErrors(mobile);
    await shot(mobile, 'phone-module-page');
    await phone.close();
  });

  test('lockout notice: after wrong passwords locked the account, the holder is told at the next sign-in', async () => {
    await server.app.addUser({ username: 'guessed', role: 'county_admin', scopeCode: '130609' }, await hashPassword(PASSWORD));
    const fresh = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const guessed = await fresh.newPage();
    guessed.on('pageerror', (error) => pageErrors.push(error.message));
    await guessed.goto(`${server.url}/login`);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await guessed.locator('#username').fill('guessed');
      await guessed.locator('#password').fill(`wrong-${attempt}`);
      await guessed.getByTestId('login-submit').click();
      await guessed.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    }
    // The lock lasts a minute; the holder comes back after it.
    server.app.clock.advance(61_000);
    await signIn(guessed, server.url, 'guessed');
    const notice = guessed.locator('.ant-notification-notice').filter({ hasText: '账户安全提示' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain('连续 5 次密码错误');
    await shot(guessed, 'lockout-notice');
    await fresh.close();
  });

  test('no uncaught errors in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
