import { ageInYears, maskIdNumber, maskPerson, type IsoDate } from '@zhenxing/rules';
import type {
  DisabilityGradeCode,
  Employment,
  HouseholdRecord,
  HouseholdStatus,
  IncomeRecord,
  LabourCapacity,
  MemberRecord,
  MemberView,
  Relation,
  Schooling,
  SeriousIllnessCode,
} from '../index.ts';
import type { households, incomes, members } from './schema.ts';

type HouseholdRow = typeof households.$inferSelect;
type MemberRow = typeof members.$inferSelect;
type IncomeRow = typeof incomes.$inferSelect;

export function householdRecord(row: HouseholdRow): HouseholdRecord {
  return {
    id: row.id,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    householdKey: row.householdKey,
    address: row.address,
    status: row.status as HouseholdStatus,
    yearLeftPoverty: row.yearLeftPoverty,
    labourCapacity: row.labourCapacity as LabourCapacity,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The unmasked member record (server-side and for readers holding registry.pii.view); age as of `today`. */
export function memberRecord(row: MemberRow, today: IsoDate): MemberRecord {
  return {
    id: row.id,
    householdId: row.householdId,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    name: row.name,
    idNumber: row.idNumber,
    relation: row.relation as Relation,
    birthDate: row.birthDate,
    age: ageInYears(row.birthDate, today),
    sex: row.sex as 'male' | 'female',
    disabilityGrade: (row.disabilityGrade ?? null) as DisabilityGradeCode,
    seriousIllness: row.seriousIllness as SeriousIllnessCode,
    healthNote: row.healthNote,
    healthHidden: false,
    schooling: row.schooling as Schooling,
    employment: row.employment as Employment,
  };
}

/** Field names holding personal data that only registry.pii.view may see. */
export const SENSITIVE_MEMBER_FIELDS = ['idNumber', 'birthDate', 'disabilityGrade', 'seriousIllness', 'healthNote'] as const;

/** The rules' maskPerson: ID number without birth digits, age instead of birth date, health data hidden. */
export function maskMember(member: MemberRecord, today: IsoDate): MemberView {
  return maskPerson(member, today);
}

export function incomeRecord(row: IncomeRow): IncomeRecord {
  return {
    householdId: row.householdId,
    year: row.year,
    wagesFen: row.wagesFen,
    businessFen: row.businessFen,
    propertyFen: row.propertyFen,
    transfersFen: row.transfersFen,
    productionCostsFen: row.productionCostsFen,
  };
}

/** Masks history changes: sensitive member fields show as masked / hidden. */
export function maskChanges(changes: Record<string, [unknown, unknown]>): Record<string, [unknown, unknown]> {
  const masked: Record<string, [unknown, unknown]> = {};
  for (const [key, [before, after]] of Object.entries(changes)) {
    const field = key.split('.').at(-1) ?? key;
    if (field === 'idNumber' || field === 'householdKey') {
      masked[key] = [typeof before === 'string' ? maskIdNumber(before) : before, typeof after === 'string' ? maskIdNumber(after) : after];
    } else if ((SENSITIVE_MEMBER_FIELDS as readonly string[]).includes(field)) {
      masked[key] = ['***', '***'];
    } else if (/^member:\d+$/.test(key)) {
      masked[key] = [maskSnapshot(before), maskSnapshot(after)];
    } else {
      masked[key] = [before, after];
    }
  }
  return masked;
}

function maskSnapshot(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const snapshot = { ...(value as Record<string, unknown>) };
  if (typeof snapshot.idNumber === 'string') snapshot.idNumber = maskIdNumber(snapshot.idNumber);
  for (const field of ['birthDate', 'disabilityGrade', 'seriousIllness', 'healthNote']) if (field in snapshot) snapshot[field] = '***';
  return snapshot;
}
