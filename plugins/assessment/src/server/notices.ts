/**
 * 通报: the province drafts a notice from a run's problem list (or by hand), naming counties and
 * their problems, edits it, and publishes it to the counties it names. A published notice never
 * changes (also refused by the database). Below the province a reader sees only published notices
 * that name a county of its region, with the problems of its own counties. A notice names places,
 * never persons: text shaped like an ID number or a mobile number is refused.
 */
import { errors, ZxError } from '@zhenxing/core';
import { regions } from '@zhenxing/db';
import { maskIdNumbersInText } from '@zhenxing/rules';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { DraftNoticeInputSchema, NoticeView, UpdateNoticeInputSchema } from '../index.ts';
import { isProvinceUser, noticeNotFound, provinceOfRequest, regionNames, requireProvinceUser, runNotFound } from './province.ts';
import { noticeRegions, notices, runs, type NoticeRow } from './schema.ts';
import type { AssessmentContext } from './settings.ts';

type Context = Pick<AssessmentContext, 'db' | 'access' | 'audit' | 'user' | 'actor' | 'clock'>;
type NoticeInput = z.output<typeof DraftNoticeInputSchema> | z.output<typeof UpdateNoticeInputSchema>;

const MOBILE_NUMBER = /(?<!\d)1[3-9]\d{9}(?!\d)/;

/** Text shaped like an ID number or a mobile number (a notice, an inspection names places, never persons). */
export function holdsPersonalData(text: string): boolean {
  return maskIdNumbersInText(text) !== text || MOBILE_NUMBER.test(text);
}

/** Field errors for personal data in the text, unknown or out-of-province counties; nothing is saved then. */
async function checkNotice(context: Pick<Context, 'db'>, provinceCode: string, input: NoticeInput): Promise<void> {
  const fieldErrors: Record<string, string[]> = {};
  const personal = '通报不得含身份证号、手机号等个人信息 / a notice must not hold ID or phone numbers';
  for (const field of ['title', 'number', 'issuer', 'body'] as const) if (holdsPersonalData(input[field])) fieldErrors[field] = [personal];
  const codes = [...new Set(input.problems.map((problem) => problem.regionCode))];
  const known = new Set(
    (
      await context.db
        .select({ code: regions.code })
        .from(regions)
        .where(and(inArray(regions.code, codes), eq(regions.level, 3)))
    ).map((row) => row.code),
  );
  input.problems.forEach((problem, index) => {
    if (holdsPersonalData(problem.text)) fieldErrors[`problems.${index}.text`] = [personal];
    if (!known.has(problem.regionCode) || !problem.regionCode.startsWith(provinceCode)) {
      fieldErrors[`problems.${index}.regionCode`] = [`不是本省的县（区）${problem.regionCode} / not a county of the province`];
    }
  });
  if (Object.keys(fieldErrors).length > 0)
    throw errors.invalid({ 'zh-CN': '通报内容有误，未保存', en: 'The notice has errors; nothing was saved' }, { fieldErrors });
}

