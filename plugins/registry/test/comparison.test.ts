import { defineModule, definePlugin, READ_ROLES } from '@zhenxing/core';
import { syntheticIdNumber } from '@zhenxing/rules';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RiskSignal } from '../src/index.ts';
import { registryPlugin } from '../src/server/plugin.ts';

const received: RiskSignal[] = [];
/** A stand-in for the monitoring plugin: records every risk signal it is sent. */
const listener = definePlugin({
  module: defineModule({ id: 'listener', title: { 'zh-CN': '监听', en: 'Listener' }, permissions: { read: READ_ROLES }, events: {} }),
  version: '1.0.0',
  dependsOn: ['registry'],
  settings: z.object({}),
  router: ({ router, procedure }) => router({ ping: procedure.meta({ permission: 'read' }).query(() => 'pong') }),
  on: { 'registry.risk-signal': (payload) => void received.push(payload) },
});

const id = (birthDate: string, sequence: number) => syntheticIdNumber({ regionCode: '130609', birthDate, sequence });
const ILL = id('1960-05-05', 101); // 脱贫户 head with a major disease
const WELL = id('1962-06-06', 102);
const DISABLED = id('1975-01-20', 111); // ordinary low-income household
const PUPIL = id('2013-09-01', 113); // 12 years old in March 2026
const NOBODY = id('1990-10-10', 199);

