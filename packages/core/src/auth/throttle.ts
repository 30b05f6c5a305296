import { randomUUID } from 'node:crypto';
import { loginThrottle, type Executor } from '@zhenxing/db';
import { and, eq, lt, sql } from 'drizzle-orm';

/** Attempts per (account, address) before the first lock. */
export const THROTTLE_FREE_ATTEMPTS = 5;
/** The first lock; each further failure after a lock doubles it, up to the cap. */
export const THROTTLE_BASE_LOCK_MS = 60_000;
export const THROTTLE_MAX_LOCK_MS = 24 * 3_600_000;
const MAX_DOUBLINGS = Math.ceil(Math.log2(THROTTLE_MAX_LOCK_MS / THROTTLE_BASE_LOCK_MS));

export interface ThrottleKey {
  username: string;
  /** Client address as the HTTP edge resolved it (trusted proxies only); 'local' for in-process callers. */
  address: string;
}

export interface AttemptVerdict {
  /** False: the pair is locked; answer as for a wrong password without checking it. */
  admitted: boolean;
  /** Consecutive attempts counted so far, this one included. */
  failures: number;
  /** Set when this attempt started a lock (for the audit entry / notice). */
  lockedUntil: Date | null;
  /** True when this very attempt started (or extended) a lock. */
  startedLock: boolean;
}

export const usernameKey = (username: string): string => username.trim().toLowerCase();

/**
 * Counts one attempt, before the password is checked, in ONE statement: concurrent attempts each
 * see the other's increment, so 25 parallel guesses count as 25. An attempt arriving while the pair
 * is locked changes nothing and is not admitted. The attempt that reaches the limit is admitted
 * and starts a lock; once it ends one attempt is admitted and, if it fails, a lock twice as long.
 */
export async function countAttempt(db: Executor, key: ThrottleKey, now: Date): Promise<AttemptVerdict> {
  const nonce = randomUUID();
  const table = loginThrottle;
  const locked = sql`${table.blockedUntil} > ${now}`;
  const nextFailures = sql`${table.failures} + 1`;
  const lockMs = sql`${THROTTLE_BASE_LOCK_MS}::float8 * power(2, least(greatest(${nextFailures} - ${THROTTLE_FREE_ATTEMPTS}, 0), ${MAX_DOUBLINGS}))`;
  const [row] = await db
    .insert(table)
    .values({ usernameKey: usernameKey(key.username), address: key.address, failures: 1, blockedUntil: null, lastAdmitted: nonce, updatedAt: now })
    .onConflictDoUpdate({
      target: [table.usernameKey, table.address],
      set: {
        failures: sql`case when ${locked} then ${table.failures} else ${nextFailures} end`,
        blockedUntil: sql`case when ${locked} then ${table.blockedUntil}
          when ${nextFailures} >= ${THROTTLE_FREE_ATTEMPTS} then ${now}::timestamptz + make_interval(secs => least(${lockMs}, ${THROTTLE_MAX_LOCK_MS}::float8) / 1000)
          else null end`,
        lastAdmitted: sql`case when ${locked} then ${table.lastAdmitted} else ${nonce} end`,
        updatedAt: now,
      },
    })
    .returning({ failures: table.failures, blockedUntil: table.blockedUntil, lastAdmitted: table.lastAdmitted });
  if (!row) throw new Error('login throttle upsert returned no row');
  const admitted = row.lastAdmitted === nonce;
  const startedLock = admitted && row.blockedUntil !== null;
  return { admitted, failures: row.failures, lockedUntil: row.blockedUntil, startedLock };
}

/** A successful sign-in from this address clears its count (other addresses keep theirs). */
export async function clearAttempts(db: Executor, key: ThrottleKey): Promise<void> {
  await db.delete(loginThrottle).where(and(eq(loginThrottle.usernameKey, usernameKey(key.username)), eq(loginThrottle.address, key.address)));
}

/** An admin's unlock: every address's count for the account. Returns how many were cleared. */
export async function clearAllAttempts(db: Executor, username: string): Promise<number> {
  const removed = await db
    .delete(loginThrottle)
    .where(eq(loginThrottle.usernameKey, usernameKey(username)))
    .returning({ address: loginThrottle.address });
  return removed.length;
}

/** Counts idle for a day are forgotten (the nightly purge). */
export async function purgeStaleAttempts(db: Executor, now: Date): Promise<void> {
  await db
    .delete(loginThrottle)
    .where(
      and(lt(loginThrottle.updatedAt, new Date(now.getTime() - THROTTLE_MAX_LOCK_MS)), sql`coalesce(${loginThrottle.blockedUntil}, '-infinity') < ${now}`),
    );
}
