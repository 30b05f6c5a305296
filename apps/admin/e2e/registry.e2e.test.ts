import { seedPluginDemo, silentLogger, type AnyPlugin } from '@zhenxing/core';
import { syntheticIdNumber } from '@zhenxing/rules';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, screenshotSeries } from './support/browser.ts';
import { ensureE2EBuild, startE2EServer } from './support/server.ts';
import { pathOf, signIn } from './support/session.ts';

/**
 * 农户信息 end to end in Chromium against a real server on the demo data: the Xushui county admin
 * opens the household list, finds a household by name, opens it (members, incomes, history),
 * edits the address, adds a member (the ID number checked in the browser first) and records an
 * income — the history growing each time; then imports a CSV made here: a row with a bad ID number
 * is reported by row, column and reason and the import stays disabled; the fixed file checks clean,
 * is imported, and the new household is found in the list. A city reader sees masked ID numbers;
 * the list fits a 390 px phone. Screenshots: artifacts/e2e/registry-*.png.
 */
const VILLAGE = '130609100002';
const county = '130609';
const id = (birthDate: string, sequence: number) => syntheticIdNumber({ regionCode: county, birthDate, sequence });
/** The same number with a wrong check digit. */
const wrongCheckDigit = (value: string) => `${value.slice(0, 17)}${value.endsWith('1') ? '2' : '1'}`;
const lastYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear() - 1;

// The story's people are synthetic; surnames the demo generator never uses keep them findable.
const STORY = { head: '欧阳振兴', spouse: '上官秀英', headId: id('1966-06-16', 981), spouseId: id('1968-08-18', 982), address: '前街16号' };
const NEW_MEMBER = { name: '欧阳小雨', id: id('2012-05-20', 983) };
const IMPORTED = { head: '司马建国', spouse: '诸葛兰芳', headId: id('1972-02-12', 971), spouseId: id('1974-04-14', 972), address: '新村路9号' };

const CSV_HEADER = [
  '户主身份证号',
  '村代码',
  '家庭住址',
  '户类型',
  '脱贫年度',
  '劳动能力',
  '姓名',
  '身份证号',
  '与户主关系',
  '就业情况',
  '收入年度',
  '工资性收入(元)',
  '转移性收入(元)',
  // A blank amount is not 0: a row with incomes gives all five.
  '生产经营性收入(元)',
  '财产性收入(元)',
  '生产经营性支出(元)',
];

function csvOf(spouseId: string): Buffer {
  const rows = [
    CSV_HEADER,
    [
      IMPORTED.headId,
      VILLAGE,
      IMPORTED.address,
      '脱贫户',
      '2019',
      '有劳动力',
      IMPORTED.head,
      IMPORTED.headId,
      '户主',
      '外出务工',
      String(lastYear),
      '26000',
      '1200.50',
      '0',
      '0',
      '0',
    ],
    [IMPORTED.headId, '', '', '', '', '', IMPORTED.spouse, spouseId, '配偶', '务农', '', '', '', '', '', ''],
  ];
  return Buffer.from(`\uFEFF${rows.map((row) => row.join(',')).join('\r\n')}\r\n`, 'utf8');
}

