/**
 * The household import template: one row per person, household columns filled on the head's row
 * (户主) and optionally repeated on the others. Headers are matched loosely (full-width brackets,
 * spaces, a leading '*' all tolerated).
 */
import {
  EMPLOYMENT_LABELS,
  HOUSEHOLD_STATUS_LABELS,
  LABOUR_CAPACITY_LABELS,
  RELATION_LABELS,
  SCHOOLING_LABELS,
  SERIOUS_ILLNESS_LABELS,
  type Employment,
  type HouseholdStatus,
  type LabourCapacity,
  type Relation,
  type Schooling,
  type SeriousIllnessCode,
} from '../index.ts';
import { headerKey } from './spreadsheet.ts';

export const IMPORT_COLUMNS = [
  { key: 'householdKey', header: '户主身份证号', required: true, width: 22, text: true },
  { key: 'villageCode', header: '村代码', required: false, width: 15, text: true },
  { key: 'address', header: '家庭住址', required: false, width: 28 },
  { key: 'status', header: '户类型', required: false, width: 10 },
  { key: 'yearLeftPoverty', header: '脱贫年度', required: false, width: 10 },
  { key: 'labourCapacity', header: '劳动能力', required: false, width: 10 },
  { key: 'name', header: '姓名', required: true, width: 10 },
  { key: 'idNumber', header: '身份证号', required: true, width: 22, text: true },
  { key: 'relation', header: '与户主关系', required: true, width: 10 },
  { key: 'birthDate', header: '出生日期', required: false, width: 12 },
  { key: 'sex', header: '性别', required: false, width: 6 },
  { key: 'disabilityGrade', header: '残疾等级', required: false, width: 10 },
  { key: 'seriousIllness', header: '大病/慢性病', required: false, width: 12 },
  { key: 'healthNote', header: '健康状况说明', required: false, width: 20 },
  { key: 'schooling', header: '在校情况', required: false, width: 10 },
  { key: 'employment', header: '就业情况', required: false, width: 10 },
  { key: 'incomeYear', header: '收入年度', required: false, width: 10 },
  { key: 'wages', header: '工资性收入(元)', required: false, width: 14 },
  { key: 'business', header: '生产经营性收入(元)', required: false, width: 16 },
  { key: 'property', header: '财产性收入(元)', required: false, width: 14 },
  { key: 'transfers', header: '转移性收入(元)', required: false, width: 14 },
  { key: 'productionCosts', header: '生产经营性支出(元)', required: false, width: 16 },
] as const;

export type ImportColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];

/** Drop-down lists of the template's coded columns (the words the import reads; more are accepted). */
export const TEMPLATE_LISTS: Partial<Record<ImportColumnKey, readonly string[]>> = {
  status: Object.values(HOUSEHOLD_STATUS_LABELS),
  labourCapacity: Object.values(LABOUR_CAPACITY_LABELS),
  relation: Object.values(RELATION_LABELS),
  sex: ['男', '女'],
  disabilityGrade: ['无', '一级', '二级', '三级', '四级'],
  seriousIllness: Object.values(SERIOUS_ILLNESS_LABELS),
  schooling: Object.values(SCHOOLING_LABELS),
  employment: Object.values(EMPLOYMENT_LABELS),
};

export const HEADER_BY_KEY = Object.fromEntries(IMPORT_COLUMNS.map((column) => [column.key, column.header])) as Record<ImportColumnKey, string>;

/** A header's unit "(元)" may be left out (工资性收入 = 工资性收入(元)); any other unit (万元) never matches. */
const YUAN_UNIT = /\(元\)$/;

/**
 * The data columns' positions, from a header row. Headers that name no column are returned too,
 * so the preview can say which columns were not read (a misspelt amount column is never silently
 * stored as nothing).
 */
