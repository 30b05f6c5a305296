import { hashPassword } from '@zhenxing/core';
import { auditLog } from '@zhenxing/db';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, CLIENT_HEADER, CSRF_HEADER, SESSION_COOKIE } from '../src/http.ts';

const PASSWORD = 'Correct-Horse-9';
const ATTACKER = '203.0.113.7';
const OFFICE = '198.51.100.20';

describe('password guessing is throttled per account and address', () => {
  let app: TestApp<[]>;
  let server: FastifyInstance;

  beforeAll(async () => {
    app = await createTestApp({ plugins: [], users: [] });
    const passwordHash = await hashPassword(PASSWORD);
    for (const username of ['parallel', 'shared', 'enumerated', 'changer', 'locked', 'warned']) {
      await app.addUser({ username, role: 'county_admin', scopeCode: '130609' }, passwordHash);
    }
    await app.addUser({ username: 'unlocker', role: 'province_admin', scopeCode: '13' }, passwordHash);
    server = await buildServer({
      config: { LOG_LEVEL: 'silent', ZX_ADMIN_DIST: '/nonexistent', cookieSecure: false, rateLimitPerMinute: 100_000 },
      host: app.host,
      logger: false,
    });
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  const login = (username: string, password: string, remoteAddress = ATTACKER) =>
    server.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      remoteAddress,
      headers: { 'content-type': 'application/json', [CLIENT_HEADER]: '1' },
      payload: { username, password },
    });

  const answerOf = (response: Awaited<ReturnType<typeof login>>) => {
    const body = response.json() as {
      error?: { message: string; data: { reason: string; code: string; httpStatus: number; localized: unknown; details: unknown } };
    };
    const error = body.error;
    return {
      status: response.statusCode,
      message: error?.message,
      reason: error?.data.reason,
      code: error?.data.code,
      localized: error?.data.localized,
      details: error?.data.details,
    };
  };

  const noticeOf = (response: Awaited<ReturnType<typeof login>>) =>
    (response.json() as { result: { data: { lockoutNotice: { lockedUntil: string; failures: number } | null } } }).result.data.lockoutNotice;

  const signIn = async (username: string, remoteAddress = OFFICE) => {
    const response = await login(username, PASSWORD, remoteAddress);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((entry) => entry.name === SESSION_COOKIE);
    const csrfToken = (response.json() as { result: { data: { csrfToken: string } } }).result.data.csrfToken;
    return { cookie: `${SESSION_COOKIE}=${cookie?.value}`, csrfToken };
  };

  it('locks the account for that address after 25 parallel wrong logins: the right password is refused next', async () => {
    const answers = await Promise.all(Array.from({ length: 25 }, () => login('parallel', 'wrong-password')));
    for (const answer of answers) expect(answerOf(answer).reason).toBe('invalid-credentials');
    const right = await login('parallel', PASSWORD);
    expect(answerOf(right)).toMatchObject({ status: 401, reason: 'invalid-credentials' });
  });

  it('does not let a lock from one address keep the user out from another (no outsider lock-out)', async () => {
    for (let attempt = 0; attempt < 8; attempt += 1) await login('shared', 'wrong-password', ATTACKER);
    expect(answerOf(await login('shared', PASSWORD, ATTACKER)).reason).toBe('invalid-credentials');
    expect((await login('shared', PASSWORD, OFFICE)).statusCode).toBe(200);
  });

  it('answers unknown users, wrong passwords and throttled attempts alike', async () => {
    const answers = [];
    for (let attempt = 0; attempt < 8; attempt += 1) {
      answers.push(answerOf(await login('enumerated', 'wrong-password')));
      answers.push(answerOf(await login('nobody-here', 'wrong-password')));
    }
    const first = answers[0];
    expect(first).toMatchObject({ status: 401, reason: 'invalid-credentials' });
    for (const answer of answers) expect(answer).toEqual(first);
  });

  it('backs off exponentially: after the lock ends one more guess is allowed, then a longer lock', async () => {
    // "parallel" is blocked from ATTACKER; the first lock lasts a minute.
    app.clock.advance(61_000);
    expect((await login('parallel', PASSWORD)).statusCode).toBe(200);
    for (let attempt = 0; attempt < 5; attempt += 1) await login('parallel', 'wrong-password');
    app.clock.advance(61_000);
    expect(answerOf(await login('parallel', 'wrong-password')).reason).toBe('invalid-credentials');
    app.clock.advance(61_000);
    // The sixth consecutive failure doubled the lock: a minute later it still holds.
    expect(answerOf(await login('parallel', PASSWORD)).reason).toBe('invalid-credentials');
    app.clock.advance(61_000);
    expect((await login('parallel', PASSWORD)).statusCode).toBe(200);
  });

  it('records the lock in the user’s audit trail, and an admin can unlock (audited)', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) await login('locked', 'wrong-password');
    expect(answerOf(await login('locked', PASSWORD)).reason).toBe('invalid-credentials');
    const trail = await app.db.select().from(auditLog).where(eq(auditLog.entityType, 'user'));
    expect(trail.some((entry) => entry.action === 'auth.locked-out' && entry.username === 'locked')).toBe(true);

    const admin = await signIn('unlocker');
    const [target] = await app.db
      .select()
      .from((await import('@zhenxing/db')).users)
      .where(eq((await import('@zhenxing/db')).users.username, 'locked'));
    const unlock = await server.inject({
      method: 'POST',
      url: '/trpc/users.unlock',
      remoteAddress: OFFICE,
      headers: { cookie: admin.cookie, 'content-type': 'application/json', [CSRF_HEADER]: admin.csrfToken },
      payload: { id: target?.id },
    });
    expect(unlock.statusCode).toBe(200);
    // The holder is told at the next sign-in, even though an admin ended the lock meanwhile.
    const signedIn = await login('locked', PASSWORD);
    expect(signedIn.statusCode).toBe(200);
    expect(noticeOf(signedIn)).toMatchObject({ failures: 5, lockedUntil: expect.any(String) });
    const after = await app.db.select().from(auditLog).where(eq(auditLog.action, 'user.unlock'));
    expect(after).toHaveLength(1);
    // Told once: the sign-in cleared it.
    expect(noticeOf(await login('locked', PASSWORD))).toBeNull();
  });

  it('tells the account holder at their next sign-in that wrong passwords locked the account', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) await login('warned', 'wrong-password');
    app.clock.advance(61_000);
    const signedIn = await login('warned', PASSWORD);
    expect(signedIn.statusCode).toBe(200);
    const notice = noticeOf(signedIn);
    expect(notice?.failures).toBe(5);
    expect(new Date(notice?.lockedUntil ?? 0).getTime()).toBeLessThanOrEqual(app.clock.now().getTime());
    // A sign-in with no lock since the last one carries no notice.
    expect(noticeOf(await login('warned', PASSWORD, OFFICE))).toBeNull();
  });

  it('treats changePassword as a login attempt: a wrong current password answers like login and counts', async () => {
    const session = await signIn('changer', ATTACKER);
    const change = (currentPassword: string) =>
      server.inject({
        method: 'POST',
        url: '/trpc/auth.changePassword',
        remoteAddress: ATTACKER,
        headers: { cookie: session.cookie, 'content-type': 'application/json', [CSRF_HEADER]: session.csrfToken },
        payload: { currentPassword, newPassword: 'Another-Horse-42' },
      });
    const wrongLogin = answerOf(await login('nobody-at-all', 'wrong-password'));
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const answer = answerOf(await change('wrong-password'));
      expect(answer).toEqual(wrongLogin);
    }
    // Five wrong guesses through changePassword block the right one, from that address.
    expect(answerOf(await change(PASSWORD))).toEqual(wrongLogin);
    expect(answerOf(await login('changer', PASSWORD, ATTACKER)).reason).toBe('invalid-credentials');
  });
});
