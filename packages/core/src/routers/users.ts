import { users, userTotp } from '@zhenxing/db';
import { and, asc, count, eq, ilike, like, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { generatePassword, hashPassword, passwordProblems } from '../auth/passwords.ts';
import { findUserByUsername } from '../auth/credentials.ts';
import { revokeAllSessions } from '../auth/sessions.ts';
import { clearAllAttempts } from '../auth/throttle.ts';
import type { SessionUser } from '../context.ts';
import { errors, ZxError } from '../errors.ts';
import { isWithinRegion, regionLevel, REGION_CODE_PATTERN } from '../regions.ts';
import { mayGrantRole, ROLE_LEVELS, ROLES, ROLE_TITLES, type Role } from '../roles.ts';
import { coreProcedure, router } from '../trpc.ts';

const publicColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  scopeCode: users.scopeCode,
  locale: users.locale,
  active: users.active,
  mustChangePassword: users.mustChangePassword,
  lockedUntil: users.lockedUntil,
  createdAt: users.createdAt,
};

/**
 * Admins manage users only inside their own scope and never grant more than they hold: the role
 * must rank no higher than the admin's own (province > city > county > township > village;
 * inspectors only read) and sit at a node inside the admin's scope, at a level the role fits.
 */
export function assertMayGrant(actor: SessionUser, role: Role, scopeCode: string): void {
  if (!isWithinRegion(scopeCode, actor.scopeCode)) throw errors.outOfScope(scopeCode);
  if (!mayGrantRole(actor.role, role)) {
    throw new ZxError('FORBIDDEN', 'grant-exceeds-own', {
      'zh-CN': `不能授予高于自身的角色（${ROLE_TITLES[role]['zh-CN']}）。`,
      en: `You cannot grant a role above your own (${ROLE_TITLES[role].en}).`,
    });
  }
  if (!ROLE_LEVELS[role].includes(regionLevel(scopeCode))) {
    throw errors.invalid(
      {
        'zh-CN': `“${ROLE_TITLES[role]['zh-CN']}”只能设在${ROLE_LEVELS[role].map((level) => LEVEL_NAMES[level]).join('、')}级区划。`,
        en: `A ${ROLE_TITLES[role].en} must sit at ${ROLE_LEVELS[role].join(' or ')} level.`,
      },
      { fieldErrors: { scopeCode: ['区划级别与角色不符 / level does not fit the role'] } },
    );
  }
}

const LEVEL_NAMES = { province: '省', city: '市', county: '县', township: '乡镇', village: '村' } as const;

const username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9_.-]{3,64}$/, '用户名为 3–64 位字母、数字、_ . - / 3–64 letters, digits, _ . -');

async function loadInScope(db: Parameters<typeof revokeAllSessions>[0], actor: SessionUser, id: number) {
  const [target] = await db.select().from(users).where(eq(users.id, id));
  if (!target || !isWithinRegion(target.scopeCode, actor.scopeCode)) {
    throw errors.notFound({ 'zh-CN': '该用户', en: 'The user' });
  }
  return target;
}

function usernameTaken(): ZxError {
  return new ZxError(
    'CONFLICT',
    'username-taken',
    { 'zh-CN': '该用户名已被使用（不区分大小写）。', en: 'That username is taken (case does not matter).' },
    {
      fieldErrors: { username: ['用户名已存在 / username taken'] },
    },
  );
}

