import { describe, expect, test } from 'vitest';
import { daysUntil, shanghaiToday } from '../src/badges.tsx';
import { describeError, pickLanguage } from '../src/errors.tsx';
import { toCsv } from '../src/export.ts';
import { countyOf, isWithinRegion, regionLevelOf, regionPath } from '../src/regions.ts';
import { defineWebPlugin } from '../src/web-plugin.ts';

describe('describeError', () => {
  const trpcError = {
    name: 'TRPCClientError',
    message: 'County 130609 has not enabled…',
    data: {
      code: 'PRECONDITION_FAILED',
      httpStatus: 412,
      reason: 'module-not-enabled',
      localized: { 'zh-CN': '县（区）130609 未启用“通知公告”模块。', en: 'County 130609 has not enabled “Notices”.' },
      details: { fieldErrors: { headline: ['不能为空 / required'] } },
    },
  };

  test('shows the server’s localized message in the user’s language', () => {
    expect(describeError(trpcError, 'zh-CN').message).toBe('县（区）130609 未启用“通知公告”模块。');
    expect(describeError(trpcError, 'en').message).toBe('County 130609 has not enabled “Notices”.');
    expect(describeError(trpcError, 'en').reason).toBe('module-not-enabled');
    expect(describeError(trpcError, 'en').fieldErrors).toEqual({ headline: ['不能为空 / required'] });
  });

  test('puts a business error that names one field (`details.field`) on that field', () => {
    const taken = {
      data: {
        code: 'BAD_REQUEST',
        reason: 'id-number-taken',
        localized: { 'zh-CN': '此身份证号已登记', en: 'ID number already registered' },
        details: { field: 'idNumber' },
      },
    };
    expect(describeError(taken, 'en').fieldErrors).toEqual({ idNumber: ['ID number already registered'] });
    expect(describeError({ data: { code: 'BAD_REQUEST', details: { other: 1 } } }, 'en').fieldErrors).toEqual({});
  });

  test('never shows an object, a stack or an English class name', () => {
    const network = describeError(new TypeError('Failed to fetch'), 'zh-CN');
    expect(network.message).toBe('无法连接服务器，请检查网络后重试。');
    const render = describeError(new Error('Cannot read properties of undefined (reading "x")'), 'zh-CN');
    expect(render.message).toBe('页面出错了，请刷新后重试。');
    const odd = describeError({ weird: true }, 'en');
    expect(odd.message).not.toContain('object');
    const noLocalized = describeError({ data: { code: 'FORBIDDEN' } }, 'zh-CN');
    expect(noLocalized.message).toBe('您没有执行此操作的权限。');
  });

  test('picks one half of a bilingual field message', () => {
    expect(pickLanguage('用户名已存在 / username taken', 'zh-CN')).toBe('用户名已存在');
    expect(pickLanguage('用户名已存在 / username taken', 'en')).toBe('username taken');
    expect(pickLanguage('只有中文', 'en')).toBe('只有中文');
  });
});

describe('toCsv', () => {
  test('UTF-8 BOM, CRLF, quoted cells, formulas neutralised', () => {
    const csv = toCsv(
      ['姓名', '备注'],
      [
        ['张三', 'say "hi"'],
        ['=1+1', null],
        [-5, '@x'],
      ],
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toBe('\uFEFF"姓名","备注"\r\n"张三","say ""hi"""\r\n"\'=1+1",\r\n"-5","\'@x"\r\n');
  });
});

describe('regions', () => {
  test('levels, paths, counties, scope', () => {
    expect(regionLevelOf('13')).toBe(1);
    expect(regionLevelOf('130609100002')).toBe(5);
    expect(regionPath('130609100002')).toEqual(['13', '1306', '130609', '130609100', '130609100002']);
    expect(countyOf('1306')).toBeNull();
    expect(countyOf('130609100')).toBe('130609');
    expect(isWithinRegion('130609', '1306')).toBe(true);
    expect(isWithinRegion('130602', '130609')).toBe(false);
  });
});

describe('deadlines', () => {
  test('count calendar days in Asia/Shanghai', () => {
    // 23:30 UTC on 1 March is already 2 March in Shanghai.
    const now = new Date('2026-03-01T23:30:00Z');
    expect(shanghaiToday(now)).toBe('2026-03-02');
    expect(daysUntil('2026-03-02', now)).toBe(0);
    expect(daysUntil('2026-03-17', now)).toBe(15);
    expect(daysUntil('2026-02-28', now)).toBe(-2);
  });
});

describe('defineWebPlugin', () => {
  const page = async () => ({ default: () => null });
  const module = (id: string) => ({ id, title: { 'zh-CN': id, en: id }, permissions: { 'case.read': [] }, events: {} });
  test('accepts a well-formed plugin', () => {
    const plugin = defineWebPlugin({
      module: module('monitoring'),
      nav: [{ path: 'cases', title: { 'zh-CN': '对象', en: 'Cases' } }],
      routes: [{ path: 'cases', title: { 'zh-CN': '对象', en: 'Cases' }, load: page }],
    });
    expect(plugin.id).toBe('monitoring');
    expect(plugin.title['zh-CN']).toBe('monitoring');
  });
  test('refuses reserved ids, bad ids and nav entries without a route', () => {
    expect(() => defineWebPlugin({ module: module('users'), nav: [], routes: [] })).toThrow(/reserved/);
    expect(() => defineWebPlugin({ module: module('Bad_Id'), nav: [], routes: [] })).toThrow(/kebab-case/);
    expect(() => defineWebPlugin({ module: module('ok'), nav: [{ path: 'a', title: { 'zh-CN': 'x', en: 'x' } }], routes: [] })).toThrow(/no route/);
  });
});

describe('money in the UI (integer fen, never floats)', async () => {
  const { formatFen, parseYuanToFen, formatBasisPoints, parsePercentToBasisPoints } = await import('../src/money.ts');
  test('formats fen as yuan with thousands separators', () => {
    expect(formatFen(123456789)).toBe('1,234,567.89');
    expect(formatFen(-5)).toBe('-0.05');
    expect(formatFen(null)).toBe('—');
  });
  test('parses what people type, exactly', () => {
    expect(parseYuanToFen('1,234.5')).toBe(123450);
    expect(parseYuanToFen('￥0.29')).toBe(29);
    expect(parseYuanToFen('0.1')).toBe(10);
    expect(parseYuanToFen('1.234')).toBeNull();
    expect(parseYuanToFen('-3')).toBeNull();
  });
  test('percentages are basis points', () => {
    expect(formatBasisPoints(5500)).toBe('55.00%');
    // A fall of less than one percent keeps its sign (a growth rate of −0.5 % is not 0.5 %).
    expect(formatBasisPoints(-50)).toBe('-0.50%');
    expect(formatBasisPoints(-1250)).toBe('-12.50%');
    expect(formatBasisPoints(0)).toBe('0.00%');
    expect(parsePercentToBasisPoints('50.01')).toBe(5001);
    expect(parsePercentToBasisPoints('100.01')).toBeNull();
  });
});
