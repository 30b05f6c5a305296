import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { fastifyTRPCPlugin, type CreateFastifyContextOptions, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import { authorizeUpload, resolveSession, storeUpload, tooLargeError, ZxError, type AnyPlugin, type Host, type HttpSurface } from '@zhenxing/core';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
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
 * The largest JSON body accepted (tRPC calls). Files do not travel in JSON: they go once to
 * `POST /upload/<plugin>/<purpose>`, whose limit is the plugin's declared `maxBytes`.
 */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** Multipart overhead allowed above a file's declared limit before the request is refused unread. */
const MULTIPART_SLACK_BYTES = 64 * 1024;

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
  const uploadLimits = host.plugins.flatMap((plugin) => Object.values(plugin.uploads ?? {}).map((declaration) => declaration.maxBytes));
  // Only the upload route reads multipart; each request gets its declaration's own fileSize limit.
  await app.register(multipart, { limits: { files: 1, fields: 4, parts: 5, fieldSize: 1024, fileSize: Math.max(0, ...uploadLimits) } });
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

  const sessionOf = async (req: FastifyRequest) => {
    const token = req.cookies[SESSION_COOKIE];
    return token ? resolveSession(host.database.db, token, host.clock.now(), host.runtime.permissionsOf) : null;
  };

  registerUploadRoute(app, host, sessionOf);

  const createContext = async ({ req, res }: CreateFastifyContextOptions) => {
    const resolved = await sessionOf(req);
    const http: HttpSurface = {
      ip: req.ip,
      userAgent: req.headers['user-agent'] ?? '',
      setSessionCookie: (value, expiresAt) =>
        void res.setCookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: config.cookieSecure, path: '/', expires: expiresAt }),
      clearSessionCookie: () => void res.clearCookie(SESSION_COOKIE, { path: '/' }),
    };
    const csrfHeader = req.headers[CSRF_HEADER];
    const csrfVerified = resolved ? typeof csrfHeader === 'string' && csrfHeader === resolved.session.csrfToken : req.headers[CLIENT_HEADER] === '1';
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

type ResolvedSession = Awaited<ReturnType<typeof resolveSession>>;

const HTTP_STATUS: Record<string, number> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_REQUEST: 400,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  TOO_MANY_REQUESTS: 429,
};

function sendError(reply: FastifyReply, error: ZxError, status = error.reason === 'upload-too-large' ? 413 : (HTTP_STATUS[error.code] ?? 500)): FastifyReply {
  return reply.code(status).send({ error: { reason: error.reason, message: error.message, localized: error.localized, details: error.details ?? null } });
}

/**
 * `POST /upload/<plugin>/<purpose>[?regionCode=…]`, multipart with one file (a `fileName` field
 * before it carries the name in UTF-8): the one way a file enters the platform. Signed in and
 * CSRF-checked like a tRPC mutation; refused before reading when the plugin does not declare the
 * purpose, the user lacks its permission or region, or the declared size is exceeded (413);
 * streamed with the declared size as the parser's limit; then checked, stored and audited by the
 * core (storeUpload). Answers `{ uploadId }`.
 */
