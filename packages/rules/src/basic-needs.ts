import { z } from 'zod';
import { ageOn, CalendarDateSchema, IsoDateSchema } from './dates.js';
import type { ParameterSet } from './parameters/schema.js';
import { reason, reasonSchema } from './reason.js';
import type { Reason } from './reason.js';

export const HOUSING_GRADES = ['A', 'B', 'C', 'D'] as const;
/** Housing safety grade: A/B safe, C/D dangerous (危房). */
export const HousingGradeSchema = z.enum(HOUSING_GRADES);
export type HousingGrade = z.infer<typeof HousingGradeSchema>;

export const SCHOOLING_STATES = ['enrolled', 'home-delivered', 'out-of-school', 'not-applicable'] as const;
/** `home-delivered` (送教上门) counts as receiving compulsory education. */
export const SchoolingStateSchema = z.enum(SCHOOLING_STATES);

export const ChecklistMemberSchema = z.object({
  memberId: z.string().min(1),
  birthDate: IsoDateSchema,
  schooling: SchoolingStateSchema,
  /** Covered by basic medical insurance (基本医疗保险). */
  medicalInsured: z.boolean(),
});
export type ChecklistMember = z.infer<typeof ChecklistMemberSchema>;

export const BasicNeedsChecklistInputSchema = z.object({
  checkedOn: CalendarDateSchema,
  /** 不愁吃、不愁穿 */
  foodAndClothingSecure: z.boolean(),
  housingGrade: HousingGradeSchema,
  members: z.array(ChecklistMemberSchema).min(1),
  water: z.object({
    quantity: z.boolean(),
    quality: z.boolean(),
    reliability: z.boolean(),
    convenience: z.boolean(),
  }),
});
export type BasicNeedsChecklistInput = z.input<typeof BasicNeedsChecklistInputSchema>;

export const BASIC_NEEDS_FINDING_CODES = [
  'food-or-clothing-insecure',
  'housing-dangerous',
  'child-out-of-school',
  'member-uninsured',
  'water-quantity-insufficient',
  'water-quality-unsafe',
  'water-supply-unreliable',
  'water-inconvenient',
] as const;
export type BasicNeedsFindingCode = (typeof BASIC_NEEDS_FINDING_CODES)[number];
export const BasicNeedsFindingSchema = reasonSchema(BASIC_NEEDS_FINDING_CODES);

export const BasicNeedsChecklistResultSchema = z.object({
  findings: z.array(BasicNeedsFindingSchema),
  /** 两不愁三保障: food, clothing, compulsory education, basic medical care, safe housing. */
  basicNeedsSecure: z.boolean(),
  drinkingWaterSecure: z.boolean(),
  parameterVersion: z.string(),
});
export type BasicNeedsChecklistResult = z.infer<typeof BasicNeedsChecklistResultSchema>;

const WATER_FINDINGS = {
  quantity: ['water-quantity-insufficient', { 'zh-CN': '饮水水量不达标', en: 'not enough drinking water' }],
  quality: ['water-quality-unsafe', { 'zh-CN': '饮水水质不达标', en: 'drinking water quality is unsafe' }],
  reliability: ['water-supply-unreliable', { 'zh-CN': '供水保证率不达标', en: 'water supply is unreliable' }],
  convenience: ['water-inconvenient', { 'zh-CN': '取水不方便', en: 'fetching water is inconvenient' }],
} as const;

/**
 * §3 monthly visit checklist of 两不愁三保障 and drinking water, turned into findings:
 * food and clothing; housing grade C or D is dangerous; a child aged 6–15 (inclusive, by full years
 * on the visit day) out of school; a member without basic medical insurance; drinking water quantity,
 * quality, reliability and convenience. Findings feed suggestMeasures (§1 实) and elimination.
 */
export function evaluateBasicNeedsChecklist(input: BasicNeedsChecklistInput, parameters: ParameterSet): BasicNeedsChecklistResult {
  const checklist = BasicNeedsChecklistInputSchema.parse(input);
  const { compulsoryEducationMinimumAge: minimumAge, compulsoryEducationMaximumAge: maximumAge } = parameters.basicNeeds;
  const findings: Reason<BasicNeedsFindingCode>[] = [];
  if (!checklist.foodAndClothingSecure) {
    findings.push(reason('food-or-clothing-insecure', '§3', { 'zh-CN': '存在吃穿困难', en: 'food or clothing is not secure' }));
  }
  if (checklist.housingGrade === 'C' || checklist.housingGrade === 'D') {
    findings.push(
      reason(
        'housing-dangerous',
        '§3',
        {
          'zh-CN': `住房为${checklist.housingGrade}级危房`,
          en: `housing is graded ${checklist.housingGrade} (dangerous)`,
        },
        { housingGrade: checklist.housingGrade },
      ),
    );
  }
  for (const member of checklist.members) {
    const age = ageOn(member.birthDate, checklist.checkedOn);
    if (member.schooling === 'out-of-school' && age >= minimumAge && age <= maximumAge) {
      findings.push(
        reason(
          'child-out-of-school',
          '§3',
          {
            'zh-CN': `成员 ${member.memberId}（${age}岁）处于义务教育阶段却失学辍学`,
            en: `member ${member.memberId} (aged ${age}) is of compulsory-school age but out of school`,
          },
          { memberId: member.memberId, age },
        ),
      );
    }
    if (!member.medicalInsured) {
      findings.push(
        reason(
          'member-uninsured',
          '§3',
          {
            'zh-CN': `成员 ${member.memberId} 未参加基本医疗保险`,
            en: `member ${member.memberId} has no basic medical insurance`,
          },
          { memberId: member.memberId },
        ),
      );
    }
  }
  for (const aspect of ['quantity', 'quality', 'reliability', 'convenience'] as const) {
    if (!checklist.water[aspect]) {
      const [code, message] = WATER_FINDINGS[aspect];
      findings.push(reason(code, '§3', message));
    }
  }
  return {
    findings,
    basicNeedsSecure: !findings.some((finding) => !finding.code.startsWith('water-')),
    drinkingWaterSecure: !findings.some((finding) => finding.code.startsWith('water-')),
    parameterVersion: parameters.version,
  };
}
