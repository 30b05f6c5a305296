import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { hashPassword } from '@zhenxing/core';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, CLIENT_HEADER, CSRF_HEADER, MAX_REQUEST_BYTES, SESSION_COOKIE } from '../src/http.ts';

const PASSWORD = 'Correct-Horse-9';

describe('the HTTP edge', () => {
  let app: TestApp<[]>;
  let server: FastifyInstance;

  beforeAll(async () => {
    app = await createTestApp({ plugins: [], users: [] });
    const passwordHash = await hashPassword(PASSWORD);
    await app.addUser({ username: 'xushui', role: 'county_admin', scopeCode: '130609' }, passwordHash);
    await app.addUser({ username: 'victim', role: 'county_admin', scopeCode: '130609' }, passwordHash);
    server = await buildServer({
      config: { LOG_LEVEL: 'silent', ZX_ADMIN_DIST: '/nonexistent', cookieSecure: false },
      host: app.host,
      logger: false,
    });
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  const login = (username: string, password: string, headers: Record<string, string> = { [CLIENT_HEADER]: '1' }) =>
    server.inject({ method: 'POST', url: '/trpc/auth.login', headers: { 'content-type': 'application/json', ...headers }, payload: { username, password } });

  const sessionOf = (response: Awaited<ReturnType<typeof login>>) => {
    const cookie = response.cookies.find((entry) => entry.name === SESSION_COOKIE);
    const csrfToken = (response.json() as { result: { data: { csrfToken: string } } }).result.data.csrfToken;
    return { cookie: `${SESSION_COOKIE}=${cookie?.value}`, csrfToken, raw: cookie };
  };

  it('answers health and readiness probes and serves a page at /', async () => {
    expect((await server.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await server.inject('/readyz')).json()).toMatchObject({ status: 'ready' });
    const page = await server.inject('/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('振兴');
  });

  it('signs in with an httpOnly, SameSite=Strict session cookie', async () => {
    const response = await login('xushui', PASSWORD);
    expect(response.statusCode).toBe(200);
    const { raw, cookie } = sessionOf(response);
    expect(raw).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const me = await server.inject({ url: '/trpc/auth.me', headers: { cookie, [CLIENT_HEADER]: '1' } });
    expect(me.json()).toMatchObject({ result: { data: { user: { username: 'xushui', scopeCode: '130609' } } } });
  });

  it('refuses a login that does not come from our own page (login CSRF)', async () => {
    const response = await login('xushui', PASSWORD, {});
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { data: { reason: 'csrf' } } });
  });

  it('refuses a mutation without the session’s CSRF token', async () => {
    const { cookie, csrfToken } = sessionOf(await login('xushui', PASSWORD));
    const forged = await server.inject({
      method: 'POST',
      url: '/trpc/auth.setLocale',
      headers: { cookie, 'content-type': 'application/json', [CSRF_HEADER]: 'guessed' },
      payload: { locale: 'en' },
    });
    expect(forged.statusCode).toBe(403);
    const genuine = await server.inject({
      method: 'POST',
      url: '/trpc/auth.setLocale',
      headers: { cookie, 'content-type': 'application/json', [CSRF_HEADER]: csrfToken },
      payload: { locale: 'en' },
    });
    expect(genuine.statusCode).toBe(200);
  });

  it('takes a JSON call up to about 1 MiB and refuses a larger one with 413 (files go to /upload, not into JSON)', async () => {
    const { cookie, csrfToken } = sessionOf(await login('xushui', PASSWORD));
    const post = (padding: number) =>
      server.inject({
        method: 'POST',
        url: '/trpc/auth.setLocale',
        headers: { cookie, 'content-type': 'application/json', [CSRF_HEADER]: csrfToken },
        payload: JSON.stringify({ locale: 'zh-CN', padding: 'A'.repeat(padding) }),
      });
    expect(MAX_REQUEST_BYTES).toBe(1024 * 1024);
    expect((await post(MAX_REQUEST_BYTES - 1024)).statusCode).toBe(200);
    expect((await post(MAX_REQUEST_BYTES + 1)).statusCode).toBe(413);
  });

  it('locks an account (from this address) after five wrong passwords, even against the right one, until the lock ends', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await login('victim', 'wrong-password')).json()).toMatchObject({ error: { data: { reason: 'invalid-credentials' } } });
    }
    // The lock answers exactly like a wrong password: it tells a guesser nothing.
    const whileLocked = await login('victim', PASSWORD);
    expect(whileLocked.statusCode).toBe(401);
    expect(whileLocked.json()).toMatchObject({ error: { data: { reason: 'invalid-credentials' } } });
    app.clock.advance(16 * 60_000);
    expect((await login('victim', PASSWORD)).statusCode).toBe(200);
  });

  it('does not reveal whether a username exists', async () => {
    const unknown = await login('nobody', 'whatever');
    const wrong = await login('xushui', 'wrong-password');
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
  });

  it('ends a session after two idle hours', async () => {
    const { cookie } = sessionOf(await login('xushui', PASSWORD));
    app.clock.advance(2 * 3_600_000 + 1000);
    const me = await server.inject({ url: '/trpc/auth.me', headers: { cookie } });
    expect(me.json()).toMatchObject({ result: { data: null } });
  });

  it('logs out everywhere: every session of the user ends', async () => {
    const first = sessionOf(await login('xushui', PASSWORD));
    const second = sessionOf(await login('xushui', PASSWORD));
    const out = await server.inject({
      method: 'POST',
      url: '/trpc/auth.logoutEverywhere',
      headers: { cookie: first.cookie, 'content-type': 'application/json', [CSRF_HEADER]: first.csrfToken },
      payload: {},
    });
    // Earlier tests' sessions of this user (expired or not) are removed too.
    expect(out.json().result.data.ended).toBeGreaterThanOrEqual(2);
    const me = await server.inject({ url: '/trpc/auth.me', headers: { cookie: second.cookie } });
    expect(me.json()).toMatchObject({ result: { data: null } });
  });

  it('never sends a stack trace to the browser: not on a refusal, a validation error or an internal error', async () => {
    const noStack = (response: Awaited<ReturnType<typeof server.inject>>) => {
      expect(response.body).not.toMatch(/stack|\bat .+:\d+:\d+/);
      expect(response.json()).toMatchObject({ error: { data: { localized: { 'zh-CN': expect.any(String), en: expect.any(String) } } } });
    };
    const refused = await server.inject({ url: '/trpc/users.list', headers: { [CLIENT_HEADER]: '1' } });
    expect(refused.statusCode).toBe(401);
    noStack(refused);

    const { cookie, csrfToken } = sessionOf(await login('xushui', PASSWORD));
    const invalid = await server.inject({
      method: 'POST',
      url: '/trpc/users.create',
      headers: { cookie, 'content-type': 'application/json', [CSRF_HEADER]: csrfToken },
      payload: { username: 'x', displayName: '', role: 'no-such-role', scopeCode: 12 },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ error: { data: { reason: 'invalid-input' } } });
    noStack(invalid);

    // A table the procedure needs is gone: the query throws a plain database error, a 500.
    await app.db.execute(sql`alter table core.audit_log rename to audit_log_away`);
    try {
      const failed = await server.inject({ url: '/trpc/audit.search?input=%7B%7D', headers: { cookie } });
      expect(failed.statusCode).toBe(500);
      expect(failed.json()).toMatchObject({ error: { data: { reason: 'internal', details: null } } });
      expect(failed.body).not.toContain('audit_log');
      noStack(failed);
    } finally {
      await app.db.execute(sql`alter table core.audit_log_away rename to audit_log`);
    }
  });
});

