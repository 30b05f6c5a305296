import { createTestApp, type TestApp } from '@zhenxing/testing';
import { syntheticIdNumber } from '@zhenxing/rules';
import ExcelJS from 'exceljs';
import { uploads } from '@zhenxing/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseImportFile } from '../src/server/import-parse.ts';
import { registryPlugin } from '../src/server/plugin.ts';
import { IMPORT_COLUMNS } from '../src/server/import-template.ts';

const id = (birthDate: string, sequence: number, region = '130609') => syntheticIdNumber({ regionCode: region, birthDate, sequence });
const HEAD_A = id('1965-04-12', 11);
const WIFE_A = id('1967-09-30', 12);
const CHILD_A = id('2012-02-01', 13);
const HEAD_B = id('1958-12-24', 21);
const SON_B = id('1985-06-06', 23);

type Row = Partial<Record<(typeof IMPORT_COLUMNS)[number]['key'], string | number | Date>>;
const headers = IMPORT_COLUMNS.map((column) => column.header);

function goodRows(): Row[] {
  return [
    {
      householdKey: HEAD_A,
      villageCode: '130609100002',
      address: '前街3号',
      status: '脱贫户',
      yearLeftPoverty: 2019,
      labourCapacity: '有劳动力',
      name: '赵德明',
      idNumber: HEAD_A,
      relation: '户主',
      birthDate: new Date('1965-04-12T00:00:00Z'),
      sex: '男',
      disabilityGrade: '无',
      seriousIllness: '无',
      employment: '务农',
      incomeYear: 2025,
      wages: 18000,
      business: 5000,
      property: 0,
      transfers: 2400.5,
      productionCosts: 1500,
    },
    {
      householdKey: HEAD_A,
      name: '钱秀兰',
      idNumber: WIFE_A,
      relation: '配偶',
      disabilityGrade: '二级',
      seriousIllness: '重大慢性病',
      employment: '无业/不适用',
    },
    { householdKey: HEAD_A, name: '赵小宇', idNumber: CHILD_A, relation: '子女', schooling: '初中' },
    {
      householdKey: HEAD_B,
      villageCode: '130609101201',
      address: '南街8号',
      status: '一般农户',
      labourCapacity: '弱劳动力',
      name: '孙永福',
      idNumber: HEAD_B,
      relation: '户主',
      incomeYear: 2025,
      wages: 6000,
      // A blank amount is not 0: a row with incomes gives all five.
      business: 0,
      property: 0,
      transfers: 0,
      productionCosts: 0,
    },
    { householdKey: HEAD_B, name: '孙建军', idNumber: SON_B, relation: '子女', employment: '外出务工' },
  ];
}

