import { localize, translator, UploadRefusal, type Locale } from '@zhenxing/ui';
import { describe, expect, test } from 'vitest';
import { refuseFile } from './files.ts';
import { uploadFailure } from './form-errors.ts';
import { formatDateTime, parseAmountToFen } from './format.ts';
import { changedIncomeFields, memberNamesOf, parseChanges, recordText, subjectText, valueText } from './history.ts';
import { fromTableParams, readListState, writeListState } from './list-params.ts';

function lOf(locale: Locale) {
  return Object.assign(translator(locale), { text: (value: Parameters<typeof localize>[0]) => localize(value, locale), locale });
}
const zh = lOf('zh-CN');
const en = lOf('en');

describe('change history', () => {
  const changes: Record<string, [unknown, unknown]> = {
    'income:2025': [null, { householdId: 7, year: 2025, wagesFen: 2_400_000, businessFen: 0, propertyFen: 0, transfersFen: 120_050, productionCostsFen: 0 }],
    'member:12.employment': ['farming', 'migrant-work'],
    'member:13': [
      null,
      {
        name: '李秀英',
        idNumber: '130609********1234',
        relation: 'spouse',
        disabilityGrade: '***',
        seriousIllness: '***',
        healthNote: '***',
        schooling: 'not-applicable',
        employment: 'farming',
      },
    ],
    status: ['ordinary', 'monitored'],
    address: ['前街1号', '后街2号'],
  };

  test('household fields come first in the form order, then members, then incomes', () => {
    expect(parseChanges(changes).map((change) => change.key)).toEqual(['address', 'status', 'member:12.employment', 'member:13', 'income:2025']);
    const [, , field, added, income] = parseChanges(changes);
    expect(field).toMatchObject({ subject: { kind: 'member', memberId: 12 }, field: 'employment' });
    expect(added).toMatchObject({ subject: { kind: 'member', memberId: 13 }, field: null });
    expect(income).toMatchObject({ subject: { kind: 'income', year: 2025 }, field: null });
  });

  test('values read as labels, yuan and "hidden" in the UI language', () => {
    expect(valueText('status', 'monitored', zh)).toBe('监测户');
    expect(valueText('status', 'monitored', en)).toBe('Monitored');
    expect(valueText('employment', 'migrant-work', zh)).toBe('外出务工');
    expect(valueText('disabilityGrade', 2, zh)).toBe('二级');
    expect(valueText('disabilityGrade', null, zh)).toBe('无');
    expect(valueText('seriousIllness', '***', zh)).toBe('已隐藏');
    expect(valueText('wagesFen', 120_050, zh)).toBe('1,200.50 元');
    expect(valueText('address', '', zh)).toBe('—');
    expect(valueText('status', 'unknown-code', zh)).toBe('unknown-code');
  });

  test('a member snapshot and an income year read as labelled lists', () => {
    const [, , , added, income] = parseChanges(changes);
    const member = recordText(added!.subject, added!.after, zh);
    expect(member).toContain('姓名 李秀英');
    expect(member).toContain('与户主关系 配偶');
    expect(member).toContain('残疾等级 已隐藏');
    expect(member).toContain('健康状况说明 已隐藏');
    expect(recordText(income!.subject, income!.after, zh)).toBe(
      '工资性收入 24,000.00 元；生产经营性收入 0.00 元；财产性收入 0.00 元；转移性收入 1,200.50 元；生产经营性支出 0.00 元',
    );
    expect(changedIncomeFields({ wagesFen: 1, businessFen: 2 }, { wagesFen: 1, businessFen: 3 })).toEqual(['businessFen']);
  });

  test('members are named from the history itself, a later rename winning', () => {
    const entries = [{ changes: { 'member:13.name': ['李秀英', '李秀兰'] as [unknown, unknown] } }, { changes }];
    const names = memberNamesOf(entries);
    expect(names.get(13)).toBe('李秀兰');
    expect(subjectText({ kind: 'member', memberId: 13 }, names, zh)).toBe('成员 李秀兰');
    expect(subjectText({ kind: 'member', memberId: 99 }, names, en)).toBe('Member #99');
    expect(subjectText({ kind: 'income', year: 2025 }, names, zh)).toBe('2025 年收入');
  });
});

