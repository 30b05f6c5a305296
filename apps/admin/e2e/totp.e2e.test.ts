import { currentCode } from '@zhenxing/core';
import { securityPolicies } from '@zhenxing/db';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, shot } from './support/browser.ts';
import { ensureE2EBuild, PASSWORD, startE2EServer } from './support/server.ts';
import { pathOf, signOut } from './support/session.ts';

/**
 * Two-factor sign-in in Chromium: where the province requires it, a county admin signing in with a
 * password sees only the enrolment screen (QR code + first code), then the app; the next sign-in
 * asks for the authenticator's code after the password.
 */
describe('two-factor sign-in (TOTP)', () => {
  let server: Awaited<ReturnType<typeof startE2EServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureE2EBuild();
    [server, browser] = await Promise.all([startE2EServer(), launchChromium()]);
    // The province's security administrator turned the policy on (security.setPolicy; its own spec covers who may).
    await server.app.db.insert(securityPolicies).values({ provinceCode: '13', totpRequiredForAdmins: true });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const submitPassword = async () => {
    await page.goto(`${server.url}/login`);
    await page.locator('#username').fill('xushui');
    await page.locator('#password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
  };

  test('a county admin without an authenticator can only enrol one, then works as usual', async () => {
    await submitPassword();
    await page.getByTestId('totp-begin').click();
    await page.getByTestId('totp-qr').waitFor();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    await shot(page, 'totp-enrolment');
    await page.getByTestId('totp-code').fill(currentCode(secret, server.app.clock.now()));
    await page.getByTestId('totp-confirm').click();
    await page.getByTestId('welcome').waitFor();
    expect(pathOf(page)).not.toBe('/login');

    await page.goto(`${server.url}/profile`);
    await page.getByTestId('totp-active').waitFor();
    await signOut(page);

    // Next sign-in: the password alone is not enough; the code field appears.
    server.app.clock.advance(30_000);
    await submitPassword();
    await page.getByTestId('login-totp').waitFor();
    await shot(page, 'totp-login-code');
    await page.getByTestId('login-totp').fill(currentCode(secret, server.app.clock.now()));
    await page.getByTestId('login-submit').click();
    await page.getByTestId('welcome').waitFor();
  });
});