/** A PostgreSQL unique violation (23505), also when wrapped by drizzle as the error's cause. */
function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    if ((current as { code?: unknown }).code === '23505') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export const usersRouter = router({
  roles: coreProcedure.meta({ permission: 'core.users.read' }).query(({ ctx }) =>
    ROLES.map((role) => ({
      role,
      title: ROLE_TITLES[role],
      levels: ROLE_LEVELS[role],
      grantable: mayGrantRole(ctx.user.role, role),
    })),
  ),

  list: coreProcedure
    .meta({ permission: 'core.users.read' })
    .input(
      z.object({
        regionCode: z.string().regex(REGION_CODE_PATTERN).optional(),
        search: z.string().trim().max(64).optional(),
        role: z.enum(ROLES).optional(),
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(200).default(20),
      }),
    )
    .query(async ({ ctx, input }) => {
      const regionCode = input.regionCode ?? ctx.user.scopeCode;
      if (!isWithinRegion(regionCode, ctx.user.scopeCode)) throw errors.outOfScope(regionCode);
      const conditions: (SQL | undefined)[] = [like(users.scopeCode, `${regionCode}%`)];
      if (input.search) conditions.push(or(ilike(users.username, `%${input.search}%`), ilike(users.displayName, `%${input.search}%`)));
      if (input.role) conditions.push(eq(users.role, input.role));
      const where = and(...conditions);
      const [total] = await ctx.db.select({ value: count() }).from(users).where(where);
      const rows = await ctx.db
        .select(publicColumns)
        .from(users)
        .where(where)
        .orderBy(asc(users.scopeCode), asc(users.username))
        .limit(input.pageSize)
        .offset((input.page - 1) * input.pageSize);
      return { total: total?.value ?? 0, rows };
    }),

  /** Creates a user; without a password, a one-time password is generated and returned once. */
  create: coreProcedure
    .meta({ permission: 'core.users.manage' })
    .input(
      z.object({
        username,
        displayName: z.string().trim().min(1).max(64),
        role: z.enum(ROLES),
        scopeCode: z.string().regex(REGION_CODE_PATTERN),
        password: z.string().max(256).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      assertMayGrant(ctx.user, input.role, input.scopeCode);
      // Usernames are one account whatever their case (login matches lower(username)).
      if (await findUserByUsername(ctx.db, input.username)) throw usernameTaken();
      const oneTimePassword = input.password ? null : generatePassword();
      const password = input.password ?? (oneTimePassword as string);
      const problems = passwordProblems(password, input.username);
      if (problems.length > 0) {
        throw errors.invalid(problems[0] as { 'zh-CN': string; en: string }, {
          fieldErrors: { password: problems.map((problem) => `${problem['zh-CN']} / ${problem.en}`) },
        });
      }
      const [created] = await ctx.db
        .insert(users)
        .values({
          username: input.username,
          displayName: input.displayName,
          role: input.role,
          scopeCode: input.scopeCode,
          passwordHash: await hashPassword(password),
          mustChangePassword: oneTimePassword !== null,
        })
        .returning(publicColumns)
        .catch((error: unknown) => {
          // Two admins creating the same name at once: the unique index on lower(username) decides.
          if (isUniqueViolation(error)) throw usernameTaken();
          throw error;
        });
      const user = created as NonNullable<typeof created>;
      await ctx.audit({ action: 'user.create', regionCode: input.scopeCode, entityType: 'user', entityId: user.id, after: user });
      return { user, oneTimePassword };
    }),

  update: coreProcedure
    .meta({ permission: 'core.users.manage' })
    .input(
      z.object({
        id: z.number().int(),
        displayName: z.string().trim().min(1).max(64).optional(),
        role: z.enum(ROLES).optional(),
        scopeCode: z.string().regex(REGION_CODE_PATTERN).optional(),
        active: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const target = await loadInScope(ctx.db, ctx.user, input.id);
      if (target.id === ctx.user.id && (input.role || input.scopeCode || input.active === false)) {
        throw errors.invalid({ 'zh-CN': '不能修改自己的角色、区划或停用自己。', en: 'You cannot change your own role or region, or deactivate yourself.' });
      }
      const role = (input.role ?? target.role) as Role;
      const scopeCode = input.scopeCode ?? target.scopeCode;
      assertMayGrant(ctx.user, role, scopeCode);
      // The target's current role must be one the actor could grant too: no editing a superior.
      assertMayGrant(ctx.user, target.role as Role, target.scopeCode);
      const [updated] = await ctx.db
        .update(users)
        .set({ displayName: input.displayName ?? target.displayName, role, scopeCode, active: input.active ?? target.active })
        .where(eq(users.id, target.id))
        .returning(publicColumns);
      if (input.active === false || input.role || input.scopeCode) await revokeAllSessions(ctx.db, target.id);
      const { passwordHash: _hidden, ...before } = target;
      await ctx.audit({ action: 'user.update', regionCode: scopeCode, entityType: 'user', entityId: target.id, before, after: updated });
      return updated;
    }),

  /** New one-time password (shown once), all sessions ended, lockout cleared. */
  resetPassword: coreProcedure
    .meta({ permission: 'core.users.manage' })
    .input(z.object({ id: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const target = await loadInScope(ctx.db, ctx.user, input.id);
      assertMayGrant(ctx.user, target.role as Role, target.scopeCode);
      const oneTimePassword = generatePassword();
      await ctx.db
        .update(users)
        .set({ passwordHash: await hashPassword(oneTimePassword), mustChangePassword: true, failedLogins: 0, lockedUntil: null })
        .where(eq(users.id, target.id));
      await clearAllAttempts(ctx.db, target.username);
      await revokeAllSessions(ctx.db, target.id);
      await ctx.audit({ action: 'user.reset-password', regionCode: target.scopeCode, entityType: 'user', entityId: target.id });
      return { oneTimePassword };
    }),

  /** A lost phone: removes the user's authenticator (they enrol a new one at next sign-in) and ends their sessions. */
  resetTotp: coreProcedure
    .meta({ permission: 'core.users.unlock' })
    .input(z.object({ id: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const target = await loadInScope(ctx.db, ctx.user, input.id);
      const removed = await ctx.db.delete(userTotp).where(eq(userTotp.userId, target.id)).returning({ userId: userTotp.userId });
      await revokeAllSessions(ctx.db, target.id);
      await ctx.audit({
        action: 'user.totp-reset',
        regionCode: target.scopeCode,
        entityType: 'user',
        entityId: target.id,
        after: { removed: removed.length > 0 },
      });
      return { ok: true as const };
    }),

  unlock: coreProcedure
    .meta({ permission: 'core.users.unlock' })
    .input(z.object({ id: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const target = await loadInScope(ctx.db, ctx.user, input.id);
      // The lock ends now but stays on record (not null), so the holder is still told at their next sign-in.
      const now = ctx.clock.now();
      await ctx.db
        .update(users)
        .set({ lockedUntil: sql`case when ${users.lockedUntil} is null then null else least(${users.lockedUntil}, ${now.toISOString()}::timestamptz) end` })
        .where(eq(users.id, target.id));
      // Every address's login throttle for the account, not only the marker on the user row.
      const addresses = await clearAllAttempts(ctx.db, target.username);
      await ctx.audit({ action: 'user.unlock', regionCode: target.scopeCode, entityType: 'user', entityId: target.id, after: { addresses } });
      return { ok: true as const };
    }),
});
