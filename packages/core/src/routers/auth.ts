import { users } from '@zhenxing/db';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../audit.ts';
import { checkCredentials } from '../auth/credentials.ts';
import { hashPassword, passwordProblems } from '../auth/passwords.ts';
import { createSession, revokeAllSessions, revokeSession } from '../auth/sessions.ts';
import { beginEnrollment, totpRequired, totpState, verifyAndConsume } from '../auth/totp.ts';
import { ZxError } from '../errors.ts';
import { passwordConfirmedProcedure, publicProcedure, router, signedInProcedure } from '../trpc.ts';
import { ROLE_TITLES, type Role } from '../roles.ts';
import type { SessionUser } from '../context.ts';

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
    .input(
      z.object({
        username: z.string().trim().min(1).max(64),
        password: z.string().min(1).max(256),
        /** The authenticator's 6-digit code, for users who enrolled one (the first answer says `totp-required`). */
        totpCode: z
          .string()
          .trim()
          .regex(/^\d{6}$/, '动态码为 6 位数字 / the code is 6 digits')
          .optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (!ctx.csrfVerified) {
        throw new ZxError('FORBIDDEN', 'csrf', { 'zh-CN': '请求来源校验失败，请刷新页面后重试。', en: 'Reload the page and try again.' });
      }
      const now = ctx.clock.now();
      const ip = ctx.http?.ip ?? null;
      let enrolled = false;
      const row = await checkCredentials({
        db: ctx.db,
        key: { username: input.username, address: ip ?? 'local' },
        password: input.password,
        now,
        ip,
        secondFactor: async (user) => {
          enrolled = (await totpState(ctx.db, user.id)) === 'active';
          if (!enrolled) return 'not-enrolled';
          if (!input.totpCode) return 'missing';
          const code = input.totpCode;
          return (await ctx.db.transaction((tx) => verifyAndConsume(tx, ctx.runtime.totpKey, user.id, code, now))) ? 'accepted' : 'rejected';
        },
      });
      const totpEnrollmentRequired = !enrolled && (await totpRequired(ctx.db, row.role as Role, row.scopeCode));
      const actor = { userId: row.id, username: row.username };
      // A lock set since the last sign-in is the account holder's business first: they are told now.
      const lockoutNotice = row.lockedUntil ? { lockedUntil: row.lockedUntil.toISOString(), failures: row.failedLogins } : null;
      const { token, session } = await ctx.db.transaction(async (tx) => {
        if (row.lockedUntil) await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, row.id));
        const created = await createSession(tx, row.id, now, { totpEnrollmentRequired });
        await appendAudit(
          tx,
          actor,
          {
            plugin: 'core',
            action: 'auth.login',
            regionCode: row.scopeCode,
            entityType: 'user',
            entityId: row.id,
            after: { ip: ctx.http?.ip ?? null, userAgent: ctx.http?.userAgent ?? null, secondFactor: enrolled ? 'totp' : null, lockoutNotice },
          },
          now,
        );
        return created;
      });
      ctx.http?.setSessionCookie(token, session.expiresAt);
      return {
        csrfToken: session.csrfToken,
        mustChangePassword: row.mustChangePassword,
        totpEnrollmentRequired,
        /**
         * The account was locked by wrong passwords since the last sign-in (someone else may be
         * guessing): when the lock started to end, and the failures counted from that address.
         */
        lockoutNotice,
        /** Returned for non-browser clients (CLI, tests); browsers use the httpOnly cookie. */
        sessionToken: ctx.http ? undefined : token,
      };
    }),

  /** The signed-in user, or null; the admin app calls it first. */
  me: publicProcedure.meta({ public: true }).query(({ ctx }) => {
    if (!ctx.user || !ctx.session) return null;
    return { user: publicUser(ctx.user), csrfToken: ctx.session.csrfToken, totpEnrollmentRequired: ctx.session.totpEnrollmentRequired ?? false };
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

  changePassword: passwordConfirmedProcedure
    .meta({ signedIn: true })
    .input(z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) }))
    .mutation(async ({ ctx, input }) => {
      const row = ctx.confirmedUser;
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
      const { token, session } = await createSession(ctx.db, row.id, ctx.clock.now(), { totpEnrollmentRequired: ctx.session?.totpEnrollmentRequired ?? false });
      await ctx.audit({ action: 'auth.password-changed', regionCode: row.scopeCode, entityType: 'user', entityId: row.id });
      ctx.http?.setSessionCookie(token, session.expiresAt);
      return { csrfToken: session.csrfToken };
    }),

  setLocale: signedInProcedure
    .meta({ signedIn: true })
    .input(z.object({ locale: z.enum(['zh-CN', 'en']) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.update(users).set({ locale: input.locale }).where(eq(users.id, ctx.user.id));
      await ctx.audit({
        action: 'auth.locale',
        regionCode: ctx.user.scopeCode,
        entityType: 'user',
        entityId: ctx.user.id,
        before: { locale: ctx.user.locale },
        after: input,
      });
      return input;
    }),

  /** Two-factor sign-in: the user's own state, and whether the province requires it of them. */
  totp: router({
    status: signedInProcedure.meta({ signedIn: true }).query(async ({ ctx }) => ({
      state: await totpState(ctx.db, ctx.user.id),
      required: await totpRequired(ctx.db, ctx.user.role, ctx.user.scopeCode),
    })),

    /** A new secret for an authenticator app (QR code of `uri`); confirmed by the first valid code. */
    begin: signedInProcedure.meta({ signedIn: true }).mutation(async ({ ctx }) => {
      if ((await totpState(ctx.db, ctx.user.id)) === 'active') {
        throw new ZxError('CONFLICT', 'totp-active', {
          'zh-CN': '已绑定身份验证器；如需更换，请联系安全管理员重置。',
          en: 'An authenticator is already set up; ask a security administrator to reset it.',
        });
      }
      const enrollment = await beginEnrollment(ctx.db, ctx.runtime.totpKey, ctx.user);
      // The secret itself is never audited.
      await ctx.audit({ action: 'auth.totp-begin', regionCode: ctx.user.scopeCode, entityType: 'user', entityId: ctx.user.id });
      return enrollment;
    }),

    confirm: signedInProcedure
      .meta({ signedIn: true })
      .input(
        z.object({
          code: z
            .string()
            .trim()
            .regex(/^\d{6}$/, '动态码为 6 位数字 / the code is 6 digits'),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        if (!(await verifyAndConsume(ctx.db, ctx.runtime.totpKey, ctx.user.id, input.code, ctx.clock.now(), { pending: true }))) {
          throw new ZxError(
            'BAD_REQUEST',
            'totp-invalid',
            { 'zh-CN': '动态码不正确，请核对手机时间后输入新的动态码。', en: 'The code is wrong; check the phone’s clock and enter a new code.' },
            {
              fieldErrors: { code: ['动态码不正确 / wrong code'] },
            },
          );
        }
        await ctx.audit({ action: 'auth.totp-enrolled', regionCode: ctx.user.scopeCode, entityType: 'user', entityId: ctx.user.id });
        return { state: 'active' as const };
      }),
  }),
});
