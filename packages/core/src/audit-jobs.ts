import { writeAuditCheckpoints } from './audit-checkpoint.ts';
import { purgeAuditLog } from './audit-retention.ts';
import type { JobDefinition } from './plugin.ts';
import type { HostRuntime } from './runtime.ts';

/** The core's own scheduled jobs: hourly signed checkpoints of the audit chains, a nightly retention purge. */
export function auditJobs(runtime: Pick<HostRuntime, 'auditCheckpointKey' | 'auditRetentionDays'>): JobDefinition[] {
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
  ];
}