export function mapHeaders<Key extends string>(
  columns: readonly { key: Key; header: string; aliases?: readonly string[] }[],
  headerCells: readonly string[],
): Map<Key, number> & { ignored: string[] } {
  const byHeader = new Map<string, Key>();
  for (const column of columns) {
    for (const name of [column.header, ...(column.aliases ?? [])]) {
      byHeader.set(headerKey(name), column.key);
      byHeader.set(headerKey(name).replace(YUAN_UNIT, ''), column.key);
    }
  }
  const positions = Object.assign(new Map<Key, number>(), { ignored: [] as string[] });
  headerCells.forEach((cell, index) => {
    const key = byHeader.get(headerKey(cell));
    if (key !== undefined && !positions.has(key)) positions.set(key, index);
    else if (cell.trim() !== '') positions.ignored.push(cell.trim());
  });
  return positions;
}

function lookup<Code extends string>(labels: Record<Code, string>, aliases: Record<string, Code> = {}): (text: string) => Code | null {
  const table = new Map<string, Code>();
  for (const [code, label] of Object.entries(labels) as [Code, string][]) {
    table.set(code.toLowerCase(), code);
    for (const part of label.split('/')) table.set(part, code);
    table.set(label, code);
  }
  for (const [alias, code] of Object.entries(aliases)) table.set(alias, code);
  // Imports repeat the same few words on every row: remember up to 1,000 answers.
  const seen = new Map<string, Code | null>();
  return (text) => {
    const known = seen.get(text);
    if (known !== undefined) return known;
    const code = table.get(text.replace(/\s/g, '').toLowerCase()) ?? table.get(text.replace(/\s/g, '')) ?? null;
    if (seen.size < 1000) seen.set(text, code);
    return code;
  };
}

export const parseStatus = lookup<HouseholdStatus>(HOUSEHOLD_STATUS_LABELS, {
  脱贫: 'left-poverty',
  监测: 'monitored',
  一般户: 'ordinary',
  普通农户: 'ordinary',
});
export const parseLabour = lookup<LabourCapacity>(LABOUR_CAPACITY_LABELS, {
  普通劳动力: 'has-labour',
  技能劳动力: 'has-labour',
  有: 'has-labour',
  弱: 'weak-labour',
  丧失劳动力: 'no-labour',
  无: 'no-labour',
});
/**
 * The words cadres write for the relation to the head, by code (the table in
 * docs/user-guide/registry.md follows this one; a spec checks they agree).
 */
export const RELATION_WORDS: Record<Relation, readonly string[]> = {
  head: ['本人', '户主本人'],
  spouse: ['妻', '夫', '妻子', '丈夫', '之妻', '之夫', '老伴', '爱人'],
  child: [
    ...['子', '女', '儿子', '女儿', '之子', '之女', '独子', '独女', '独生子', '独生女', '养子', '养女', '继子', '继女'],
    ...['长子', '次子', '三子', '四子', '五子', '长女', '次女', '三女', '四女', '五女'],
  ],
  'child-in-law': ['儿媳', '儿媳妇', '女婿', '之媳', '之婿'],
  grandchild: ['孙子', '孙女', '外孙', '外孙子', '外孙女', '外孙子女', '之孙', '之孙女'],
  parent: ['父', '母', '父亲', '母亲', '之父', '之母', '继父', '继母', '养父', '养母', '公公', '婆婆', '岳父', '岳母'],
  grandparent: ['祖父', '祖母', '外祖父', '外祖母', '爷爷', '奶奶', '姥爷', '姥姥', '外公', '外婆'],
  sibling: ['兄', '弟', '姐', '妹', '哥哥', '弟弟', '姐姐', '妹妹', '兄弟', '姐妹'],
  other: ['其他亲属'],
};

export const parseRelation = lookup<Relation>(
  RELATION_LABELS,
  Object.fromEntries((Object.entries(RELATION_WORDS) as [Relation, readonly string[]][]).flatMap(([code, words]) => words.map((word) => [word, code]))),
);

