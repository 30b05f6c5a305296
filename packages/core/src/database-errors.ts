/**
 * Database errors a caller caused with a value (a NUL byte, an impossible date, a number past the
 * column, a duplicate) become field-level answers instead of a 500. The mapping reads only the
 * SQLSTATE, never the driver's message: that message can quote the value, and the value can be
 * personal data.
 */
import { ZxError } from './errors.ts';
import type { Localized } from './i18n.ts';

const INVALID_VALUE: Localized = {
  'zh-CN': '提交的内容中有无法保存的值（如不存在的日期、超出范围的数字或不允许的字符），请检查后重试。',
  en: 'A value sent cannot be stored (e.g. a date that does not exist, a number out of range or a character that is not allowed). Check the input and try again.',
};
const DUPLICATE: Localized = {
  'zh-CN': '这条记录已经存在，不能重复保存。',
  en: 'This record already exists; it cannot be saved twice.',
};

/** SQLSTATEs caused by the value sent, not by the server. */
const INVALID_VALUE_STATES: Readonly<Record<string, string>> = {
  '22021': 'character-not-in-repertoire', // NUL byte / invalid encoding
  '22P05': 'untranslatable-character',
  '22007': 'invalid-datetime-format',
  '22008': 'datetime-field-overflow', // 2026-02-30
  '22003': 'numeric-value-out-of-range', // past bigint
  '22P02': 'invalid-text-representation',
  '22001': 'string-data-right-truncation', // too long for the column
};
const UNIQUE_VIOLATION = '23505';

/** The SQLSTATE of a database error, looked for along the `cause` chain (drizzle wraps the driver's error). */
export function sqlStateOf(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** The answer for a database error the input caused, or null when it is the server's own fault. */
export function mapDatabaseError(error: unknown): ZxError | null {
  const state = sqlStateOf(error);
  if (!state) return null;
  if (state === UNIQUE_VIOLATION) return new ZxError('CONFLICT', 'duplicate', DUPLICATE);
  const kind = INVALID_VALUE_STATES[state];
  if (kind) return new ZxError('BAD_REQUEST', 'invalid-value', INVALID_VALUE, { sqlState: state, kind });
  return null;
}
