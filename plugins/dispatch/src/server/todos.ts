/**
 * What waits for whom in 监测调度 (the platform's to-do list, `todos.list`): a county's periods to
 * fill (returned ones first, then past the deadline, then due within a week), a township's
 * sub-reports to file, and the answers waiting for the city's review or the issuing region's
 * decision. Each list is scoped by the caller's `access` like the module's own procedures.
 */
import { defineTodo, isWithinRegion, type Localized, type TodoItem, type TodoList, type TodoQuery } from '@zhenxing/core';
import { shanghaiDate } from '@zhenxing/rules';
import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import type { DispatchPermission } from '../index.ts';
import { calls, periods, submissions, targets, townshipReports } from './schema.ts';
import { townshipsOf } from './names.ts';

const DAY = 86_400_000;
/** Periods due within this window ahead, or past due at most this far back, are to-dos. */
const AHEAD_DAYS = 7;
const BACK_DAYS = 30;

function page(items: TodoItem[], limit: number): TodoList {
  return { count: items.length, items: items.slice(0, limit) };
}

/** Periods of calls asking the request's counties that are open for answers now (started, due soon or recently past). */
async function openPeriods(query: TodoQuery, onlyTownshipCalls = false) {
  const now = query.now.getTime();
  return query.db
    .select({ period: periods, call: calls, countyCode: targets.countyCode })
    .from(periods)
    .innerJoin(calls, eq(calls.id, periods.callId))
    .innerJoin(targets, eq(targets.callId, periods.callId))
    .where(
      and(
        query.access.where(targets.countyCode),
        lte(periods.startsOn, query.today),
        gte(periods.dueAt, new Date(now - BACK_DAYS * DAY)),
        lte(periods.dueAt, new Date(now + AHEAD_DAYS * DAY)),
        onlyTownshipCalls ? eq(calls.townshipReports, true) : undefined,
      ),
    )
    .orderBy(asc(periods.dueAt), asc(periods.id), asc(targets.countyCode));
}

function dueDetail(kind: 'returned' | 'overdue' | 'due', dueAt: Date): Localized {
  const time = `${shanghaiDate(dueAt)} ${new Date(dueAt.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)}`;
  if (kind === 'returned') return { 'zh-CN': `已退回，请修改后重新报送（截止 ${time}）`, en: `Returned: correct and resubmit (due ${time})` };
  if (kind === 'overdue') return { 'zh-CN': `已过截止时间 ${time}，尚未报送`, en: `Past the deadline ${time}, not submitted` };
  return { 'zh-CN': `${time} 截止`, en: `due ${time}` };
}

/** 待填报: the county's periods not yet submitted (or returned to it). */
export const submissionsDue = defineTodo<DispatchPermission>({
  id: 'submissions-due',
  title: { 'zh-CN': '待填报的调度', en: 'Data calls to answer' },
  permission: 'submission.fill',
  href: '/dispatch',
  priority: 2,
  async list(query) {
    // County-level work: a township or village user does not answer for the county.
    if (query.user.scopeCode.length > 6) return { count: 0, items: [] };
    const open = await openPeriods(query);
    if (open.length === 0) return { count: 0, items: [] };
    const answers = await query.db
      .select({ periodId: submissions.periodId, countyCode: submissions.countyCode, status: submissions.status })
      .from(submissions)
      .where(and(inArray(submissions.periodId, [...new Set(open.map((row) => row.period.id))]), query.access.where(submissions.countyCode)));
    const now = query.now.getTime();
    const items: (TodoItem & { rank: number })[] = [];
    for (const { period, call, countyCode } of open) {
      const status = answers.find((answer) => answer.periodId === period.id && answer.countyCode === countyCode)?.status ?? 'not-started';
      if (status !== 'not-started' && status !== 'draft' && status !== 'returned') continue;
      const kind = status === 'returned' ? 'returned' : period.dueAt.getTime() + 60_000 <= now ? 'overdue' : 'due';
      items.push({
        key: `${period.id}:${countyCode}`,
        label: `${call.title} · ${period.label}`,
        detail: dueDetail(kind, period.dueAt),
        regionCode: countyCode,
        dueOn: shanghaiDate(period.dueAt),
        href: `/dispatch/calls/${call.id}/periods/${period.id}?county=${countyCode}`,
        rank: kind === 'returned' ? 0 : kind === 'overdue' ? 1 : 2,
      });
    }
    items.sort((a, b) => a.rank - b.rank);
    return page(
      items.map(({ rank: _rank, ...item }) => item),
      query.limit,
    );
  },
});

