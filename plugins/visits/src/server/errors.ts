import { errors, ZxError } from '@zhenxing/core';
import type { Localized } from '@zhenxing/core';

/** A field error the form shows beside the field: reason `invalid-input`, the path in `fieldErrors`. */
export function fieldError(path: string, code: string, message: Localized): ZxError {
  return errors.invalid(message, { fieldErrors: { [path]: [code] } });
}

/** Not found or outside the caller's area: the same answer, so nobody learns what exists elsewhere. */
export function householdNotFound(): ZxError {
  return new ZxError(
    'NOT_FOUND',
    'not-found',
    {
      'zh-CN': '未找到该农户，可能不存在或不在您包联的村（管辖范围）内。',
      en: 'The household was not found; it may not exist or may be outside your villages (your area).',
    },
    { fieldErrors: { householdId: ['not-found'] } },
  );
}

export const visitNotFound = () => errors.notFound({ 'zh-CN': '该走访记录', en: 'The visit record' });