/** 性别: 男/女, male/female, or the GB/T 2261.1 codes 1 (男) and 2 (女); null when unrecognised (0 未知 and 9 未说明 included). */
export function parseSex(text: string): 'male' | 'female' | null {
  if (text === '男') return 'male';
  if (text === '女') return 'female';
  const key = text.replace(/\s/g, '').toLowerCase();
  if (key === '男' || key === '男性' || key === 'male' || key === '1') return 'male';
  if (key === '女' || key === '女性' || key === 'female' || key === '2') return 'female';
  return null;
}
export const parseIllness = lookup<SeriousIllnessCode>(SERIOUS_ILLNESS_LABELS, {
  健康: 'none',
  '': 'none',
  重病: 'major-disease',
  慢性病: 'major-chronic-disease',
  重大慢病: 'major-chronic-disease',
});
export const parseSchooling = lookup<Schooling>(SCHOOLING_LABELS, {
  '': 'not-applicable',
  在校生: 'primary',
  辍学: 'out-of-school',
  失学: 'out-of-school',
  中职: 'vocational',
  高职: 'vocational',
  大专: 'college',
  本科: 'college',
});
export const parseEmployment = lookup<Employment>(EMPLOYMENT_LABELS, {
  '': 'not-working',
  务工: 'local-work',
  外出: 'migrant-work',
  无业: 'not-working',
  公益岗: 'public-welfare-job',
});

const GRADE_WORDS: Record<string, 1 | 2 | 3 | 4 | null> = {
  '': null,
  无: null,
  否: null,
  '0': null,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  一级: 1,
  二级: 2,
  三级: 3,
  四级: 4,
  '1级': 1,
  '2级': 2,
  '3级': 3,
  '4级': 4,
};

/** 残疾等级: 无 / 一级…四级 / 1…4; undefined when unrecognised. */
export function parseDisabilityGrade(text: string): 1 | 2 | 3 | 4 | null | undefined {
  // A listed word as it stands (no space, no 残疾 to strip): the same answer without the regex.
  if (Object.hasOwn(GRADE_WORDS, text)) return GRADE_WORDS[text];
  const key = text.replace(/\s|残疾/g, '');
  return key in GRADE_WORDS ? GRADE_WORDS[key] : undefined;
}

/** The template's 说明 sheet (after the data sheet; the import finds the data sheet by its header either way). */
export const TEMPLATE_NOTES: readonly string[] = [
  '填写说明',
  '1. 每位家庭成员一行；户类型、家庭住址、村代码、脱贫年度、劳动能力、收入填写在户主行，其他成员行可留空或重复填写。',
  '2. 身份证号、户主身份证号、村代码列已设为“文本”格式：请勿改为数字格式，数字或科学计数法（如 1.30609E+17）的身份证号会被拒绝（末位已丢失）。',
  '3. 收入金额以“元”为单位，最多两位小数。空白不等于 0：填写了收入年度或任一金额的行，五项金额都须填写，没有该项收入请填 0；空白的金额会被指出，整份文件不导入。',
  '4. 与户主关系可填：户主（本人）、配偶（妻子、丈夫）、子女（长子、次女、之子……）、儿媳/女婿、孙子女（孙子、孙女、外孙……）、父母（之父、之母、父亲、母亲、岳父……）、祖父母、兄弟姐妹、其他。',
  '5. 性别可填 男/女 或代码 1（男）、2（女）（GB/T 2261.1）；不填时按身份证号推算。',
  '6. 隐藏的行不会导入，预检会列出这些行；合并单元格只有第一行有值，预检会列出，可选择“向下填充”。',
  '7. 表头可以不在第一行（上方可有标题行），但须在前20行内；本说明页可以保留。',
  '8. 家庭住址最多200字，健康状况说明最多500字，姓名最多50字（与登记表单相同）。',
];

/** Sample rows for the template (synthetic people with valid check digits). */
export const TEMPLATE_EXAMPLE_NOTE = '示例：每位家庭成员一行；户类型、地址、村代码、收入填写在户主行；身份证号列请设为文本格式。';
