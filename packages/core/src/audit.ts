import { createHash } from 'node:crypto';
import { auditHorizons, auditLog, type Executor } from '@zhenxing/db';
import { redactPersonalData, maskIdNumbersInText } from '@zhenxing/rules';
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';

export interface AuditEntryInput {
  plugin: string;
  action: string;
  /** Region the write touched (village, township or county code; province/city for higher ones). */
  regionCode: string | null;
  entityType?: string;
  entityId?: string | number;
  before?: unknown;
  after?: unknown;
}

export interface AuditActor {
  userId: number | null;
  username: string | null;
}

/** Chain used for writes above county level (province or city settings, users of a city…). */
export const UPPER_CHAIN = '000000';

const GENESIS_HASH = '0'.repeat(64);

/**
 * Personal data never reaches the audit log in clear: before hashing and storing, ID numbers
 * (householdKey included) are masked and birth dates, health details and secrets replaced — the
 * rules' one PII policy (redactPersonalData). The chain hashes what is stored, so it verifies.
 */
export function maskSensitive(value: unknown): unknown {
  return redactPersonalData(value);
}

/** JSON with sorted keys, so the hash survives jsonb's key reordering. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface HashedFields {
  chainKey: string;
  sequence: number;
  at: Date;
  userId: number | null;
  username: string | null;
  regionCode: string | null;
  plugin: string;
  action: string;
  entityType: string | null;
  entityId: string | null;
  before: unknown;
  after: unknown;
  previousHash: string;
}

export function auditHash(fields: HashedFields): string {
  return createHash('sha256')
    .update(canonicalJson({ ...fields, at: fields.at.toISOString() }))
    .digest('hex');
}

export function chainKeyOf(regionCode: string | null): string {
  return regionCode && regionCode.length >= 6 ? regionCode.slice(0, 6) : UPPER_CHAIN;
}

/**
 * Appends one entry in the caller's transaction. A transaction-scoped advisory lock per chain
 * serialises writers of one county so sequence numbers and hashes never fork.
 */
export async function appendAudit(executor: Executor, actor: AuditActor, entry: AuditEntryInput, at: Date): Promise<void> {
  const chainKey = chainKeyOf(entry.regionCode);
  await executor.execute(sql`select pg_advisory_xact_lock(7326002, hashtext(${chainKey}))`);
  const [last] = await executor
    .select({ sequence: auditLog.sequence, hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.chainKey, chainKey))
    .orderBy(desc(auditLog.sequence))
    .limit(1);
  // Round-trip through JSON so the hash sees exactly what jsonb will store (no undefined, Dates as ISO).
  const fields: HashedFields = {
    chainKey,
    sequence: (last?.sequence ?? 0) + 1,
    at: new Date(Math.floor(at.getTime())),
    userId: actor.userId,
    username: actor.username,
    regionCode: entry.regionCode,
    plugin: entry.plugin,
    action: entry.action,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId === undefined ? null : maskIdNumbersInText(String(entry.entityId)),
    before: toJson(maskSensitive(entry.before)),
    after: toJson(maskSensitive(entry.after)),
    previousHash: last?.hash ?? GENESIS_HASH,
  };
  await executor.insert(auditLog).values({ ...fields, hash: auditHash(fields) });
}

function toJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

export interface AuditChainProblem {
  chainKey: string;
  sequence: number;
  /** `truncated`: the chain no longer reaches its last signed checkpoint (see audit-checkpoint.ts). */
  problem: 'hash-mismatch' | 'broken-link' | 'missing-entry' | 'truncated' | 'checkpoint-forged';
}

/**
 * Recomputes every chain; any edited, inserted or deleted entry shows up as a problem.
 * `countWithin` (a region code) counts only entries recorded inside that region, so a caller
 * learns nothing about how much happened elsewhere; every chain is still checked.
 */
export async function verifyAuditChains(
  executor: Executor,
  options: { countWithin?: string } = {},
): Promise<{ entries: number; problems: AuditChainProblem[] }> {
  const counted = (regionCode: string | null): boolean =>
    options.countWithin === undefined || (regionCode !== null && regionCode.startsWith(options.countWithin));
  const problems: AuditChainProblem[] = [];
  let entries = 0;
  const chains = await executor.selectDistinct({ chainKey: auditLog.chainKey }).from(auditLog);
  // A retention purge removed each chain's oldest entries up to its horizon; verify from there.
  const horizons = new Map((await executor.select().from(auditHorizons)).map((horizon) => [horizon.chainKey, horizon]));
  for (const { chainKey } of chains) {
    const horizon = horizons.get(chainKey);
    let previousHash = horizon?.throughHash ?? GENESIS_HASH;
    let expectedSequence = (horizon?.throughSequence ?? 0) + 1;
    let afterSequence = 0;
    for (;;) {
      const page = await executor
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.chainKey, chainKey), gt(auditLog.sequence, afterSequence)))
        .orderBy(asc(auditLog.sequence))
        .limit(5000);
      if (page.length === 0) break;
      for (const row of page) {
        if (counted(row.regionCode)) entries += 1;
        if (row.sequence !== expectedSequence) {
          problems.push({ chainKey, sequence: expectedSequence, problem: 'missing-entry' });
        }
        if (row.previousHash !== previousHash) problems.push({ chainKey, sequence: row.sequence, problem: 'broken-link' });
        const { id: _id, hash, ...fields } = row;
        if (auditHash(fields) !== hash) problems.push({ chainKey, sequence: row.sequence, problem: 'hash-mismatch' });
        previousHash = hash;
        expectedSequence = row.sequence + 1;
        afterSequence = row.sequence;
      }
    }
  }
  return { entries, problems };
}
