import type { Database, Executor } from '@zhenxing/db';
import { sql } from 'drizzle-orm';

/**
 * Runs `work` the way an attacker holding the database superuser would: with triggers off
 * (`session_replication_role = replica`), so the audit log's append-only guard does not fire.
 * Tests use it to tamper with the audit log and prove verification still notices.
 */
export function asSuperuserBypassingTriggers<T>(db: Database, work: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    return work(tx);
  });
}