describe('the built admin app (installable, with a service worker)', () => {
  it('sends the precompressed copy a browser accepts (brotli before gzip), the plain file to one that accepts neither', async () => {
    const asset = '/assets/index-abc123.js';
    const brotli = await server.inject({ url: asset, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe('console.log(1);');
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(brotli.headers['vary'])).toMatch(/accept-encoding/i);
    const gzip = await server.inject({ url: asset, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe('console.log(1);');
    const plain = await server.inject({ url: asset, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe('console.log(1);');
    // The page itself, compressed or not, is still revalidated on every load.
    const page = await server.inject({ url: '/', headers: { 'accept-encoding': 'br' } });
    expect(page.headers['cache-control']).toBe('no-cache');
  });

  let app: TestApp<[]>;
  let server: FastifyInstance;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'zx-admin-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>振兴</title><link rel="manifest" href="/manifest.webmanifest">');
    writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(join(dist, 'manifest.webmanifest'), JSON.stringify({ name: '振兴', short_name: '振兴', start_url: '/', scope: '/' }));
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1);');
    // What the build's precompress step writes beside each text file (apps/admin/precompress.ts).
    writeFileSync(join(dist, 'assets', 'index-abc123.js.br'), brotliCompressSync('console.log(1);'));
    writeFileSync(join(dist, 'assets', 'index-abc123.js.gz'), gzipSync('console.log(1);'));
    writeFileSync(join(dist, 'index.html.br'), brotliCompressSync('<!doctype html><title>振兴</title><link rel="manifest" href="/manifest.webmanifest">'));
    app = await createTestApp({ plugins: [], users: [] });
    server = await buildServer({ config: { LOG_LEVEL: 'silent', ZX_ADMIN_DIST: dist, cookieSecure: false }, host: app.host, logger: false });
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the service worker, the manifest and the page for revalidation on every load; hashed assets may be cached', async () => {
    for (const url of ['/', '/sw.js', '/manifest.webmanifest', '/households/42']) {
      const response = await server.inject(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-cache');
    }
    expect((await server.inject('/sw.js')).headers['content-type']).toMatch(/javascript/);
    expect((await server.inject('/manifest.webmanifest')).json()).toMatchObject({ scope: '/' });
    // Hashed assets never change under their name: cached for a year without revalidation.
    expect((await server.inject('/assets/index-abc123.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // The API never falls back to the app shell.
    expect((await server.inject('/trpc/nothing.here')).statusCode).toBe(404);
  });
});
