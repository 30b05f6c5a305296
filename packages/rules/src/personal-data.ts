/**
 * The one personal-data (PII) policy of the platform: which fields are personal and how each is
 * shown to a reader without the PII permission (`registry.pii.view`) and kept at rest in the audit
 * log. Pure — the server applies it wherever data leaves the database.
 *
 * - ID numbers keep the 6-digit region code and the last 4 characters (a cadre's usual check);
 *   the 8 birth digits are hidden (see maskIdNumber).
 * - Birth dates are never shown without the permission: the age in whole years is, because a birth
 *   date joined with a masked ID number gives back the full, checksum-valid number.
 * - Health and disability details (disability grade, serious illness, health note, out-of-pocket
 *   medical spending) are hidden and flagged `healthHidden`.
 */
import { shanghaiDate, type IsoDate } from './dates.js';
import { maskIdNumber } from './id-number.js';

export type PersonalFieldKind = 'id-number' | 'birth-date' | 'health' | 'contact' | 'secret';

/** Field names holding an ID number (households are keyed by their head's ID number). */
export const ID_NUMBER_FIELDS = ['idNumber', 'householdKey', 'headIdNumber', 'idCard'] as const;
/** Field names holding a birth date. */
export const BIRTH_DATE_FIELDS = ['birthDate', 'dateOfBirth'] as const;
/** Field names holding health or disability details. */
export const HEALTH_FIELDS = ['disabilityGrade', 'seriousIllness', 'healthNote', 'healthConditions', 'outOfPocketMedicalFen', 'outOfPocketFen'] as const;

const PATTERNS: readonly [RegExp, PersonalFieldKind][] = [
  [/^(idnumber|householdkey|headidnumber|idcard|identity)/i, 'id-number'],
  [/^(birthdate|dateofbirth)$/i, 'birth-date'],
  [/(health|disease|illness|disabilit|outofpocket|medical)/i, 'health'],
  [/(phone|mobile|bank|account)/i, 'contact'],
  [/(password|secret|totp)/i, 'secret'],
];

/**
 * Parameter-set fields whose names look personal but hold a province-wide policy standard (the
 * medical-warning standard of §1 宽 ①), never a person's data.
 */
export const POLICY_STANDARD_FIELDS: readonly string[] = ['medicalWarning'];

/** The kind of personal data a field holds, judged by its name (last segment of a dotted path), or null. */
export function personalFieldKind(key: string): PersonalFieldKind | null {
  const field = key.split('.').at(-1) ?? key;
  if (POLICY_STANDARD_FIELDS.includes(field)) return null;
  for (const [pattern, kind] of PATTERNS) if (pattern.test(field)) return kind;
  return null;
}

/** A string shaped like an 18-character mainland ID number (17 digits and a digit or X). */
const EMBEDDED_ID_NUMBER = /(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])/g;

/** Masks every ID-number-shaped run inside free text (summaries, comments, messages). */
export function maskIdNumbersInText(text: string): string {
  return text.replace(EMBEDDED_ID_NUMBER, (_match, region: string, _birth: string, tail: string) => `${region}********${tail}`);
}

/** Whole years between a birth date and a day (both YYYY-MM-DD), or null for a missing or later birth date. */
export function ageInYears(birthDate: IsoDate | null | undefined, today: IsoDate): number | null {
  if (!birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return null;
  const [birthYear, birthMonthDay] = [Number(birthDate.slice(0, 4)), birthDate.slice(5)];
  const [year, monthDay] = [Number(today.slice(0, 4)), today.slice(5)];
  const age = year - birthYear - (monthDay < birthMonthDay ? 1 : 0);
  return age >= 0 ? age : null;
}

/** Age in whole years at an instant, the day taken in Asia/Shanghai. */
export function ageAt(birthDate: IsoDate | null | undefined, instant: Date): number | null {
  return ageInYears(birthDate, shanghaiDate(instant));
}

/** Hidden value of a redacted field. */
export const REDACTED = '***';

function redactAs(kind: PersonalFieldKind, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => redactAs(kind, item));
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactAs(kind, inner)]));
  if (kind === 'id-number' && typeof value === 'string') return maskIdNumber(value);
  if (kind === 'contact' && typeof value === 'string' && value.length >= 8) return `${'*'.repeat(value.length - 4)}${value.slice(-4)}`;
  return REDACTED;
}

/**
 * Redacts every personal field of a JSON-like value, deeply: ID numbers masked, birth dates,
 * health details and secrets replaced by `***`, contacts keep their last 4 characters, and any
 * ID-number-shaped text masked. Dates become ISO strings. Used for the audit log before hashing,
 * so at rest it holds none of them and its chain still verifies.
 */
export function redactPersonalData(value: unknown): unknown {
  if (typeof value === 'string') return maskIdNumbersInText(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(redactPersonalData);
  if (value && typeof value === 'object') {
    const redacted: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const kind = personalFieldKind(key);
      redacted[key] = kind ? redactAs(kind, inner instanceof Date ? inner.toISOString() : inner) : redactPersonalData(inner);
    }
    return redacted;
  }
  return value;
}

/** The personal fields of a person as stored. */
export interface PersonalFields {
  idNumber: string;
  birthDate: string | null;
  disabilityGrade: number | null;
  seriousIllness: string | null;
  healthNote: string | null;
}

/** The same fields as a reader without the PII permission sees them. */
export interface MaskedPersonalFields {
  idNumber: string;
  birthDate: null;
  age: number | null;
  disabilityGrade: null;
  seriousIllness: null;
  healthNote: null;
  healthHidden: true;
}

/** Masks a person's record for a reader without the PII permission; other fields pass through. */
export function maskPerson<T extends PersonalFields>(person: T, today: IsoDate): Omit<T, keyof MaskedPersonalFields> & MaskedPersonalFields {
  return {
    ...person,
    idNumber: maskIdNumber(person.idNumber),
    birthDate: null,
    age: ageInYears(person.birthDate, today),
    disabilityGrade: null,
    seriousIllness: null,
    healthNote: null,
    healthHidden: true,
  };
}

/** How an ID-number query is matched: one whole number exactly, or a SQL `LIKE` pattern. */
export type IdNumberSearch = { exact: string } | { like: string };

/**
 * The part of an ID-number query a reader may search by. Without the PII permission a reader must
 * learn nothing about the birth digits (characters 7–14), which the mask hides:
 * - a prefix reaching into them would find them digit by digit, so a partial number searches by its
 *   6-digit region code only;
 * - a whole number searched exactly would confirm a guessed birth date (knowing the region and the
 *   last 4, about 29,000 guesses find it), so it matches on the parts the mask shows — region and
 *   last 4, any birth digits — and answers the same for every guess.
 * With the permission a whole number is matched exactly and a partial one as a prefix.
 */
export function idNumberSearch(query: string, pii: boolean): IdNumberSearch {
  if (query.length >= 18) return pii ? { exact: query } : { like: `${query.slice(0, 6)}${'_'.repeat(8)}${query.slice(14, 18)}` };
  return { like: `${pii ? query : query.slice(0, 6)}%` };
}
