/**
 * @zhenxing/plugin-dispatch (监测调度) — isomorphic part: the module (id, title, permissions), the
 * data call's form and period schemas, and the input schemas. No Node, no React.
 */
import { defineModule, READ_ROLES } from '@zhenxing/core/module';
import { isoDate, plainText, regionCodeInput } from '@zhenxing/core/inputs';
import { z } from 'zod';
import { FieldListSchema, FieldValuesSchema, townshipFields } from './fields.ts';

export * from './fields.ts';

export const DISPATCH_PLUGIN_ID = 'dispatch' as const;

const regionCode = regionCodeInput.optional();
const id = z.int().positive();
const countyCode = z.string().regex(/^\d{6}$/);
const reason = plainText(500).trim().min(2);

export const RECURRENCES = ['weekly', 'monthly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

export const SUBMISSION_STATUSES = ['draft', 'submitted', 'reviewed', 'returned', 'accepted'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export const SUBMISSION_STATUS_LABELS: Record<SubmissionStatus | 'not-started', { 'zh-CN': string; en: string }> = {
  'not-started': { 'zh-CN': '未填报', en: 'not started' },
  draft: { 'zh-CN': '填报中', en: 'draft' },
  submitted: { 'zh-CN': '已报送', en: 'submitted' },
  reviewed: { 'zh-CN': '市级已审核', en: 'reviewed by the city' },
  returned: { 'zh-CN': '已退回', en: 'returned' },
  accepted: { 'zh-CN': '已采纳（封存）', en: 'accepted (sealed)' },
};

/** HH:mm in Asia/Shanghai. */
export const ShanghaiTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '时间格式为 HH:mm / time is HH:mm' });

export const CreateCallInputSchema = z
  .object({
    regionCode,
    title: plainText(200).trim().min(2),
    description: plainText(2000).trim().default(''),
    fields: FieldListSchema,
    recurrence: z.enum(RECURRENCES),
    /** First day of the first period (a Monday for weekly calls is usual, not required). */
    firstPeriodStart: isoDate,
    /** 期号 of the first period (e.g. 12 for 2022 第 12 期). */
    firstNumber: z.int().min(1).max(999).default(1),
    periodCount: z.int().min(1).max(60),
    /** The due day is the period's last day plus this many days, at `dueTime` in Asia/Shanghai. */
    dueDaysAfterEnd: z.int().min(0).max(31).default(1),
    dueTime: ShanghaiTimeSchema.default('10:00'),
    /** Hours before the deadline when a reminder is sent to counties that have not submitted. */
    remindHoursBefore: z.int().min(1).max(168).default(24),
    /** Counties asked; default every county of the region with this module and the mapped indicators' modules enabled. */
    counties: z.array(countyCode).min(1).max(300).optional(),
    /**
     * 乡镇分报: every township of an asked county files a sub-report of the summable fields (integer
     * and money fields not mapped to an indicator); the county's form opens with their sums.
     */
    townshipReports: z.boolean().default(false),
  })
  .superRefine((value, context) => {
    if (new Set(value.counties ?? []).size !== (value.counties ?? []).length)
      context.addIssue({ code: 'custom', path: ['counties'], message: '县重复 / duplicate county' });
    if (value.townshipReports && townshipFields(value.fields).length === 0)
      context.addIssue({
        code: 'custom',
        path: ['townshipReports'],
        message: '乡镇分报需要至少一个未映射指标的整数或金额字段 / township sub-reports need an integer or money field not mapped to an indicator',
      });
  });
export type CreateCallInput = z.input<typeof CreateCallInputSchema>;

export const ListCallsInputSchema = z.object({ regionCode });
export const CallInputSchema = z.object({ regionCode, callId: id });
export const PeriodInputSchema = z.object({ regionCode, periodId: id });
export const FormInputSchema = z.object({ regionCode, periodId: id });

/** A county's values; a mapped field that differs from the platform's figure needs a correction reason. */
export const SaveSubmissionInputSchema = z.object({
  regionCode,
  periodId: id,
  values: FieldValuesSchema,
  corrections: z.record(z.string().max(40), reason).default({}),
});
export type SaveSubmissionInput = z.input<typeof SaveSubmissionInputSchema>;

export const SubmissionInputSchema = z.object({ regionCode, submissionId: id });

const townshipCode = z.string().regex(/^\d{9}$/, { message: '乡镇代码为 9 位 / a township code has 9 digits' });
/** One township's sub-report of a period (the township named explicitly, whoever asks). */
export const TownshipFormInputSchema = z.object({ regionCode, periodId: id, townshipCode });
/** A township's sub-report: the summable fields only; `submit` makes it count in the county's sums. */
export const TownshipSaveInputSchema = z.object({ regionCode, periodId: id, townshipCode, values: FieldValuesSchema, submit: z.boolean().default(false) });
export type TownshipSaveInput = z.input<typeof TownshipSaveInputSchema>;

export const TOWNSHIP_REPORT_STATUS_LABELS = {
  'not-started': { 'zh-CN': '未填报', en: 'not started' },
  draft: { 'zh-CN': '填报中', en: 'draft' },
  submitted: { 'zh-CN': '已报送', en: 'submitted' },
} as const;
export const ReviewInputSchema = z.object({ regionCode, submissionId: id, comment: plainText(1000).trim().default('') });
export const ReturnInputSchema = z.object({ regionCode, submissionId: id, comment: plainText(1000).trim().min(2) });

/** A dated adjustment of a sealed figure: the sealed value stays, the adjustment is added beside it. */
export const AdjustInputSchema = z.object({
  regionCode,
  submissionId: id,
  field: z.string().max(40),
  value: z.union([z.number(), z.string().max(2000)]),
  reason,
  effectiveOn: isoDate,
});

export const NoticesInputSchema = z.object({ regionCode, unreadOnly: z.boolean().default(false) });
export const NoticeReadInputSchema = z.object({ regionCode, noticeId: id });

/** The dispatch module: one title and one permission list for server and web. */
export const dispatchModule = defineModule({
  id: DISPATCH_PLUGIN_ID,
  title: { 'zh-CN': '监测调度', en: 'Data calls' },
  permissions: {
    'call.read': READ_ROLES,
    'call.manage': ['province_admin', 'city_admin'],
    'submission.fill': ['county_admin'],
    'submission.review': ['city_admin'],
    'submission.accept': ['province_admin', 'city_admin'],
    /** 乡镇分报: a township officer files the township's sub-report. */
    'township.fill': ['township_officer'],
  },
  events: {},
});
export type DispatchPermission = keyof typeof dispatchModule.permissions;

/** The period's label: 2022 第 12 期. */
export function periodLabel(startsOn: string, number: number): string {
  return `${startsOn.slice(0, 4)} 第 ${number} 期`;
}