function registerUploadRoute(app: FastifyInstance, host: Host<readonly AnyPlugin[]>, sessionOf: (req: FastifyRequest) => Promise<ResolvedSession>): void {
  app.post<{ Params: { plugin: string; purpose: string }; Querystring: { regionCode?: string } }>('/upload/:plugin/:purpose', async (request, reply) => {
    try {
      const resolved = await sessionOf(request);
      if (!resolved) {
        return sendError(
          reply,
          new ZxError('UNAUTHORIZED', 'unauthenticated', {
            'zh-CN': '尚未登录或登录已过期，请重新登录。',
            en: 'You are not signed in, or your session has expired. Please sign in again.',
          }),
        );
      }
      if (request.headers[CSRF_HEADER] !== resolved.session.csrfToken) {
        return sendError(
          reply,
          new ZxError('FORBIDDEN', 'csrf', {
            'zh-CN': '请求来源校验失败，请刷新页面后重试。',
            en: 'The request could not be verified as coming from this site. Reload the page and try again.',
          }),
        );
      }
      if (resolved.session.totpEnrollmentRequired) {
        return sendError(
          reply,
          new ZxError('FORBIDDEN', 'totp-enrollment-required', {
            'zh-CN': '本省要求管理员启用双因素登录：请先绑定身份验证器。',
            en: 'This province requires two-factor sign-in for admins: set up an authenticator first.',
          }),
        );
      }
      const target = {
        plugin: request.params.plugin,
        purpose: request.params.purpose,
        ...(request.query.regionCode ? { regionCode: request.query.regionCode } : {}),
      };
      const { declaration } = await authorizeUpload(host.database.db, host.runtime, resolved.user, target);
      if (Number(request.headers['content-length'] ?? 0) > declaration.maxBytes + MULTIPART_SLACK_BYTES)
        return sendError(reply, tooLargeError(declaration), 413);
      if (!request.isMultipart())
        throw new ZxError('BAD_REQUEST', 'upload-not-multipart', {
          'zh-CN': '请以表单（multipart/form-data）上传文件。',
          en: 'Send the file as multipart/form-data.',
        });
      const part = await request.file({ limits: { fileSize: declaration.maxBytes } });
      if (!part) throw new ZxError('BAD_REQUEST', 'upload-empty', { 'zh-CN': '没有收到文件。', en: 'No file was received.' });
      let content: Buffer;
      try {
        content = await part.toBuffer();
      } catch (error) {
        if (error instanceof app.multipartErrors.RequestFileTooLargeError) return sendError(reply, tooLargeError(declaration), 413);
        throw error;
      }
      const nameField = part.fields['fileName'];
      const fileName = nameField && 'value' in nameField && typeof nameField.value === 'string' && nameField.value !== '' ? nameField.value : part.filename;
      return await storeUpload(host.database.db, host.runtime, resolved.user, { ...target, fileName, content }, host.clock.now());
    } catch (error) {
      if (error instanceof ZxError) return sendError(reply, error);
      throw error;
    }
  });
}

/** Files of the built admin app that name the others: never served from an HTTP cache unchecked. */
const REVALIDATED_FILES = new Set(['index.html', 'sw.js', 'manifest.webmanifest']);

/** A file under the build's assets/ folder, whose name carries its content hash (`index-BkVx3.js`). */
function isHashedAsset(distDirectory: string, path: string): boolean {
  const relative = path.startsWith(distDirectory) ? path.slice(distDirectory.length).replace(/^[\\/]+/, '') : path;
  return /^assets[\\/][^\\/]+-[A-Za-z0-9_-]{6,}\.[a-z0-9]+$/.test(relative);
}

async function serveAdminApp(app: FastifyInstance, distDirectory: string): Promise<void> {
  const index = join(distDirectory, 'index.html');
  if (existsSync(index)) {
    await app.register(fastifyStatic, {
      root: distDirectory,
      wildcard: false,
      maxAge: '1h',
      immutable: false,
      // The build writes .br and .gz beside each text file (apps/admin/precompress.ts): sent to a browser
      // that accepts them, with Vary: Accept-Encoding; nothing is compressed per request.
      preCompressed: true,
      setHeaders: (reply, sent) => {
        const path = sent.replace(/\.(br|gz)$/, '');
        // The service worker, the web manifest and the page that loads them must be revalidated on every
        // load, or a fixed release would wait an hour (the worker) before it reaches anyone.
        if (REVALIDATED_FILES.has(basename(path))) reply.header('cache-control', 'no-cache');
        // Vite names everything under assets/ by its content hash: a new release has new names.
        else if (isHashedAsset(distDirectory, path)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
    // Client-side routes (/monitoring/cases/42) get the app shell; unknown API paths stay 404 JSON.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/trpc') && !request.url.startsWith('/upload/') && !request.url.startsWith('/assets/')) {
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
