/**
 * The form of a data call (调度表): typed fields, each validated on its own so a refusal names the
 * field. Isomorphic (no Node, no React): the server validates with it and the form shows the same
 * messages.
 */
import { isRealCalendarDate, MAX_FEN, plainText } from '@zhenxing/core/inputs';
import { z } from 'zod';

export const FIELD_TYPES = ['integer', 'money', 'percent', 'date', 'text', 'choice'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const FIELD_TYPE_LABELS: Record<FieldType, { 'zh-CN': string; en: string }> = {
  integer: { 'zh-CN': '整数', en: 'integer' },
  money: { 'zh-CN': '金额（元）', en: 'money (yuan)' },
  percent: { 'zh-CN': '百分比', en: 'percent' },
  date: { 'zh-CN': '日期', en: 'date' },
  text: { 'zh-CN': '文字', en: 'text' },
  choice: { 'zh-CN': '选项', en: 'choice' },
};

const isoDateString = z.string().refine(isRealCalendarDate, { message: '日期无效 / not a real date (YYYY-MM-DD)' });
const fieldKey = z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/, {
  message: '字段代码须以小写字母开头，仅含字母、数字、下划线 / a field key starts with a lower-case letter: letters, digits, _',
});
const label = plainText(100).trim().min(1);
/** `<plugin>.<indicator>`, a key of the platform's indicator registry. */
export const IndicatorKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/, { message: '指标代码格式为 模块.指标 / an indicator key is plugin.indicator' });

const base = {
  key: fieldKey,
  label,
  required: z.boolean().default(false),
  help: plainText(300).trim().default(''),
};
const numericBase = { ...base, indicator: IndicatorKeySchema.optional() };
/** The widest an integer field may be, and the bounds of a value when the field sets none (so sums stay exact). */
const INTEGER_LIMIT = 1e12;

export const FieldDefinitionSchema = z
  .discriminatedUnion('type', [
    z.object({
      ...numericBase,
      type: z.literal('integer'),
      min: z.int().min(-INTEGER_LIMIT).max(INTEGER_LIMIT).optional(),
      max: z.int().min(-INTEGER_LIMIT).max(INTEGER_LIMIT).optional(),
    }),
    z.object({ ...numericBase, type: z.literal('money'), min: z.int().min(0).max(MAX_FEN).optional(), max: z.int().min(0).max(MAX_FEN).optional() }),
    z.object({ ...numericBase, type: z.literal('percent'), min: z.number().min(0).max(100).optional(), max: z.number().min(0).max(100).optional() }),
    z.object({ ...base, type: z.literal('date'), min: isoDateString.optional(), max: isoDateString.optional() }),
    z.object({ ...base, type: z.literal('text'), maxLength: z.int().min(1).max(2000).default(200) }),
    z.object({
      ...base,
      type: z.literal('choice'),
      options: z
        .array(z.object({ value: z.string().regex(/^[a-z0-9-]{1,40}$/), label }))
        .min(2)
        .max(30),
    }),
  ])
  .superRefine((field, context) => {
    if ('min' in field && 'max' in field && field.min !== undefined && field.max !== undefined && field.min > field.max) {
      context.addIssue({ code: 'custom', path: ['max'], message: '上限不能小于下限 / max is below min' });
    }
    if (field.type === 'choice' && new Set(field.options.map((option) => option.value)).size !== field.options.length) {
      context.addIssue({ code: 'custom', path: ['options'], message: '选项重复 / duplicate option' });
    }
  });
export type FieldDefinition = z.output<typeof FieldDefinitionSchema>;
export type FieldDefinitionInput = z.input<typeof FieldDefinitionSchema>;

export const FieldListSchema = z
  .array(FieldDefinitionSchema)
  .min(1)
  .max(60)
  .superRefine((fields, context) => {
    const seen = new Set<string>();
    fields.forEach((field, index) => {
      if (seen.has(field.key)) context.addIssue({ code: 'custom', path: [index, 'key'], message: `字段代码重复：${field.key} / duplicate field key` });
      seen.add(field.key);
    });
  });