async function workbook(headers: string[], rows: (string | number)[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('部门数据');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}

describe('department data comparison (部门信息比对)', () => {
  let app: TestApp<[typeof registryPlugin, typeof listener]>;
  let poorId: number;
  let lowIncomeId: number;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [registryPlugin, listener], enable: { '130609': ['registry', 'listener'] } });
    const xushui = app.as('xushui').registry.households;
    poorId = (
      await xushui.create({
        villageCode: '130609100002',
        address: '前街1号',
        status: 'left-poverty',
        yearLeftPoverty: 2018,
        members: [
          { name: '吴大海', idNumber: ILL, relation: 'head', seriousIllness: 'major-disease' },
          { name: '郑春花', idNumber: WELL, relation: 'spouse', seriousIllness: 'major-chronic-disease' },
        ],
        income: { year: 2025, wagesFen: 3_000_000, businessFen: 0, propertyFen: 0, transfersFen: 0, productionCostsFen: 0 },
      })
    ).household.id;
    lowIncomeId = (
      await xushui.create({
        villageCode: '130609101201',
        address: '南街2号',
        status: 'ordinary',
        members: [
          { name: '冯志刚', idNumber: DISABLED, relation: 'head' },
          { name: '冯小雨', idNumber: PUPIL, relation: 'child', schooling: 'junior' },
        ],
        income: { year: 2025, wagesFen: 1_000_000, businessFen: 0, propertyFen: 0, transfersFen: 200_000, productionCostsFen: 0 },
      })
    ).household.id;
  });
  afterAll(() => app?.close());

  it('medical insurance: out-of-pocket above the warning standard raises §1 宽 ① with reasons', async () => {
    received.length = 0;
    const contentBase64 = await workbook(
      ['身份证号', '姓名', '年度累计自付费用（元）', '病种类别'],
      [
        [ILL, '吴大海', 12_000, '大病'], // 50% × 19,364 = 9,682 yuan for 脱贫人口: exceeded
        [WELL, '郑春花', '3,000.00', ''], // below the standard
        [NOBODY, '查无此人', 500, ''],
        ['130609199010101234', '坏号码', 100, ''],
      ],
    );
    const result = await app.as('xushui').registry.comparison.run({
      uploadId: await app.upload('xushui', { plugin: 'registry', purpose: 'comparison' }, '医保.xlsx', Buffer.from(contentBase64, 'base64')),
      source: 'medical-insurance',
    });
    expect(result).toMatchObject({ rows: 4, matched: 2, unmatched: 2, flagged: 1 });
    expect(result.unmatchedRows.map((row) => row.row)).toEqual(expect.arrayContaining([4, 5]));
    expect(result.unmatchedRows.every((row) => !row.idNumber.includes(NOBODY.slice(6, 14)))).toBe(true);
    await app.settle();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      countyCode: '130609',
      householdId: poorId,
      villageCode: '130609100002',
      source: 'medical-insurance',
      category: 'major-illness',
      rule: 'evaluateRiskCategories',
      parameterVersion: 'hebei-2025.1',
      detectedOn: '2026-03-02',
      needsVerification: false,
    });
    expect(received[0]!.evidence.reasons[0]).toMatchObject({
      code: 'member-exceeds-medical-warning',
      data: { outOfPocketMedicalFen: 1_200_000, standardFen: 968_200 },
    });
    expect(received[0]!.evidence.row).toBe(2);
  });

  it('disability, civil affairs and education files raise their signals', async () => {
    received.length = 0;
    const disability = await workbook(
      ['身份证号', '姓名', '残疾等级'],
      [
        [DISABLED, '冯志刚', '一级'],
        [ILL, '吴大海', '四级'],
      ],
    );
    const first = await app.as('xushui').registry.comparison.run({
      uploadId: await app.upload('xushui', { plugin: 'registry', purpose: 'comparison' }, '残联.xlsx', Buffer.from(disability, 'base64')),
      source: 'disability',
    });
    expect(first).toMatchObject({ matched: 2, flagged: 1 });
    const civil = await workbook(['证件号码', '救助类型'], [[DISABLED, '农村低保']]);
    await app.as('xushui').registry.comparison.run({
      uploadId: await app.upload('xushui', { plugin: 'registry', purpose: 'comparison' }, '民政.xlsx', Buffer.from(civil, 'base64')),
      source: 'civil-affairs',
    });
    const education = await workbook(['身份证号', '在校状态'], [[PUPIL, '辍学']]);
    await app.as('xushui').registry.comparison.run({
      uploadId: await app.upload('xushui', { plugin: 'registry', purpose: 'comparison' }, '教育.xlsx', Buffer.from(education, 'base64')),
      source: 'education',
    });
    await app.settle();
    expect(received.map((signal) => [signal.source, signal.category, signal.householdId])).toEqual([
      ['disability', 'severe-disability', lowIncomeId],
      ['civil-affairs', 'safety-net-recipient', lowIncomeId],
      ['education', 'child-out-of-school', lowIncomeId],
    ]);
    // (10,000 + 2,000) ÷ 2 = 6,000 yuan per person, within the 8,300-yuan line.
    expect(received[0]!.evidence.reasons[0]).toMatchObject({ code: 'severe-disability-with-income-within-line' });
    expect(received[1]).toMatchObject({ needsVerification: true, parameterVersion: null });
    expect(received[2]!.evidence.reasons[0]).toMatchObject({ code: 'child-out-of-school', data: { age: 12 } });
  });

  it('finds the header below a merged title row, on the data sheet after a hidden 说明 sheet, and says where it read', async () => {
    received.length = 0;
    const book = new ExcelJS.Workbook();
    const notes = book.addWorksheet('说明');
    notes.addRow(['本表由县残联导出，请勿修改列名']);
    notes.state = 'hidden';
    const sheet = book.addWorksheet('残疾人名册');
    sheet.addRow(['2026年3月 徐水区持证残疾人名册']);
    sheet.mergeCells('A1:C1');
    sheet.addRow([]);
    sheet.addRow(['身份证号', '姓名', '残疾等级']);
    sheet.addRow([DISABLED, '冯志刚', '一级']);
    const content = Buffer.from(await book.xlsx.writeBuffer());
    const result = await app.as('xushui').registry.comparison.run({
      uploadId: await app.upload('xushui', { plugin: 'registry', purpose: 'comparison' }, '残联名册.xlsx', content),
      source: 'disability',
    });
    expect(result).toMatchObject({ sheet: '残疾人名册', headerRow: 3, rows: 1, matched: 1, flagged: 1 });
    await app.settle();
    expect(received.map((signal) => [signal.category, signal.evidence.row])).toEqual([['severe-disability', 4]]);
  });

  it('refuses a file whose first 20 rows hold no header, naming the missing columns, and raises nothing', async () => {
    received.length = 0;
    const content = Buffer.from(await workbook(['证件', '名字', '等级'], [[DISABLED, '冯志刚', '一级']]), 'base64');
    const run = app.as('xushui').registry.comparison.run({
      uploadId: await app.upload('xushui', { plugin: 'registry', purpose: 'comparison' }, '无表头.xlsx', content),
      source: 'disability',
    });
    await expect(run).rejects.toThrow(/No header in the first 20 rows of sheet "部门数据"; the file lacks columns: 身份证号, 残疾等级/);
    await app.settle();
    expect(received).toEqual([]);
  });

  it('is refused to users without the permission and outside the county', async () => {
    const contentBase64 = await workbook(['身份证号', '残疾等级'], [[DISABLED, '一级']]);
    const file = Buffer.from(contentBase64, 'base64');
    await expect(app.upload('ansu', { plugin: 'registry', purpose: 'comparison' }, 'a.xlsx', file)).rejects.toThrow(/registry.department.compare/);
    await expect(app.upload('jingxiu', { plugin: 'registry', purpose: 'comparison', regionCode: '130609' }, 'a.xlsx', file)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const uploadId = await app.upload('xushui', { plugin: 'registry', purpose: 'comparison' }, 'a.xlsx', file);
    // Another county's user holding Xushui's upload id is refused (here already because their county lacks the module).
    await expect(app.as('jingxiu').registry.comparison.run({ uploadId, source: 'disability' })).rejects.toMatchObject({
      code: expect.stringMatching(/^(NOT_FOUND|PRECONDITION_FAILED)$/),
    });
    await expect(app.as('jingxiu').registry.comparison.run({ regionCode: '130609', uploadId, source: 'disability' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
