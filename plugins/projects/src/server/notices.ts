import { ZxError } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import { eq } from 'drizzle-orm';
import type { NoticeKind } from '../index.ts';
import { notices } from './schema.ts';
import { NOTICE_TITLES } from './stages.ts';

export type NoticeState = 'missing' | 'not-started' | 'running' | 'ended';

/** A notice runs from its start date to its end date, both inclusive; it has ended the day after. */
export function noticeState(rows: readonly { kind: string; startDate: string; endDate: string }[], kind: NoticeKind, on: string): NoticeState {
  const ofKind = rows.filter((row) => row.kind === kind);
  if (ofKind.length === 0) return 'missing';
  if (ofKind.some((row) => row.endDate < on)) return 'ended';
  if (ofKind.some((row) => row.startDate <= on)) return 'running';
  return 'not-started';
}

/**
 * The notices a step waits for. Sequentially a step waits until each notice has ended; in the
 * county's parallel mode (边公示、边上报、边审核) it may go ahead once each notice has started.
 */
export async function assertNotices(db: Executor, projectId: number, kinds: readonly NoticeKind[], on: string, parallel: boolean): Promise<void> {
  const rows = await db.select().from(notices).where(eq(notices.projectId, projectId));
  const unmet = kinds
    .map((kind) => ({ kind, state: noticeState(rows, kind, on) }))
    .filter(({ state }) => (parallel ? state === 'missing' || state === 'not-started' : state !== 'ended'));
  if (unmet.length === 0) return;
  const need = parallel ? { 'zh-CN': '已开始', en: 'started' } : { 'zh-CN': '期满', en: 'ended' };
  throw new ZxError(
    'PRECONDITION_FAILED',
    'notice-required',
    {
      'zh-CN': `${unmet.map(({ kind }) => NOTICE_TITLES[kind]['zh-CN']).join('、')}尚未${need['zh-CN']}（${parallel ? '边公示、边上报、边审核模式' : '顺序办理模式'}），请先发布公示并${parallel ? '待其开始' : '待公示期满'}后再办理。`,
      en: `The ${unmet.map(({ kind }) => NOTICE_TITLES[kind].en).join(' and ')} must have ${need.en} first (${parallel ? 'parallel mode' : 'sequential mode'}); publish it and try again ${parallel ? 'once it has started' : 'after it ends'}.`,
    },
    { unmet: unmet.map(({ kind, state }) => `${kind}:${state}`), parallel },
  );
}
