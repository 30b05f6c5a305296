import { hashPassword } from '@zhenxing/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { acknowledgements } from './fixtures/bulletin-plugin.ts';
import { assertNoRawErrors, launchChromium, shot } from './support/browser.ts';
import { ensureE2EBuild, startE2EServer } from './support/server.ts';
import { signIn, signOut } from './support/session.ts';

/**
 * Offline, on a 390 px phone: the village cadre demo-juwei signs in (the demo account and password
 * of apps/server/src/bootstrap.ts), the service worker takes over, the network goes away, a reload
 * still opens the app (not Chromium's offline page) with the notices saved for offline reading;
 * a "read" acknowledgement goes into the outbox, survives another offline reload, and reaches the
 * server exactly once when the network returns.
 *
 * The visits plugin is not on this branch, so the mutation is the e2e fixture's
 * `bulletin.acknowledge` (apps/admin/e2e/fixtures): the same outbox API a plugin uses
 * (`defineOutboxKind` + `useOfflineOutbox`), against a real server that counts what it receives
 * per client id. Only the fixture is test-only; the outbox, the worker and the shell are the product.
 */
const DEMO_PASSWORD = 'Zhenxing-Demo-2026';
const VILLAGE = '130609100002';

describe('offline: the installed app and its outbox', () => {
  let server: Awaited<ReturnType<typeof startE2EServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureE2EBuild();
    [server, browser] = await Promise.all([startE2EServer(), launchChromium()]);
    await server.app.addUser(
      { username: 'demo-juwei', displayName: '演示·巨威社区村干部', role: 'village_cadre', scopeCode: VILLAGE },
      await hashPassword(DEMO_PASSWORD),
    );
    await server.app.enable('130609', 'bulletin');
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${error.message}\n${error.stack ?? ''}`));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const outboxItems = () => page.getByTestId('acknowledge-item');

  test('the app is installable: manifest, icons and a service worker that controls the page', async () => {
    await signIn(page, server.url, 'demo-juwei', DEMO_PASSWORD);
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
      return link ? ((await (await fetch(link.href)).json()) as { short_name: string; lang: string; icons: { src: string; sizes: string }[] }) : null;
    });
    expect(manifest).toMatchObject({ short_name: '振兴', lang: 'zh-CN' });
    expect(manifest?.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest?.icons ?? []) expect((await page.request.get(`${server.url}${icon.src}`)).status(), icon.src).toBe(200);

    // The worker installs (precaching the shell) and claims the page.
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null), { timeout: 60_000 }).toBe(`${server.url}/sw.js`);
  });

  test('online, the notices page saves its list for offline reading; the outbox is empty', async () => {
    await page.goto(`${server.url}/bulletin/offline`);
    await page.getByTestId('offline-notice-1').waitFor();
    expect(await outboxItems().count()).toBe(0);
    expect(await page.getByTestId('sync-status').count()).toBe(0);
  });

  test('without network a reload still opens the app, with the saved notices; a read goes into the outbox', async () => {
    await context.setOffline(true);
    await page.reload();
    // The shell (header, menu button), not Chromium's "no internet" page.
    await page.getByTestId('menu-toggle').waitFor();
    await page.getByTestId('offline-notice-1').waitFor();
    await expect.poll(() => page.getByTestId('sync-status').getAttribute('data-online')).toBe('false');

    await page.getByTestId('acknowledge-1').click();
    await expect.poll(() => outboxItems().count()).toBe(1);
    expect(await outboxItems().first().getAttribute('data-state')).toBe('pending');
    await expect.poll(() => page.getByTestId('sync-status').getAttribute('data-waiting')).toBe('1');
    await assertNoRawErrors(page);
    await shot(page, 'offline-outbox-pending');
    expect(acknowledgements.received.size).toBe(0);
  });

  test('the pending item survives another offline reload', async () => {
    const clientId = await outboxItems().first().getAttribute('data-client-id');
    await page.reload();
    await page.getByTestId('offline-notice-1').waitFor();
    await expect.poll(() => outboxItems().count()).toBe(1);
    expect(await outboxItems().first().getAttribute('data-client-id')).toBe(clientId);
    expect(await outboxItems().first().getAttribute('data-state')).toBe('pending');
    expect(acknowledgements.received.size).toBe(0);
  });

  test('back online, the item is sent exactly once, with its client id, and leaves the outbox', async () => {
    const clientId = await outboxItems().first().getAttribute('data-client-id');
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    await context.setOffline(false);
    await expect.poll(() => outboxItems().count()).toBe(0);
    expect(acknowledgements.applied.get(clientId ?? '')).toEqual({ noticeId: 1, username: 'demo-juwei' });
    await expect.poll(() => page.getByTestId('sync-status').count()).toBe(0);

    // Nothing is sent again: not later, not after a reload (the app start replays what is left).
    await page.reload();
    await page.getByTestId('offline-notice-1').waitFor();
    await page.waitForTimeout(1_000);
    expect(acknowledgements.received.get(clientId ?? '')).toBe(1);
    expect(acknowledgements.received.size).toBe(1);
  });

  test('the service worker cache holds the app shell and no API answer', async () => {
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
      }
      return urls;
    });
    expect(cached).toContain('/index.html');
    expect(cached.some((path) => path.startsWith('/assets/'))).toBe(true);
    expect(cached.filter((path) => path.startsWith('/trpc') || path.startsWith('/upload') || path.startsWith('/api'))).toEqual([]);
  });

  test('sign-out wipes the offline store: the saved notices and the session are gone from the device', async () => {
    await signOut(page);
    const stored = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const request = indexedDB.open('zhenxing-offline');
          request.onerror = () => reject(new Error('cannot open'));
          request.onsuccess = () => {
            const database = request.result;
            const transaction = database.transaction(['outbox', 'reads', 'session'], 'readonly');
            const counts = ['outbox', 'reads', 'session'].map((store) => transaction.objectStore(store).count());
            transaction.oncomplete = () => resolve(counts.reduce((sum, count) => sum + count.result, 0));
          };
        }),
    );
    expect(stored).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
