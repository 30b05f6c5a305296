import { hashPassword } from '@zhenxing/core';
import { auditLog } from '@zhenxing/db';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, CLIENT_HEADER, MAX_BATCH_CALLS, SESSION_COOKIE } from '../src/http.ts';

const PASSWORD = 'Correct-Horse-9';
const RATE_LIMIT = 50;

describe('batched tRPC calls', () => {
  let app: TestApp<[]>;
  let server: FastifyInstance;

  beforeAll(async () => {
    app = await createTestApp({ plugins: [], users: [] });
    await app.addUser({ username: 'batched', role: 'county_admin', scopeCode: '130609' }, await hashPassword(PASSWORD));
    server = await buildServer({
      config: { LOG_LEVEL: 'silent', ZX_ADMIN_DIST: '/nonexistent', cookieSecure: false, rateLimitPerMinute: RATE_LIMIT },
      host: app.host,
      logger: false,
    });
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  const healthBatch = (calls: number, remoteAddress: string) =>
    server.inject({
      url: `/trpc/${Array.from({ length: calls }, () => 'system.health').join(',')}?batch=1`,
      remoteAddress,
      headers: { [CLIENT_HEADER]: '1' },
    });

  it('refuses a batch carrying 19 wrong passwords and the right one as a whole: nothing runs, nobody signs in', async () => {
    const guesses = [...Array.from({ length: 19 }, (_, index) => `wrong-password-${index}`), PASSWORD];
    const payload = Object.fromEntries(guesses.map((password, index) => [String(index), { username: 'batched', password }]));
    const response = await server.inject({
      method: 'POST',
      url: `/trpc/${guesses.map(() => 'auth.login').join(',')}?batch=1`,
      remoteAddress: '203.0.113.1',
      headers: { 'content-type': 'application/json', [CLIENT_HEADER]: '1' },
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.cookies.find((entry) => entry.name === SESSION_COOKIE)).toBeUndefined();
    expect(JSON.stringify(response.json())).not.toContain('csrfToken');
    const attempts = await app.db.select().from(auditLog).where(eq(auditLog.username, 'batched'));
    expect(attempts).toEqual([]);
  });

  it('refuses a batch mixing auth.me with other calls too', async () => {
    const response = await server.inject({ url: '/trpc/system.health,auth.me?batch=1', remoteAddress: '203.0.113.2', headers: { [CLIENT_HEADER]: '1' } });
    expect(response.statusCode).toBe(400);
  });

  it(`refuses a 300-call batch, and accepts one of ${MAX_BATCH_CALLS}`, async () => {
    expect((await healthBatch(300, '203.0.113.3')).statusCode).toBe(400);
    expect((await healthBatch(MAX_BATCH_CALLS + 1, '203.0.113.4')).statusCode).toBe(400);
    expect((await healthBatch(MAX_BATCH_CALLS, '203.0.113.5')).statusCode).toBe(200);
  });

  it('counts every call of a batch against the rate limit', async () => {
    const address = '203.0.113.6';
    expect((await healthBatch(20, address)).statusCode).toBe(200);
    expect((await healthBatch(20, address)).statusCode).toBe(200);
    // 40 calls so far; another 20 exceed the 50 per minute.
    expect((await healthBatch(20, address)).statusCode).toBe(429);
  });
});
