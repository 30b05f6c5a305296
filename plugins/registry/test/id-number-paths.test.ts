/**
 * One ID-number normalisation for every path (issue 18): the household form (the rules'
 * `validateIdNumber`, which MemberFormModal calls), the API (`households.create`), the spreadsheet
 * import and the department comparison read the same table of inputs the same way. Full-width
 * digits and letters, whitespace of every kind and a lower-case x are normalised; a value that was a
 * number — scientific notation, or a numeric cell — is always refused as precision lost.
 */
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { syntheticIdNumber, validateIdNumber } from '@zhenxing/rules';
import { eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS } from '../src/server/import-template.ts';
import { registryPlugin } from '../src/server/plugin.ts';
import type { CreateHouseholdInput } from '../src/index.ts';
import { members } from '../src/server/schema.ts';
import { sampleHousehold } from '../src/testing.ts';

const COUNTY = '130609';
const VILLAGE = '130609100002';
/** What the precision-lost message asks for, in both languages. */
const FORMAT_AS_TEXT = /文本[\s\S]*format the column as text|format the column as text/;

/** A synthetic ID number; with `x`, the first one of that birth date whose check digit is X. */
function idNumber(birthDate: string, sequence: number, x = false): string {
  for (let next = sequence; next < 1000; next += 1) {
    const candidate = syntheticIdNumber({ regionCode: COUNTY, birthDate, sequence: next });
    if (candidate.endsWith('X') === x) return candidate;
  }
  throw new Error(`no ID number with${x ? '' : 'out'} X for ${birthDate}`);
}

const fullWidth = (text: string) => text.replace(/[0-9A-Za-z]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));
/** An ASCII space, an ideographic space, a tab, a non-breaking space and a zero-width space. */
const spaced = (text: string) => ` ${text.slice(0, 6)}\u3000${text.slice(6, 14)}\t${text.slice(14, 16)}\u00a0${text.slice(16)}\u200b `;

type Written = string | number;
/** Each accepted input, as typed for a given canonical number. */
const ACCEPTED: [name: string, birthDate: string, x: boolean, write: (canonical: string) => Written][] = [
  ['full-width digits', '1961-01-11', false, fullWidth],
  ['whitespace of every kind inside and around', '1962-02-12', false, spaced],
  ['a lower-case x', '1963-03-13', true, (canonical) => canonical.toLowerCase()],
  ['a full-width lower-case x', '1964-04-14', true, (canonical) => fullWidth(canonical.toLowerCase())],
];
/** Each refused input: what a number-typed cell becomes. */
const REFUSED: [name: string, write: (canonical: string) => Written][] = [
  ['scientific notation', () => '1.30609E+17'],
  ['full-width scientific notation', () => '１．３０６０９Ｅ＋１７'],
  ['a numeric cell (the nearest double)', (canonical) => Number(canonical)],
];

