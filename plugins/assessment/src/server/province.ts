import { errors, provinceOf, ZxError } from '@zhenxing/core';
import { regions, type Executor } from '@zhenxing/db';
import { inArray } from 'drizzle-orm';
import type { AssessmentContext } from './settings.ts';

/** The province whose schemes, runs and notices a request is about (that of the requested region). */
export function provinceOfRequest(context: Pick<AssessmentContext, 'access'>): string {
  return provinceOf(context.access.regionCode);
}

/** Schemes, scores and notices are written by the province itself: only a user whose scope is the province. */
export function requireProvinceUser(context: Pick<AssessmentContext, 'user'>): string {
  if (context.user.scopeCode.length !== 2) {
    throw new ZxError('FORBIDDEN', 'province-only', {
      'zh-CN': '考核方案、评分和通报只能由省级管理员编制和发布。',
      en: 'Only a province administrator can compose assessment schemes, compute scores and issue notices.',
    });
  }
  return context.user.scopeCode;
}

/** True when the caller works at the province (sees drafts and every county). */
export const isProvinceUser = (context: Pick<AssessmentContext, 'user'>): boolean => context.user.scopeCode.length === 2;

/** Names of region codes (counties, cities), for explanations and notices. */
export async function regionNames(db: Executor, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(inArray(regions.code, [...new Set(codes)]));
  return new Map(rows.map((row) => [row.code, row.name]));
}

export const schemeNotFound = () => errors.notFound({ 'zh-CN': '考核方案', en: 'The assessment scheme' });
export const runNotFound = () => errors.notFound({ 'zh-CN': '评分结果', en: 'The score run' });
export const noticeNotFound = () => errors.notFound({ 'zh-CN': '通报', en: 'The notice' });
