import { z } from 'zod';

/**
 * The clauses of the seed policy (冀乡振发〔2022〕14号 as forwarded by Xushui on 2022-06-30).
 * `context` marks rules that come from other public policy texts of the same years
 * (see docs/domain.md, facts marked *(context)*): they are defaults a province can change.
 */
export const CLAUSES = [
  '§1 早',
  '§1 宽 ①',
  '§1 宽 ②',
  '§1 宽 ③',
  '§1 宽 ④',
  '§1 简',
  '§1 绿色通道',
  '§1 实',
  '§1 context 风险消除',
  '§2',
  '§3',
  '§4',
  '§5',
  '§6',
  'N-Hebei',
  'N-Xushui',
  'context',
] as const;

export const ClauseSchema = z.enum(CLAUSES);
export type Clause = z.infer<typeof ClauseSchema>;
