import { users, type Executor } from '@zhenxing/db';
import { eq, sql } from 'drizzle-orm';
import { appendAudit } from '../audit.ts';
import { ZxError } from '../errors.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { clearAttempts, countAttempt, type ThrottleKey } from './throttle.ts';

type UserRow = typeof users.$inferSelect;

/** One answer for an unknown user, a wrong password and a throttled attempt: nothing to tell apart. */
export const invalidCredentials = () =>
  new ZxError('UNAUTHORIZED', 'invalid-credentials', {
    'zh-CN': '用户名或密码错误。',
    en: 'The username or password is wrong.',
  });

// Verifying against a fixed hash when there is nothing to verify keeps response times alike.
const DUMMY_HASH = hashPassword('not-a-real-password-Zx1!');

/** The user, matched case-insensitively (usernames are unique by lower(username)). */
export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.trim().toLowerCase()));
  return row;
}

export interface CredentialCheck {
  /** The root database handle: the count must survive the caller's rolled-back transaction. */
  db: Executor;
  key: ThrottleKey;
  password: string;
  now: Date;
  ip: string | null;
  /**
   * The second factor, checked after the password and before the count is cleared, so wrong codes
   * count against the same throttle as wrong passwords. Absent: password only.
   */
  secondFactor?: (row: UserRow) => Promise<'accepted' | 'missing' | 'rejected' | 'not-enrolled'>;
}

export function totpRequiredError(): ZxError {
  return new ZxError('UNAUTHORIZED', 'totp-required', {
    'zh-CN': '请输入身份验证器中的 6 位动态码。',
    en: 'Enter the 6-digit code from your authenticator app.',
  });
}

export function totpRejectedError(): ZxError {
  return new ZxError('UNAUTHORIZED', 'totp-invalid', {
    'zh-CN': '动态码不正确或已使用，请输入新的动态码。',
    en: 'The code is wrong or was already used; enter a new one.',
  });
}

/**
 * Checks a password the way a login does: the attempt is counted first (per account and address),
 * a throttled, unknown or inactive account costs one dummy hash, and every failure throws the same
 * `invalid-credentials`. A failure on a real account is audited; the one that starts a lock is
 * audited as `auth.locked-out` (the account's trail shows it) and marks the user row for admins.
 */
export async function checkCredentials({ db, key, password, now, ip, secondFactor }: CredentialCheck): Promise<UserRow> {
  const verdict = await countAttempt(db, key, now);
  const row = verdict.admitted ? await findUserByUsername(db, key.username) : undefined;
  if (!row || !row.active) {
    await verifyPassword(await DUMMY_HASH, password);
    throw invalidCredentials();
  }
  if (!(await verifyPassword(row.passwordHash, password))) {
    await db.transaction(async (tx) => {
      if (verdict.startedLock) {
        await tx
          .update(users)
          .set({ failedLogins: verdict.failures, lockedUntil: sql`greatest(${users.lockedUntil}, ${verdict.lockedUntil})` })
          .where(eq(users.id, row.id));
      }
      await appendAudit(
        tx,
        { userId: row.id, username: row.username },
        {
          plugin: 'core',
          action: verdict.startedLock ? 'auth.locked-out' : 'auth.login-failed',
          regionCode: row.scopeCode,
          entityType: 'user',
          entityId: row.id,
          after: { failures: verdict.failures, ip, lockedUntil: verdict.startedLock ? (verdict.lockedUntil?.toISOString() ?? null) : null },
        },
        now,
      );
    });
    throw invalidCredentials();
  }
  const factor = secondFactor ? await secondFactor(row) : 'not-enrolled';
  if (factor === 'missing') throw totpRequiredError();
  if (factor === 'rejected') {
    await db.transaction((tx) =>
      appendAudit(
        tx,
        { userId: row.id, username: row.username },
        {
          plugin: 'core',
          action: 'auth.totp-failed',
          regionCode: row.scopeCode,
          entityType: 'user',
          entityId: row.id,
          after: { failures: verdict.failures, ip },
        },
        now,
      ),
    );
    throw totpRejectedError();
  }
  await clearAttempts(db, key);
  return row;
}
