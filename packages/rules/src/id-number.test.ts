import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shanghaiDate } from './dates.js';
import {
  checkDigit,
  idNumberBirthDate,
  idNumberSex,
  IdNumberValidationSchema,
  InvalidIdNumberError,
  maskIdNumber,
  normalizeIdNumber,
  syntheticIdNumber,
  validateIdNumber,
} from './id-number.js';

describe('checkDigit (GB 11643, ISO 7064 MOD 11-2)', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['13060919800101001', '2'],
    ['44052418800101001', '4'],
  ])('the check digit of %s is %s', (first17, expected) => {
    expect(checkDigit(first17)).toBe(expected);
  });

  it('needs exactly 17 digits', () => {
    expect(() => checkDigit('1234')).toThrow(/17 digits/);
  });
});

describe('syntheticIdNumber builds valid numbers for tests and demo data', () => {
  it('combines region, birth date, sequence and check digit', () => {
    expect(syntheticIdNumber({ regionCode: '130609', birthDate: '1980-01-01', sequence: 1 })).toBe('130609198001010012');
  });

  it('always produces a number that validates, with the birth date and sex it encodes', () => {
    const birthDate = fc.date({ min: new Date('1900-01-02'), max: new Date('2030-12-31'), noInvalidDate: true }).map(shanghaiDate);
    fc.assert(
      fc.property(fc.constantFrom('130609', '110105', '650102'), birthDate, fc.integer({ min: 0, max: 999 }), (regionCode, date, sequence) => {
        const validation = validateIdNumber(syntheticIdNumber({ regionCode, birthDate: date, sequence }));
        expect(validation).toMatchObject({ valid: true, regionCode, birthDate: date, sex: sequence % 2 === 1 ? 'male' : 'female' });
      }),
    );
  });
});

describe('validateIdNumber reports every problem precisely', () => {
  it('accepts a valid number, trimming spaces and accepting a lowercase x', () => {
    const validation = validateIdNumber(' 11010519491231002x ');
    expect(validation).toEqual({ valid: true, idNumber: '11010519491231002X', regionCode: '110105', birthDate: '1949-12-31', sex: 'female' });
    expect(IdNumberValidationSchema.parse(validation)).toEqual(validation);
  });

  it.each([
    ['a 15-digit first-generation number', '130609800101001', ['wrong-length']],
    ['a 19-character number', '1306091980010100120', ['wrong-length', 'invalid-characters']],
    ['a letter in the body', '13060919800I010012', ['invalid-characters']],
    ['X in the body', '1306091980X1010012', ['invalid-characters']],
    ['an unknown province 99', '990609198001010012', ['unknown-province']],
    ['30 February', '130609198002300012', ['invalid-birth-date', 'wrong-check-digit']],
    ['a birth before 1900', '440524188001010014', ['birth-date-too-early']],
    ['a wrong check digit', '130609198001010017', ['wrong-check-digit']],
    ['an empty string', '', ['wrong-length']],
  ])('refuses %s', (_description, value, codes) => {
    const validation = validateIdNumber(value);
    expect(validation.valid).toBe(false);
    if (!validation.valid) expect(validation.reasons.map((item) => item.code)).toEqual(codes);
  });

  it('names the expected check digit', () => {
    const validation = validateIdNumber('130609198001010017');
    expect(validation.valid).toBe(false);
    if (!validation.valid) {
      expect(validation.reasons[0]?.data).toEqual({ expected: '2', actual: '7' });
      expect(validation.reasons[0]?.message['zh-CN']).toBe('校验码应为 2，实际为 7');
    }
  });

  it('refuses a birth date after the given day, and only when a day is given', () => {
    const baby = syntheticIdNumber({ regionCode: '130609', birthDate: '2022-07-01', sequence: 2 });
    expect(validateIdNumber(baby, { asOf: '2022-07-01' }).valid).toBe(true);
    const future = validateIdNumber(baby, { asOf: '2022-06-30' });
    expect(future.valid).toBe(false);
    if (!future.valid) expect(future.reasons.map((item) => item.code)).toEqual(['birth-date-in-future']);
  });
});

describe('normalizeIdNumber: one normalisation for the form, the API, import and comparison', () => {
  const id = syntheticIdNumber({ regionCode: '130609', birthDate: '1980-05-01', sequence: 7 });
  const withX = '13060919800501001X';
  it.each([
    ['as is', id, id],
    ['full-width digits', id.replace(/\d/g, (digit) => String.fromCharCode(0xff10 + Number(digit))), id],
    ['spaces, tabs, ideographic and non-breaking spaces inside', `${id.slice(0, 6)} ${id.slice(6, 14)}\u3000${id.slice(14)}\t\u00a0`, id],
    ['zero-width characters and a byte-order mark', `\ufeff${id.slice(0, 9)}\u200b${id.slice(9)}`, id],
    ["a spreadsheet's leading apostrophe", `'${id}`, id],
    ['a lower-case x', withX.toLowerCase(), withX],
    ['a full-width lower-case x', `${withX.slice(0, 17)}ｘ`, withX],
  ])('%s', (_case, input, expected) => {
    expect(normalizeIdNumber(input)).toBe(expected);
  });

  it('validates what it normalised: a full-width number with spaces is the same valid number', () => {
    const typed = ` ${id.replace(/\d/g, (digit) => String.fromCharCode(0xff10 + Number(digit)))} `;
    expect(validateIdNumber(typed)).toMatchObject({ valid: true, idNumber: id });
  });

  it.each([
    // What a spreadsheet holds for 130609198005010077 typed as a number: the nearest double.
    ['a numeric cell', Number('130609198005010077')],
    ['scientific notation', '1.30609E+17'],
    ['scientific notation without the plus', '1.3060919800501E17'],
    ['full-width scientific notation', '１．３０６０９Ｅ＋１７'],
  ])('refuses %s as precision lost, never guessing the digits', (_case, input) => {
    const result = validateIdNumber(input);
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.reasons.map((found) => found.code)).toEqual(['precision-lost']);
    expect(result.reasons[0]?.message['zh-CN']).toContain('文本');
  });
});

describe('birth date and sex', () => {
  it('extracts them from a valid number', () => {
    expect(idNumberBirthDate('130609198001010012')).toBe('1980-01-01');
    expect(idNumberSex('130609198001010012')).toBe('male');
    expect(idNumberSex('11010519491231002X')).toBe('female');
  });

  it('throws with the reasons for an invalid number', () => {
    expect(() => idNumberBirthDate('130609198001010017')).toThrow(InvalidIdNumberError);
    expect(() => idNumberSex('123')).toThrow(/an ID number has 18 characters/);
  });
});

describe('maskIdNumber shows the region code and the last four characters only', () => {
  it.each([
    ['13060919800101123X', '130609********123X'],
    ['130609198001011234', '130609********1234'],
    ['130609800101001', '***************'],
    ['', ''],
  ])('masks %s as %s', (value, masked) => {
    expect(maskIdNumber(value)).toBe(masked);
  });

  it('never reveals the birth date, keeps the length, and reveals nothing of other lengths', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 30 }), (value) => {
        const masked = maskIdNumber(value);
        expect(masked.length).toBe(value.length);
        if (value.length === 18) {
          expect(masked.slice(6, 14)).toBe('********');
          expect(masked.slice(0, 6) + masked.slice(14)).toBe(value.slice(0, 6) + value.slice(14));
        } else {
          expect(masked).toBe('*'.repeat(value.length));
        }
      }),
    );
  });
});
