/** Signing in and out through the admin app's own pages, shared by the e2e specs. */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { PASSWORD } from './server.ts';

export const pathOf = (page: Page): string => new URL(page.url()).pathname;

/** Signs in on the login page and waits for the shell; says what the page showed if it stayed. */
export async function signIn(page: Page, baseUrl: string, username: string, password = PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect
    .poll(() => pathOf(page), { timeout: 15_000 })
    .not.toBe('/login')
    .catch(async (error: unknown) => {
      throw new Error(`sign-in as ${username} stayed on /login: ${await page.evaluate(() => document.body.innerText)}`, { cause: error });
    });
  await page.getByTestId('welcome').waitFor();
}

/**
 * Signs out from the user menu. On a loaded machine the click can land while the dropdown is still
 * opening and do nothing: open the menu and click again until the login page shows (short timeouts:
 * by then the shell may be gone because the previous click did sign out).
 */
export async function signOut(page: Page): Promise<void> {
  for (let attempt = 0; attempt < 3 && pathOf(page) !== '/login'; attempt += 1) {
    await page
      .getByTestId('user-menu')
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await page
      .locator('.ant-dropdown-menu-item')
      .filter({ hasText: /退出登录|Sign out/ })
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await page.waitForURL((url) => url.pathname === '/login', { timeout: 10_000 }).catch(() => undefined);
  }
  await expect.poll(() => pathOf(page)).toBe('/login');
}

/**
 * Picks `text` in an antd Select opened by clicking `trigger`, and waits for its list to close. A
 * click that lands while the list is still sliding in selects nothing and leaves the list over the
 * page (seen under CI load), so the pick is tried again, up to three times.
 */
export async function pickOption(page: Page, trigger: Locator, text: string | RegExp): Promise<void> {
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  for (let attempt = 1; ; attempt += 1) {
    if ((await open.count()) === 0) await trigger.click();
    const option = open.last().locator('.ant-select-item-option').filter({ hasText: text }).first();
    await option.click();
    try {
      await open.last().waitFor({ state: 'hidden', timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}
