import { z } from 'zod';
import { ClauseSchema } from './clause.js';
import type { Clause } from './clause.js';

/** Text in both languages of the UI, Simplified Chinese first (same shape as @zhenxing/core `Localized`). */
export const LocalizedTextSchema = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** Structured facts behind a reason, so a UI can show or a test can check them without parsing text. */
export const ReasonDataSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type ReasonData = z.infer<typeof ReasonDataSchema>;

/**
 * Builds the schema of a reason whose code is one of `codes`. Every decision explains itself with
 * reasons: a stable machine code, the clause it comes from, a message in zh-CN and en, and data.
 */
export function reasonSchema<const Codes extends readonly [string, ...string[]]>(codes: Codes) {
  return z.object({
    code: z.enum(codes),
    clause: ClauseSchema,
    message: LocalizedTextSchema,
    data: ReasonDataSchema,
  });
}

export interface Reason<Code extends string> {
  code: Code;
  clause: Clause;
  message: LocalizedText;
  data: ReasonData;
}

/** Creates a reason; `data` defaults to empty. */
export function reason<Code extends string>(code: Code, clause: Clause, message: LocalizedText, data: ReasonData = {}): Reason<Code> {
  return { code, clause, message, data };
}
