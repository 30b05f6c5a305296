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

async function latestCheckpoints(executor: Executor) {
  const rows = await executor.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id));
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) if (!latest.has(row.chainKey)) latest.set(row.chainKey, row);
  return latest;
}

/** Signs the head of every chain that moved since its last checkpoint; returns the new checkpoints. */
export async function writeAuditCheckpoints(executor: Executor, key: Uint8Array, at: Date): Promise<ChainHead[]> {
  const latest = await latestCheckpoints(executor);
  const written: ChainHead[] = [];
  for (const head of await chainHeads(executor)) {
    const last = latest.get(head.chainKey);
    if (last && last.sequence === head.sequence && last.hash === head.hash) continue;
    await executor.insert(auditCheckpoints).values({ ...head, at, signature: signCheckpoint(key, head) });
    written.push(head);
  }
  return written;
}

/**
 * Each chain must still reach its latest checkpoint: the entry at the checkpoint's sequence is
 * there with the same hash (or a retention purge removed it while later entries remain). Deleting
 * the newest entries, even with the trigger bypassed, shows up as `truncated`; a checkpoint whose
 * signature does not verify as `checkpoint-forged`.
 */
export async function checkAuditCheckpoints(executor: Executor, key: Uint8Array): Promise<AuditChainProblem[]> {
  const problems: AuditChainProblem[] = [];
  const horizons = new Map((await executor.select().from(auditHorizons)).map((horizon) => [horizon.chainKey, horizon]));
  const heads = new Map((await chainHeads(executor)).map((head) => [head.chainKey, head]));
  for (const [chainKey, checkpoint] of await latestCheckpoints(executor)) {
    const signed: ChainHead = { chainKey, sequence: checkpoint.sequence, hash: checkpoint.hash, entryCount: checkpoint.entryCount };
    if (!signatureMatches(key, signed, checkpoint.signature)) {
      problems.push({ chainKey, sequence: checkpoint.sequence, problem: 'checkpoint-forged' });
      continue;
    }
    const head = heads.get(chainKey);
    const [entry] = await executor
      .select({ hash: auditLog.hash })
      .from(auditLog)
      .where(and(eq(auditLog.chainKey, chainKey), eq(auditLog.sequence, checkpoint.sequence)));
    const purgedPast = (horizons.get(chainKey)?.throughSequence ?? 0) >= checkpoint.sequence && head !== undefined && head.sequence > checkpoint.sequence;
    const reached = entry ? entry.hash === checkpoint.hash : purgedPast;
    if (!reached || !head || head.sequence < checkpoint.sequence) problems.push({ chainKey, sequence: checkpoint.sequence, problem: 'truncated' });
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