async function xlsx(rows: Row[]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('农户');
  sheet.addRow(headers.map((header, index) => (index === 0 ? ` ${header} ` : header))); // stray spaces in a header
  for (const row of rows) sheet.addRow(IMPORT_COLUMNS.map((column) => row[column.key] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

/** Uploads a file (base64 or bytes) for import as `username`, as the upload route would. */
function uploaderFor(appOf: () => TestApp<[typeof registryPlugin]>) {
  return (username: string, fileName: string, content: string | Buffer, regionCode?: string) =>
    appOf().upload(
      username,
      { plugin: 'registry', purpose: 'import', ...(regionCode ? { regionCode } : {}) },
      fileName,
      typeof content === 'string' ? Buffer.from(content, 'base64') : content,
    );
}

describe('household import', () => {
  let app: TestApp<[typeof registryPlugin]>;
  const upload = uploaderFor(() => app);
  beforeAll(async () => {
    app = await createTestApp({ plugins: [registryPlugin], enable: { '130609': ['registry'], '130602': ['registry'] } });
  });
  afterAll(() => app?.close());

  it('offers templates with Chinese headers', async () => {
    const template = await app.as('xushui').registry.import.template({ format: 'xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(template.contentBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('*户主身份证号');
    // ID numbers and village codes are text columns: typed there, they never become numbers.
    const textColumns = sheet.columns.filter((column) => column.numFmt === '@').map((column) => column.number as number);
    const headers = textColumns.map((number) => sheet.getRow(1).getCell(number).value);
    expect(headers).toEqual(['*户主身份证号', '村代码', '*身份证号']);
    // Coded columns offer their words in a drop-down; a 说明 sheet follows the data sheet.
    const relationColumn = IMPORT_COLUMNS.findIndex((column) => column.key === 'relation') + 1;
    expect(sheet.getRow(2).getCell(relationColumn).dataValidation).toMatchObject({ type: 'list', formulae: [expect.stringContaining('户主,配偶,子女')] });
    expect(sheet.getRow(2).getCell(1).dataValidation).toBeUndefined();
    expect(workbook.worksheets.map((each) => each.name)).toEqual(['农户信息导入模板', '说明']);
    expect(String(workbook.worksheets[1]!.getCell('A4').value)).toContain('空白不等于 0');
  });

  it('reports every bad row with its column and reason, and writes nothing', async () => {
    const rows = goodRows();
    rows[0]!.birthDate = '1965-04-13'; // disagrees with the ID number
    rows[1]!.idNumber = `${WIFE_A.slice(0, 17)}${WIFE_A.endsWith('0') ? '1' : '0'}`; // wrong check digit
    rows[2]!.relation = '邻居'; // unknown relation
    rows[3]!.villageCode = '130602001002'; // another county
    rows[4]!.idNumber = Number(SON_B.slice(0, 17)) * 10; // stored as a number: digits lost
    rows.push({ householdKey: HEAD_A, name: '赵重复', idNumber: CHILD_A, relation: '子女' }); // duplicate ID
    rows.push({ householdKey: id('1970-01-01', 31), name: '无户主', idNumber: id('1990-01-01', 33), relation: '子女' }); // no head
    const contentBase64 = await xlsx(rows);
    const preview = await app.as('xushui').registry.import.preview({ uploadId: await upload('xushui', '农户.xlsx', contentBase64) });
    expect(preview.valid).toBe(false);
    const summary = preview.problems.map((problem) => [problem.row, problem.column]);
    expect(summary).toEqual(
      expect.arrayContaining([
        [2, '出生日期'],
        [3, '身份证号'],
        [4, '与户主关系'],
        [5, '村代码'],
        [6, '身份证号'],
        [7, '身份证号'],
        [8, '户主身份证号'],
      ]),
    );
    const byRow = (row: number) => preview.problems.find((problem) => problem.row === row)!;
    expect(byRow(3).reason['zh-CN']).toMatch(/校验码/);
    expect(byRow(3).reason.en).toMatch(/check digit/);
    expect(byRow(6).reason['zh-CN']).toMatch(/存成了数字/);
    expect(byRow(7).reason['zh-CN']).toMatch(/与第4行重复/);
    await expect(app.as('xushui').registry.import.commit({ uploadId: await upload('xushui', '农户.xlsx', contentBase64) })).rejects.toMatchObject({
      reason: 'import-invalid',
    });
    expect((await app.as('xushui').registry.households.list({})).total).toBe(0);
  });

  it('imports the fixed file fully, and a re-import changes nothing', async () => {
    const contentBase64 = await xlsx(goodRows());
    const preview = await app.as('xushui').registry.import.preview({ uploadId: await upload('xushui', '农户.xlsx', contentBase64) });
    expect(preview.problems).toEqual([]);
    expect(preview.plan).toMatchObject({ householdsCreated: 2, membersCreated: 5, incomesWritten: 2 });
    const committed = await app.as('xushui').registry.import.commit({ uploadId: await upload('xushui', '农户.xlsx', contentBase64) });
    expect(committed.committed).toBe(true);
    const list = await app.as('xushui').registry.households.list({ sort: 'memberCount', order: 'desc' });
    expect(list.total).toBe(2);
    const detail = await app.as('xushui').registry.households.get({ id: list.items[0]!.id });
    expect(detail.members.map((member) => member.relation)).toEqual(['head', 'spouse', 'child']);
    expect(detail.members[1]).toMatchObject({ disabilityGrade: 2, seriousIllness: 'major-chronic-disease', birthDate: '1967-09-30', sex: 'female' });
    expect(detail.incomes[0]).toMatchObject({ transfersFen: 240_050, wagesFen: 1_800_000 });
    expect(detail.history[0]).toMatchObject({ action: 'import' });

    const again = await app.as('xushui').registry.import.commit({ uploadId: await upload('xushui', '农户.xlsx', contentBase64) });
    expect(again.plan).toMatchObject({ householdsCreated: 0, householdsUnchanged: 2, membersCreated: 0, membersUpdated: 0, membersUnchanged: 5 });
    expect((await app.as('xushui').registry.households.list({})).total).toBe(2);
  });

  it('reads a WPS-style CSV: BOM, full-width characters, stray spaces, serial dates, IDs as numbers', async () => {
    const head = id('1972-08-15', 41);
    const daughter = id('2001-03-09', 42);
    const fullWidth = (text: string) => text.replace(/[0-9X]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));
    const lines = [
      headers.map((header) => header.replace('(', '（').replace(')', '）')).join(','),
      [
        fullWidth(head),
        '１３０６０９１００００３',
        '"东街 12号"',
        ' 监测户 ',
        '',
        '有劳动力',
        '周　国强',
        head,
        '户主',
        '26526',
        '男',
        '无',
        '大病',
        '"住院,合成数据"',
        '',
        '本地务工',
        '2025',
        '"12,000.00"',
        '0',
        '0',
        '800',
        '0',
      ].join(','),
      [head, '', '', '', '', '', '周丽', fullWidth(daughter), '子女', '2001/3/9', '', '三级', '', '', '大学', '', '', '', '', '', '', ''].join(','),
    ];
    const contentBase64 = Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8').toString('base64');
    const result = await app.as('xushui').registry.import.commit({ uploadId: await upload('xushui', 'wps导出.CSV', contentBase64) });
    expect(result.problems).toEqual([]);
    expect(result.plan).toMatchObject({ householdsCreated: 1, membersCreated: 2 });
    const [hit] = await app.as('xushui').registry.households.search({ query: head });
    const detail = await app.as('xushui').registry.households.get({ id: hit!.householdId });
    expect(detail.household).toMatchObject({ villageCode: '130609100003', address: '东街 12号', status: 'monitored' });
    expect(detail.members[0]).toMatchObject({ name: '周 国强', birthDate: '1972-08-15', seriousIllness: 'major-disease', healthNote: '住院,合成数据' });
    expect(detail.members[1]).toMatchObject({ idNumber: daughter, disabilityGrade: 3, schooling: 'college' });
    expect(detail.incomes[0]).toMatchObject({ wagesFen: 1_200_000, transfersFen: 80_000 });
  });

  it('refuses users without the import permission or outside the county', async () => {
    const contentBase64 = await xlsx(goodRows());
    await expect(upload('juwei', 'a.xlsx', contentBase64)).rejects.toThrow(/registry.household.import/);
    await expect(upload('jingxiu', 'a.xlsx', contentBase64, '130609')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(upload('xushui', 'a.xls', contentBase64)).rejects.toThrow(/xlsx/);
    // Xushui's own upload, used by someone else or from another county: not found, as if it did not exist.
    const uploadId = await upload('xushui', 'a.xlsx', contentBase64);
    await expect(app.as('jingxiu').registry.import.preview({ uploadId })).rejects.toMatchObject({ code: 'NOT_FOUND', reason: 'upload-not-found' });
    await expect(app.as('jingxiu').registry.import.commit({ regionCode: '130609', uploadId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('exports a list to .xlsx that imports back unchanged; masked for readers without pii.view', async () => {
    const exported = await app.as('xushui').registry.households.export({ format: 'xlsx' });
    expect(exported).toMatchObject({ households: 3, rows: 7, masked: false });
    const back = await app.as('xushui').registry.import.preview({ uploadId: await upload('xushui', exported.fileName, exported.contentBase64) });
    expect(back.problems).toEqual([]);
    expect(back.plan).toMatchObject({ householdsUnchanged: 3, membersUnchanged: 7, householdsCreated: 0, membersCreated: 0 });
    const masked = await app.as('inspector').registry.households.export({ regionCode: '130609', format: 'csv' });
    const text = Buffer.from(masked.contentBase64, 'base64').toString('utf8');
    expect(masked.masked).toBe(true);
    expect(text).not.toContain(HEAD_A);
    expect(text).toContain(`${HEAD_A.slice(0, 6)}********${HEAD_A.slice(14)}`);
    expect(text).not.toContain('重大慢性病');
  });
});

describe('household import: changes on re-import', () => {
  let app: TestApp<[typeof registryPlugin]>;
  const upload = uploaderFor(() => app);
  beforeAll(async () => {
    app = await createTestApp({ plugins: [registryPlugin], enable: { '130609': ['registry'] } });
  });
  afterAll(() => app?.close());

  it('updates only what changed, creates what is new, and records before/after in each household history', async () => {
    await app.as('xushui').registry.import.commit({ uploadId: await upload('xushui', '农户.xlsx', await xlsx(goodRows())) });
    const rows = goodRows();
    rows[0]!.address = '前街5号'; // household A: address
    rows[1]!.name = '钱秀英'; // household A: a member renamed
    rows[3]!.villageCode = '130609100003'; // household B moves village (its members follow)
    const NEW_B = id('2015-07-07', 25);
    rows.push({ householdKey: HEAD_B, name: '孙小雨', idNumber: NEW_B, relation: '孙子女' }); // household B: a new member
    const contentBase64 = await xlsx(rows);
    const preview = await app.as('xushui').registry.import.preview({ uploadId: await upload('xushui', '农户.xlsx', contentBase64) });
    expect(preview.problems).toEqual([]);
    expect(preview.plan).toEqual({
      householdsCreated: 0,
      householdsUpdated: 2,
      householdsUnchanged: 0,
      membersCreated: 1,
      membersUpdated: 1,
      membersUnchanged: 4,
      incomesWritten: 2,
    });
    await app.as('xushui').registry.import.commit({ uploadId: await upload('xushui', '农户.xlsx', contentBase64) });

    const [hitA] = await app.as('xushui').registry.households.search({ query: HEAD_A });
    const a = await app.as('xushui').registry.households.get({ id: hitA!.householdId });
    expect(a.household.address).toBe('前街5号');
    expect(a.history.map((entry) => entry.action)).toEqual(['import', 'import']);
    const wife = a.members.find((member) => member.idNumber === WIFE_A)!;
    expect(a.history[0]!.changes).toEqual({ address: ['前街3号', '前街5号'], [`member:${wife.id}.name`]: ['钱秀兰', '钱秀英'] });

    const [hitB] = await app.as('xushui').registry.households.search({ query: HEAD_B });
    const b = await app.as('xushui').registry.households.get({ id: hitB!.householdId });
    expect(b.household.villageCode).toBe('130609100003');
    expect(b.members.map((member) => member.villageCode)).toEqual(['130609100003', '130609100003', '130609100003']);
    const grandchild = b.members.find((member) => member.idNumber === NEW_B)!;
    expect(b.history[0]!.changes).toEqual({
      villageCode: ['130609101201', '130609100003'],
      [`member:${grandchild.id}`]: [
        null,
        expect.objectContaining({ name: '孙小雨', idNumber: NEW_B, relation: 'grandchild', birthDate: '2015-07-07', disabilityGrade: null }),
      ],
    });
    // The first import recorded the creation: household fields and every member's snapshot.
    expect(Object.keys(b.history[1]!.changes).sort()).toEqual(expect.arrayContaining(['householdKey', 'villageCode', 'address', 'status', 'labourCapacity']));
    expect(Object.keys(b.history[1]!.changes).filter((key) => key.startsWith('member:'))).toHaveLength(2);

    const again = await app.as('xushui').registry.import.preview({ uploadId: await upload('xushui', '农户.xlsx', contentBase64) });
    expect(again.plan).toMatchObject({ householdsUpdated: 0, householdsUnchanged: 2, membersCreated: 0, membersUpdated: 0, membersUnchanged: 6 });
  });

  it('refuses an ID number registered to another household of the county, naming the row', async () => {
    const rows = goodRows();
    rows[4]!.householdKey = HEAD_A; // 孙建军 (already in household B) listed under household A
    const preview = await app.as('xushui').registry.import.preview({ uploadId: await upload('xushui', '农户.xlsx', await xlsx(rows)) });
    expect(preview.valid).toBe(false);
    expect(preview.problems).toEqual([expect.objectContaining({ row: 6, column: '身份证号', value: SON_B })]);
  });

  it('refuses a new household listing a person the county already has, naming the row', async () => {
    const HEAD_C = id('1975-03-03', 41);
    const rows: Row[] = [
      {
        householdKey: HEAD_C,
        villageCode: '130609100002',
        address: '北街1号',
        status: '一般农户',
        labourCapacity: '有劳动力',
        name: '周立新',
        idNumber: HEAD_C,
        relation: '户主',
      },
      { householdKey: HEAD_C, name: '孙建军', idNumber: SON_B, relation: '子女' }, // already in household B
    ];
    const preview = await app.as('xushui').registry.import.preview({ uploadId: await upload('xushui', '农户.xlsx', await xlsx(rows)) });
    expect(preview.valid).toBe(false);
    expect(preview.problems).toEqual([expect.objectContaining({ row: 3, column: '身份证号', value: SON_B })]);
    await expect(app.as('xushui').registry.import.commit({ uploadId: await upload('xushui', '农户.xlsx', await xlsx(rows)) })).rejects.toMatchObject({
      reason: 'import-invalid',
    });
    expect(await app.as('xushui').registry.households.search({ query: HEAD_C })).toEqual([]);
  });

  it('creates new households and updates known ones from the same file, with history for both', async () => {
    const HEAD_D = id('1980-08-08', 51);
    const WIFE_D = id('1982-02-02', 52);
    const rows = goodRows();
    rows[0]!.address = '前街7号'; // known household A changes
    rows[1]!.name = '钱秀英';
    rows[3]!.villageCode = '130609100003'; // known household B as the earlier import left it
    rows.push({ householdKey: HEAD_B, name: '孙小雨', idNumber: id('2015-07-07', 25), relation: '孙子女' });
    rows.push(
      {
        householdKey: HEAD_D,
        villageCode: '130609100003',
        address: '西街2号',
        status: '监测户',
        labourCapacity: '弱劳动力',
        name: '吴国强',
        idNumber: HEAD_D,
        relation: '户主',
        incomeYear: 2025,
        wages: 9000,
        business: 0,
        property: 0,
        transfers: 0,
        productionCosts: 0,
      },
      { householdKey: HEAD_D, name: '郑小燕', idNumber: WIFE_D, relation: '配偶', disabilityGrade: '三级' },
    );
    const contentBase64 = await xlsx(rows);
    const preview = await app.as('xushui').registry.import.preview({ uploadId: await upload('xushui', '农户.xlsx', contentBase64) });
    expect(preview.plan).toEqual({
      householdsCreated: 1,
      householdsUpdated: 1,
      householdsUnchanged: 1,
      membersCreated: 2,
      membersUpdated: 0,
      membersUnchanged: 6,
      incomesWritten: 3,
    });
    await app.as('xushui').registry.import.commit({ uploadId: await upload('xushui', '农户.xlsx', contentBase64) });

    const [hitD] = await app.as('xushui').registry.households.search({ query: HEAD_D });
    const d = await app.as('xushui').registry.households.get({ id: hitD!.householdId });
    expect(d.household).toMatchObject({ villageCode: '130609100003', address: '西街2号', status: 'monitored', labourCapacity: 'weak-labour' });
    expect(d.members.map((member) => [member.name, member.relation, member.villageCode, member.disabilityGrade])).toEqual([
      ['吴国强', 'head', '130609100003', null],
      ['郑小燕', 'spouse', '130609100003', 3],
    ]);
    expect(d.members[0]!.id).toBeLessThan(d.members[1]!.id); // ids follow the file's rows
    expect(d.history).toHaveLength(1);
    const wife = d.members[1]!;
    expect(d.history[0]!.changes).toMatchObject({
      householdKey: [null, HEAD_D],
      status: [null, 'monitored'],
      [`member:${wife.id}`]: [null, expect.objectContaining({ name: '郑小燕', idNumber: WIFE_D, relation: 'spouse', disabilityGrade: 3, healthNote: '' })],
    });
    const [hitA] = await app.as('xushui').registry.households.search({ query: HEAD_A });
    const a = await app.as('xushui').registry.households.get({ id: hitA!.householdId });
    expect(a.household.address).toBe('前街7号');
    expect(a.history[0]!.changes).toEqual({ address: ['前街5号', '前街7号'] });

    const again = await app.as('xushui').registry.import.preview({ uploadId: await upload('xushui', '农户.xlsx', contentBase64) });
    expect(again.plan).toEqual({
      householdsCreated: 0,
      householdsUpdated: 0,
      householdsUnchanged: 3,
      membersCreated: 0,
      membersUpdated: 0,
      membersUnchanged: 8,
      incomesWritten: 3,
    });
  });
});

describe('household import: progress', () => {
  let app: TestApp<[typeof registryPlugin]>;
  const upload = uploaderFor(() => app);
  beforeAll(async () => {
    app = await createTestApp({ plugins: [registryPlugin], enable: { '130609': ['registry'], '130602': ['registry'] } });
  });
  afterAll(() => app?.close());

  /** A CSV of `households` generated households (head + spouse each) in Xushui's village 130609100002. */
  function largeCsv(households: number): Buffer {
    const lines = [IMPORT_COLUMNS.map((column) => column.header).join(',')];
    for (let index = 0; index < households; index += 1) {
      const year = 1950 + Math.floor(index / 400); // ID sequences stop at 999
      const head = id(`${year}-01-01`, 100 + (index % 400) * 2);
      const spouse = id(`${year}-02-02`, 101 + (index % 400) * 2);
      const row = (values: Row) => IMPORT_COLUMNS.map((column) => String(values[column.key] ?? '')).join(',');
      lines.push(
        row({
          householdKey: head,
          villageCode: '130609100002',
          address: `东街${index}号`,
          status: '一般农户',
          labourCapacity: '有劳动力',
          name: `甲${index}`,
          idNumber: head,
          relation: '户主',
        }),
      );
      lines.push(row({ householdKey: head, name: `乙${index}`, idNumber: spouse, relation: '配偶' }));
    }
    return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  }

  it('reads an amount column whose header leaves out the unit (元), and names every column it did not read', async () => {
    const head = id('1966-01-20', 51);
    const named = (key: string, header: string) => (key === 'wages' ? '工资性收入' : key === 'transfers' ? '转移性收入(万元)' : header);
    const header = [...IMPORT_COLUMNS.map((column) => named(column.key, column.header)), '备注'];
    const values: Record<string, string> = {
      householdKey: head,
      villageCode: '130609100002',
      address: '后街9号',
      status: '脱贫户',
      yearLeftPoverty: '2019',
      labourCapacity: '有劳动力',
      name: '孙合成',
      idNumber: head,
      relation: '户主',
      incomeYear: '2025',
      wages: '9600',
      business: '0',
      property: '0',
      transfers: '3',
      productionCosts: '0',
    };
    const line = [...IMPORT_COLUMNS.map((column) => values[column.key] ?? ''), '合成备注'];
    const parsed = await parseImportFile(Buffer.from(`${header.join(',')}\n${line.join(',')}\n`, 'utf8'), 'csv', {
      countyCode: '130609',
      villages: new Set(['130609100002']),
      asOf: '2026-03-02',
    });
    // Another unit is not the template's column: shown as not read, never taken for yuan, and
    // never stored as 0 either (the row has incomes, so the missing amount column refuses it).
    expect(parsed.ignoredColumns).toEqual(['转移性收入(万元)', '备注']);
    expect(parsed.problems).toMatchObject([{ row: 2, column: '转移性收入(元)', reason: { 'zh-CN': expect.stringMatching(/^文件没有“转移性收入\(元\)”列/) } }]);
    const fixed = await parseImportFile(Buffer.from(`${header.join(',').replace('转移性收入(万元)', '转移性收入')}\n${line.join(',')}\n`, 'utf8'), 'csv', {
      countyCode: '130609',
      villages: new Set(['130609100002']),
      asOf: '2026-03-02',
    });
    expect(fixed.problems).toEqual([]);
    expect(fixed.households[0]?.income).toMatchObject({ wagesFen: 960_000, transfersFen: 300 });
  });

  it('refuses an amount past the limit on its row, before the database would overflow', async () => {
    const head = id('1966-02-20', 53);
    const values: Record<string, string> = {
      householdKey: head,
      villageCode: '130609100002',
      address: '后街10号',
      status: '脱贫户',
      yearLeftPoverty: '2019',
      labourCapacity: '有劳动力',
      name: '孙超限',
      idNumber: head,
      relation: '户主',
      incomeYear: '2025',
      wages: '99999999999999999999',
      business: '0',
      property: '0',
      transfers: '0',
      productionCosts: '0',
    };
    const header = IMPORT_COLUMNS.map((column) => column.header).join(',');
    const line = IMPORT_COLUMNS.map((column) => values[column.key] ?? '').join(',');
    const parsed = await parseImportFile(Buffer.from(`${header}\n${line}\n`, 'utf8'), 'csv', {
      countyCode: '130609',
      villages: new Set(['130609100002']),
      asOf: '2026-03-02',
    });
    expect(parsed.problems).toMatchObject([{ row: 2, column: '工资性收入(元)', reason: { 'zh-CN': '金额超出上限（100亿元）' } }]);
  });

  it('reports rows read and the share of the file as it reads, in order', async () => {
    const heard: [number, number][] = [];
    const parsed = await parseImportFile(
      largeCsv(2500),
      'csv',
      { countyCode: '130609', villages: new Set(['130609100002']), asOf: '2026-03-02' },
      (rows, percent) => heard.push([rows, percent]),
    );
    expect(parsed.problems).toEqual([]);
    expect(heard.length).toBeGreaterThanOrEqual(4);
    for (let index = 1; index < heard.length; index += 1) {
      expect(heard[index]![0]).toBeGreaterThan(heard[index - 1]![0]);
      expect(heard[index]![1]).toBeGreaterThanOrEqual(heard[index - 1]![1]);
    }
    expect(heard.at(-1)![1]).toBeGreaterThan(75);
    expect(heard.at(-1)![1]).toBeLessThanOrEqual(100);
  });

  it('tells the importing user how far an upload got, and no one else; deletes the file once committed', async () => {
    const uploadId = await upload('xushui', '农户.csv', largeCsv(300));
    expect(await app.as('xushui').registry.import.progress({ uploadId })).toBeNull();
    await app.as('xushui').registry.import.commit({ uploadId });
    // Progress is written beside the request's transaction, never awaited by it: it lands just after.
    await vi.waitFor(async () =>
      expect(await app.as('xushui').registry.import.progress({ uploadId })).toEqual({
        phase: 'done',
        rowsDone: 600,
        rowsTotal: 600,
        percent: 100,
        problems: 0,
        error: null,
      }),
    );
    expect(await app.as('jingxiu').registry.import.progress({ uploadId })).toBeNull();
    expect(await app.db.select({ id: uploads.id }).from(uploads).where(eq(uploads.id, uploadId))).toEqual([]);
    // Committing it again is a conflict (imported already), never a second import; another user's try stays "not found".
    await expect(app.as('xushui').registry.import.commit({ uploadId })).rejects.toMatchObject({ code: 'CONFLICT', reason: 'import-already-committed' });
    await expect(app.as('ansu').registry.import.commit({ uploadId })).rejects.toMatchObject({ code: 'NOT_FOUND', reason: 'upload-not-found' });

    const failing = await upload('xushui', '农户.csv', Buffer.from('姓名\n张三\n'));
    await expect(app.as('xushui').registry.import.commit({ uploadId: failing })).rejects.toMatchObject({ reason: 'import-invalid' });
    await vi.waitFor(async () =>
      expect(await app.as('xushui').registry.import.progress({ uploadId: failing })).toMatchObject({
        phase: 'failed',
        problems: expect.any(Number),
        error: { 'zh-CN': expect.stringContaining('未导入任何数据') },
      }),
    );
    // A refused file is kept (until purged): the same upload can still be previewed.
    expect((await app.as('xushui').registry.import.preview({ uploadId: failing })).valid).toBe(false);
  });
});
