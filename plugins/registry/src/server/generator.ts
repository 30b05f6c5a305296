/**
 * Synthetic households for demos, tests and benchmarks. Pure and deterministic: the same
 * `{ villages, count, seed }` always yields the same households. Names are built from common
 * surname and given-name syllables (never real people); ID numbers come from the rules'
 * syntheticIdNumber (valid check digit) with the village's county as region part.
 */
import { addDays, syntheticIdNumber } from '@zhenxing/rules';
import type { DisabilityGradeCode, Employment, HouseholdStatus, IncomeInput, LabourCapacity, Relation, Schooling, SeriousIllnessCode } from '../index.ts';

export interface GeneratedMember {
  name: string;
  idNumber: string;
  relation: Relation;
  birthDate: string;
  sex: 'male' | 'female';
  disabilityGrade: DisabilityGradeCode;
  seriousIllness: SeriousIllnessCode;
  healthNote: string;
  schooling: Schooling;
  employment: Employment;
}

export interface GeneratedHousehold {
  countyCode: string;
  villageCode: string;
  householdKey: string;
  address: string;
  status: HouseholdStatus;
  yearLeftPoverty: number | null;
  labourCapacity: LabourCapacity;
  members: GeneratedMember[];
  income: IncomeInput;
}

export interface GenerateOptions {
  /** 12-digit village codes to spread households over (their first 6 digits are the county). */
  villages: readonly string[];
  count: number;
  seed: number;
  /** Income year (default 2025). */
  year?: number;
  /** Reference date for ages (default 2026-01-01). */
  asOf?: string;
}

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN_MALE = '建国华明军伟强磊洋勇杰涛斌超鹏辉刚健平志宏海波东亮鑫飞俊凯峰浩宇晨博文武';
const GIVEN_FEMALE = '秀英芳娜敏静丽艳娟霞燕玲桂兰萍红梅琳雪婷慧颖倩欣怡佳悦月春花琴';
const STREETS = ['东街', '西街', '南街', '北街', '前街', '后街', '中街', '新村路', '幸福路', '团结路'];

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Yields `count` households; ID numbers are unique within each county of one call. */
export function* generateHouseholds(options: GenerateOptions): Generator<GeneratedHousehold> {
  if (options.villages.length === 0) throw new Error('generateHouseholds needs at least one village code.');
  const next = random(options.seed);
  const pick = <T>(items: readonly T[] | string): T => items[Math.floor(next() * items.length)] as T;
  const between = (low: number, high: number): number => low + Math.floor(next() * (high - low + 1));
  const year = options.year ?? 2025;
  const asOf = options.asOf ?? '2026-01-01';
  const used = new Set<string>();

  const person = (county: string, age: number, sex: 'male' | 'female', surname: string, relation: Relation): GeneratedMember => {
    let birthDate = addDays(asOf, -(age * 365 + between(0, 364)));
    let idNumber: string;
    for (let attempt = 0; ; attempt += 1) {
      const base = between(0, 499) * 2 + (sex === 'male' ? 1 : 0);
      idNumber = syntheticIdNumber({ regionCode: county, birthDate, sequence: base });
      if (!used.has(idNumber)) break;
      if (attempt > 20) birthDate = addDays(birthDate, 1);
    }
    used.add(idNumber);
    const given = sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
    const name = surname + pick<string>(given) + (next() < 0.6 ? pick<string>(given) : '');
    const roll = next();
    const disabilityGrade: DisabilityGradeCode = roll < 0.06 ? ((1 + Math.floor(roll * 66)) as 1 | 2 | 3 | 4) : null;
    const illnessRoll = next();
    const seriousIllness: SeriousIllnessCode = illnessRoll < 0.04 ? 'major-disease' : illnessRoll < 0.08 ? 'major-chronic-disease' : 'none';
    const schooling: Schooling =
      age < 3 ? 'not-applicable' : age < 6 ? 'preschool' : age < 12 ? 'primary' : age < 15 ? 'junior' : age < 18 ? 'senior' : 'finished';
    const employment: Employment =
      age < 16
        ? 'not-working'
        : age >= 65
          ? next() < 0.5
            ? 'farming'
            : 'not-working'
          : pick<Employment>(['farming', 'local-work', 'migrant-work', 'migrant-work', 'self-employed', 'public-welfare-job']);
    return {
      name,
      idNumber,
      relation,
      birthDate,
      sex,
      disabilityGrade,
      seriousIllness,
      healthNote: seriousIllness === 'none' ? '' : '（合成数据）',
      schooling,
      employment,
    };
  };

  for (let index = 0; index < options.count; index += 1) {
    const villageCode = options.villages[index % options.villages.length] as string;
    const county = villageCode.slice(0, 6);
    const surname = pick<string>(SURNAMES);
    const headAge = between(28, 82);
    const headSex: 'male' | 'female' = next() < 0.85 ? 'male' : 'female';
    const people: GeneratedMember[] = [person(county, headAge, headSex, surname, 'head')];
    const size = pick([1, 2, 2, 3, 3, 4, 4, 4, 5, 5, 6]);
    if (size >= 2)
      people.push(person(county, Math.max(20, headAge + between(-5, 5)), headSex === 'male' ? 'female' : 'male', pick<string>(SURNAMES), 'spouse'));
    for (let child = 2; child < size; child += 1) {
      const childAge = Math.max(0, headAge - between(20, 32));
      const sex: 'male' | 'female' = next() < 0.5 ? 'male' : 'female';
      people.push(person(county, childAge, sex, surname, headAge > 60 && child === size - 1 ? 'grandchild' : 'child'));
    }
    const statusRoll = next();
    const status: HouseholdStatus = statusRoll < 0.3 ? 'left-poverty' : statusRoll < 0.38 ? 'monitored' : 'ordinary';
    const yearLeftPoverty = status === 'left-poverty' || (status === 'monitored' && next() < 0.5) ? between(2016, 2020) : null;
    const working = people.filter((member) => ['local-work', 'migrant-work', 'self-employed', 'public-welfare-job'].includes(member.employment)).length;
    const income: IncomeInput = {
      year,
      wagesFen: working * between(8_000, 36_000) * 100,
      businessFen: between(0, 12_000) * 100,
      propertyFen: between(0, 1_500) * 100,
      transfersFen: between(500, 6_000) * 100,
      productionCostsFen: between(0, 4_000) * 100,
    };
    const labourCapacity: LabourCapacity = working >= 1 ? 'has-labour' : people.some((member) => member.employment === 'farming') ? 'weak-labour' : 'no-labour';
    yield {
      countyCode: county,
      villageCode,
      householdKey: (people[0] as GeneratedMember).idNumber,
      address: `${pick(STREETS)}${between(1, 200)}号`,
      status,
      yearLeftPoverty,
      labourCapacity,
      members: people,
      income,
    };
  }
}
