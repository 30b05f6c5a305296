import { randomUUID } from 'node:crypto';
import { quietVisit, syntheticJpeg, visitHousehold } from '../../../plugins/visits/src/testing.ts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, screenshotSeries } from './support/browser.ts';
import { ensureE2EBuild, startE2EServer } from './support/server.ts';
import { signIn } from './support/session.ts';

/**
 * 每月入户走访 end to end on a phone (390 × 844): the village cadre of 巨威社区 opens their round,
 * picks a household visited last month, confirms every section "unchanged" with one tap each,
 * submits, and sees the visit counted in the month's compliance.
 * Screenshots: artifacts/e2e/visits-*.png (referenced by docs/user-guide/visits.md).
 */
const VILLAGE = '130609100002';
const ADDRESS = '走访街777号';
const PHONE = { width: 390, height: 844 };

const shot = screenshotSeries('visits');

describe('visits: a village cadre records a monthly visit on a phone', () => {
  let server: Awaited<ReturnType<typeof startE2EServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let householdId = 0;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureE2EBuild();
    [server, browser] = await Promise.all([startE2EServer(), launchChromium()]);
    const { app } = server;
    for (const id of ['registry', 'visits']) await app.enable('130609', id);
    // Registered 40 days ago and visited then (last month), so this month's form opens pre-filled.
    const now = app.clock.now();
    app.clock.set(new Date(now.getTime() - 40 * 86_400_000).toISOString());
    const created = await app.as('xushui').registry.households.create(visitHousehold(VILLAGE, 777));
    householdId = created.household.id;
    const memberIds = created.members.map((member) => member.id);
    await app.as('juwei').visits.record({
      ...quietVisit(householdId, memberIds, app.clock.now().toISOString(), randomUUID()),
      visitors: ['巨威社区村干部'],
      policyNotes: '低保、医保按时到位',
    });
    app.clock.set(now.toISOString());
    context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${error.message}\n${error.stack ?? ''}`));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  test('the round lists the household as due, with last month’s visit', async () => {
    await signIn(page, server.url, 'juwei');
    await page.goto(`${server.url}/visits`);
    const row = page.getByTestId('round-household').filter({ hasText: ADDRESS });
    await row.waitFor();
    expect(await row.innerText()).toContain('待走访');
    await shot(page, 'round');
  });

  test('one tap per section confirms "unchanged"; the visit is recorded', async () => {
    await page.getByTestId('round-household').filter({ hasText: ADDRESS }).click();
    await page.getByTestId('visit-form').waitFor();
    expect(await page.getByTestId('person-met').inputValue()).toBe('陈立新');
    for (const section of ['money', 'work', 'checklist', 'policy']) {
      await page.getByTestId(`confirm-${section}`).click();
      await page.getByTestId(`unchanged-${section}`).waitFor();
    }
    await shot(page, 'form-unchanged');
    // A photo from the phone: a text file named .jpg is refused with the server's message; a JPEG is taken.
    await page.getByTestId('photo-input').setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('不是照片', 'utf8') });
    await page.getByRole('alert').filter({ hasText: '内容不是JPEG 照片' }).waitFor();
    await page.getByTestId('photo-input').setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: syntheticJpeg(5) });
    await page.getByTestId('photo-item').waitFor();
    await page.getByTestId('submit-visit').click();
    await page.getByTestId('visit-result').getByText('走访已记录').waitFor();
    await shot(page, 'recorded');
    const visits = await server.app.as('xushui').visits.list({ householdId });
    expect(visits).toHaveLength(2);
    expect(visits[0]).toMatchObject({ recordedBy: 'juwei', personMet: '陈立新', recordedOffline: false });
    expect(visits[0]?.formSeconds).toBeGreaterThanOrEqual(0);
    expect(visits[0]?.photoIds).toHaveLength(1);
    const photo = await server.app.as('xushui').visits.photo({ visitId: visits[0]?.id ?? 0, uploadId: visits[0]?.photoIds[0] ?? '' });
    expect(photo.type).toBe('jpeg');
  });

  test('the month’s compliance counts it', async () => {
    await page.goto(`${server.url}/visits/compliance`);
    await page.getByTestId('compliance-done').getByText('1', { exact: true }).waitFor();
    await shot(page, 'compliance');
    expect(pageErrors).toEqual([]);
  });
});
