import { users } from '@zhenxing/db';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../audit.ts';
import { hashPassword, passwordProblems, verifyPassword } from '../auth/passwords.ts';
import { createSession, revokeAllSessions, revokeSession } from '../auth/sessions.ts';
import { ZxError } from '../errors.ts';
import { publicProcedure, router, signedInProcedure } from '../trpc.ts';
import { ROLE_TITLES } from '../roles.ts';
import type { SessionUser } from '../context.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

const invalidCredentials = () =>
  new ZxError('UNAUTHORIZED', 'invalid-credentials', {
    'zh-CN': '用户名或密码错误。',
    en: 'The username or password is wrong.',
  });

const lockedOut = (until: Date) =>
  new ZxError(
    'TOO_MANY_REQUESTS',
    'locked-out',
    {
      'zh-CN': `密码错误次数过多，账号已锁定至 ${until.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}，请稍后再试或联系管理员解锁。`,
      en: `Too many wrong passwords; the account is locked until ${until.toISOString()}. Try later or ask an administrator to unlock it.`,
    },
    { lockedUntil: until.toISOString() },
  );

// Verifying against a fixed hash when the user does not exist keeps response times alike.
const DUMMY_HASH = hashPassword('not-a-real-password-Zx1!');

export function publicUser(user: SessionUser) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    roleTitle: ROLE_TITLES[user.role],
    scopeCode: user.scopeCode,
    locale: user.locale,
    permissions: [...user.permissions].sort(),
  };
}

export const authRouter = router({
  /** Username + password → server-side session in an httpOnly cookie, and the CSRF token. */
  login: publicProcedure
    .meta({ public: true })
    .input(z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) }))
    .mutation(async ({ ctx, input }) => {
      if (!ctx.csrfVerified) {
        throw new ZxError('FORBIDDEN', 'csrf', { 'zh-CN': '请求来源校验失败，请刷新页面后重试。', en: 'Reload the page and try again.' });
      }
      const now = ctx.clock.now();
      const [row] = await ctx.db.select().from(users).where(eq(users.username, input.username));
      if (!row || !row.active) {
        await verifyPassword(await DUMMY_HASH, input.password);
        throw invalidCredentials();
      }
      if (row.lockedUntil && row.lockedUntil > now) throw lockedOut(row.lockedUntil);
      const actor = { userId: row.id, username: row.username };
      if (!(await verifyPassword(row.passwordHash, input.password))) {
        const failed = row.failedLogins + 1;
        const lockedUntil = failed >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MS) : null;
        await ctx.db.transaction(async (tx) => {
          await tx.update(users).set({ failedLogins: lockedUntil ? 0 : failed, lockedUntil }).where(eq(users.id, row.id));
          await appendAudit(tx, actor, {
            plugin: 'core',
            action: lockedUntil ? 'auth.locked-out' : 'auth.login-failed',
            regionCode: row.scopeCode,
            entityType: 'user',
            entityId: row.id,
            after: { failedLogins: failed, ip: ctx.http?.ip ?? null },
          }, now);
        });
        throw lockedUntil ? lockedOut(lockedUntil) : invalidCredentials();
      }
      const { token, session } = await ctx.db.transaction(async (tx) => {
        await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, row.id));
        const created = await createSession(tx, row.id, now);
        await appendAudit(tx, actor, {
          plugin: 'core',
          action: 'auth.login',
          regionCode: row.scopeCode,
          entityType: 'user',
          entityId: row.id,
          after: { ip: ctx.http?.ip ?? null, userAgent: ctx.http?.userAgent ?? null },
        }, now);
        return created;
      });
      ctx.http?.setSessionCookie(token, session.expiresAt);
      return {
        csrfToken: session.csrfToken,
        mustChangePassword: row.mustChangePassword,
        /** Returned for non-browser clients (CLI, tests); browsers use the httpOnly cookie. */
        sessionToken: ctx.http ? undefined : token,
      };
    }),

  /** The signed-in user, or null; the admin app calls it first. */
  me: publicProcedure.meta({ public: true }).query(({ ctx }) => {
    if (!ctx.user || !ctx.session) return null;
    return { user: publicUser(ctx.user), csrfToken: ctx.session.csrfToken };
  }),

  logout: signedInProcedure.meta({ signedIn: true }).mutation(async ({ ctx }) => {
    if (ctx.session) await revokeSession(ctx.db, ctx.session.tokenHash);
    await ctx.audit({ action: 'auth.logout', regionCode: ctx.user.scopeCode, entityType: 'user', entityId: ctx.user.id });
    ctx.http?.clearSessionCookie();
    return { ok: true as const };
  }),

  /** Ends every session of this user, on every device. */
  logoutEverywhere: signedInProcedure.meta({ signedIn: true }).mutation(async ({ ctx }) => {
    const ended = await revokeAllSessions(ctx.db, ctx.user.id);
    await ctx.audit({ action: 'auth.logout-everywhere', regionCode: ctx.user.scopeCode, entityType: 'user', entityId: ctx.user.id, after: { ended } });
    ctx.http?.clearSessionCookie();
    return { ended };
  }),

  changePassword: signedInProcedure
    .meta({ signedIn: true })
    .input(z.object({ currentPassword: z.string().min(1), newPassword: z.string().min(1).max(256) }))
    .mutation(async ({ ctx, input }) => {
      const [row] = await ctx.db.select().from(users).where(eq(users.id, ctx.user.id));
      if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
        throw new ZxError('BAD_REQUEST', 'wrong-password', { 'zh-CN': '当前密码不正确。', en: 'The current password is wrong.' }, {
          fieldErrors: { currentPassword: ['当前密码不正确 / wrong password'] },
        });
      }
      const problems = passwordProblems(input.newPassword, row.username);
      if (problems.length > 0) {
        throw new ZxError('BAD_REQUEST', 'weak-password', problems[0] as { 'zh-CN': string; en: string }, {
          fieldErrors: { newPassword: problems.map((problem) => `${problem['zh-CN']} / ${problem.en}`) },
        });
      }
      await ctx.db
        .update(users)
        .set({ passwordHash: await hashPassword(input.newPassword), mustChangePassword: false, passwordChangedAt: ctx.clock.now() })
        .where(eq(users.id, row.id));
      // Other devices must sign in again; this one gets a fresh session.
      await revokeAllSessions(ctx.db, row.id);
      const { token, session } = await createSession(ctx.db, row.id, ctx.clock.now());
      await ctx.audit({ action: 'auth.password-changed', regionCode: row.scopeCode, entityType: 'user', entityId: row.id });
      ctx.http?.setSessionCookie(token, session.expiresAt);
      return { csrfToken: session.csrfToken };
    }),

  setLocale: signedInProcedure
    .meta({ signedIn: true })
    .input(z.object({ locale: z.enum(['zh-CN', 'en']) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.update(users).set({ locale: input.locale }).where(eq(users.id, ctx.user.id));
      await ctx.audit({ action: 'auth.locale', regionCode: ctx.user.scopeCode, entityType: 'user', entityId: ctx.user.id, before: { locale: ctx.user.locale }, after: input });
      return input;
    }),
});
