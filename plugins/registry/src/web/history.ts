/**
 * The change history of a household as people read it. Entries key their changes by field:
 * household fields by name (`address`), a member's field as `member:<id>.<field>`, a member added
 * as `member:<id>` with the new member's snapshot, an income year as `income:<year>` with the
 * record. Values are codes, fen, or '***' where health data is hidden from the reader.
 */
import { formatFen, type Localized, type useL } from '@zhenxing/ui';
import {
  DISABILITY_GRADES,
  EMPLOYMENTS,
  HOUSEHOLD_FIELDS,
  ILLNESS_LABELS,
  INCOME_FIELDS,
  LABOUR_LABELS,
  MEMBER_FIELDS,
  RELATIONS,
  SCHOOLINGS,
  SEXES,
  STATUS_LABELS,
} from './labels.ts';

type L = ReturnType<typeof useL>;

export type ChangeSubject = { kind: 'household' } | { kind: 'member'; memberId: number } | { kind: 'income'; year: number };

export interface Change {
  key: string;
  subject: ChangeSubject;
  /** The field changed; null when the whole record was written (a member added, an income year). */
  field: string | null;
  before: unknown;
  after: unknown;
}

const HOUSEHOLD_ORDER = Object.keys(HOUSEHOLD_FIELDS);

function subjectRank(change: Change): number {
  if (change.subject.kind === 'household') return HOUSEHOLD_ORDER.indexOf(change.field ?? '') + 1 || HOUSEHOLD_ORDER.length + 1;
  return change.subject.kind === 'member' ? 100 : 200;
}

/** Splits an entry's changes by subject: household fields first, then members, then incomes. */
export function parseChanges(changes: Record<string, [unknown, unknown]>): Change[] {
  const parsed = Object.entries(changes).map(([key, pair]): Change => {
    const [before, after] = Array.isArray(pair) ? pair : [null, pair];
    const member = /^member:(\d+)(?:\.(\w+))?$/.exec(key);
    if (member) return { key, subject: { kind: 'member', memberId: Number(member[1]) }, field: member[2] ?? null, before, after };
    const income = /^income:(\d{4})$/.exec(key);
    if (income) return { key, subject: { kind: 'income', year: Number(income[1]) }, field: null, before, after };
    return { key, subject: { kind: 'household' }, field: key, before, after };
  });
  return parsed.sort((a, b) => subjectRank(a) - subjectRank(b) || a.key.localeCompare(b.key));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Member names known from the history itself (snapshots of added members, renames). */
export function memberNamesOf(entries: readonly { changes: Record<string, [unknown, unknown]> }[]): Map<number, string> {
  const names = new Map<number, string>();
  // Oldest first, so a later rename wins.
  for (const entry of [...entries].reverse()) {
    for (const change of parseChanges(entry.changes)) {
      if (change.subject.kind !== 'member') continue;
      if (change.field === null && isRecord(change.after) && typeof change.after.name === 'string') names.set(change.subject.memberId, change.after.name);
      if (change.field === 'name' && typeof change.after === 'string') names.set(change.subject.memberId, change.after);
    }
  }
  return names;
}

const CODE_LABELS: Record<string, Record<string, Localized>> = {
  status: STATUS_LABELS,
  labourCapacity: LABOUR_LABELS,
  relation: RELATIONS,
  sex: SEXES,
  seriousIllness: ILLNESS_LABELS,
  schooling: SCHOOLINGS,
  employment: EMPLOYMENTS,
};

/** One value of a field as text: labels for codes, yuan for fen, "已隐藏" for hidden health data. */
export function valueText(field: string, value: unknown, l: L): string {
  if (value === '***') return l('已隐藏', 'hidden');
  if (value === null || value === undefined || value === '') return field === 'disabilityGrade' ? l.text(DISABILITY_GRADES[0]?.label) : '—';
  const labels = CODE_LABELS[field];
  if (labels && typeof value === 'string') return labels[value] ? l.text(labels[value]) : value;
  if (field === 'disabilityGrade') {
    const grade = DISABILITY_GRADES.find((item) => item.value === Number(value));
    return grade ? l.text(grade.label) : String(value);
  }
  if (field.endsWith('Fen') && typeof value === 'number') return l(`${formatFen(value)} 元`, `${formatFen(value)} yuan`);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function fieldLabel(change: Change, l: L): string {
  const field = change.field ?? '';
  const labels = change.subject.kind === 'member' ? MEMBER_FIELDS : change.subject.kind === 'income' ? INCOME_FIELDS : HOUSEHOLD_FIELDS;
  return labels[field] ? l.text(labels[field]) : field;
}

/** A whole record (member snapshot, income year) as "姓名 王建国；与户主关系 户主；…". */
export function recordText(subject: ChangeSubject, record: unknown, l: L): string {
  if (!isRecord(record)) return valueText('', record, l);
  const labels = subject.kind === 'income' ? INCOME_FIELDS : MEMBER_FIELDS;
  return Object.keys(labels)
    .filter(
      (field) =>
        field in record && !(field === 'healthNote' && (record[field] === '' || record[field] === null)) && !(subject.kind === 'income' && field === 'year'),
    )
    .map((field) => `${l.text(labels[field])} ${valueText(field, record[field], l)}`)
    .join(l('；', '; '));
}

/** Income components that differ between two records of the same year. */
export function changedIncomeFields(before: unknown, after: unknown): string[] {
  if (!isRecord(before) || !isRecord(after)) return [];
  return Object.keys(INCOME_FIELDS).filter((field) => field !== 'year' && before[field] !== after[field]);
}

export function subjectText(subject: ChangeSubject, names: ReadonlyMap<number, string>, l: L): string | null {
  if (subject.kind === 'household') return null;
  if (subject.kind === 'income') return l(`${subject.year} 年收入`, `Income ${subject.year}`);
  const name = names.get(subject.memberId);
  return name ? l(`成员 ${name}`, `Member ${name}`) : l(`成员 #${subject.memberId}`, `Member #${subject.memberId}`);
}