/** A value as entered: numbers for integer/money (fen)/percent, ISO date or text strings, null for blank. */
export const FieldValueSchema = z.union([z.number(), z.string().max(2000), z.null()]);
export type FieldValue = z.infer<typeof FieldValueSchema>;
export const FieldValuesSchema = z.record(fieldKey, FieldValueSchema);
export type FieldValues = Record<string, FieldValue>;

export interface FieldMessage {
  'zh-CN': string;
  en: string;
}

const message = (zh: string, en: string): FieldMessage => ({ 'zh-CN': zh, en });

/** Whether a field holds a number (and may map to an indicator). */
export function isNumericField(field: FieldDefinition): field is Extract<FieldDefinition, { type: 'integer' | 'money' | 'percent' }> {
  return field.type === 'integer' || field.type === 'money' || field.type === 'percent';
}

/** One field's value against its rule; null when it is acceptable. `forSubmit` enforces `required`. */
export function checkFieldValue(field: FieldDefinition, value: FieldValue | undefined, forSubmit: boolean): FieldMessage | null {
  if (value === undefined || value === null || value === '') {
    return forSubmit && field.required ? message('必填', 'required') : null;
  }
  switch (field.type) {
    case 'integer':
    case 'money': {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        return field.type === 'money' ? message('金额须为整数分', 'money is a whole number of fen') : message('须为整数', 'must be a whole number');
      }
      const min = field.min ?? (field.type === 'money' ? 0 : -INTEGER_LIMIT);
      const max = field.max ?? (field.type === 'money' ? MAX_FEN : INTEGER_LIMIT);
      if (value < min) return message(`不能小于 ${min}`, `must be at least ${min}`);
      if (value > max) return message(`不能大于 ${max}`, `must be at most ${max}`);
      return null;
    }
    case 'percent': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return message('须为数字', 'must be a number');
      if (Math.abs(Math.round(value * 100) - value * 100) > 1e-6) return message('最多两位小数', 'at most two decimals');
      const min = field.min ?? 0;
      const max = field.max ?? 100;
      if (value < min) return message(`不能小于 ${min}%`, `must be at least ${min}%`);
      if (value > max) return message(`不能大于 ${max}%`, `must be at most ${max}%`);
      return null;
    }
    case 'date': {
      if (typeof value !== 'string' || !isRealCalendarDate(value)) return message('日期无效（YYYY-MM-DD）', 'not a real date (YYYY-MM-DD)');
      if (field.min && value < field.min) return message(`不能早于 ${field.min}`, `must be on or after ${field.min}`);
      if (field.max && value > field.max) return message(`不能晚于 ${field.max}`, `must be on or before ${field.max}`);
      return null;
    }
    case 'text': {
      if (typeof value !== 'string') return message('须为文字', 'must be text');
      if (value.length > field.maxLength) return message(`不能超过 ${field.maxLength} 字`, `at most ${field.maxLength} characters`);
      return null;
    }
    case 'choice': {
      if (typeof value !== 'string' || !field.options.some((option) => option.value === value)) return message('不是可选项', 'not one of the options');
      return null;
    }
  }
}

/** Every field's problem by key (unknown keys too); empty when the values pass. */
export function checkFieldValues(fields: readonly FieldDefinition[], values: FieldValues, forSubmit: boolean): Record<string, FieldMessage> {
  const problems: Record<string, FieldMessage> = {};
  const known = new Set(fields.map((field) => field.key));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) problems[key] = message('表中没有此字段', 'no such field in the form');
  }
  for (const field of fields) {
    const problem = checkFieldValue(field, values[field.key], forSubmit);
    if (problem) problems[field.key] = problem;
  }
  return problems;
}

/** The fields a township sub-report carries and the county's form sums: integer and money fields not mapped to an indicator. */
export function townshipFields<F extends FieldDefinitionInput | FieldDefinition>(fields: readonly F[]): F[] {
  return fields.filter((field) => (field.type === 'integer' || field.type === 'money') && !('indicator' in field && field.indicator));
}
