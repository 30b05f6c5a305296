import { queryRows, type Executor } from '@zhenxing/db';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from './audit.ts';

/** 等保 2.0 level 3 (and 《网络安全法》) asks for at least six months of audit records. */
export const MIN_AUDIT_RETENTION_DAYS = 180;
export const auditRetentionDaysSchema = z.coerce.number().int().min(MIN_AUDIT_RETENTION_DAYS);

const purgedChainSchema = z.object({
  chain_key: z.string(),
  through_sequence: z.coerce.number().int(),
  removed: z.coerce.number().int(),
});

export interface PurgedChain {
  chainKey: string;
  throughSequence: number;
  removed: number;
}

/**
 * Removes audit entries older than the retention through `core.purge_audit_log` (the only path
 * the append-only trigger lets through; it never removes anything younger than 180 days nor a
 * chain's head) and records the purge itself in the upper chain, in the same transaction.
 */
export async function purgeAuditLog(executor: Executor, retentionDays: number, at: Date): Promise<PurgedChain[]> {
  const days = auditRetentionDaysSchema.parse(retentionDays);
  const rows = await queryRows(executor, sql`select chain_key, through_sequence, removed from core.purge_audit_log(${days})`);
  const chains = z
    .array(purgedChainSchema)
    .parse(rows)
    .map((row) => ({ chainKey: row.chain_key, throughSequence: row.through_sequence, removed: row.removed }));
  if (chains.length > 0) {
    await appendAudit(
      executor,
      { userId: null, username: 'system:core.audit-retention' },
      { plugin: 'core', action: 'audit.purge', regionCode: null, entityType: 'audit-log', after: { retentionDays: days, chains } },
      at,
    );
  }
  return chains;
}
