import { currentCode, hashPassword } from '@zhenxing/core';
import { auditLog, userTotp } from '@zhenxing/db';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, CLIENT_HEADER, CSRF_HEADER, SESSION_COOKIE } from '../src/http.ts';

const PASSWORD = 'Correct-Horse-9';
type Answer = { result?: { data: Record<string, unknown> }; error?: { data: { reason?: string; code?: string } } };

describe('two-factor sign-in (TOTP) for admins, by province policy (等保 2.0 level 3)', () => {
  let app: TestApp<[]>;
  let server: FastifyInstance;

  beforeAll(async () => {
    app = await createTestApp({ plugins: [], users: [] });
    const passwordHash = await hashPassword(PASSWORD);
    await app.addUser({ username: 'secadmin', role: 'security_admin', scopeCode: '13' }, passwordHash);
    await app.addUser({ username: 'xushui', role: 'county_admin', scopeCode: '130609' }, passwordHash);
    await app.addUser({ username: 'juwei', role: 'village_cadre', scopeCode: '130609100002' }, passwordHash);
    server = await buildServer({ config: { LOG_LEVEL: 'silent', ZX_ADMIN_DIST: '/nonexistent', cookieSecure: false }, host: app.host, logger: false });
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  const login = async (username: string, totpCode?: string) => {
    const response = await server.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      headers: { 'content-type': 'application/json', [CLIENT_HEADER]: '1' },
      payload: { username, password: PASSWORD, ...(totpCode ? { totpCode } : {}) },
    });
    const cookie = response.cookies.find((entry) => entry.name === SESSION_COOKIE);
    const body = response.json() as Answer;
    return {
      status: response.statusCode,
      body,
      session: cookie ? { cookie: `${SESSION_COOKIE}=${cookie.value}`, csrf: String(body.result?.data.csrfToken) } : null,
    };
  };
  type Session = { cookie: string; csrf: string };
  const call = async (session: Session, path: string, input?: unknown, method: 'GET' | 'POST' = 'POST') => {
    const headers = { cookie: session.cookie, [CSRF_HEADER]: session.csrf, 'content-type': 'application/json' };
    const response =
      method === 'GET'
        ? await server.inject({ method, url: `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, headers })
        : await server.inject({ method, url: `/trpc/${path}`, headers, payload: JSON.stringify(input ?? {}) });
    return { status: response.statusCode, body: response.json() as Answer };
  };
  let secret: string;

  it('lets only the security administrator require TOTP of the province’s admins', async () => {
    const county = (await login('xushui')).session as Session;
    expect((await call(county, 'security.setPolicy', { totpRequiredForAdmins: true })).status).toBe(403);
    const security = (await login('secadmin')).session as Session;
    const set = await call(security, 'security.setPolicy', { totpRequiredForAdmins: true });
    expect(set.body.result?.data).toMatchObject({ provinceCode: '13', totpRequiredForAdmins: true });
    expect(await app.db.select().from(auditLog).where(eq(auditLog.action, 'security.policy'))).toHaveLength(1);
  });

  it('lets an admin without an authenticator in only to enrol one', async () => {
    const first = await login('xushui');
    expect(first.status).toBe(200);
    expect(first.body.result?.data.totpEnrollmentRequired).toBe(true);
    const session = first.session as Session;
    const refused = await call(session, 'users.list', {}, 'GET');
    expect(refused.status).toBe(403);
    expect(refused.body.error?.data.reason).toBe('totp-enrollment-required');

    const enrollment = await call(session, 'auth.totp.begin');
    expect(String(enrollment.body.result?.data.uri)).toMatch(/^otpauth:\/\/totp\/.+secret=/);
    secret = String(enrollment.body.result?.data.secret);
    // The secret is stored encrypted, never in clear, and never in the audit log.
    const [stored] = await app.db.select().from(userTotp);
    expect(stored?.secretCiphertext).not.toContain(secret);
    const audit = JSON.stringify(await app.db.select().from(auditLog));
    expect(audit).not.toContain(secret);

    const wrong = await call(session, 'auth.totp.confirm', { code: currentCode(secret, app.clock.now()) === '000000' ? '111111' : '000000' });
    expect(wrong.body.error?.data.reason).toBe('totp-invalid');
    const confirmed = await call(session, 'auth.totp.confirm', { code: currentCode(secret, app.clock.now()) });
    expect(confirmed.body.result?.data).toEqual({ state: 'active' });
    // The same session now reaches the rest of the API.
    expect((await call(session, 'users.list', {}, 'GET')).status).toBe(200);
  });

  it('then asks for a code after the password, refuses a wrong or replayed one, and accepts a fresh one', async () => {
    const passwordOnly = await login('xushui');
    expect(passwordOnly.status).toBe(401);
    expect(passwordOnly.body.error?.data.reason).toBe('totp-required');
    expect(passwordOnly.session).toBeNull();

    // The code used to confirm was consumed: the same 30-second step is refused.
    const replay = await login('xushui', currentCode(secret, app.clock.now()));
    expect(replay.body.error?.data.reason).toBe('totp-invalid');
    expect(replay.session).toBeNull();

    app.clock.advance(30_000);
    const fresh = await login('xushui', currentCode(secret, app.clock.now()));
    expect(fresh.status).toBe(200);
    expect(fresh.body.result?.data.totpEnrollmentRequired).toBe(false);
    expect(await app.db.select().from(auditLog).where(eq(auditLog.action, 'auth.totp-failed'))).not.toHaveLength(0);
  });

  it('counts wrong codes against the login throttle like wrong passwords', async () => {
    app.clock.advance(30_000);
    const answers: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) answers.push((await login('xushui', '123456')).body.error?.data.reason);
    // After the free attempts the answer is the generic one: the throttle refuses before any check.
    expect(answers.at(-1)).toBe('invalid-credentials');
  });

  it('does not ask roles outside the policy (a village cadre signs in with a password)', async () => {
    const cadre = await login('juwei');
    expect(cadre.status).toBe(200);
    expect(cadre.body.result?.data.totpEnrollmentRequired).toBe(false);
  });
});
