import { initTRPC } from '@trpc/server';
import { z, ZodError } from 'zod';
import { AccessScope } from './access.ts';
import { appendAudit, type AuditEntryInput } from './audit.ts';
import { checkCredentials, invalidCredentials } from './auth/credentials.ts';
import type { BaseContext, SessionUser } from './context.ts';
import type { DatabaseHandle, Executor } from '@zhenxing/db';
import { mapDatabaseError } from './database-errors.ts';
import { errors, ZxError } from './errors.ts';
import type { EventMap, EventName, PendingEvent } from './events.ts';
import type { Localized } from './i18n.ts';
import { fieldErrorsOf } from './modules.ts';
import { todayOf, type Actor, type ModuleContext } from './module-context.ts';
import { enterRequestScope } from './request-scope.ts';
import type { HostRuntime } from './runtime.ts';
import { countyOf, isWithinRegion, REGION_CODE_PATTERN } from './regions.ts';

export interface ProcedureMeta {
  /** Permission the caller must hold; in a plugin it is relative (`case.read` → `<plugin>.case.read`). */
  permission?: string;
  /** Explicitly callable without a session (login, health). */
  public?: boolean;
  /** Any signed-in user may call it (their own profile, logout); no specific permission. */
  signedIn?: boolean;
}

export interface RuntimeContext extends BaseContext {
  runtime: HostRuntime;
}

/**
 * A plugin procedure's context as the plugin's services see it: the ModuleContext names (shared
 * with jobs, event handlers and the demo) plus the signed-in user and the host's services.
 */
export interface ProcedureContext<Settings = unknown> extends ModuleContext<Settings> {
  user: SessionUser;
  runtime: HostRuntime;
  /** The database outside the request's transaction: for progress other requests must see meanwhile. */
  database: DatabaseHandle;
}

