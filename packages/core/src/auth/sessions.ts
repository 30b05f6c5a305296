import { createHash, randomBytes } from 'node:crypto';
import { sessions, users, type Executor } from '@zhenxing/db';
import { and, eq, gt, lt, or } from 'drizzle-orm';
import type { Session, SessionUser } from '../context.ts';
import type { Locale } from '../i18n.ts';
import type { Role } from '../roles.ts';

/** A session lives at most 12 hours, and ends after 2 hours without a request. */
export const SESSION_LIFETIME_MS = 12 * 3_600_000;
export const SESSION_IDLE_MS = 2 * 3_600_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Executor,
  userId: number,
  now: Date,
  options: { totpEnrollmentRequired?: boolean } = {},
): Promise<{ token: string; session: Session }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  const tokenHash = hashToken(token);
  const totpEnrollmentRequired = options.totpEnrollmentRequired ?? false;
  await db.insert(sessions).values({ tokenHash, userId, csrfToken, createdAt: now, lastSeenAt: now, expiresAt, totpEnrollmentRequired });
  return { token, session: { tokenHash, csrfToken, expiresAt, totpEnrollmentRequired } };
}

/**
 * The user behind a session cookie, or null when the token is unknown, expired, idle too long,
 * or the user was deactivated. A valid session's idle timer restarts.
 */
export async function resolveSession(
  db: Executor,
  token: string,
  now: Date,
  permissionsOf: (role: string) => ReadonlySet<string>,
): Promise<{ user: SessionUser; session: Session } | null> {
  const tokenHash = hashToken(token);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)),
        eq(users.active, true),
      ),
    );
  if (!row) return null;
  // Touch at most once a minute, so reads do not turn into a write per request.
  if (now.getTime() - row.session.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  return {
    session: { tokenHash, csrfToken: row.session.csrfToken, expiresAt: row.session.expiresAt, totpEnrollmentRequired: row.session.totpEnrollmentRequired },
    user: {
      id: row.user.id,
      username: row.user.username,
      displayName: row.user.displayName,
      role: row.user.role as Role,
      scopeCode: row.user.scopeCode,
      locale: row.user.locale as Locale,
      permissions: permissionsOf(row.user.role),
    },
  };
}

export async function revokeSession(db: Executor, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** "Log out everywhere", and what a password change or deactivation does. */
export async function revokeAllSessions(db: Executor, userId: number): Promise<number> {
  const removed = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ tokenHash: sessions.tokenHash });
  return removed.length;
}

/** Deletes sessions past their absolute expiry or idle limit; returns how many went. */
export async function purgeExpiredSessions(db: Executor, now: Date): Promise<number> {
  const idleSince = new Date(now.getTime() - SESSION_IDLE_MS);
  const removed = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleSince)))
    .returning({ tokenHash: sessions.tokenHash });
  return removed.length;
}