/** 待填报乡镇分报: the township officer's own township, for calls that ask for sub-reports, until the county submits. */
export const townshipReportsDue = defineTodo<DispatchPermission>({
  id: 'township-reports-due',
  title: { 'zh-CN': '待填报的乡镇分报', en: 'Township sub-reports to file' },
  permission: 'township.fill',
  href: '/dispatch',
  priority: 1,
  async list(query) {
    const scope = query.user.scopeCode;
    if (scope.length !== 9) return { count: 0, items: [] };
    const open = (await openPeriods(query, true)).filter((row) => isWithinRegion(scope, row.countyCode));
    if (open.length === 0) return { count: 0, items: [] };
    const periodIds = [...new Set(open.map((row) => row.period.id))];
    const own = await query.db
      .select({ periodId: townshipReports.periodId, status: townshipReports.status })
      .from(townshipReports)
      .where(and(inArray(townshipReports.periodId, periodIds), eq(townshipReports.townshipCode, scope), query.access.where(townshipReports.countyCode)));
    const countyAnswers = await query.db
      .select({ periodId: submissions.periodId, status: submissions.status })
      .from(submissions)
      .where(and(inArray(submissions.periodId, periodIds), eq(submissions.countyCode, scope.slice(0, 6))));
    const known = (await townshipsOf(query.db, scope.slice(0, 6))).some((township) => township.code === scope);
    if (!known) return { count: 0, items: [] };
    const items: TodoItem[] = open
      .filter(({ period }) => own.find((row) => row.periodId === period.id)?.status !== 'submitted')
      .filter(({ period }) => {
        const county = countyAnswers.find((row) => row.periodId === period.id)?.status;
        return !county || county === 'draft' || county === 'returned';
      })
      .map(({ period, call }) => ({
        key: `${period.id}:${scope}`,
        label: `${call.title} · ${period.label}`,
        detail: dueDetail('due', period.dueAt),
        regionCode: scope,
        dueOn: shanghaiDate(period.dueAt),
        href: `/dispatch/calls/${call.id}/periods/${period.id}/townships/${scope}`,
      }));
    return page(items, query.limit);
  },
});

/** 待审核: answers submitted to the caller — the city's review, or the issuing region's acceptance. */
export const submissionsToDecide = defineTodo<DispatchPermission>({
  id: 'submissions-to-decide',
  title: { 'zh-CN': '待审核的调度报送', en: 'Data-call answers to review' },
  permission: 'submission.accept',
  href: '/dispatch',
  priority: 1,
  async list(query) {
    const scope = query.user.scopeCode;
    const rows = await query.db
      .select({ submission: submissions, call: calls, period: periods })
      .from(submissions)
      .innerJoin(calls, eq(calls.id, submissions.callId))
      .innerJoin(periods, eq(periods.id, submissions.periodId))
      .where(and(query.access.where(submissions.countyCode), inArray(submissions.status, ['submitted', 'reviewed'])))
      .orderBy(asc(submissions.submittedAt), asc(submissions.id));
    const waiting = rows.filter(({ submission, call }) => {
      // The issuing region accepts or returns; a city reviews what its counties submitted to a province call.
      if (isWithinRegion(call.regionCode, scope)) return true;
      return scope.length === 4 && submission.status === 'submitted';
    });
    const items: TodoItem[] = waiting.map(({ submission, call, period }) => ({
      key: String(submission.id),
      label: `${call.title} · ${period.label}`,
      detail:
        submission.status === 'reviewed'
          ? { 'zh-CN': '市级已审核，待采纳或退回', en: 'Reviewed by the city: accept or return' }
          : isWithinRegion(call.regionCode, scope)
            ? { 'zh-CN': '已报送，待采纳或退回', en: 'Submitted: accept or return' }
            : { 'zh-CN': '已报送，待市级审核', en: 'Submitted: review for the city' },
      regionCode: submission.countyCode,
      dueOn: shanghaiDate(period.dueAt),
      href: `/dispatch/calls/${call.id}/periods/${period.id}?county=${submission.countyCode}`,
    }));
    return page(items, query.limit);
  },
});

export const dispatchTodos = [submissionsDue, townshipReportsDue, submissionsToDecide];