describe('ID numbers: one normalisation on every path', () => {
  let app: TestApp<[typeof registryPlugin]>;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [registryPlugin], enable: { [COUNTY]: ['registry'] } });
  });
  afterAll(() => app?.close());

  const storedIds = async (ids: string[]) =>
    (await app.db.select({ idNumber: members.idNumber }).from(members).where(inArray(members.idNumber, ids))).map((row) => row.idNumber).sort();

  /** A household whose head carries `written` as the ID number. */
  const household = (written: Written, sequence: number): CreateHouseholdInput => {
    const input = sampleHousehold(VILLAGE, sequence);
    const [head] = input.members;
    if (!head) throw new Error('sampleHousehold has a head');
    // A numeric cell reaches the API as a JSON number: the type says string, a client may not.
    return { ...input, members: [{ ...head, idNumber: written as string }] };
  };

  describe('the household form (the rules’ validateIdNumber, as MemberFormModal calls it)', () => {
    it.each(ACCEPTED)('accepts %s as the canonical number', (_name, birthDate, x, write) => {
      const canonical = idNumber(birthDate, 100, x);
      expect(validateIdNumber(write(canonical) as string, { asOf: '2026-03-02' })).toMatchObject({ valid: true, idNumber: canonical });
    });
    it.each(REFUSED)('refuses %s as precision lost', (_name, write) => {
      const result = validateIdNumber(write(idNumber('1965-05-15', 100)), { asOf: '2026-03-02' });
      expect(result.valid).toBe(false);
      if (!result.valid) expect(result.reasons.map((reason) => reason.code)).toEqual(['precision-lost']);
    });
  });

  describe('the API (registry.households.create)', () => {
    it.each(ACCEPTED.map((row, index) => [...row, index] as const))('stores %s as the canonical number', async (_name, birthDate, x, write, index) => {
      const canonical = idNumber(birthDate, 200, x);
      const created = await app.as('xushui').registry.households.create(household(write(canonical), 200 + index));
      expect(created.members[0]?.idNumber).toBe(canonical);
      expect(await storedIds([canonical])).toEqual([canonical]);
    });
    it.each(REFUSED.map((row, index) => [...row, index] as const))('refuses %s as precision lost and stores nothing', async (_name, write, index) => {
      const canonical = idNumber('1966-06-16', 210 + index);
      const before = await app.db.select({ id: members.id }).from(members);
      const error = await app
        .as('xushui')
        .registry.households.create(household(write(canonical), 210 + index))
        .then(
          () => null,
          (caught: unknown) => caught as { code?: string; message?: string; details?: unknown },
        );
      expect(error?.code).toBe('BAD_REQUEST');
      // Text refused by the rules names the reason code; a JSON number is refused by the input schema with the same words.
      expect(JSON.stringify({ message: error?.message, details: error?.details })).toMatch(/precision-lost|format the column as text/);
      expect(await app.db.select({ id: members.id }).from(members)).toHaveLength(before.length);
    });
  });

  describe('the spreadsheet import', () => {
    /** A one-person household per ID cell, written as given (exceljs keeps a number a numeric cell). */
    async function workbook(cells: Written[]): Promise<Buffer> {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('农户');
      sheet.addRow(IMPORT_COLUMNS.map((column) => column.header));
      cells.forEach((cell, index) => {
        const values: Partial<Record<(typeof IMPORT_COLUMNS)[number]['key'], Written>> = {
          householdKey: cell,
          villageCode: VILLAGE,
          address: `合成村后街${index + 1}号`,
          status: '一般农户',
          labourCapacity: '有劳动力',
          name: `合成户主${index + 1}`,
          idNumber: cell,
          relation: '户主',
          incomeYear: 2025,
          wages: 1000,
          business: 0,
          property: 0,
          transfers: 0,
          productionCosts: 0,
        };
        sheet.addRow(IMPORT_COLUMNS.map((column) => values[column.key] ?? null));
      });
      return Buffer.from(await book.xlsx.writeBuffer());
    }
    const upload = (content: Buffer) => app.upload('xushui', { plugin: 'registry', purpose: 'import' }, 'ID号码.xlsx', content);

    it('imports every accepted spelling under the canonical number', async () => {
      const canonical = ACCEPTED.map(([, birthDate, x]) => idNumber(birthDate, 300, x));
      const content = await workbook(ACCEPTED.map(([, , , write], index) => write(canonical[index] as string)));
      const checked = await app.as('xushui').registry.import.preview({ uploadId: await upload(content) });
      expect(checked.problems).toEqual([]);
      await app.as('xushui').registry.import.commit({ uploadId: await upload(content) });
      expect(await storedIds(canonical)).toEqual([...canonical].sort());
    });

    it('refuses each number-typed cell on its row as precision lost, and the file commits nothing', async () => {
      const canonical = REFUSED.map((_row, index) => idNumber('1967-07-17', 310 + index * 10));
      const content = await workbook(REFUSED.map(([, write], index) => write(canonical[index] as string)));
      const checked = await app.as('xushui').registry.import.preview({ uploadId: await upload(content) });
      const idProblems = checked.problems.filter((problem) => problem.column.includes('身份证号'));
      // Each refused row is named, with the reason (its household key is the same cell, so it may be named twice).
      expect([...new Set(idProblems.map((problem) => problem.row))]).toEqual([2, 3, 4]);
      for (const problem of idProblems) expect(`${problem.reason['zh-CN']} ${problem.reason.en}`).toMatch(FORMAT_AS_TEXT);
      await expect(app.as('xushui').registry.import.commit({ uploadId: await upload(content) })).rejects.toMatchObject({ reason: 'import-invalid' });
      expect(await storedIds(canonical)).toEqual([]);
    });
  });

  describe('the department comparison (部门信息比对)', () => {
    const registered = ACCEPTED.map(([, birthDate, x]) => idNumber(birthDate, 400, x));
    beforeAll(async () => {
      for (const [index, canonical] of registered.entries()) await app.as('xushui').registry.households.create(household(canonical, 400 + index));
    });

    it('matches every accepted spelling to the registered member, and refuses number-typed cells as precision lost', async () => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('残疾人名册');
      sheet.addRow(['身份证号', '姓名', '残疾等级']);
      for (const [index, [, , , write]] of ACCEPTED.entries()) sheet.addRow([write(registered[index] as string), `合成${index}`, '四级']);
      for (const [index, [, write]] of REFUSED.entries()) sheet.addRow([write(registered[0] as string), `数字${index}`, '四级']);
      const content = Buffer.from(await book.xlsx.writeBuffer());
      const result = await app.as('xushui').registry.comparison.run({
        uploadId: await app.upload('xushui', { plugin: 'registry', purpose: 'comparison' }, '残联名册.xlsx', content),
        source: 'disability',
      });
      expect(result).toMatchObject({ rows: ACCEPTED.length + REFUSED.length, matched: ACCEPTED.length, unmatched: REFUSED.length });
      expect(result.unmatchedRows.map((row) => row.row)).toEqual([6, 7, 8]);
      for (const row of result.unmatchedRows) expect(`${row.reason['zh-CN']} ${row.reason.en}`).toMatch(FORMAT_AS_TEXT);
    });
  });

  it('stored nothing but canonical numbers', async () => {
    const rows = await app.db.select({ idNumber: members.idNumber }).from(members).where(eq(members.countyCode, COUNTY));
    for (const row of rows) expect(row.idNumber).toMatch(/^\d{17}[\dX]$/);
  });
});
