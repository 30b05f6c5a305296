import { z } from 'zod';
import { IsoDateSchema, isIsoDate } from './dates.js';
import type { IsoDate } from './dates.js';
import { reason, reasonSchema } from './reason.js';
import type { Reason } from './reason.js';

/**
 * Resident ID numbers (居民身份证号码, GB 11643-1999): 6-digit region code (GB/T 2260), 8-digit
 * birth date YYYYMMDD, 3-digit sequence (odd = male, even = female) and a check digit (ISO 7064
 * MOD 11-2; 10 is written X).
 */

const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'] as const;

/** Province-level codes of GB/T 2260, plus 71 Taiwan and 81/82/83 used by residence permits. */
export const PROVINCE_CODES: readonly string[] = [
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
];

/** Earliest birth date accepted (a sanity bound, not part of GB 11643). */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

/** The check digit ('0'–'9' or 'X') for the first 17 digits of an ID number. */
export function checkDigit(first17Digits: string): string {
  if (!/^\d{17}$/.test(first17Digits)) {
    throw new RangeError(`checkDigit() needs exactly 17 digits, got "${first17Digits}".`);
  }
  const sum = CHECK_WEIGHTS.reduce((total, weight, index) => total + weight * Number(first17Digits[index]), 0);
  return CHECK_CHARACTERS[sum % 11] as string;
}

export const SyntheticIdNumberInputSchema = z.object({
  /** 6-digit region code, e.g. "130609" (Xushui). */
  regionCode: z.string().regex(/^\d{6}$/),
  birthDate: IsoDateSchema,
  /** 0–999; odd numbers are male, even female. */
  sequence: z.int().min(0).max(999),
});
export type SyntheticIdNumberInput = z.infer<typeof SyntheticIdNumberInputSchema>;

/** Builds a well-formed ID number with the right check digit (for tests and demo data). */
export function syntheticIdNumber(input: SyntheticIdNumberInput): string {
  const { regionCode, birthDate, sequence } = SyntheticIdNumberInputSchema.parse(input);
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return `${first17}${checkDigit(first17)}`;
}

export const ID_NUMBER_REASON_CODES = [
  'wrong-length',
  'invalid-characters',
  'unknown-province',
  'invalid-birth-date',
  'birth-date-too-early',
  'birth-date-in-future',
  'wrong-check-digit',
  'precision-lost',
] as const;
export type IdNumberReasonCode = (typeof ID_NUMBER_REASON_CODES)[number];
export const IdNumberReasonSchema = reasonSchema(ID_NUMBER_REASON_CODES);

export const SexSchema = z.enum(['male', 'female']);
export type Sex = z.infer<typeof SexSchema>;

export const IdNumberValidationSchema = z.discriminatedUnion('valid', [
  z.object({
    valid: z.literal(true),
    /** Normalised (normalizeIdNumber): ASCII digits, no whitespace, X upper-case. */
    idNumber: z.string().length(18),
    regionCode: z.string().length(6),
    birthDate: IsoDateSchema,
    sex: SexSchema,
  }),
  z.object({ valid: z.literal(false), reasons: z.array(IdNumberReasonSchema).min(1) }),
]);
export type IdNumberValidation = z.infer<typeof IdNumberValidationSchema>;

export const IdNumberValidationOptionsSchema = z.object({
  /** When given, birth dates after this day are refused. Rules never read the clock themselves. */
  asOf: IsoDateSchema.optional(),
});
export type IdNumberValidationOptions = z.infer<typeof IdNumberValidationOptionsSchema>;

const CLAUSE = 'context';

/** How a spreadsheet shows a long number (1.30609E+17): the digits after the fifteenth are gone. */
const SCIENTIFIC_NOTATION = /^\d(\.\d+)?E\+?\d+$/;

/**
 * The one normalisation of an ID number as typed or imported, for every path (the household form,
 * the API, spreadsheet import, department comparison, search): full-width digits and letters
 * become ASCII (NFKC), whitespace of every kind and zero-width characters go, a leading apostrophe
 * (a spreadsheet's "text" marker) is dropped, and a lowercase x becomes X.
 */
