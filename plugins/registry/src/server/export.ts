/**
 * Export of a household list to .xlsx (or .csv): one row per person in the import template's
 * columns, so a file exported by a reader with registry.pii.view imports back unchanged.
 * Readers without it get masked ID numbers, no birth dates (they would complete the masked
 * numbers) and no health data.
 */
import type { Executor } from '@zhenxing/db';
import { maskIdNumber } from '@zhenxing/rules';
import { and, asc, inArray, sql, type SQL } from 'drizzle-orm';
import {
  EMPLOYMENT_LABELS,
  HOUSEHOLD_STATUS_LABELS,
  LABOUR_CAPACITY_LABELS,
  RELATION_LABELS,
  SCHOOLING_LABELS,
  SERIOUS_ILLNESS_LABELS,
  SEX_LABELS,
  type Employment,
  type FileFormat,
  type HouseholdStatus,
  type LabourCapacity,
  type Relation,
  type Schooling,
  type SeriousIllnessCode,
} from '../index.ts';
import type { Reader } from './households.ts';
import { IMPORT_COLUMNS, type ImportColumnKey } from './import-template.ts';
import { households, incomes, members } from './schema.ts';
import { writeCsv, writeXlsx, type SheetColumn } from './spreadsheet.ts';

/** Largest export in one file; larger lists must be narrowed by region or filter. */
export const MAX_EXPORT_ROWS = 200_000;

interface ExportRow {
  household: typeof households.$inferSelect;
  member: typeof members.$inferSelect;
  income: typeof incomes.$inferSelect | null;
}

const GRADE = ['无', '一级', '二级', '三级', '四级'];
const yuan = (fen: number | undefined): number | null => (fen === undefined ? null : fen / 100);

function valueOf(key: ImportColumnKey, row: ExportRow, pii: boolean): string | number | null {
  const { household, member, income } = row;
  const isHead = member.relation === 'head';
  const onHead = <T>(value: T): T | null => (isHead ? value : null);
  switch (key) {
    case 'householdKey':
      return pii ? household.householdKey : maskIdNumber(household.householdKey);
    case 'villageCode':
      return household.villageCode;
    case 'address':
      return onHead(household.address);
    case 'status':
      return onHead(HOUSEHOLD_STATUS_LABELS[household.status as HouseholdStatus]);
    case 'yearLeftPoverty':
      return onHead(household.yearLeftPoverty);
    case 'labourCapacity':
      return onHead(LABOUR_CAPACITY_LABELS[household.labourCapacity as LabourCapacity]);
    case 'name':
      return member.name;
    case 'idNumber':
      return pii ? member.idNumber : maskIdNumber(member.idNumber);
    case 'relation':
      return RELATION_LABELS[member.relation as Relation];
    // Without registry.pii.view the birth date would complete the masked ID number: left empty.
    case 'birthDate':
      return pii ? member.birthDate : null;
    case 'sex':
      return SEX_LABELS[member.sex as 'male' | 'female'];
    case 'disabilityGrade':
      return pii ? (GRADE[member.disabilityGrade ?? 0] ?? '无') : '***';
    case 'seriousIllness':
      return pii ? SERIOUS_ILLNESS_LABELS[member.seriousIllness as SeriousIllnessCode] : '***';
    case 'healthNote':
      return pii ? member.healthNote : '***';
    case 'schooling':
      return SCHOOLING_LABELS[member.schooling as Schooling];
    case 'employment':
      return EMPLOYMENT_LABELS[member.employment as Employment];
    case 'incomeYear':
      return isHead && income ? income.year : null;
    case 'wages':
      return isHead ? yuan(income?.wagesFen) : null;
    case 'business':
      return isHead ? yuan(income?.businessFen) : null;
    case 'property':
      return isHead ? yuan(income?.propertyFen) : null;
    case 'transfers':
      return isHead ? yuan(income?.transfersFen) : null;
    case 'productionCosts':
      return isHead ? yuan(income?.productionCostsFen) : null;
  }
}

export async function exportHouseholds(
  db: Executor,
  reader: Reader,
  filter: SQL | undefined,
  format: FileFormat,
): Promise<{ rows: number; households: number; content: Buffer }> {
  const where = and(reader.access.where(households.countyCode, households.villageCode), filter);
  const householdRows = await db.select().from(households).where(where).orderBy(asc(households.villageCode), asc(households.id)).limit(MAX_EXPORT_ROWS);
  const rows: ExportRow[] = [];
  for (let start = 0; start < householdRows.length; start += 2000) {
    const chunk = householdRows.slice(start, start + 2000);
    const ids = chunk.map((row) => row.id);
    const people = await db
      .select()
      .from(members)
      .where(inArray(members.householdId, ids))
      .orderBy(asc(members.householdId), sql`${members.relation} <> 'head'`, asc(members.id));
    const latest = await db
      .selectDistinctOn([incomes.householdId])
      .from(incomes)
      .where(inArray(incomes.householdId, ids))
      .orderBy(incomes.householdId, sql`${incomes.year} desc`);
    const byId = new Map(chunk.map((row) => [row.id, row]));
    const incomeOf = new Map(latest.map((row) => [row.householdId, row]));
    for (const member of people)
      rows.push({ household: byId.get(member.householdId) as typeof households.$inferSelect, member, income: incomeOf.get(member.householdId) ?? null });
  }
  const columns: SheetColumn<ExportRow>[] = IMPORT_COLUMNS.map((column) => ({
    header: column.header,
    width: column.width,
    text: 'text' in column && column.text,
    value: (row) => valueOf(column.key, row, reader.pii),
  }));
  const content = format === 'xlsx' ? await writeXlsx('农户信息', columns, rows) : writeCsv(columns, rows);
  return { rows: rows.length, households: householdRows.length, content };
}