describe('list state in the URL', () => {
  test('round-trips and drops what the server would refuse', () => {
    const state = readListState(new URLSearchParams('q=王&status=monitored&area=130609100002&page=3&size=50&sort=memberCount&order=desc'));
    expect(state).toEqual({ search: '王', status: 'monitored', area: '130609100002', page: 3, pageSize: 50, sort: { field: 'memberCount', order: 'desc' } });
    expect(readListState(writeListState(state))).toEqual(state);
    expect(readListState(new URLSearchParams('status=rich&area=13&page=-2&size=7&sort=password'))).toEqual({
      search: '',
      status: undefined,
      area: undefined,
      page: 1,
      pageSize: 20,
      sort: null,
    });
    expect(writeListState(readListState(new URLSearchParams(''))).toString()).toBe('');
  });

  test('a table change keeps the filters and ignores unsortable columns', () => {
    const state = readListState(new URLSearchParams('q=王'));
    expect(fromTableParams(state, { page: 2, pageSize: 20, sort: { field: 'headName', order: 'asc' }, filters: {} })).toEqual({
      ...state,
      page: 2,
      sort: null,
    });
    expect(fromTableParams(state, { page: 1, pageSize: 10, sort: { field: 'address', order: 'desc' }, filters: {} }).sort).toEqual({
      field: 'address',
      order: 'desc',
    });
  });
});

describe('amounts, times, files', () => {
  test('yuan to fen with integer math, zero allowed', () => {
    expect(parseAmountToFen('0')).toBe(0);
    expect(parseAmountToFen('1,234.5')).toBe(123_450);
    expect(parseAmountToFen('￥0.07')).toBe(7);
    expect(parseAmountToFen('0.1')).toBe(10);
    expect(parseAmountToFen('-1')).toBeNull();
    expect(parseAmountToFen('1.234')).toBeNull();
    expect(parseAmountToFen('abc')).toBeNull();
  });

  test('times in China time', () => {
    expect(formatDateTime('2026-03-01T16:30:00.000Z')).toBe('2026-03-02 00:30');
    expect(formatDateTime(null)).toBe('—');
  });

  test('files are refused before reading when they cannot be sent', () => {
    expect(refuseFile({ name: '农户.XLSX', size: 10 })).toBeNull();
    expect(refuseFile({ name: '农户.xls', size: 10 })).toBe('format');
    expect(refuseFile({ name: '农户.csv', size: 0 })).toBe('empty');
    expect(refuseFile({ name: '农户.csv', size: 21 * 1024 * 1024 })).toBe('too-large');
  });

  test("the upload route's refusal keeps its own message; a 413 without one (a proxy's) reads as too large", () => {
    const refused = new UploadRefusal(413, { error: { reason: 'upload-too-large', localized: { 'zh-CN': '文件超过 20 MB 的上限', en: 'too large' } } });
    expect(uploadFailure(refused)).toBe(refused);
    expect(refused.data).toMatchObject({ reason: 'upload-too-large', localized: { 'zh-CN': '文件超过 20 MB 的上限' } });
    const bare = uploadFailure(new UploadRefusal(413, null)) as { data: { reason: string } };
    expect(bare.data.reason).toBe('payload-too-large');
  });

  test('a bare 413 from the HTTP server reads as "file too large", anything else is left alone', () => {
    const tooLarge = uploadFailure({ name: 'TRPCClientError', message: 'Unable to transform response from server', meta: { response: { status: 413 } } }) as {
      data: { reason: string; localized: { 'zh-CN': string } };
    };
    expect(tooLarge.data.reason).toBe('payload-too-large');
    expect(tooLarge.data.localized['zh-CN']).toContain('文件超出服务器允许的上传大小');
    const other = { data: { reason: 'import-invalid' } };
    expect(uploadFailure(other)).toBe(other);
  });
});
