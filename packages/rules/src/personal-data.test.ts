import { describe, expect, it } from 'vitest';
import { syntheticIdNumber } from './id-number.js';
import { ageAt, ageInYears, maskIdNumbersInText, maskPerson, personalFieldKind, redactPersonalData, REDACTED, idNumberSearch } from './personal-data.js';

const idNumber = syntheticIdNumber({ regionCode: '130609', birthDate: '1990-01-01', sequence: 123 });
const birthDigits = '19900101';

describe('personalFieldKind names the personal fields by their name', () => {
  it.each([
    ['idNumber', 'id-number'],
    ['householdKey', 'id-number'],
    ['member:3.idNumber', 'id-number'],
    ['birthDate', 'birth-date'],
    ['disabilityGrade', 'health'],
    ['seriousIllness', 'health'],
    ['healthNote', 'health'],
    ['outOfPocketMedicalFen', 'health'],
    ['outOfPocketFen', 'health'],
    ['phone', 'contact'],
    ['passwordHash', 'secret'],
    ['name', null],
    ['villageCode', null],
  ])('%s → %s', (key, kind) => expect(personalFieldKind(key)).toBe(kind));

  it('leaves the policy standard "medicalWarning" of a parameter set alone, but not a person’s medical fields', () => {
    expect(personalFieldKind('medicalWarning')).toBeNull();
    expect(personalFieldKind('set.medicalWarning')).toBeNull();
    expect(personalFieldKind('medicalWarningFen')).toBe('health');
  });
});

describe('ageInYears counts whole years, the birthday itself included', () => {
  it('is one less the day before the birthday and exact on it', () => {
    expect(ageInYears('1990-06-15', '2026-06-14')).toBe(35);
    expect(ageInYears('1990-06-15', '2026-06-15')).toBe(36);
  });
  it('is null for a missing, malformed or future birth date', () => {
    expect(ageInYears(null, '2026-01-01')).toBeNull();
    expect(ageInYears(undefined, '2026-01-01')).toBeNull();
    expect(ageInYears('1990', '2026-01-01')).toBeNull();
    expect(ageInYears('2027-01-01', '2026-01-01')).toBeNull();
  });
  it('takes the day in Asia/Shanghai: 16:00 UTC on the eve of the birthday is already the birthday', () => {
    expect(ageAt('1990-06-15', new Date('2026-06-14T16:00:00Z'))).toBe(36);
    expect(ageAt('1990-06-15', new Date('2026-06-14T15:59:59Z'))).toBe(35);
  });
});

describe('maskIdNumbersInText hides the birth digits of ID numbers inside free text', () => {
  it('masks an embedded number and keeps the region and the last four', () => {
    const text = maskIdNumbersInText(`成员 ${idNumber} 自付医疗费用较高`);
    expect(text).toBe(`成员 130609********${idNumber.slice(14)} 自付医疗费用较高`);
    expect(text).not.toContain(birthDigits);
  });
  it('leaves longer digit runs (e.g. region codes of 12 digits, 20-digit numbers) alone', () => {
    expect(maskIdNumbersInText('130609100002')).toBe('130609100002');
    expect(maskIdNumbersInText('12345678901234567890')).toBe('12345678901234567890');
  });
});

describe('redactPersonalData keeps no ID number, birth date or health detail', () => {
  const record = {
    householdKey: idNumber,
    address: '张家村1号',
    at: new Date('2026-01-01T00:00:00Z'),
    members: [
      {
        name: '张三',
        idNumber,
        birthDate: '1990-01-01',
        disabilityGrade: 2,
        seriousIllness: 'cancer',
        healthNote: '糖尿病',
        phone: '13800138000',
        password: 'x',
      },
    ],
    changes: { 'member:1.idNumber': [idNumber, null], 'member:1.birthDate': ['1990-01-01', '1990-01-02'], 'member:1.healthNote': ['', '高血压'] },
    healthConditions: { chronic: ['糖尿病'] },
    comment: `换户主为 ${idNumber}`,
    count: 3,
    flag: null,
  };
  const redacted = redactPersonalData(record);
  const text = JSON.stringify(redacted);

  it('masks every ID number, wherever it sits', () => {
    expect(text).not.toContain(birthDigits);
    expect(redacted).toMatchObject({
      householdKey: `130609********${idNumber.slice(14)}`,
      changes: { 'member:1.idNumber': [`130609********${idNumber.slice(14)}`, null] },
    });
  });
  it('replaces birth dates and health details, keeps contacts’ last four and the rest as is', () => {
    expect(text).not.toContain('1990-01-01');
    expect(text).not.toContain('糖尿病');
    expect(text).not.toContain('高血压');
    expect(redacted).toMatchObject({
      address: '张家村1号',
      at: '2026-01-01T00:00:00.000Z',
      count: 3,
      flag: null,
      members: [
        {
          name: '张三',
          birthDate: REDACTED,
          disabilityGrade: REDACTED,
          seriousIllness: REDACTED,
          healthNote: REDACTED,
          phone: '*******8000',
          password: REDACTED,
        },
      ],
      healthConditions: { chronic: [REDACTED] },
    });
  });
  it('is idempotent, so redacting again (e.g. when verifying) changes nothing', () => {
    expect(redactPersonalData(redacted)).toEqual(redacted);
  });
  it('passes scalars through and turns Dates into ISO strings', () => {
    expect(redactPersonalData(7)).toBe(7);
    expect(redactPersonalData(null)).toBeNull();
    expect(redactPersonalData(new Date('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:00:00.000Z');
    expect(redactPersonalData({ birthDate: new Date('1990-01-01T00:00:00Z'), idNumber: 'short' })).toEqual({ birthDate: REDACTED, idNumber: '*****' });
  });
});

describe('maskPerson shows a person to a reader without the PII permission', () => {
  const person = {
    id: 1,
    name: '张三',
    idNumber,
    birthDate: '1990-01-01',
    disabilityGrade: 2,
    seriousIllness: 'cancer',
    healthNote: '糖尿病',
    healthHidden: false,
  };
  const masked = maskPerson(person, '2026-12-03');

  it('gives the age instead of the birth date and no birth digits in the ID number', () => {
    expect(masked).toMatchObject({ id: 1, name: '张三', birthDate: null, age: 36, idNumber: `130609********${idNumber.slice(14)}` });
    expect(JSON.stringify(masked)).not.toContain(birthDigits);
    expect(JSON.stringify(masked)).not.toContain('1990-01-01');
  });
  it('hides health and disability details and says so', () => {
    expect(masked).toMatchObject({ disabilityGrade: null, seriousIllness: null, healthNote: null, healthHidden: true });
  });
});

describe('idNumberSearch keeps an ID-number search out of the birth digits without the PII permission', () => {
  it('cuts a partial number to its region code', () => {
    expect(idNumberSearch('13060919900', false)).toEqual({ like: '130609%' });
    expect(idNumberSearch('130609', false)).toEqual({ like: '130609%' });
  });
  it('matches a whole number on region and last 4 only, so every birth-date guess gets the same answer', () => {
    const pattern = { like: `${idNumber.slice(0, 6)}________${idNumber.slice(14)}` };
    expect(idNumberSearch(idNumber, false)).toEqual(pattern);
    expect(idNumberSearch(`${idNumber.slice(0, 6)}20010101${idNumber.slice(14)}`, false)).toEqual(pattern);
  });
  it('keeps everything for a reader with the permission', () => {
    expect(idNumberSearch(idNumber, true)).toEqual({ exact: idNumber });
    expect(idNumberSearch('13060919900', true)).toEqual({ like: '13060919900%' });
  });
});
