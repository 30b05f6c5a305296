import { writeAuditCheckpoints } from './audit-checkpoint.ts';
import { purgeAuditLog } from './audit-retention.ts';
import { purgeExpiredSessions } from './auth/sessions.ts';
import { purgeStaleAttempts } from './auth/throttle.ts';
import { purgeUploadsJob } from './uploads.ts';
import type { JobDefinition } from './plugin-manifest.ts';
import type { HostRuntime } from './runtime.ts';

/**
 * The core's own scheduled jobs: hourly signed checkpoints of the audit chains, a nightly audit
 * retention purge, and an hourly purge of sessions past their expiry or idle limit (a revoked or
 * expired session is already refused at lookup; the purge keeps the table from growing forever)
 * and of login-attempt counts idle for longer than the longest lock; uploads older than a day go too.
 */
export function coreJobs(runtime: Pick<HostRuntime, 'auditCheckpointKey' | 'auditRetentionDays'>): JobDefinition[] {
  return [
    {
      id: 'audit-checkpoint',
      cron: '5 * * * *',
      run: async ({ db, clock }) => {
        await writeAuditCheckpoints(db, runtime.auditCheckpointKey, clock.now());
      },
    },
    {
      id: 'audit-retention',
      cron: '30 3 * * *',
      run: async ({ db, clock }) => {
        await purgeAuditLog(db, runtime.auditRetentionDays, clock.now());
        // Purging moves no head, but checkpoint right after so the horizon is covered too.
        await writeAuditCheckpoints(db, runtime.auditCheckpointKey, clock.now());
      },
    },
    {
      id: 'sessions-purge',
      cron: '17 * * * *',
      run: async ({ db, clock, audit }) => {
        const removed = await purgeExpiredSessions(db, clock.now());
        // Login-attempt counts idle past the longest lock are forgotten in the same pass.
        await purgeStaleAttempts(db, clock.now());
        if (removed > 0) await audit({ action: 'sessions.purge', regionCode: null, entityType: 'session', after: { removed } });
      },
    },
    purgeUploadsJob,
  ];
}