export function normalizeIdNumber(value: string): string {
  return IdNumberTextSchema.parse(value)
    .normalize('NFKC')
    .replace(/[\s\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/^'/, '')
    .toUpperCase();
}

/** Built once: a zod schema constructed per call cost more than the normalisation itself. */
const IdNumberTextSchema = z.string();

const PRECISION_LOST = {
  'zh-CN': '身份证号被存成了数字，末几位已丢失；请把该列设为“文本”格式后重新填写',
  en: 'the ID number was stored as a number and lost its last digits; format the column as text and enter it again',
};

/**
 * For an input schema's ID-number field: a number where text belongs (a numeric spreadsheet cell
 * sent on by a client) gets the precision-lost message instead of zod's generic "expected string".
 * Use as `z.string({ error: idNumberTypeError })`.
 */
export function idNumberTypeError(issue: { input?: unknown }): string | undefined {
  return typeof issue.input === 'number' ? `${PRECISION_LOST['zh-CN']} / ${PRECISION_LOST.en}` : undefined;
}

/**
 * Validates an ID number and reports every problem found: wrong length, characters other than 17
 * digits plus a digit or X, an unknown province, an impossible or implausible birth date, and a
 * wrong check digit (with the expected one). The value is normalised first (normalizeIdNumber).
 * A number (a numeric spreadsheet cell) or scientific notation is always refused as
 * `precision-lost`: an 18-digit number cannot survive a float, so it is never guessed at.
 * 15-digit first-generation numbers are refused (wrong length).
 */
export function validateIdNumber(value: string | number, options: IdNumberValidationOptions = {}): IdNumberValidation {
  const { asOf } = IdNumberValidationOptionsSchema.parse(options);
  if (typeof value === 'number') return { valid: false, reasons: [reason('precision-lost', CLAUSE, PRECISION_LOST, { value: String(value) })] };
  const idNumber = normalizeIdNumber(value);
  if (SCIENTIFIC_NOTATION.test(idNumber)) return { valid: false, reasons: [reason('precision-lost', CLAUSE, PRECISION_LOST, { value: idNumber })] };
  const reasons: Reason<IdNumberReasonCode>[] = [];
  if (idNumber.length !== 18) {
    reasons.push(
      reason(
        'wrong-length',
        CLAUSE,
        {
          'zh-CN': `身份证号应为18位，实际为${idNumber.length}位`,
          en: `an ID number has 18 characters; this one has ${idNumber.length}`,
        },
        { length: idNumber.length },
      ),
    );
  }
  if (!/^\d*$/.test(idNumber.slice(0, 17)) || !/^[\dX]?$/.test(idNumber.slice(17, 18)) || idNumber.length > 18) {
    reasons.push(
      reason('invalid-characters', CLAUSE, {
        'zh-CN': '身份证号前17位须为数字，最后一位为数字或X',
        en: 'the first 17 characters must be digits and the last a digit or X',
      }),
    );
  }
  if (reasons.length > 0) return { valid: false, reasons };

  const province = idNumber.slice(0, 2);
  if (!PROVINCE_CODES.includes(province)) {
    reasons.push(
      reason(
        'unknown-province',
        CLAUSE,
        {
          'zh-CN': `地址码前两位 ${province} 不是有效的省级代码`,
          en: `the region code starts with ${province}, which is not a province code`,
        },
        { province },
      ),
    );
  }
  const compact = idNumber.slice(6, 14);
  const birthDate = `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
  if (!isIsoDate(birthDate)) {
    reasons.push(
      reason(
        'invalid-birth-date',
        CLAUSE,
        {
          'zh-CN': `出生日期 ${compact} 不是有效日期`,
          en: `the birth date ${compact} is not a calendar date`,
        },
        { birthDate: compact },
      ),
    );
  } else if (birthDate < EARLIEST_BIRTH_DATE) {
    reasons.push(
      reason(
        'birth-date-too-early',
        CLAUSE,
        {
          'zh-CN': `出生日期 ${birthDate} 早于 ${EARLIEST_BIRTH_DATE}`,
          en: `the birth date ${birthDate} is before ${EARLIEST_BIRTH_DATE}`,
        },
        { birthDate },
      ),
    );
  } else if (asOf !== undefined && birthDate > asOf) {
    reasons.push(
      reason(
        'birth-date-in-future',
        CLAUSE,
        {
          'zh-CN': `出生日期 ${birthDate} 晚于 ${asOf}`,
          en: `the birth date ${birthDate} is after ${asOf}`,
        },
        { birthDate, asOf },
      ),
    );
  }
  const expected = checkDigit(idNumber.slice(0, 17));
  const actual = idNumber.slice(17);
  if (actual !== expected) {
    reasons.push(
      reason(
        'wrong-check-digit',
        CLAUSE,
        {
          'zh-CN': `校验码应为 ${expected}，实际为 ${actual}`,
          en: `the check digit should be ${expected}, not ${actual}`,
        },
        { expected, actual },
      ),
    );
  }
  if (reasons.length > 0) return { valid: false, reasons };
  return {
    valid: true,
    idNumber,
    regionCode: idNumber.slice(0, 6),
    birthDate,
    sex: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** Thrown by idNumberBirthDate / idNumberSex for an invalid number; carries the reasons. */
export class InvalidIdNumberError extends Error {
  override readonly name = 'InvalidIdNumberError';
  constructor(readonly reasons: readonly Reason<IdNumberReasonCode>[]) {
    super(`Invalid ID number: ${reasons.map((item) => item.message.en).join('; ')}.`);
  }
}

function validOrThrow(value: string): Extract<IdNumberValidation, { valid: true }> {
  const validation = validateIdNumber(value);
  if (!validation.valid) throw new InvalidIdNumberError(validation.reasons);
  return validation;
}

/** The birth date of a valid ID number; throws InvalidIdNumberError otherwise. */
export function idNumberBirthDate(value: string): IsoDate {
  return validOrThrow(value).birthDate;
}

/** The sex of a valid ID number (17th digit odd = male); throws InvalidIdNumberError otherwise. */
export function idNumberSex(value: string): Sex {
  return validOrThrow(value).sex;
}

/**
 * Masks an ID number for display: an 18-character value keeps its 6-digit region code and its last
 * 4 characters (sequence and check digit) and hides the birth date — "130609********123X". Any
 * other length is masked completely, because its structure is unknown. The length is kept.
 */
export function maskIdNumber(value: string): string {
  if (value.length !== 18) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}********${value.slice(14)}`;
}
