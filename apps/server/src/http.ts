import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { fastifyTRPCPlugin, type CreateFastifyContextOptions, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import { resolveSession, type AnyPlugin, type Host, type HttpSurface } from '@zhenxing/core';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { serverLoggerOptions } from './log-redaction.ts';
import { guardBatches, MAX_BATCH_CALLS } from './batching.ts';
import type { ServerConfig, TrustProxy } from './config.ts';

export { MAX_BATCH_CALLS };

export const SESSION_COOKIE = 'zx_session';
/** Header the admin app sends on every call: a cross-site form cannot, so login is CSRF-safe too. */
export const CLIENT_HEADER = 'x-zx-client';
export const CSRF_HEADER = 'x-csrf-token';

export interface BuildServerOptions {
  config: Pick<ServerConfig, 'LOG_LEVEL' | 'ZX_ADMIN_DIST' | 'cookieSecure'> & { rateLimitPerMinute?: number; trustProxy?: TrustProxy };
  host: Host<readonly AnyPlugin[]>;
  /** Fastify logger option; tests pass false. */
  logger?: boolean | object;
}

/**
 * The HTTP edge: security headers, cookies, rate limits, tRPC at /trpc, health probes and the
 * built admin app at /. Policy code never registers routes here; it lives in plugins.
 */
/**
 * The largest request body accepted: a county's spreadsheet (at most 20 MB, `MAX_FILE_BYTES` of the
 * registry) travels base64-encoded in a tRPC JSON body (~26.7 MB). Fastify's default is 1 MiB.
 */
export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;

export async function buildServer({ config, host, logger }: BuildServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? serverLoggerOptions(config.LOG_LEVEL),
    bodyLimit: MAX_REQUEST_BYTES,
    routerOptions: { maxParamLength: 5000 },
    // Only configured proxies may name the client (ZX_TRUST_PROXY); by default X-Forwarded-For is ignored,
    // so a client cannot pick the address the rate limit, login throttle and audit log see.
    trustProxy: fastifyTrustProxy(config.trustProxy),
    genReqId: () => crypto.randomUUID(),
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Ant Design and ECharts set inline styles; scripts stay same-origin only.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
      },
    },
  });
  await app.register(cookie);
  // Answers carry personal data: no browser or proxy may keep a copy. Static assets set their own.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/assets/')) reply.header('cache-control', 'no-store');
  });
  // Per client address; account lockout is what stops password guessing.
  await app.register(rateLimit, { max: config.rateLimitPerMinute ?? 1200, timeWindow: '1 minute' });
  guardBatches(app);

  app.get('/healthz', { config: { rateLimit: false } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { rateLimit: false } }, async (_request, reply) => {
    try {
      await host.database.db.execute(sql`select 1`);
      return { status: 'ready', database: host.database.driver };
    } catch (error) {
      reply.code(503);
      return { status: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
    }
  });

  const createContext = async ({ req, res }: CreateFastifyContextOptions) => {
    const token = req.cookies[SESSION_COOKIE];
    const resolved = token
      ? await resolveSession(host.database.db, token, host.clock.now(), host.runtime.permissionsOf)
      : null;
    const http: HttpSurface = {
      ip: req.ip,
      userAgent: req.headers['user-agent'] ?? '',
      setSessionCookie: (value, expiresAt) =>
        void res.setCookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: config.cookieSecure, path: '/', expires: expiresAt }),
      clearSessionCookie: () => void res.clearCookie(SESSION_COOKIE, { path: '/' }),
    };
    const csrfHeader = req.headers[CSRF_HEADER];
    const csrfVerified = resolved
      ? typeof csrfHeader === 'string' && csrfHeader === resolved.session.csrfToken
      : req.headers[CLIENT_HEADER] === '1';
    const locale = resolved?.user.locale ?? (String(req.headers['accept-language'] ?? '').startsWith('en') ? 'en' : 'zh-CN');
    return host.createContext({
      user: resolved?.user ?? null,
      session: resolved?.session ?? null,
      http,
      csrfVerified,
      locale,
      requestId: String(req.id),
    });
  };

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: host.router,
      createContext,
      // Also enforced (with a clearer answer) by guardBatches before the request gets here.
      maxBatchSize: MAX_BATCH_CALLS,
      onError({ path, error, ctx }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          app.log.error({ path, requestId: ctx?.requestId, err: error.cause ?? error }, 'procedure failed');
        }
      },
    } satisfies FastifyTRPCPluginOptions<typeof host.router>['trpcOptions'],
  });

  await serveAdminApp(app, config.ZX_ADMIN_DIST);
  return app;
}

/** Fastify's `trustProxy`; a hop count becomes the function Fastify itself builds from a number. */
function fastifyTrustProxy(setting: TrustProxy | undefined): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (setting === undefined || setting === false) return false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting;
}

async function serveAdminApp(app: FastifyInstance, distDirectory: string): Promise<void> {
  const index = join(distDirectory, 'index.html');
  if (existsSync(index)) {
    await app.register(fastifyStatic, { root: distDirectory, wildcard: false, maxAge: '1h', immutable: false });
    // Client-side routes (/monitoring/cases/42) get the app shell; unknown API paths stay 404 JSON.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/trpc') && !request.url.startsWith('/assets/')) {
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      }
      return reply.code(404).send({ error: 'Not found' });
    });
    return;
  }
  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>振兴 Zhenxing</title>' +
          '<h1>振兴 Zhenxing</h1><p>服务器已启动。管理端尚未构建：请运行 <code>pnpm build</code>。</p>' +
          '<p>The server is running. The admin app is not built yet: run <code>pnpm build</code>.</p></html>',
      ),
  );
}
