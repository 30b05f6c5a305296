import type { JobContext } from '@zhenxing/core';
import { and, desc, eq, gt, inArray, isNotNull, isNull, lte } from 'drizzle-orm';
import { calls, notices, periods, submissions, targets } from './schema.ts';
import type { DispatchContext, DispatchSettings } from './settings.ts';
import { errors } from '@zhenxing/core';

type Ctx = Pick<DispatchContext, 'db' | 'access' | 'clock' | 'audit' | 'user'>;

/** The request's notices (returns, reminders), newest first. */
export async function listNotices(ctx: Pick<Ctx, 'db' | 'access'>, unreadOnly: boolean) {
  const rows = await ctx.db
    .select()
    .from(notices)
    .where(and(ctx.access.where(notices.countyCode), unreadOnly ? isNull(notices.readAt) : undefined))
    .orderBy(desc(notices.createdAt), desc(notices.id))
    .limit(200);
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), readAt: row.readAt?.toISOString() ?? null }));
}

export async function markNoticeRead(ctx: Ctx, noticeId: number) {
  // A county's notices are the county's: a township or village user cannot mark them read.
  if (ctx.user.scopeCode.length > 6) throw errors.outOfScope(ctx.user.scopeCode);
  const [row] = await ctx.db
    .select()
    .from(notices)
    .where(and(eq(notices.id, noticeId), ctx.access.where(notices.countyCode)));
  if (!row) throw errors.notFound({ 'zh-CN': '通知', en: 'Notice' });
  ctx.access.assertRegion(row.countyCode);
  const [updated] = await ctx.db.update(notices).set({ readAt: ctx.clock.now() }).where(eq(notices.id, row.id)).returning();
  await ctx.audit({ action: 'notice.read', regionCode: row.countyCode, entityType: 'dispatch-notice', entityId: row.id, before: row, after: updated });
  return { id: row.id, readAt: updated?.readAt?.toISOString() ?? null };
}

/**
 * Reminders before the deadline: for every period due within its call's reminder window, each asked
 * county (with the module enabled) that has not submitted gets one reminder notice.
 */
export async function sendReminders(ctx: Pick<JobContext<DispatchSettings>, 'db' | 'counties' | 'clock' | 'audit'>): Promise<number> {
  if (ctx.counties.length === 0) return 0;
  const now = ctx.clock.now();
  const soon = await ctx.db
    .select({ period: periods, call: calls })
    .from(periods)
    .innerJoin(calls, eq(calls.id, periods.callId))
    .where(and(gt(periods.dueAt, now), lte(periods.dueAt, new Date(now.getTime() + 168 * 3_600_000))));
  let sent = 0;
  for (const { period, call } of soon) {
    if (period.dueAt.getTime() - now.getTime() > call.remindHoursBefore * 3_600_000) continue;
    const asked = await ctx.db
      .select({ countyCode: targets.countyCode })
      .from(targets)
      .where(and(eq(targets.callId, call.id), inArray(targets.countyCode, [...ctx.counties])));
    if (asked.length === 0) continue;
    const countyCodes = asked.map((row) => row.countyCode);
    const done = await ctx.db
      .select({ countyCode: submissions.countyCode })
      .from(submissions)
      .where(and(eq(submissions.periodId, period.id), inArray(submissions.countyCode, countyCodes), isNotNull(submissions.firstSubmittedAt)));
    const reminded = await ctx.db
      .select({ countyCode: notices.countyCode })
      .from(notices)
      .where(and(eq(notices.periodId, period.id), eq(notices.kind, 'reminder'), inArray(notices.countyCode, countyCodes)));
    const skip = new Set([...done, ...reminded].map((row) => row.countyCode));
    for (const countyCode of countyCodes) {
      if (skip.has(countyCode)) continue;
      const [notice] = await ctx.db
        .insert(notices)
        .values({
          countyCode,
          callId: call.id,
          periodId: period.id,
          kind: 'reminder',
          message: `「${call.title}」${period.label} 将于 ${period.dueAt.toISOString()} 截止，尚未报送。`,
          createdAt: now,
        })
        .returning();
      await ctx.audit({ action: 'notice.remind', regionCode: countyCode, entityType: 'dispatch-notice', entityId: notice?.id, after: notice });
      sent += 1;
    }
  }
  return sent;
}