async function noticeView(context: Pick<Context, 'db' | 'access' | 'user'>, row: NoticeRow): Promise<NoticeView> {
  const own = isProvinceUser(context) ? row.problems : row.problems.filter((problem) => context.access.canSee(problem.regionCode));
  const names = await regionNames(
    context.db,
    own.map((problem) => problem.regionCode),
  );
  return {
    id: row.id,
    provinceCode: row.provinceCode,
    runId: row.runId,
    title: row.title,
    number: row.number,
    issuedOn: row.issuedOn,
    issuer: row.issuer,
    body: row.body,
    problems: own.map((problem) => ({ ...problem, regionName: names.get(problem.regionCode) ?? problem.regionCode })),
    status: row.status,
    createdBy: row.createdBy,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

/** A notice the caller may see: the province any of its own; others a published one naming a county of their region. */
async function loadNotice(context: Pick<Context, 'db' | 'access' | 'user'>, noticeId: number): Promise<NoticeRow> {
  const [row] = await context.db
    .select()
    .from(notices)
    .where(and(eq(notices.id, noticeId), eq(notices.provinceCode, provinceOfRequest(context))));
  if (!row) throw noticeNotFound();
  if (isProvinceUser(context)) return row;
  if (row.status !== 'published') throw noticeNotFound();
  const [named] = await context.db
    .select({ countyCode: noticeRegions.countyCode })
    .from(noticeRegions)
    .where(and(eq(noticeRegions.noticeId, row.id), context.access.where(noticeRegions.countyCode)))
    .limit(1);
  if (!named) throw noticeNotFound();
  return row;
}

export async function getNotice(context: Pick<Context, 'db' | 'access' | 'user'>, noticeId: number): Promise<NoticeView> {
  return noticeView(context, await loadNotice(context, noticeId));
}

export async function listNotices(context: Pick<Context, 'db' | 'access' | 'user'>): Promise<NoticeView[]> {
  const provinceCode = provinceOfRequest(context);
  if (isProvinceUser(context)) {
    const rows = await context.db.select().from(notices).where(eq(notices.provinceCode, provinceCode)).orderBy(desc(notices.id));
    // A province user asking about a region sees the notices naming it.
    const region = context.access.regionCode;
    const relevant = region.length === 2 ? rows : rows.filter((row) => row.problems.some((problem) => problem.regionCode.startsWith(region.slice(0, 6))));
    return Promise.all(relevant.map((row) => noticeView(context, row)));
  }
  const named = await context.db.selectDistinct({ noticeId: noticeRegions.noticeId }).from(noticeRegions).where(context.access.where(noticeRegions.countyCode));
  if (named.length === 0) return [];
  const rows = await context.db
    .select()
    .from(notices)
    .where(
      and(
        eq(notices.provinceCode, provinceCode),
        eq(notices.status, 'published'),
        inArray(
          notices.id,
          named.map((row) => row.noticeId),
        ),
      ),
    )
    .orderBy(desc(notices.id));
  return Promise.all(rows.map((row) => noticeView(context, row)));
}

export async function draftNotice(context: Context, input: z.output<typeof DraftNoticeInputSchema>): Promise<NoticeView> {
  const provinceCode = requireProvinceUser(context);
  if (input.runId !== undefined) {
    const [run] = await context.db
      .select({ id: runs.id })
      .from(runs)
      .where(and(eq(runs.id, input.runId), eq(runs.provinceCode, provinceCode)));
    if (!run) throw runNotFound();
  }
  await checkNotice(context, provinceCode, input);
  const [row] = (await context.db
    .insert(notices)
    .values({
      provinceCode,
      runId: input.runId ?? null,
      title: input.title,
      number: input.number,
      issuedOn: input.issuedOn,
      issuer: input.issuer,
      body: input.body,
      problems: input.problems.map(({ regionCode, text }) => ({ regionCode, text })),
      status: 'draft',
      createdBy: context.actor.username,
    })
    .returning()) as [NoticeRow];
  await context.audit({ action: 'notice.draft', regionCode: provinceCode, entityType: 'assessment-notice', entityId: row.id, after: row });
  return noticeView(context, row);
}

const noticePublished = () =>
  new ZxError('PRECONDITION_FAILED', 'notice-published', {
    'zh-CN': '通报已发布，不能修改。',
    en: 'The notice is published and cannot change.',
  });

export async function updateNotice(context: Context, input: z.output<typeof UpdateNoticeInputSchema>): Promise<NoticeView> {
  const provinceCode = requireProvinceUser(context);
  const before = await loadNotice(context, input.noticeId);
  if (before.status !== 'draft') throw noticePublished();
  await checkNotice(context, provinceCode, input);
  const [row] = (await context.db
    .update(notices)
    .set({
      title: input.title,
      number: input.number,
      issuedOn: input.issuedOn,
      issuer: input.issuer,
      body: input.body,
      problems: input.problems.map(({ regionCode, text }) => ({ regionCode, text })),
      updatedAt: context.clock.now(),
    })
    .where(and(eq(notices.id, before.id), eq(notices.status, 'draft')))
    .returning()) as [NoticeRow];
  await context.audit({ action: 'notice.update', regionCode: provinceCode, entityType: 'assessment-notice', entityId: row.id, before, after: row });
  return noticeView(context, row);
}

/** Publishes the draft to every county it names (each then sees it); the notice is frozen. */
export async function publishNotice(context: Context, noticeId: number): Promise<NoticeView> {
  const provinceCode = requireProvinceUser(context);
  const before = await loadNotice(context, noticeId);
  if (before.status !== 'draft') throw noticePublished();
  const [row] = (await context.db
    .update(notices)
    .set({ status: 'published', publishedBy: context.actor.username, publishedAt: context.clock.now(), updatedAt: context.clock.now() })
    .where(and(eq(notices.id, before.id), eq(notices.status, 'draft')))
    .returning()) as [NoticeRow];
  const counties = [...new Set(row.problems.map((problem) => problem.regionCode))];
  await context.db.insert(noticeRegions).values(counties.map((countyCode) => ({ noticeId: row.id, countyCode })));
  await context.audit({
    action: 'notice.publish',
    regionCode: provinceCode,
    entityType: 'assessment-notice',
    entityId: row.id,
    before,
    after: { ...row, counties },
  });
  return noticeView(context, row);
}
