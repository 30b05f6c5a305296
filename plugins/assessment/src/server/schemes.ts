/**
 * 考核方案: the province composes a scheme per year from any installed plugin's indicators (by id),
 * with weights that add up to the stated total (checked by the input schema), and versions it. A
 * draft is edited; a published scheme never changes (refused here and by the database trigger).
 * Readers below the province see published schemes only.
 */
import { errors, ZxError } from '@zhenxing/core';
import { and, asc, eq, max } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateSchemeInputSchema, IndicatorOption, SchemeView, UpdateSchemeInputSchema } from '../index.ts';
import { isProvinceUser, provinceOfRequest, requireProvinceUser, schemeNotFound } from './province.ts';
import { schemes, type SchemeRow } from './schema.ts';
import type { AssessmentContext } from './settings.ts';

type Context = Pick<AssessmentContext, 'db' | 'access' | 'audit' | 'user' | 'actor' | 'clock' | 'runtime'>;

export function schemeView(row: SchemeRow): SchemeView {
  return {
    id: row.id,
    provinceCode: row.provinceCode,
    year: row.year,
    version: row.version,
    title: row.title,
    totalPoints: row.totalPoints,
    redistribution: row.redistribution,
    items: row.items,
    deductions: row.deductions,
    status: row.status,
    createdBy: row.createdBy,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

/** Every indicator the installed plugins register: what a scheme may use, by id. */
export function indicatorOptions(context: Pick<Context, 'runtime'>): IndicatorOption[] {
  return [...context.runtime.indicators].map(([id, { plugin, indicator }]) => ({
    id,
    plugin,
    title: indicator.title,
    unit: indicator.unit,
    direction: indicator.direction,
  }));
}

/** An indicator no installed plugin registers is a field error (a scheme names only real indicators). */
function assertIndicatorsInstalled(context: Pick<Context, 'runtime'>, items: readonly { indicator: string }[]): void {
  const fieldErrors: Record<string, string[]> = {};
  items.forEach((item, index) => {
    if (!context.runtime.indicators.has(item.indicator))
      fieldErrors[`items.${index}.indicator`] = [`未安装的指标 ${item.indicator} / no installed plugin has this indicator`];
  });
  if (Object.keys(fieldErrors).length > 0) {
    throw errors.invalid({ 'zh-CN': '方案中有未安装的指标', en: 'The scheme names indicators no installed plugin provides' }, { fieldErrors });
  }
}

/** A scheme the caller may see: the province sees drafts too, everyone else published schemes of their province. */
export async function loadScheme(context: Pick<Context, 'db' | 'access' | 'user'>, schemeId: number): Promise<SchemeRow> {
  const [row] = await context.db
    .select()
    .from(schemes)
    .where(and(eq(schemes.id, schemeId), eq(schemes.provinceCode, provinceOfRequest(context))));
  if (!row || (row.status !== 'published' && !isProvinceUser(context))) throw schemeNotFound();
  return row;
}

export async function listSchemes(context: Pick<Context, 'db' | 'access' | 'user'>, year: number | undefined): Promise<SchemeView[]> {
  const conditions = [eq(schemes.provinceCode, provinceOfRequest(context))];
  if (year !== undefined) conditions.push(eq(schemes.year, year));
  if (!isProvinceUser(context)) conditions.push(eq(schemes.status, 'published'));
  const rows = await context.db
    .select()
    .from(schemes)
    .where(and(...conditions))
    .orderBy(asc(schemes.year), asc(schemes.version));
  return rows.map(schemeView);
}

/** A new draft: version 1 of its year, or the next version. */
export async function createScheme(context: Context, input: z.output<typeof CreateSchemeInputSchema>): Promise<SchemeView> {
  const provinceCode = requireProvinceUser(context);
  assertIndicatorsInstalled(context, input.items);
  const [latest] = await context.db
    .select({ version: max(schemes.version) })
    .from(schemes)
    .where(and(eq(schemes.provinceCode, provinceCode), eq(schemes.year, input.year)));
  const [row] = (await context.db
    .insert(schemes)
    .values({
      provinceCode,
      year: input.year,
      version: (latest?.version ?? 0) + 1,
      title: input.title,
      totalPoints: input.totalPoints,
      redistribution: input.redistribution,
      items: input.items,
      deductions: input.deductions,
      status: 'draft',
      createdBy: context.actor.username,
    })
    .returning()) as [SchemeRow];
  await context.audit({ action: 'scheme.create', regionCode: provinceCode, entityType: 'assessment-scheme', entityId: row.id, after: row });
  return schemeView(row);
}

/** A new draft version copying an existing scheme of the same year (the way to change a published one). */
export async function newVersion(context: Context, schemeId: number): Promise<SchemeView> {
  requireProvinceUser(context);
  const source = await loadScheme(context, schemeId);
  return createScheme(context, {
    year: source.year,
    title: source.title,
    totalPoints: source.totalPoints,
    redistribution: source.redistribution,
    items: source.items,
    deductions: source.deductions,
  });
}

export async function updateScheme(context: Context, input: z.output<typeof UpdateSchemeInputSchema>): Promise<SchemeView> {
  const provinceCode = requireProvinceUser(context);
  const before = await loadScheme(context, input.schemeId);
  if (before.status !== 'draft') throw published();
  assertIndicatorsInstalled(context, input.items);
  const [row] = (await context.db
    .update(schemes)
    .set({
      title: input.title,
      totalPoints: input.totalPoints,
      redistribution: input.redistribution,
      items: input.items,
      deductions: input.deductions,
      updatedAt: context.clock.now(),
    })
    .where(and(eq(schemes.id, before.id), eq(schemes.status, 'draft')))
    .returning()) as [SchemeRow];
  await context.audit({ action: 'scheme.update', regionCode: provinceCode, entityType: 'assessment-scheme', entityId: row.id, before, after: row });
  return schemeView(row);
}

export async function publishScheme(context: Context, schemeId: number): Promise<SchemeView> {
  const provinceCode = requireProvinceUser(context);
  const before = await loadScheme(context, schemeId);
  if (before.status !== 'draft') throw published();
  assertIndicatorsInstalled(context, before.items);
  const [row] = (await context.db
    .update(schemes)
    .set({ status: 'published', publishedBy: context.actor.username, publishedAt: context.clock.now(), updatedAt: context.clock.now() })
    .where(and(eq(schemes.id, before.id), eq(schemes.status, 'draft')))
    .returning()) as [SchemeRow];
  await context.audit({ action: 'scheme.publish', regionCode: provinceCode, entityType: 'assessment-scheme', entityId: row.id, before, after: row });
  return schemeView(row);
}

const published = () =>
  new ZxError('PRECONDITION_FAILED', 'scheme-published', {
    'zh-CN': '方案已发布，不能修改；请另建新版本。',
    en: 'The scheme is published and cannot change; create a new version instead.',
  });
