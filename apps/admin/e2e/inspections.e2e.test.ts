import { sampleHousehold } from '../../../plugins/registry/src/testing.ts';
import { evidenceJpeg } from '../../../plugins/assessment/src/testing.ts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, screenshotSeries } from './support/browser.ts';
import { ensureE2EBuild, startE2EServer } from './support/server.ts';
import { pickOption, signIn } from './support/session.ts';

/**
 * 暗访与整改 end to end (issue 17): the province records an unannounced visit of a Xushui village
 * with a household from the registry and a problem with an evidence photo, and submits it (Xushui
 * saw nothing of the draft); Xushui finds the task on its to-do list and closes it with evidence;
 * the province accepts it from its own to-do list; the dashboard shows it by region name.
 * Screenshots: artifacts/e2e/inspections-*.png (referenced by docs/user-guide/assessment.md).
 */
const VILLAGE = '130609100002';
const shot = screenshotSeries('inspections');

/** Today and a later day in Asia/Shanghai (YYYY-MM-DD). */
const shanghai = (offsetDays = 0) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + offsetDays * 86_400_000));

describe('assessment: 暗访 → 整改 → 验收 → dashboard', () => {
  let server: Awaited<ReturnType<typeof startE2EServer>>;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  let taskId = 0;

  async function as(username: string) {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${error.message}\n${error.stack ?? ''}`));
    await signIn(page, server.url, username);
  }
  const success = (text: string | RegExp) => page.locator('.ant-message').getByText(text).first().waitFor();
  const photo = (name: string, fill: number) => ({ name, mimeType: 'image/jpeg', buffer: evidenceJpeg(fill) });
  /** A real picture (a corner of the page, as PNG), so the form's thumbnail shows what a phone's photo would. */
  const picture = async (name: string) => ({ name, mimeType: 'image/png', buffer: await page.screenshot({ clip: { x: 0, y: 0, width: 240, height: 160 } }) });

  beforeAll(async () => {
    ensureE2EBuild();
    [server, browser] = await Promise.all([startE2EServer(), launchChromium()]);
    for (const county of ['130609', '130602']) for (const id of ['registry', 'assessment']) await server.app.enable(county, id);
    // One household in the village (synthetic person, head 王建国).
    await server.app.as('xushui').registry.households.create(sampleHousehold(VILLAGE, 801));
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  test('the province records an inspection with a household and a problem with an evidence photo, then submits it', async () => {
    await as('province');
    await page.goto(`${server.url}/assessment/inspections`);
    await page.getByTestId('new-inspection').click();
    const form = page.getByTestId('inspection-form');
    await form.waitFor();
    await form.getByLabel('暗访地区', { exact: true }).fill(VILLAGE);
    await expect.poll(() => page.getByTestId('target-name').innerText()).toContain('巨威社区居民委员会');
    await form.getByLabel(/暗访人员/).fill('省暗访组甲、省暗访组乙');
    await page.getByTestId('households').getByText('王建国户').click();
    await form.getByLabel('暗访情况').fill('随机入户，未提前通知县乡');
    await page.getByTestId('add-problem').click();
    await pickOption(page, page.getByTestId('problem-category-0'), '入户走访不到位');
    await form.getByLabel('问题描述 1').fill('帮扶责任人近两个月未入户走访');
    await pickOption(page, page.getByTestId('problem-household-0'), '王建国户');
    await form.getByLabel('整改期限 1').fill(shanghai(14));
    await page.getByTestId('finding-file-0').setInputFiles(photo('暗访问题.jpg', 3));
    await page.getByText('问题佐证照片（已上传 1 张）').waitFor();
    await shot(page, 'form');
    await page.getByRole('button', { name: /保存草稿/ }).click();
    await success('已保存暗访记录（草稿）');
    const [draft] = await server.app.as('province').assessment.inspections.list({});
    expect(draft).toMatchObject({ status: 'draft', targetRegionCode: VILLAGE, households: [{ headName: '王建国' }] });
    expect(draft?.tasks[0]?.evidenceUploadIds).toHaveLength(1);
    // Unannounced: Xushui sees nothing of the draft.
    expect(await server.app.as('xushui').assessment.inspections.list({})).toEqual([]);
    expect(await server.app.as('xushui').assessment.tasks.list({})).toEqual([]);
    await page.getByTestId(`submit-inspection-${draft?.id}`).click();
    await success('已提交，整改任务已下达');
    taskId = draft?.tasks[0]?.id ?? 0;
    await shot(page, 'list');
  });

  test('Xushui sees the task on its to-do list and closes it with evidence', async () => {
    await as('xushui');
    const todo = page.getByTestId('todo-assessment.rectification-due');
    await todo.waitFor();
    expect(await todo.innerText()).toContain('入户走访不到位');
    await shot(page, 'county-todos');
    await todo.getByTestId('todo-action').first().click();
    await page.waitForURL((url) => url.pathname === '/assessment/rectification');
    await page.getByTestId(`close-task-${taskId}`).click();
    const modal = page.locator('.ant-modal');
    await modal.getByLabel('整改情况').fill('已补齐走访记录并入户回访');
    await page.getByTestId('rectification-file').setInputFiles(await picture('整改佐证.png'));
    await expect.poll(() => modal.innerText(), { timeout: 15_000 }).toContain('整改佐证照片（已上传 1 张）');
    // The thumbnail shows the photo that was sent, decoded by the browser.
    const thumbnail = modal.locator('[data-testid="photo-upload-item"] img');
    await expect.poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBeGreaterThan(0);
    await shot(page, 'close');
    await modal.getByRole('button', { name: /提\s*交/ }).click();
    await success('已提交整改结果，待验收');
    const [task] = await server.app.as('xushui').assessment.tasks.list({});
    expect(task).toMatchObject({ id: taskId, status: 'submitted', rectificationUploadIds: [expect.any(String)] });
  });

  test('the province accepts it from its to-do list; the dashboard shows it by region name', async () => {
    await as('province');
    const todo = page.getByTestId('todo-assessment.rectification-acceptance');
    await todo.waitFor();
    await todo.getByTestId('todo-action').first().click();
    await page.waitForURL((url) => url.pathname === '/assessment/rectification');
    await page.getByTestId(`accept-task-${taskId}`).click();
    await success('已验收销号');
    const dashboard = page.getByTestId('rectification-dashboard');
    await page.getByTestId('drill-1306').click();
    await expect.poll(() => dashboard.innerText()).toContain('徐水区');
    await expect.poll(() => page.getByTestId('rectification-total').innerText()).toContain('已销号 1');
    expect(await dashboard.innerText()).not.toMatch(/(?<!\d)130609(?!\d)/);
    await shot(page, 'dashboard');
    const [task] = await server.app.as('province').assessment.tasks.list({ status: 'accepted' });
    expect(task).toMatchObject({ id: taskId, status: 'accepted', overdue: false });
    expect(pageErrors).toEqual([]);
  });
});
