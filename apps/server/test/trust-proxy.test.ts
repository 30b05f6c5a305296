import { hashPassword } from '@zhenxing/core';
import { auditLog } from '@zhenxing/db';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { buildServer, CLIENT_HEADER } from '../src/http.ts';

const PASSWORD = 'Correct-Horse-9';
const PROXY = '10.1.2.3';

describe('client addresses behind proxies', () => {
  let app: TestApp<[]>;
  let direct: FastifyInstance;
  let proxied: FastifyInstance;

  beforeAll(async () => {
    app = await createTestApp({ plugins: [], users: [] });
    const passwordHash = await hashPassword(PASSWORD);
    await app.addUser({ username: 'direct', role: 'county_admin', scopeCode: '130609' }, passwordHash);
    await app.addUser({ username: 'proxied', role: 'county_admin', scopeCode: '130609' }, passwordHash);
    const config = { LOG_LEVEL: 'silent', ZX_ADMIN_DIST: '/nonexistent', cookieSecure: false, rateLimitPerMinute: 5 } as const;
    direct = await buildServer({ config, host: app.host, logger: false });
    proxied = await buildServer({ config: { ...config, trustProxy: loadConfig({ ZX_TRUST_PROXY: `${PROXY}` }).trustProxy }, host: app.host, logger: false });
  });
  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
    await app?.close();
  });

  const loginIpOf = async (username: string) => {
    const [entry] = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.username, username), eq(auditLog.action, 'auth.login')));
    return (entry?.after as { ip?: string } | null)?.ip;
  };

  it('by default trusts no proxy: a forged X-Forwarded-For neither resets the rate limit nor reaches the audit log', async () => {
    const statuses = [];
    for (let request = 0; request < 6; request += 1) {
      const response = await direct.inject({
        url: '/trpc/system.health',
        remoteAddress: '198.51.100.9',
        headers: { 'x-forwarded-for': `203.0.113.${request}` },
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.at(-1)).toBe(429);

    const login = await direct.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      remoteAddress: '198.51.100.10',
      headers: { 'content-type': 'application/json', [CLIENT_HEADER]: '1', 'x-forwarded-for': '203.0.113.250' },
      payload: { username: 'direct', password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    expect(await loginIpOf('direct')).toBe('198.51.100.10');
  });

  it('takes the client address from X-Forwarded-For only when the request comes from a configured proxy', async () => {
    const login = await proxied.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      remoteAddress: PROXY,
      headers: { 'content-type': 'application/json', [CLIENT_HEADER]: '1', 'x-forwarded-for': '192.0.2.44' },
      payload: { username: 'proxied', password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    expect(await loginIpOf('proxied')).toBe('192.0.2.44');
  });

  it('with a hop count, trusts that many proxies in front of the server and no more', async () => {
    const server = await buildServer({
      config: { LOG_LEVEL: 'silent', ZX_ADMIN_DIST: '/nonexistent', cookieSecure: false, trustProxy: loadConfig({ ZX_TRUST_PROXY: '1' }).trustProxy },
      host: app.host,
      logger: false,
    });
    server.get('/whoami', async (request) => ({ ip: request.ip }));
    const response = await server.inject({ url: '/whoami', remoteAddress: '10.9.9.9', headers: { 'x-forwarded-for': '203.0.113.66, 192.0.2.55' } });
    expect(response.json()).toEqual({ ip: '192.0.2.55' });
    await server.close();
  });

  it('reads ZX_TRUST_PROXY as none, a hop count, or a list of addresses and CIDRs, and refuses anything else', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ ZX_TRUST_PROXY: 'none' }).trustProxy).toBe(false);
    expect(loadConfig({ ZX_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ ZX_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ ZX_TRUST_PROXY: '10.0.0.0/8, 192.168.1.1,::1' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.1', '::1']);
    for (const invalid of ['true', '*', '10.0.0.0/33', 'proxy.example', '-1']) {
      expect(() => loadConfig({ ZX_TRUST_PROXY: invalid }), invalid).toThrow(ConfigError);
    }
  });
});