describe('registry: households, history and import', () => {
  let server: Awaited<ReturnType<typeof startE2EServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let householdId = 0;
  const pageErrors: string[] = [];
  const series = screenshotSeries('registry');

  async function shot(name: string, target = page) {
    await series(target, name);
  }

  async function as(username: string, viewport = { width: 1440, height: 900 }) {
    await context?.close();
    context = await browser.newContext({ viewport, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${error.message}\n${error.stack ?? ''}`));
    await signIn(page, server.url, username);
  }

  async function success(text: string | RegExp) {
    await page.locator('.ant-message').getByText(text).first().waitFor();
  }

  /** Submits the open modal and waits until it is gone. */
  async function submitModal(form: string) {
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.getByTestId(form).waitFor({ state: 'detached' });
  }

  const historyEntries = () => page.getByTestId('history-entry');

  /** Opens a registry page from the side menu (expanding the module's submenu when folded). */
  async function fromMenu(entry: string) {
    const menu = page.getByTestId('main-menu');
    const item = menu.locator('.ant-menu-item').filter({ hasText: entry });
    const module = menu.locator('.ant-menu-submenu-title').filter({ hasText: '农户信息' });
    await module.waitFor();
    if (!(await item.isVisible())) await module.click();
    await item.click();
  }

  async function openHousehold() {
    await page.goto(`${server.url}/registry/households/${householdId}`);
    await page.getByTestId('household-title').waitFor();
  }

  async function chooseFile(name: string, buffer: Buffer) {
    await page.getByTestId('registry-import').locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/csv', buffer });
    await page.locator('.ant-upload-list').getByText(name).waitFor();
  }

  beforeAll(async () => {
    ensureE2EBuild();
    [server, browser] = await Promise.all([startE2EServer(), launchChromium()]);
    const { app } = server;
    await app.enable(county, 'registry');
    // The demo's households, as `zx demo` seeds them.
    const registry = (app.host.plugins as readonly AnyPlugin[]).find((plugin) => plugin.id === 'registry');
    if (registry) await seedPluginDemo(app.host, registry, { counties: [county], seed: 2022, households: 40, logger: silentLogger });
    const created = await app.as('xushui').registry.households.create({
      villageCode: VILLAGE,
      address: STORY.address,
      status: 'left-poverty',
      yearLeftPoverty: 2019,
      labourCapacity: 'has-labour',
      members: [
        { name: STORY.head, idNumber: STORY.headId, relation: 'head', employment: 'migrant-work' },
        {
          name: STORY.spouse,
          idNumber: STORY.spouseId,
          relation: 'spouse',
          disabilityGrade: 3,
          seriousIllness: 'major-chronic-disease',
          healthNote: '合成数据',
          employment: 'farming',
        },
      ],
      income: { year: lastYear, wagesFen: 2_400_000, businessFen: 300_000, propertyFen: 0, transfersFen: 120_000, productionCostsFen: 100_000 },
    });
    householdId = created.household.id;
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  test('the county admin opens the household list: menu entries, server-side paging, demo households', async () => {
    await as('xushui');
    await fromMenu('农户列表');
    const menu = page.getByTestId('main-menu');
    for (const entry of ['农户列表', '数据导入', '部门信息比对']) await menu.getByText(entry).waitFor();
    await expect.poll(() => pathOf(page)).toBe('/registry');
    const rows = page.getByTestId('registry-households').locator('.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(20);
    expect(await page.locator('.ant-pagination-total-text').innerText()).toBe('共 41 条');
    // The county admin may see ID numbers: full 18 characters.
    expect(await page.getByTestId('head-id-number').first().innerText()).toMatch(/^\d{17}[\dX]$/);
    await shot('list');

    await page.getByTestId('status-filter').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '脱贫户' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('left-poverty');
    await expect
      .poll(async () =>
        (await page.getByTestId('registry-households').locator('.ant-table-row [data-status]').allInnerTexts()).every((text) => text === '脱贫户'),
      )
      .toBe(true);
    await shot('list-filtered');
  });

  test('search by name: the person is offered, and opens the household with members and history', async () => {
    await page.goto(`${server.url}/registry`);
    const search = page.getByPlaceholder('姓名 / 身份证号 / 村代码');
    await search.fill('欧阳');
    const hit = page.locator('.ant-select-item-option').filter({ hasText: STORY.head });
    await hit.waitFor();
    expect(await hit.innerText()).toContain('户主');
    await shot('search-hits');
    await search.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('欧阳');
    const rows = page.getByTestId('registry-households').locator('.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByText(STORY.head).click();
    await expect.poll(() => pathOf(page)).toBe(`/registry/households/${householdId}`);

    await page
      .getByTestId('household-title')
      .filter({ hasText: `${STORY.head}户` })
      .waitFor();
    expect(await page.getByTestId('household-status').innerText()).toBe('脱贫户');
    const members = page.getByTestId('members-table');
    expect(await members.innerText()).toContain(STORY.spouse);
    expect(await members.innerText()).toContain('三级');
    expect(await members.innerText()).toContain('重大慢性病');
    expect(await page.getByTestId('incomes-table').innerText()).toContain('24,000.00');
    await expect.poll(() => historyEntries().count()).toBe(1);
    const created = await historyEntries().first().innerText();
    expect(created).toContain('新建农户');
    expect(created).toContain(`家庭住址：${STORY.address}`);
    expect(created).toContain(`成员 ${STORY.spouse}`);
    expect(created).toContain('与户主关系 配偶');
    await shot('detail');
  });

  test('editing the address adds a history entry with the change before → after', async () => {
    await page.getByTestId('action-edit').click();
    await page.getByTestId('edit-household-form').waitFor();
    await page.locator('#address').fill('');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.getByText('请填写家庭住址').waitFor();
    await page.locator('#address').fill('后街88号');
    await shot('edit-form');
    await submitModal('edit-household-form');
    await success('农户信息已保存');
    await expect.poll(() => page.getByTestId('household-address').innerText()).toBe('后街88号');
    await expect.poll(() => historyEntries().count()).toBe(2);
    const latest = historyEntries().first();
    expect(await latest.getAttribute('data-action')).toBe('update');
    expect(await latest.innerText()).toContain('修改农户信息');
    expect(await latest.innerText()).toContain('xushui');
    const change = latest.locator('[data-key="address"]');
    expect(await change.getByTestId('history-before').innerText()).toBe(STORY.address);
    expect(await change.getByTestId('history-after').innerText()).toBe('后街88号');
    await shot('history-after-edit');
  });

  test('adding a member: a taken ID number is refused by the server on its field, a bad one in the browser; the member and history appear', async () => {
    await page.getByTestId('action-add-member').click();
    await page.getByTestId('member-form').waitFor();
    await page.locator('#name').fill(NEW_MEMBER.name);
    // A valid number already registered (the head's, in this very household): the server's refusal,
    // worded for this household, lands on the field.
    await page.locator('#idNumber').fill(STORY.headId);
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page
      .getByTestId('member-form')
      .locator('.ant-form-item-explain-error')
      .filter({ hasText: /已是本户的成员/ })
      .waitFor();
    await page.locator('#idNumber').fill(wrongCheckDigit(NEW_MEMBER.id));
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page
      .getByTestId('member-form')
      .getByText(/校验码/)
      .waitFor();
    await shot('member-bad-id');
    await page.locator('#idNumber').fill(NEW_MEMBER.id);
    await page.getByTestId('member-form').getByText('出生日期 2012-05-20').waitFor();
    await page.locator('.ant-modal .ant-form-item').filter({ hasText: '在校情况' }).locator('.ant-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '小学' }).click();
    await submitModal('member-form');
    await success(`已新增家庭成员 ${NEW_MEMBER.name}`);
    await expect.poll(() => page.getByTestId('members-table').locator('.ant-table-row').count()).toBe(3);
    await expect.poll(() => historyEntries().count()).toBe(3);
    const latest = await historyEntries().first().innerText();
    expect(latest).toContain('新增家庭成员');
    expect(latest).toContain(`姓名 ${NEW_MEMBER.name}`);
    expect(latest).toContain('在校情况 小学');
  });

  test('recording this year’s income shows the changed figures in the history', async () => {
    await page.getByTestId('action-income').click();
    await page.getByTestId('income-form').waitFor();
    // Last year is on record: the form starts from its figures and warns that it replaces them.
    expect(await page.locator('#wagesFen').inputValue()).toBe('24000.00');
    await page.locator('#wagesFen').fill('30000');
    await page.getByTestId('income-net').getByText('33,200.00 元').waitFor();
    await submitModal('income-form');
    await success(`${lastYear} 年收入已登记`);
    await page.getByTestId('incomes-table').getByText('30,000.00').waitFor();
    await expect.poll(() => historyEntries().count()).toBe(4);
    const latest = historyEntries().first();
    expect(await latest.innerText()).toContain(`${lastYear} 年收入`);
    expect(await latest.getByTestId('history-before').innerText()).toBe('24,000.00 元');
    expect(await latest.getByTestId('history-after').innerText()).toBe('30,000.00 元');
    await shot('history-after-income');
  });

  test('import: a bad row is reported by row, column and reason and import stays disabled', async () => {
    await fromMenu('数据导入');
    await page.getByTestId('registry-import').waitFor();
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
    await chooseFile('农户导入.csv', csvOf(wrongCheckDigit(IMPORTED.spouseId)));
    await page.getByTestId('import-preview').click();
    const result = page.getByTestId('import-preview-result');
    await result.waitFor();
    expect(await result.getAttribute('data-valid')).toBe('false');
    await page.locator('[data-testid="import-progress"][data-phase="done"]').waitFor();
    const problem = page.getByTestId('import-problems').locator('.ant-table-row').first();
    const cells = await problem.locator('td').allInnerTexts();
    expect(cells[0]).toBe('3');
    expect(cells[1]).toBe('身份证号');
    expect(cells[2]).toBe(wrongCheckDigit(IMPORTED.spouseId));
    expect(cells[3]).toMatch(/^身份证号无效：.*校验码/);
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
    await shot('import-problems');
  });

  test('import: the fixed file checks clean, is uploaded once, is imported, and the new household is findable', async () => {
    const file = csvOf(IMPORTED.spouseId);
    await chooseFile('农户导入-已修改.csv', file);
    expect(await page.getByTestId('import-preview-result').count()).toBe(0);
    // The file goes once to the upload route; check and import send only its id. (The browser does
    // not expose a multipart file body to Playwright; the server spec counts the bytes received.)
    const sent: { url: string; bytes: number }[] = [];
    const record = (request: Request) => {
      if (request.method() === 'POST') sent.push({ url: new URL(request.url()).pathname, bytes: request.postDataBuffer()?.length ?? 0 });
    };
    page.on('request', record);
    await page.getByTestId('import-preview').click();
    await page.locator('[data-testid="import-preview-result"][data-valid="true"]').waitFor();
    expect(await page.getByTestId('stat-householdsCreated').getAttribute('data-value')).toBe('1');
    expect(await page.getByTestId('stat-membersCreated').getAttribute('data-value')).toBe('2');
    expect(await page.getByTestId('stat-incomesWritten').getAttribute('data-value')).toBe('1');
    expect(await page.getByTestId('import-problems').count()).toBe(0);
    await shot('import-preview-valid');
    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-success').waitFor();
    expect(await page.getByTestId('import-success').innerText()).toContain('导入完成');
    expect(await page.getByTestId('stat-householdsCreated').getAttribute('data-value')).toBe('1');
    page.off('request', record);
    const uploadsSent = sent.filter((request) => request.url === '/upload/registry/import');
    expect(uploadsSent).toHaveLength(1);
    const importCalls = sent.filter((request) => /registry\.import\.(preview|commit)/.test(request.url));
    expect(importCalls.length).toBeGreaterThanOrEqual(2);
    for (const call of importCalls) expect(call.bytes).toBeLessThan(500);
    await shot('import-done');

    await page.getByTestId('import-success').getByText('查看农户列表').click();
    await expect.poll(() => pathOf(page)).toBe('/registry');
    await page.getByPlaceholder('姓名 / 身份证号 / 村代码').fill(IMPORTED.head);
    await page.getByPlaceholder('姓名 / 身份证号 / 村代码').press('Enter');
    const rows = page.getByTestId('registry-households').locator('.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain(IMPORTED.address);
    await rows.first().getByText(IMPORTED.head).click();
    await page
      .getByTestId('household-title')
      .filter({ hasText: `${IMPORTED.head}户` })
      .waitFor();
    expect(await page.getByTestId('members-table').innerText()).toContain(IMPORTED.spouse);
    expect(await historyEntries().first().innerText()).toContain('表格导入');
    await shot('imported-household');
  });

  test('department comparison: a 低保 recipient not monitored is flagged; an unknown ID number is listed', async () => {
    await fromMenu('部门信息比对');
    await page.getByTestId('registry-comparison').waitFor();
    await page.getByTestId('comparison-source').getByText('民政').click();
    const unknown = id('1980-01-01', 990);
    const csv = Buffer.from(`\uFEFF身份证号,姓名,救助类型\r\n${STORY.spouseId},${STORY.spouse},农村低保\r\n${unknown},外县人员,特困供养\r\n`, 'utf8');
    await page.getByTestId('registry-comparison').locator('input[type="file"]').setInputFiles({ name: '民政低保名单.csv', mimeType: 'text/csv', buffer: csv });
    await page.locator('.ant-upload-list').getByText('民政低保名单.csv').waitFor();
    await page.getByTestId('comparison-run').click();
    await page.getByTestId('comparison-result').waitFor();
    const count = (key: string) => page.getByTestId(`comparison-stat-${key}`).getAttribute('data-value');
    expect(await count('rows')).toBe('2');
    expect(await count('matched')).toBe('1');
    expect(await count('unmatched')).toBe('1');
    expect(await count('flagged')).toBe('1');
    const signal = await page.getByTestId('comparison-signals').locator('.ant-table-row').first().innerText();
    expect(signal).toContain(`户 #${householdId}`);
    expect(signal).toContain('低保/特困对象未纳入监测');
    expect(signal).toContain('需入户核实');
    const unmatched = await page.getByTestId('comparison-unmatched').locator('.ant-table-row').first().innerText();
    expect(unmatched).toContain('在本辖区农户信息中未找到此身份证号');
    await shot('comparison');
  });

  test('a city reader sees masked ID numbers, ages instead of birth dates and hidden health data, and no edit actions', async () => {
    await as('baoding');
    await page.goto(`${server.url}/registry?q=${encodeURIComponent(STORY.head)}`);
    const rows = page.getByTestId('registry-households').locator('.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getByTestId('head-id-number').innerText()).toMatch(/\*/);
    await openHousehold();
    const ids = await page.getByTestId('member-id-number').allInnerTexts();
    expect(ids.length).toBe(3);
    for (const text of ids) expect(text).toMatch(/\*/);
    expect(await page.getByTestId('members-table').innerText()).toContain('已隐藏');
    expect(await page.getByTestId('members-table').innerText()).not.toContain('重大慢性病');
    // Ages, not birth dates: a birth date would fill in the masked ID number's hidden digits.
    const born = await page.getByTestId('member-birth-date').allInnerTexts();
    expect(born.length).toBe(3);
    for (const text of born) expect(text).toMatch(/^\d+ 岁$/);
    expect(await page.getByTestId('members-table').innerText()).not.toContain('1966-06-16');
    expect(await page.getByTestId('household-actions').count()).toBe(0);
    await shot('masked-reader');
  });

  test('phone layout (390 px): the list and a household fit the screen', async () => {
    await as('xushui', { width: 390, height: 844 });
    await page.goto(`${server.url}/registry`);
    await page.getByTestId('registry-households').locator('.ant-table-row').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot('phone-list');
    await openHousehold();
    await page.getByTestId('members-table').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot('phone-detail');
  });

  test('the same pages in English', async () => {
    await as('xushui');
    await openHousehold();
    await page.getByTestId('locale-switch').click();
    await page.getByText('Change history').waitFor();
    expect(await page.getByTestId('household-status').innerText()).toBe('Out of poverty');
    expect(await historyEntries().nth(2).innerText()).toContain('Household edited');
    await shot('detail-english');
    await page.getByTestId('locale-switch').click();
    await page.getByText('变更记录').waitFor();
  });

  test('no uncaught errors in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
