/**
 * The lean .xlsx reader on the parts of SpreadsheetML that real files use: shared strings with rich
 * text and phonetic runs, entities and _xHHHH_ escapes, booleans, error values, formulas with and
 * without a cached result, date formats (built-in, custom, 1904 system), hidden rows and sheets,
 * merged ranges, and what exceljs writes.
 */
import ExcelJS from 'exceljs';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CellError, columnLetters, columnOfReference, withoutPrefix, XlsxWorkbook } from '../src/server/xlsx-reader.ts';

function zip(entries: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const raw = Buffer.from(text, 'utf8');
    const data = deflateRawSync(raw);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(raw.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, nameBytes, data);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A workbook of raw parts: two sheets (the first hidden), shared strings and styles as given. */
function book({ sheets, sharedStrings, styles, date1904 = false }: { sheets: string[]; sharedStrings?: string; styles?: string; date1904?: boolean }): Buffer {
  const entries: Record<string, string> = {
    '_rels/.rels': `<Relationships><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<workbook xmlns:r="${REL}">${date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${sheets
      .map(
        (_, index) =>
          `<sheet name="表${index + 1}" sheetId="${index + 1}" ${index === 0 && sheets.length > 1 ? 'state="hidden" ' : ''}r:id="rId${index + 1}"/>`,
      )
      .join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships>${sheets
      .map((_, index) => `<Relationship Id="rId${index + 1}" Type="${REL}/worksheet" Target="/xl/worksheets/sheet${index + 1}.xml"/>`)
      .join(
        '',
      )}<Relationship Id="rS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rT" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
  };
  sheets.forEach((xml, index) => (entries[`xl/worksheets/sheet${index + 1}.xml`] = xml));
  if (sharedStrings) entries['xl/sharedStrings.xml'] = sharedStrings;
  if (styles) entries['xl/styles.xml'] = styles;
  return zip(entries);
}

async function rowsOf(content: Buffer, index = 0) {
  const workbook = await XlsxWorkbook.open(content);
  const sheet = await workbook.sheet(index);
  return { workbook, merges: sheet.merges, rows: [...sheet.rows].map(({ row, cells, hidden }) => ({ row, cells, hidden })) };
}

describe('xlsx reader', () => {
  it('reads shared strings (rich text, phonetic runs left out, entities, _xHHHH_), booleans, errors and formulas', async () => {
    const sharedStrings =
      '<sst><si><t>赵德明</t></si><si><r><rPr><b/></rPr><t>前街</t></r><r><t xml:space="preserve"> 3号</t></r></si>' +
      '<si><t>王</t><rPh sb="0" eb="1"><t>ワン</t></rPh></si><si><t>A&amp;B&lt;C&gt; &#x4E00;&#19968;</t></si><si><t>行一_x000D_行二</t></si><si/></sst>';
    const sheet =
      '<worksheet><sheetData><row r="1">' +
      '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c>' +
      '<c r="F1" t="s"><v>5</v></c><c r="G1" t="b"><v>1</v></c><c r="H1" t="e"><v>#N/A</v></c><c r="I1"><f>1+1</f></c>' +
      '<c r="J1" t="str"><f>""</f><v></v></c><c r="K1"><f>A2*0</f><v>0</v></c><c r="L1" t="e"><f>1/0</f><v>#DIV/0!</v></c>' +
      '</row></sheetData></worksheet>';
    const { rows } = await rowsOf(book({ sheets: [sheet], sharedStrings }));
    expect(rows[0]!.cells).toEqual([
      '赵德明',
      '前街 3号',
      '王',
      'A&B<C> 一一',
      '行一\r行二',
      '',
      'TRUE',
      new CellError('#N/A'),
      null,
      '',
      0,
      new CellError('#DIV/0!'),
    ]);
  });

  it('turns numbers in date formats into dates (built-in and custom codes, 1900 and 1904 systems), and keeps other numbers', async () => {
    const styles =
      '<styleSheet><numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="177" formatCode="#,##0.00&quot;元&quot;"/></numFmts>' +
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="176"/><xf numFmtId="177"><alignment/></xf></cellXfs></styleSheet>';
    const sheet =
      '<worksheet><sheetData><row r="1"><c r="A1" s="1"><v>44927</v></c><c r="B1" s="2"><v>44928</v></c><c r="C1" s="3"><v>1234.5</v></c><c r="D1" s="0"><v>44927</v></c><c r="E1" t="d"><v>2023-01-05T00:00:00Z</v></c></row></sheetData></worksheet>';
    expect((await rowsOf(book({ sheets: [sheet], styles }))).rows[0]!.cells).toEqual([
      new Date('2023-01-01T00:00:00Z'),
      new Date('2023-01-02T00:00:00Z'),
      1234.5,
      44927,
      new Date('2023-01-05T00:00:00Z'),
    ]);
    const in1904 = (await rowsOf(book({ sheets: [sheet], styles, date1904: true }))).rows[0]!.cells;
    expect(in1904[0]).toEqual(new Date('2027-01-02T00:00:00Z'));
  });

  it('names the sheets with their hidden state, and reads hidden rows, merges, gaps and rows without references', async () => {
    const notes = '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>说明</t></is></c></row></sheetData></worksheet>';
    const data =
      '<worksheet><sheetData><row r="2"><c r="C2" t="inlineStr"><is><t>x</t></is></c></row><row r="4" hidden="1"><c r="A4"><v>7</v></c></row><row><c><v>1</v></c><c><v>2</v></c></row><row r="9"/></sheetData>' +
      '<mergeCells count="2"><mergeCell ref="A1:V1"/><mergeCell ref="B5:B8"/></mergeCells></worksheet>';
    const { workbook, rows, merges } = await rowsOf(book({ sheets: [notes, data] }), 1);
    expect(workbook.sheets.map(({ name, hidden }) => ({ name, hidden }))).toEqual([
      { name: '表1', hidden: true },
      { name: '表2', hidden: false },
    ]);
    expect(rows).toEqual([
      { row: 2, cells: [null, null, 'x'], hidden: false },
      { row: 4, cells: [7], hidden: true },
      { row: 5, cells: [1, 2], hidden: false },
      { row: 9, cells: [], hidden: false },
    ]);
    expect(merges).toEqual([
      { firstRow: 1, lastRow: 1, firstColumn: 1, lastColumn: 22 },
      { firstRow: 5, lastRow: 8, firstColumn: 2, lastColumn: 2 },
    ]);
  });

  it('reads what exceljs writes (shared strings, dates, numbers, formulas) the same as exceljs reads it back', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('农户');
    sheet.addRow(['姓名', '出生日期', '收入', '公式']);
    sheet.addRow(['钱秀兰', new Date('1967-09-30T00:00:00Z'), 2400.5, { formula: 'C2*2', result: 4801 }]);
    const { rows } = await rowsOf(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(rows.map((row) => row.cells)).toEqual([
      ['姓名', '出生日期', '收入', '公式'],
      ['钱秀兰', new Date('1967-09-30T00:00:00Z'), 2400.5, 4801],
    ]);
  });

  it('reads cells byte by byte exactly as their text says: attribute spellings, number forms, escapes, formulas, inline and rich text', async () => {
    const sharedStrings = '<sst><si><t>甲</t></si><si><t>乙</t></si></sst>';
    const cells = [
      `<c r='A1' t='str'><v>户主</v></c>`, // single quotes
      '<c r = "B1"  t = "n" s="0"><v>-12.5</v></c>', // spaces around =
      '<c r="C1" x14ac:foo="1" t="n"><v>1.5E+3</v></c>', // exponent, a prefixed attribute
      '<c r="D1"><v>1234567890123456789</v></c>', // more digits than a double keeps
      '<c r="E1"><v> 7 </v></c>', // spaces in the value
      '<c r="F1" t="str"><v>A&amp;B</v></c>', // an entity in a short value
      '<c r="G1" t="str"><v>行一_x000D_行二，一段很长的说明文字</v></c>', // an escape in a long value
      '<c r="H1" t="str"><v>a_b</v></c>', // an underscore that is no escape
      '<c r="I1" t="str"><f>A1</f><v>户主</v></c>', // a formula before its cached result
      '<c r="J1"><v xml:space="preserve">42</v></c>', // <v> with an attribute
      '<c r="K1" t="s"><v>1</v></c>',
      '<c r="L1" t="s"><v>01</v></c>',
      '<c r="M&#49;" t="str"><v>x</v></c>', // an entity inside the tag
      '<c r="N1" t="inlineStr"><is><t>内联</t></is></c>',
      '<c r="O1" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c>',
      '<c r="P1" t="b"><v>1</v></c>',
      '<c r="Q1"\n  t="str"><v>换行</v></c>', // a line break inside the tag
      '<c r="R1" t="str"></c>', // nothing inside
      '<c r="S1"><v>0</v></c>',
      '<c r="T1"><v>-0.05</v></c>',
    ];
    const sheet =
      `<worksheet><sheetData>\n<row r="1">${cells.join('\n')}</row>\n` +
      '<row r="2" hidden="true"><c r="A2" t="str"><v>户主</v></c><c r="B2" t="str"><v>户生</v></c></row>' +
      '<row><c t="str"><v>a</v></c><c><v>2</v></c></row></sheetData></worksheet>';
    const { rows } = await rowsOf(book({ sheets: [sheet], sharedStrings }));
    expect(rows).toEqual([
      {
        row: 1,
        hidden: false,
        cells: [
          '户主',
          -12.5,
          1500,
          Number('1234567890123456789'),
          7,
          'A&B',
          '行一\r行二，一段很长的说明文字',
          'a_b',
          '户主',
          42,
          '乙',
          '乙',
          'x',
          '内联',
          '富文本',
          'TRUE',
          '换行',
          null,
          0,
          -0.05,
        ],
      },
      { row: 2, hidden: true, cells: ['户主', '户生'] },
      { row: 3, hidden: false, cells: ['a', 2] },
    ]);
  });

  it('gives back every short value as written when thousands of distinct ones come and repeat', async () => {
    const values = Array.from({ length: 6000 }, (_, index) => (index % 3 === 0 ? `张${index}` : index % 3 === 1 ? `20${index}-01` : `村${index % 97}`));
    const order = [...values, ...[...values].reverse()];
    const sheet = `<worksheet><sheetData>${order.map((value, index) => `<row r="${index + 1}"><c r="A${index + 1}" t="str"><v>${value}</v></c></row>`).join('')}</sheetData></worksheet>`;
    const { rows } = await rowsOf(book({ sheets: [sheet] }));
    expect(rows.map((row) => row.cells[0])).toEqual(order);
  });

  it('reads a large sheet (megabytes inflated) row for row: hidden rows, self-closing rows without r, entities, inline strings, merges after the rows', async () => {
    const expected: { row: number; cells: unknown[]; hidden: boolean }[] = [];
    const xml: string[] = [];
    for (let row = 1; row <= 60_000; row += 1) {
      const hidden = row % 997 === 0;
      const name = `姓名${row % 1000}`;
      const note = row % 7 === 0 ? `说明 &amp; 备注 ${'很长'.repeat(row % 13)}` : '';
      if (row % 5000 === 0) {
        // A row without r, a self-closing row.
        xml.push('<row/>');
        expected.push({ row, cells: [], hidden: false });
        continue;
      }
      xml.push(
        `<row r="${row}"${hidden ? ' hidden="1"' : ''} spans="1:4"><c r="A${row}" t="str"><v>${name}</v></c><c r="B${row}"><v>${row / 4}</v></c>` +
          (note ? `<c r="D${row}" t="inlineStr"><is><t>${note}</t></is></c>` : '') +
          '</row>',
      );
      expected.push({ row, cells: note ? [name, row / 4, null, note.replace('&amp;', '&')] : [name, row / 4], hidden });
    }
    const sheet = `<worksheet><sheetData>${xml.join('')}</sheetData><mergeCells count="1"><mergeCell ref="C2:C9"/></mergeCells></worksheet>`;
    expect(sheet.length).toBeGreaterThan(4 * 1024 * 1024);
    const { rows, merges } = await rowsOf(book({ sheets: [sheet] }));
    expect(rows).toEqual(expected);
    expect(merges).toEqual([{ firstRow: 2, lastRow: 9, firstColumn: 3, lastColumn: 3 }]);
  });

  it('refuses a part that inflates past the limit, by name', async () => {
    const huge = `<worksheet><sheetData>${'<row/>'.repeat(400_000)}</sheetData></worksheet>`;
    const workbook = await XlsxWorkbook.open(book({ sheets: [huge] }), { maxPartBytes: 1_000_000, maxColumns: 200 }).catch((error: unknown) => error);
    const opened = workbook instanceof XlsxWorkbook ? await workbook.sheet(0).catch((error: unknown) => error) : workbook;
    expect(opened).toMatchObject({ code: 'BAD_REQUEST', reason: 'xlsx-too-large' });
  });

  it('converts column references and strips a namespace prefix', () => {
    expect([columnOfReference('A1'), columnOfReference('Z9'), columnOfReference('AA10'), columnOfReference('XFD1048576')]).toEqual([1, 26, 27, 16384]);
    expect([1, 26, 27, 200, 201, 16384].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'GR', 'GS', 'XFD']);
    expect(withoutPrefix('<?xml version="1.0"?><x:worksheet><x:row r="1"/></x:worksheet>')).toBe('<?xml version="1.0"?><worksheet><row r="1"/></worksheet>');
    expect(withoutPrefix('<worksheet><row/></worksheet>')).toBe('<worksheet><row/></worksheet>');
  });
});
