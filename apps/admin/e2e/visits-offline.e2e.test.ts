import { randomUUID } from 'node:crypto';
import { hashPassword } from '@zhenxing/core';
import { and, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { visits as visitsTable } from '../../../plugins/visits/src/server/schema.ts';
import { quietVisit, syntheticJpeg, visitHousehold } from '../../../plugins/visits/src/testing.ts';
import { assertNoRawErrors, launchChromium, shot } from './support/browser.ts';
import { ensureE2EBuild, startE2EServer } from './support/server.ts';
import { signIn } from './support/session.ts';

/**
 * 每月入户走访 without network, on a 390 × 844 phone: the village cadre demo-juwei (the demo
 * account of apps/server/src/bootstrap.ts) opens the round once online (saved for offline reading),
 * loses the network, reloads, opens a household from the saved round, records the visit (it goes
 * into the outbox with its client id), reloads again offline (the visit is still waiting), comes
 * back online, and the visit is on the server exactly once, marked as recorded offline. A second
 * visit, recorded offline while another cadre visits the same household online, comes back as a
 * conflict that stays on the round with its reason until the cadre discards it.
 * Screenshots: artifacts/e2e/NN-visits-offline-*.png (docs/user-guide/visits.md).
 */
const DEMO_PASSWORD = 'Zhenxing-Demo-2026';
const VILLAGE = '130609100002';
const QUIET_ADDRESS = '走访街881号';
const CONFLICT_ADDRESS = '走访街882号';

describe('visits offline: recorded without network, uploaded once when it returns', () => {
  let server: Awaited<ReturnType<typeof startE2EServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const households = new Map<string, { id: number; memberIds: number[] }>();
  const pageErrors: string[] = [];

  const serverVisits = (householdId: number) =>
    server.app.db
      .select({
        clientId: visitsTable.clientId,
        recordedBy: visitsTable.recordedBy,
        recordedOffline: visitsTable.recordedOffline,
        photoIds: visitsTable.photoIds,
      })
      .from(visitsTable)
      .where(and(eq(visitsTable.householdId, householdId), eq(visitsTable.recordedBy, 'demo-juwei')));

  beforeAll(async () => {
    ensureE2EBuild();
    [server, browser] = await Promise.all([startE2EServer(), launchChromium()]);
    const { app } = server;
    await app.addUser(
      { username: 'demo-juwei', displayName: '演示·巨威社区村干部', role: 'village_cadre', scopeCode: VILLAGE },
      await hashPassword(DEMO_PASSWORD),
    );
    for (const id of ['registry', 'visits']) await app.enable('130609', id);
    // Registered and visited 40 days ago (last month), so this month's form opens pre-filled.
    const now = app.clock.now();
    app.clock.set(new Date(now.getTime() - 40 * 86_400_000).toISOString());
    for (const [address, sequence] of [
      [QUIET_ADDRESS, 881],
      [CONFLICT_ADDRESS, 882],
    ] as const) {
      const created = await app.as('xushui').registry.households.create(visitHousehold(VILLAGE, sequence));
      const memberIds = created.members.map((member) => member.id);
      households.set(address, { id: created.household.id, memberIds });
      await app.as('juwei').visits.record(quietVisit(created.household.id, memberIds, app.clock.now().toISOString(), randomUUID()));
    }
    app.clock.set(now.toISOString());
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${error.message}\n${error.stack ?? ''}`));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const roundRow = (address: string) => page.getByTestId('round-household').filter({ hasText: address });
  const outboxItems = () => page.getByTestId('visit-outbox-item');

  /** Opens a household from the round and confirms every section unchanged, then submits. */
  async function recordUnchanged(address: string, beforeSubmit?: () => Promise<void>): Promise<void> {
    await roundRow(address).click();
    await page.getByTestId('visit-form').waitFor();
    for (const section of ['money', 'work', 'checklist', 'policy']) {
      await page.getByTestId(`confirm-${section}`).click();
      await page.getByTestId(`unchanged-${section}`).waitFor();
    }
    await beforeSubmit?.();
    await page.getByTestId('submit-visit').click();
  }

  /** Offline photos: a text file named .jpg and a picture above 5 MB are refused on the device; a JPEG is kept with the visit. */
  async function attachPhotosOffline(): Promise<void> {
    const input = page.getByTestId('photo-input');
    await input.setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('不是照片', 'utf8') });
    expect(await page.getByTestId('photo-refused').innerText()).toContain('这不是 JPEG、PNG 或 WebP 图片');
    const oversized = Buffer.concat([syntheticJpeg(5), Buffer.alloc(5 * 1024 * 1024)]);
    await input.setInputFiles({ name: '太大.jpg', mimeType: 'image/jpeg', buffer: oversized });
    await expect.poll(() => page.getByTestId('photo-refused').innerText()).toContain('照片超过 5 MB');
    await input.setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: syntheticJpeg(5) });
    await page.getByTestId('photo-item').waitFor();
    expect(await page.getByTestId('photo-item').count()).toBe(1);
    expect(await page.getByTestId('photo-item').getAttribute('data-offline')).toBe('true');
    expect(await page.getByTestId('photo-refused').count()).toBe(0);
  }

  test('online: the worker controls the page and the round is saved for offline reading', async () => {
    await signIn(page, server.url, 'demo-juwei', DEMO_PASSWORD);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null), { timeout: 60_000 }).toBe(`${server.url}/sw.js`);
    await page.goto(`${server.url}/visits`);
    await roundRow(QUIET_ADDRESS).waitFor();
    await roundRow(CONFLICT_ADDRESS).waitFor();
    expect(await outboxItems().count()).toBe(0);
  });

  test('offline: a reload opens the saved round; the visit is kept on the device, waiting', async () => {
    await context.setOffline(true);
    await page.reload();
    await roundRow(QUIET_ADDRESS).waitFor();
    await recordUnchanged(QUIET_ADDRESS, attachPhotosOffline);
    const queued = page.getByTestId('visit-queued');
    await queued.waitFor();
    expect(await queued.getAttribute('data-state')).toBe('pending');
    expect(await queued.innerText()).toContain('没有网络');
    await expect.poll(() => page.getByTestId('sync-status').getAttribute('data-waiting')).toBe('1');
    await shot(page, 'visits-offline-saved');
    expect(await serverVisits(households.get(QUIET_ADDRESS)?.id ?? 0)).toEqual([]);
  });

  test('another offline reload: the visit is still waiting, with the same client id, shown on the round', async () => {
    const clientId = await page.getByTestId('visit-queued').getAttribute('data-client-id');
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    await page.reload();
    await roundRow(QUIET_ADDRESS).waitFor();
    await expect.poll(() => outboxItems().count()).toBe(1);
    expect(await outboxItems().first().getAttribute('data-client-id')).toBe(clientId);
    expect(await outboxItems().first().getAttribute('data-state')).toBe('pending');
    expect(await roundRow(QUIET_ADDRESS).innerText()).toContain('已保存待上传');
    await shot(page, 'visits-offline-round');
  });

  test('back online: the visit reaches the server exactly once, as recorded offline, and leaves the outbox', async () => {
    const clientId = await outboxItems().first().getAttribute('data-client-id');
    await context.setOffline(false);
    await expect.poll(() => outboxItems().count(), { timeout: 20_000 }).toBe(0);
    const householdId = households.get(QUIET_ADDRESS)?.id ?? 0;
    const [synced] = await serverVisits(householdId);
    expect(synced).toMatchObject({ clientId, recordedBy: 'demo-juwei', recordedOffline: true });
    // The photo taken offline went up through the upload store before the visit, and is the visit's.
    expect(synced?.photoIds).toHaveLength(1);
    const [recorded] = await server.app.as('xushui').visits.list({ householdId });
    const photo = await server.app.as('xushui').visits.photo({ visitId: recorded?.id ?? 0, uploadId: synced?.photoIds[0] ?? '' });
    expect(photo.type).toBe('jpeg');
    // Nothing is sent twice: not after a reload either (the app start replays what is left).
    await page.reload();
    await roundRow(QUIET_ADDRESS).waitFor();
    await page.waitForTimeout(1_000);
    expect(await serverVisits(householdId)).toHaveLength(1);
    // Through the API too: two visits of the household (last month's and this one).
    expect(await server.app.as('xushui').visits.list({ householdId })).toHaveLength(2);
    expect(await roundRow(QUIET_ADDRESS).innerText()).toContain('本月已走访');
  });

  test('a visit recorded offline while someone else visited the household comes back as a conflict and stays until discarded', async () => {
    await context.setOffline(true);
    await page.reload();
    await roundRow(CONFLICT_ADDRESS).waitFor();
    await recordUnchanged(CONFLICT_ADDRESS);
    await page.getByTestId('visit-queued').waitFor();
    // Meanwhile another cadre of the village records a visit of the same household online.
    const target = households.get(CONFLICT_ADDRESS) ?? { id: 0, memberIds: [] };
    await server.app.as('juwei').visits.record(quietVisit(target.id, target.memberIds, server.app.clock.now().toISOString(), randomUUID()));

    await context.setOffline(false);
    const refused = page.getByTestId('visit-refused');
    await refused.waitFor({ timeout: 20_000 });
    expect(await refused.getAttribute('data-state')).toBe('conflict');
    expect(await refused.innerText()).toContain('已有新的走访记录');
    await assertNoRawErrors(page);
    await shot(page, 'visits-offline-conflict');
    expect(await serverVisits(target.id)).toEqual([]);

    // Not retried on its own and not dropped: after a reload it is on the round, with its reason.
    await page.reload();
    await roundRow(CONFLICT_ADDRESS).waitFor();
    await expect.poll(() => outboxItems().count()).toBe(1);
    expect(await outboxItems().first().getAttribute('data-state')).toBe('conflict');
    await expect.poll(() => page.getByTestId('sync-status').getAttribute('data-refused')).toBe('1');

    // The cadre decides: discard it.
    await outboxItems().first().getByTestId('visit-discard').click();
    await expect.poll(() => outboxItems().count()).toBe(0);
    expect(await serverVisits(target.id)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
