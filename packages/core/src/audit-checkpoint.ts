import { createHmac, timingSafeEqual } from 'node:crypto';
import { auditCheckpoints, auditHorizons, auditLog, type Executor } from '@zhenxing/db';
import { and, count, desc, eq, max } from 'drizzle-orm';
import { verifyAuditChains, type AuditChainProblem } from './audit.ts';

export interface ChainHead {
  chainKey: string;
  sequence: number;
  hash: string;
  entryCount: number;
}

/** HMAC-SHA256 over the head's fields; without the key, nobody can write a checkpoint that verifies. */
export function signCheckpoint(key: Uint8Array, head: ChainHead): string {
  return createHmac('sha256', key).update(`${head.chainKey}|${head.sequence}|${head.hash}|${head.entryCount}`).digest('hex');
}

function signatureMatches(key: Uint8Array, head: ChainHead, signature: string): boolean {
  const expected = Buffer.from(signCheckpoint(key, head), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function chainHeads(executor: Executor): Promise<ChainHead[]> {
  const tops = await executor
    .select({ chainKey: auditLog.chainKey, sequence: max(auditLog.sequence), entryCount: count() })
    .from(auditLog)
    .groupBy(auditLog.chainKey);
  const heads: ChainHead[] = [];
  for (const top of tops) {
    if (top.sequence === null) continue;
    const [entry] = await executor
      .select({ hash: auditLog.hash })
      .from(auditLog)
      .where(and(eq(auditLog.chainKey, top.chainKey), eq(auditLog.sequence, top.sequence)));
    if (entry) heads.push({ chainKey: top.chainKey, sequence: top.sequence, hash: entry.hash, entryCount: top.entryCount });
  }
  return heads;
}

type CheckpointRow = typeof auditCheckpoints.$inferSelect;

/**
 * Every checkpoint sorted into the latest genuine one per chain (its signature verifies) and the
 * forged ones. Only genuine checkpoints count: a forged row can neither stop the next signing nor
 * stand in for the last genuine head.
 */
async function sortedCheckpoints(executor: Executor, key: Uint8Array) {
  const rows = await executor.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id));
  const latest = new Map<string, CheckpointRow>();
  const forged: CheckpointRow[] = [];
  for (const row of rows) {
    const signed: ChainHead = { chainKey: row.chainKey, sequence: row.sequence, hash: row.hash, entryCount: row.entryCount };
    if (!signatureMatches(key, signed, row.signature)) forged.push(row);
    else if (!latest.has(row.chainKey)) latest.set(row.chainKey, row);
  }
  return { latest, forged };
}

/**
 * Whether the chain still reaches a checkpoint: the entry at its sequence is there with the same
 * hash, or a retention purge removed it while later entries remain.
 */
async function reaches(executor: Executor, checkpoint: CheckpointRow, head: ChainHead | undefined, purgedThrough: number): Promise<boolean> {
  if (!head || head.sequence < checkpoint.sequence) return false;
  const [entry] = await executor
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .where(and(eq(auditLog.chainKey, checkpoint.chainKey), eq(auditLog.sequence, checkpoint.sequence)));
  return entry ? entry.hash === checkpoint.hash : purgedThrough >= checkpoint.sequence && head.sequence > checkpoint.sequence;
}

async function purgeHorizons(executor: Executor): Promise<Map<string, number>> {
  return new Map((await executor.select().from(auditHorizons)).map((horizon) => [horizon.chainKey, horizon.throughSequence]));
}

/**
 * Signs the head of every chain that moved since its last genuine checkpoint; returns the new
 * checkpoints. A chain that no longer reaches its last genuine checkpoint (newest entries deleted)
 * is not signed again: a fresh signature would bless the truncation, so verify keeps reporting it.
 */
export async function writeAuditCheckpoints(executor: Executor, key: Uint8Array, at: Date): Promise<ChainHead[]> {
  const { latest } = await sortedCheckpoints(executor, key);
  const horizons = await purgeHorizons(executor);
  const written: ChainHead[] = [];
  for (const head of await chainHeads(executor)) {
    const last = latest.get(head.chainKey);
    if (last && last.sequence === head.sequence && last.hash === head.hash) continue;
    if (last && !(await reaches(executor, last, head, horizons.get(head.chainKey) ?? 0))) continue;
    await executor.insert(auditCheckpoints).values({ ...head, at, signature: signCheckpoint(key, head) });
    written.push(head);
  }
  return written;
}

/**
 * Each chain must still reach its latest genuine checkpoint. Deleting the newest entries, even
 * with the trigger bypassed, shows up as `truncated`; every checkpoint whose signature does not
 * verify, as `checkpoint-forged` (the table is append-only, so a forgery stays reported).
 */
export async function checkAuditCheckpoints(executor: Executor, key: Uint8Array): Promise<AuditChainProblem[]> {
  const problems: AuditChainProblem[] = [];
  const horizons = await purgeHorizons(executor);
  const heads = new Map((await chainHeads(executor)).map((head) => [head.chainKey, head]));
  const { latest, forged } = await sortedCheckpoints(executor, key);
  for (const row of forged) problems.push({ chainKey: row.chainKey, sequence: row.sequence, problem: 'checkpoint-forged' });
  for (const [chainKey, checkpoint] of latest) {
    if (!(await reaches(executor, checkpoint, heads.get(chainKey), horizons.get(chainKey) ?? 0))) {
      problems.push({ chainKey, sequence: checkpoint.sequence, problem: 'truncated' });
    }
  }
  return problems;
}

/** The full check behind `audit.verify` and `zx audit verify`: every chain, then its checkpoint. */
export async function verifyAuditLog(
  executor: Executor,
  key: Uint8Array,
  options: { countWithin?: string } = {},
): Promise<{ entries: number; problems: AuditChainProblem[] }> {
  const result = await verifyAuditChains(executor, options);
  return { entries: result.entries, problems: [...result.problems, ...(await checkAuditCheckpoints(executor, key))] };
}
