import type { AccessScope, AuditEntryInput, Clock, EventMap, EventName, SessionUser } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import { shanghaiDate } from '@zhenxing/rules';
import type { MonitoringSettings } from './settings.ts';

/** What the services need from a procedure's context (a structural subset of it). */
export interface RequestContext {
  db: Executor;
  access: AccessScope;
  clock: Clock;
  user: SessionUser;
  settings: MonitoringSettings | null;
  audit(entry: Omit<AuditEntryInput, 'plugin'>): Promise<void>;
  emit<K extends EventName>(name: K, payload: EventMap[K]): void;
}

/** What a write needs, whether it comes from a user, an event handler or a job. */
export interface WriteContext {
  db: Executor;
  /** Today in Asia/Shanghai. */
  today: string;
  now: Date;
  actor: string;
  actorRole: string;
  audit(entry: Omit<AuditEntryInput, 'plugin'>): Promise<void>;
  emit<K extends EventName>(name: K, payload: EventMap[K]): void;
}

export function today(context: { clock: Clock }): string {
  return shanghaiDate(context.clock.now());
}

export function writerOf(ctx: RequestContext): WriteContext {
  const now = ctx.clock.now();
  return { db: ctx.db, today: shanghaiDate(now), now, actor: ctx.user.username, actorRole: ctx.user.role, audit: ctx.audit, emit: ctx.emit };
}
