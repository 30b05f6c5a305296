import type { AccessScope, AuditEntryInput, Clock, EventMap, EventName, HostRuntime, SessionUser } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import { shanghaiDate } from '@zhenxing/rules';
import type { ProjectsSettings } from './settings.ts';

/** What the services need from a procedure's context (a structural subset of it). */
export interface ProjectsContext {
  db: Executor;
  access: AccessScope;
  clock: Clock;
  user: SessionUser;
  runtime: HostRuntime;
  settings: ProjectsSettings | null;
  audit(entry: Omit<AuditEntryInput, 'plugin'>): Promise<void>;
  emit<K extends EventName>(name: K, payload: EventMap[K]): void;
}

/** Today in Asia/Shanghai. */
export function today(context: { clock: Clock }): string {
  return shanghaiDate(context.clock.now());
}
