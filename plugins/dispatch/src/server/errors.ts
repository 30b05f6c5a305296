import { errors, ZxError } from '@zhenxing/core';
import type { FieldMessage } from '../fields.ts';

export const notFoundCall = () => errors.notFound({ 'zh-CN': '调度任务', en: 'Data call' });
export const notFoundSubmission = () => errors.notFound({ 'zh-CN': '报送', en: 'Submission' });

/** A value outside its field's rule: refused with one message per field (`details.fields`). */
export function fieldErrors(fields: Record<string, FieldMessage>): ZxError {
  const keys = Object.keys(fields);
  return errors.invalid(
    {
      'zh-CN': `以下字段不符合要求：${keys.map((key) => `${key}（${fields[key]?.['zh-CN']}）`).join('；')}`,
      en: `These fields are not acceptable: ${keys.map((key) => `${key} (${fields[key]?.en})`).join('; ')}`,
    },
    { fields },
  );
}

/** Editing a sealed period: refused, with why and what to do instead. */
export function sealedError(sealedAt: Date | null): ZxError {
  return new ZxError('PRECONDITION_FAILED', 'sealed', {
    'zh-CN': `该期报送已于 ${sealedAt?.toISOString() ?? ''} 采纳并封存，数据不能再修改；如需更正，请提交带日期的调整记录。`,
    en: `This period was accepted and sealed at ${sealedAt?.toISOString() ?? ''}; its figures cannot be edited. Record a dated adjustment instead.`,
  });
}

export function wrongStatus(status: string, action: { 'zh-CN': string; en: string }): ZxError {
  return new ZxError('PRECONDITION_FAILED', 'wrong-status', {
    'zh-CN': `当前状态（${status}）不能${action['zh-CN']}。`,
    en: `A submission in status "${status}" cannot be ${action.en}.`,
  });
}

/** County-level actions are the county's: a township or village user cannot act for it. */
export function belowCounty(scope: string): ZxError {
  return errors.outOfScope(scope);
}