/** Fixed texts for errors raised by tRPC itself (never the parser's message, which quotes the input). */
const TRANSPORT_MESSAGES: Partial<Record<string, Localized>> & { BAD_REQUEST: Localized } = {
  BAD_REQUEST: { 'zh-CN': '请求格式有误，无法读取。', en: 'The request could not be read.' },
  PARSE_ERROR: { 'zh-CN': '请求格式有误，无法读取。', en: 'The request could not be read.' },
  NOT_FOUND: { 'zh-CN': '没有这项服务。', en: 'No such procedure.' },
  METHOD_NOT_SUPPORTED: { 'zh-CN': '请求方式不受支持。', en: 'This request method is not supported here.' },
  PAYLOAD_TOO_LARGE: { 'zh-CN': '请求内容过大。', en: 'The request is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { 'zh-CN': '请求内容类型不受支持。', en: 'This content type is not supported.' },
  TOO_MANY_REQUESTS: { 'zh-CN': '请求过于频繁，请稍后再试。', en: 'Too many requests; try again later.' },
};

const t = initTRPC
  .context<RuntimeContext>()
  .meta<ProcedureMeta>()
  .create({
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      if (error instanceof ZxError) {
        return {
          ...shape,
          message: error.message,
          data: { ...shape.data, stack: undefined, reason: error.reason, localized: error.localized, details: error.details ?? null },
        };
      }
      if (cause instanceof ZodError) {
        const localized: Localized = { 'zh-CN': '提交的内容有误，请按提示修改。', en: 'Some fields are invalid; please correct them.' };
        return {
          ...shape,
          message: localized.en,
          data: { ...shape.data, stack: undefined, reason: 'invalid-input', localized, details: { fieldErrors: fieldErrorsOf(cause) } },
        };
      }
      if (shape.data.code === 'INTERNAL_SERVER_ERROR') {
        // Never leak internals to the page; the log has the details.
        const localized: Localized = {
          'zh-CN': '系统出错了，请稍后重试；如果一直出现，请联系管理员。',
          en: 'Something went wrong. Try again later; if it persists, contact an administrator.',
        };
        return { ...shape, message: localized.en, data: { ...shape.data, stack: undefined, reason: 'internal', localized, details: null } };
      }
      // tRPC's own refusals (unreadable JSON, unknown procedure, wrong method) carry the parser's
      // text, which quotes the raw body: answer with a fixed text per code instead.
      const localized = TRANSPORT_MESSAGES[shape.data.code] ?? TRANSPORT_MESSAGES.BAD_REQUEST;
      // An unknown procedure's "path" is whatever the client typed: not repeated either.
      const path = shape.data.code === 'NOT_FOUND' ? undefined : shape.data.path;
      return { ...shape, message: localized.en, data: { ...shape.data, path, stack: undefined, reason: 'error', localized, details: null } };
    },
  });

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** The path (`members.0.name`) of the first string in the input that holds a NUL byte, key or value. */
export function pathOfNulByte(value: unknown, path: (string | number)[] = [], depth = 0): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 32 || !value || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = pathOfNulByte(item, [...path, index], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, '_key'];
    const found = pathOfNulByte(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

const INVALID_FIELDS: Localized = { 'zh-CN': '提交的内容有误，请按提示修改。', en: 'Some fields are invalid; please correct them.' };
const NUL_MESSAGE = '含有不允许的控制字符 / contains a control character that is not allowed';

/**
 * Under every procedure: an input with a NUL byte anywhere is a field error before any resolver
 * (PostgreSQL cannot store it; a plugin that forgot `plainText` is still covered), and database
 * errors caused by a value (dates, overflow, encoding, duplicates) answer 400/409, never 500.
 */
const baseProcedure = t.procedure.use(async ({ getRawInput, next }) => {
  // A procedure without input may be called with no body at all: reading the input then fails, and
  // only a procedure that declares an input should answer for that (its parser reports it).
  const rawInput = await getRawInput().catch(() => undefined);
  const nulPath = pathOfNulByte(rawInput);
  if (nulPath) {
    // The same answer as a zod field error: reason `invalid-input`, the path in `fieldErrors`.
    throw errors.invalid(INVALID_FIELDS, { fieldErrors: { [nulPath.map(String).join('.') || '_']: [NUL_MESSAGE] } });
  }
  const result = await next();
  if (!result.ok && !(result.error instanceof ZxError) && !(result.error.cause instanceof ZodError)) {
    const mapped = mapDatabaseError(result.error.cause ?? result.error);
    if (mapped) throw mapped;
  }
  return result;
});

/** Callable without a session; must be marked `.meta({ public: true })`. */
export const publicProcedure = baseProcedure;

/** A signed-in user; mutations must also pass the CSRF check. */
export const authenticatedProcedure = baseProcedure.use(({ ctx, type, path, next }) => {
  if (!ctx.user) throw errors.unauthenticated();
  // A password-only session where the province requires a second factor may only enrol one (auth.*).
  if (ctx.session?.totpEnrollmentRequired && !path.startsWith('auth.')) {
    throw new ZxError('FORBIDDEN', 'totp-enrollment-required', {
      'zh-CN': '本省要求管理员启用双因素登录：请先在“账户安全”中绑定身份验证器。',
      en: 'This province requires two-factor sign-in for admins: set up an authenticator app first.',
    });
  }
  if (type === 'mutation' && !ctx.csrfVerified) {
    throw new ZxError('FORBIDDEN', 'csrf', {
      'zh-CN': '请求来源校验失败，请刷新页面后重试。',
      en: 'The request could not be verified as coming from this site. Reload the page and try again.',
    });
  }
  return next({ ctx: { user: ctx.user } });
});

function permissionMiddleware(namespace: string | null) {
  return middleware(({ ctx, meta, path, next }) => {
    if (!meta?.permission) throw new Error(`Procedure ${path} declares no permission`);
    const permission = namespace ? `${namespace}.${meta.permission}` : meta.permission;
    if (!ctx.user?.permissions.has(permission)) throw errors.permissionDenied(permission);
    return next();
  });
}

class Rollback extends Error {}

/**
 * Runs every mutation in one transaction with `ctx.db` bound to it; `ctx.audit` appends to the
 * hash-chained log in that same transaction. A mutation that writes no audit entry is rolled back:
 * "every write is audited" is enforced, not hoped for. Events raised are published after commit.
 */
function writeMiddleware(owner: string) {
  return middleware(async ({ ctx, type, path, next }) => {
    let pending: PendingEvent[] = [];
    const emit = <K extends EventName>(name: K, payload: EventMap[K]): void => {
      pending.push({ name, payload, source: owner });
    };
    const actor = { userId: ctx.user?.id ?? null, username: ctx.user?.username ?? null };
    let audits = 0;
    let transaction: Executor | null = null;
    const audit = async (entry: Omit<AuditEntryInput, 'plugin'>): Promise<void> => {
      if (!transaction) throw new Error(`Query ${path} tried to write an audit entry; writes belong in mutations`);
      audits += 1;
      await appendAudit(transaction, actor, { ...entry, plugin: owner }, ctx.clock.now());
    };
    // Work that must wait for the write to be visible to others (e.g. dropping a cache it changed).
    const committed: (() => void)[] = [];
    const afterCommit = (work: () => void): void => {
      committed.push(work);
    };
    const proceed = (db: Executor) => next({ ctx: { db, audit, emit, afterCommit } });
    const scoped = ctx.runtime.rowLevelSecurity;
    if (type !== 'mutation' && !scoped) return proceed(ctx.db);
    if (type === 'subscription') return proceed(ctx.db);
    // With row-level security, queries run in a (read) transaction too, so the scope covers them.
    if (type === 'query') {
      return ctx.database.db.transaction(async (tx) => {
        await enterRequestScope(tx, ctx.user?.scopeCode);
        return proceed(tx);
      });
    }

    let result: Awaited<ReturnType<typeof proceed>> | undefined;
    try {
      await ctx.database.db.transaction(async (tx) => {
        transaction = tx;
        if (scoped) await enterRequestScope(tx, ctx.user?.scopeCode);
        result = await proceed(tx);
        if (!result.ok) throw new Rollback();
        if (audits === 0) throw new Error(`Mutation ${path} wrote no audit entry; every write must be audited`);
        // Recorded in the write's own transaction: the events exist exactly when the write does.
        pending = await ctx.runtime.events.record(tx, pending);
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    } finally {
      transaction = null;
    }
    if (!result) throw new Error(`Mutation ${path} produced no result`);
    if (result.ok) {
      for (const work of committed) work();
      ctx.runtime.events.publish(pending);
    }
    return result;
  });
}

/** Core (non-plugin) procedures: session, `meta.permission`, transactional audited writes. */
export const coreProcedure = authenticatedProcedure.use(permissionMiddleware(null)).use(writeMiddleware('core'));

/** Core procedures open to any signed-in user (`meta({ signedIn: true })`), still audited. */
const signedInOnly = authenticatedProcedure.use(({ meta, path, next }) => {
  if (!meta?.signedIn) throw new Error(`Procedure ${path} must declare meta({ signedIn: true })`);
  return next();
});

export const signedInProcedure = signedInOnly.use(writeMiddleware('core'));

const currentPasswordInput = z.object({ currentPassword: z.string().min(1).max(256) });

/**
 * A signed-in procedure that first re-checks `input.currentPassword` exactly like a login (counted
 * per account and address, same `invalid-credentials` answer). The check runs before the write
 * transaction opens, so a refusal still counts; `ctx.confirmedUser` is the verified row.
 */
export const passwordConfirmedProcedure = signedInOnly
  .use(async ({ ctx, getRawInput, next }) => {
    const parsed = currentPasswordInput.safeParse(await getRawInput());
    if (!parsed.success) throw invalidCredentials();
    const ip = ctx.http?.ip ?? null;
    const confirmedUser = await checkCredentials({
      db: ctx.db,
      key: { username: ctx.user.username, address: ip ?? 'local' },
      password: parsed.data.currentPassword,
      now: ctx.clock.now(),
      ip,
    });
    return next({ ctx: { confirmedUser } });
  })
  .use(writeMiddleware('core'));

export interface PluginIdentity {
  id: string;
  title: Localized;
}

/**
 * The procedure a plugin builds on. Before the resolver runs it has: a session, the declared
 * permission, the requested region (`input.regionCode`, default the user's scope) inside the user's
 * scope, and the module enabled in that county; `ctx.access` then scopes every query and write.
 */
export function createPluginProcedure<Settings>(plugin: PluginIdentity) {
  return authenticatedProcedure
    .use(permissionMiddleware(plugin.id))
    .use(async ({ ctx, getRawInput, next }) => {
      const raw = await getRawInput();
      const requested = raw && typeof raw === 'object' ? (raw as { regionCode?: unknown }).regionCode : undefined;
      if (requested !== undefined && (typeof requested !== 'string' || !REGION_CODE_PATTERN.test(requested))) {
        throw errors.invalid({ 'zh-CN': '区划代码格式不正确。', en: 'The region code is not valid.' });
      }
      const regionCode = (requested as string | undefined) ?? ctx.user.scopeCode;
      if (!isWithinRegion(regionCode, ctx.user.scopeCode)) throw errors.outOfScope(regionCode);
      const states = await ctx.runtime.modules.countyStates(ctx.db, plugin.id, regionCode);
      const counties = states.filter((state) => state.enabled).map((state) => state.countyCode);
      const without = states.filter((state) => !state.enabled).map((state) => state.countyCode);
      const county = countyOf(regionCode);
      if (county && !counties.includes(county)) throw errors.moduleNotEnabled(plugin.id, plugin.title, county);
      const settings = county ? ((await ctx.runtime.modules.settings(ctx.db, plugin.id, county)) as Settings) : null;
      const access = new AccessScope(plugin.id, plugin.title, ctx.user.scopeCode, regionCode, counties, without);
      const settingsFor = (countyCode: string) => ctx.runtime.modules.settings(ctx.db, plugin.id, countyCode) as Promise<Settings>;
      const actor: Actor = { userId: ctx.user.id, username: ctx.user.username, role: ctx.user.role };
      // Read before the request's transaction opens (cached in-process; parameters.ts), through the
      // context's handle: a caller already inside a transaction (a spec's rolled-back probe) would
      // otherwise wait on PGlite's one connection for itself.
      const parameters = await ctx.runtime.parameters.snapshot(ctx.db);
      // The ModuleContext names (module-context.ts); db, audit and emit come from writeMiddleware.
      return next({ ctx: { access, settings, settingsFor, plugin, actor, parameters, today: todayOf(ctx.clock) } });
    })
    .use(writeMiddleware(plugin.id))
    .use(({ ctx, next }) => next({ ctx: { settingsFor: settingsThrough(ctx.runtime, ctx.db, plugin.id) as (countyCode: string) => Promise<Settings> } }));
}

/**
 * `settingsFor` through the request's own handle (a mutation's transaction): through the root
 * handle, a mutation on PGlite's one connection would wait for itself.
 */
function settingsThrough(runtime: HostRuntime, db: Executor, pluginId: string) {
  return (countyCode: string) => runtime.modules.settings(db, pluginId, countyCode);
}

export type PluginProcedure<Settings> = ReturnType<typeof createPluginProcedure<Settings>>;

export interface PluginRouterTools<Settings, Permission extends string = string> {
  router: typeof router;
  /**
   * The plugin procedure, to be started with `.meta({ permission })` naming one of the module's
   * own permissions (typed from its defineModule); the host refuses a procedure without one.
   */
  procedure: { meta(meta: { permission: Permission }): PluginProcedure<Settings> };
}
