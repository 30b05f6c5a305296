/**
 * Workbooks written by hand, byte by byte: shapes exceljs would never write (a blank cell at XFD on
 * every row, a stored entry, a bare worksheet), for the import specs and the hostile-preview benchmark.
 */
import { deflateRawSync } from 'node:zlib';
import { IMPORT_COLUMNS } from '../src/server/import-template.ts';

/** A zip of stored (or deflated) entries, written by hand: enough for the reader, which never checks CRCs. */
export function zip(entries: Record<string, string | Buffer>, deflate = true): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, body] of Object.entries(entries)) {
    const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const data = deflate ? deflateRawSync(raw) : raw;
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A minimal workbook around one worksheet's XML (inline strings, no styles). */
export function rawWorkbook(sheetXml: string): Buffer {
  return zip({
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels':
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml':
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="农户" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': sheetXml,
  });
}

export const inline = (reference: string, text: string) => `<c r="${reference}" t="inlineStr"><is><t>${text}</t></is></c>`;
export const letters = (index: number) => (index < 26 ? String.fromCharCode(65 + index) : `A${String.fromCharCode(65 + index - 26)}`);

/** The template's header, then `rows` rows of one "x" and a blank styled cell at column XFD: small on disk, 16,384 columns wide. */
export function hostileWorkbook(rows: number): Buffer {
  const header = `<row r="1">${IMPORT_COLUMNS.map((column, index) => inline(`${letters(index)}1`, column.header)).join('')}</row>`;
  const body: string[] = [];
  for (let row = 2; row <= rows + 1; row += 1)
    body.push(`<row r="${row}" spans="1:16384"><c r="A${row}" t="inlineStr"><is><t>x</t></is></c><c r="XFD${row}" s="0"/></row>`);
  return rawWorkbook(`<worksheet><sheetData>${header}${body.join('')}</sheetData></worksheet>`);
}
