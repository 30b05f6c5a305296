import { hashPassword, mapDatabaseError, sqlStateOf } from '@zhenxing/core';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, CLIENT_HEADER, CSRF_HEADER, SESSION_COOKIE } from '../src/http.ts';
import { installedPlugins } from '../src/plugins.ts';

const PASSWORD = 'Correct-Horse-9';
const XUSHUI = '130609';
const VILLAGE = '130609100002';
/** Recognisable text that must never come back in an answer. */
const MARKER = 'zx-marker-7f3a';

interface Probe {
  procedure: string;
  /** The JSON body, written out so a number past bigint reaches the server digit for digit. */
  body: string;
  /** The field the answer must name. */
  field: string;
  /** What the body carries that the answer must not repeat. */
  raw: string;
}

const household = (overrides: { address?: string; birthDate?: string; wagesFen?: string }) =>
  `{"regionCode":"${XUSHUI}","villageCode":"${VILLAGE}","address":${JSON.stringify(overrides.address ?? '巨威社区1号')},"status":"poverty-exited",` +
  `"members":[{"name":"张三","idNumber":"13060919800101001X","relation":"head"${overrides.birthDate ? `,"birthDate":"${overrides.birthDate}"` : ''}}],` +
  `"income":{"year":2025,"wagesFen":${overrides.wagesFen ?? '0'},"businessFen":0,"propertyFen":0,"transfersFen":0,"productionCostsFen":0}}`;

const batch = (overrides: { documentNumber?: string; documentDate?: string; amountFen?: string }) =>
  `{"regionCode":"${XUSHUI}","year":2026,"level":"county","documentNumber":${JSON.stringify(overrides.documentNumber ?? '徐财农〔2026〕1号')},` +
  `"documentDate":"${overrides.documentDate ?? '2026-03-01'}","amountFen":${overrides.amountFen ?? '100000'},"idempotencyKey":"batch-key-0001"}`;

const project = (overrides: { title?: string; appliedOn?: string; budgetFen?: string }) =>
  `{"regionCode":"${XUSHUI}","villageCode":"${VILLAGE}","title":${JSON.stringify(overrides.title ?? '巨威社区产业项目')},"category":"industry",` +
  `"budgetFen":${overrides.budgetFen ?? '100000'}${overrides.appliedOn ? `,"appliedOn":"${overrides.appliedOn}"` : ''}}`;

const signal = (overrides: { summary?: string; detectedOn?: string }) =>
  `{"regionCode":"${XUSHUI}","householdId":1,"source":"cadre-screening","summary":${JSON.stringify(overrides.summary ?? '因病支出大')}` +
  `${overrides.detectedOn ? `,"detectedOn":"${overrides.detectedOn}"` : ''}}`;

const NUL = `${MARKER}\u0000${MARKER}`;
const PAST_BIGINT = '9223372036854775808';
const HUGE = '1e30';

const PROBES: readonly Probe[] = [
  // A NUL byte in a string field.
  { procedure: 'registry.households.create', body: household({ address: NUL }), field: 'address', raw: MARKER },
  { procedure: 'funds.batches.create', body: batch({ documentNumber: NUL }), field: 'documentNumber', raw: MARKER },
  { procedure: 'projects.submit', body: project({ title: NUL }), field: 'title', raw: MARKER },
  { procedure: 'monitoring.signals.report', body: signal({ summary: NUL }), field: 'summary', raw: MARKER },
  // A date that has the format but does not exist.
  { procedure: 'registry.households.create', body: household({ birthDate: '2026-02-30' }), field: 'members.0.birthDate', raw: '2026-02-30' },
  { procedure: 'funds.batches.create', body: batch({ documentDate: '2026-02-30' }), field: 'documentDate', raw: '2026-02-30' },
  { procedure: 'projects.submit', body: project({ appliedOn: '2026-02-30' }), field: 'appliedOn', raw: '2026-02-30' },
  { procedure: 'monitoring.signals.report', body: signal({ detectedOn: '2026-02-30' }), field: 'detectedOn', raw: '2026-02-30' },
  // An amount past bigint, and one far past it.
  { procedure: 'registry.households.create', body: household({ wagesFen: PAST_BIGINT }), field: 'income.wagesFen', raw: '922337203685477' },
  { procedure: 'funds.batches.create', body: batch({ amountFen: PAST_BIGINT }), field: 'amountFen', raw: '922337203685477' },
  { procedure: 'funds.batches.create', body: batch({ amountFen: HUGE }), field: 'amountFen', raw: '1e+30' },
  { procedure: 'projects.submit', body: project({ budgetFen: HUGE }), field: 'budgetFen', raw: '1e+30' },
];

describe('values the database cannot take are field errors, never a 500', () => {
  let app: TestApp<typeof installedPlugins>;
  let server: FastifyInstance;
  let session: { cookie: string; csrfToken: string };

  beforeAll(async () => {
    app = await createTestApp({ plugins: installedPlugins, users: [], enable: { [XUSHUI]: ['registry', 'monitoring', 'funds', 'projects'] } });
    await app.addUser({ username: 'xushui', role: 'county_admin', scopeCode: XUSHUI }, await hashPassword(PASSWORD));
    server = await buildServer({ config: { LOG_LEVEL: 'silent', ZX_ADMIN_DIST: '/nonexistent', cookieSecure: false }, host: app.host, logger: false });
    const login = await server.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      headers: { 'content-type': 'application/json', [CLIENT_HEADER]: '1' },
      payload: { username: 'xushui', password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((entry) => entry.name === SESSION_COOKIE);
    session = { cookie: `${SESSION_COOKIE}=${cookie?.value}`, csrfToken: (login.json() as { result: { data: { csrfToken: string } } }).result.data.csrfToken };
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  const call = (procedure: string, body: string) =>
    server.inject({
      method: 'POST',
      url: `/trpc/${procedure}`,
      headers: { cookie: session.cookie, 'content-type': 'application/json', [CSRF_HEADER]: session.csrfToken },
      payload: body,
    });

  it.each(PROBES.map((probe) => [`${probe.procedure} ${probe.field} ← ${probe.body.includes('\\u0000') ? 'NUL' : probe.raw}`, probe] as const))(
    '%s answers 400 naming the field, without the value',
    async (_name, probe) => {
      const response = await call(probe.procedure, probe.body);
      expect(response.statusCode).toBe(400);
      const error = (response.json() as { error: { data: { reason: string; details: { fieldErrors: Record<string, string[]> } } } }).error;
      expect(error.data.reason).toBe('invalid-input');
      expect(Object.keys(error.data.details.fieldErrors)).toContain(probe.field);
      expect(response.body).not.toContain(probe.raw);
    },
  );

  it('refuses a NUL byte anywhere in the input, even in a field no schema declares, and in a key', async () => {
    const unknownField = await call('funds.batches.create', batch({}).replace(/}$/, `,"extra":"a\\u0000b"}`));
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json()).toMatchObject({ error: { data: { details: { fieldErrors: { extra: [expect.any(String)] } } } } });
    const key = await call('funds.batches.create', batch({}).replace(/}$/, `,"a\\u0000b":1}`));
    expect(key.statusCode).toBe(400);
  });

  it('refuses other control characters in free text (plainText), but keeps tabs and line breaks', async () => {
    const bell = await call('projects.submit', project({ title: `${MARKER}\u0007` }));
    expect(bell.statusCode).toBe(400);
    expect(bell.json()).toMatchObject({ error: { data: { details: { fieldErrors: { title: [expect.any(String)] } } } } });
    expect(bell.body).not.toContain(MARKER);
    const lines = await call('funds.batches.create', batch({ documentNumber: '徐财农\t〔2026〕\r\n2号' }).replace('batch-key-0001', 'batch-key-0002'));
    expect(lines.statusCode).toBe(200);
  });

  it('a valid call still goes through (the guards refuse only what is wrong)', async () => {
    const response = await call('funds.batches.create', batch({}));
    expect(response.statusCode).toBe(200);
  });

  // Values that reach the database anyway (a plugin without the helpers, a spreadsheet cell) are
  // mapped by their SQLSTATE, read along drizzle's cause chain — never by the driver's message.
  it.each([
    ['an impossible date', sql`select '2026-02-30'::date`, ['22008', '22007']],
    ['a number past bigint', sql`select ${PAST_BIGINT}::bigint`, ['22003']],
    ['a text that is no number', sql`select ${MARKER}::integer`, ['22P02']],
    ['a text that is no date', sql`select ${MARKER}::date`, ['22007']],
  ] as const)('a database error for %s becomes BAD_REQUEST with a fixed message', async (_name, statement, states) => {
    const error = await app.db.execute(statement).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(states).toContain(sqlStateOf(error));
    const mapped = mapDatabaseError(error);
    expect(mapped).toMatchObject({ code: 'BAD_REQUEST', reason: 'invalid-value' });
    expect(mapped?.message).not.toContain(MARKER);
    expect(mapped?.message).not.toContain(PAST_BIGINT);
  });

  it('a unique violation becomes CONFLICT; an error of the server itself stays unmapped (a 500)', async () => {
    expect(mapDatabaseError(Object.assign(new Error('Failed query'), { cause: Object.assign(new Error('duplicate key'), { code: '23505' }) }))).toMatchObject({
      code: 'CONFLICT',
    });
    const missingTable = await app.db.execute(sql`select * from no_such_table`).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(sqlStateOf(missingTable)).toBe('42P01');
    expect(mapDatabaseError(missingTable)).toBeNull();
  });

  it('a body that is no JSON, an unknown procedure and a wrong method answer with fixed texts that quote nothing sent', async () => {
    const unreadable = await call('funds.batches.create', `${MARKER}{`);
    expect(unreadable.statusCode).toBe(400);
    const unknown = await server.inject({
      method: 'GET',
      url: `/trpc/${MARKER}.list?input=${encodeURIComponent(JSON.stringify({ q: MARKER }))}`,
      headers: { cookie: session.cookie },
    });
    expect(unknown.statusCode).toBe(404);
    const wrongMethod = await server.inject({
      method: 'GET',
      url: `/trpc/funds.batches.create?input=${encodeURIComponent(JSON.stringify({ q: MARKER }))}`,
      headers: { cookie: session.cookie },
    });
    expect(wrongMethod.statusCode).toBe(405);
    for (const response of [unreadable, unknown, wrongMethod]) {
      expect(response.body).not.toContain(MARKER);
      expect(response.json()).toMatchObject({ error: { data: { reason: 'error', localized: { 'zh-CN': expect.any(String), en: expect.any(String) } } } });
    }
  });

  it('a mutation without input, sent without a body (as the app signs out), reaches its resolver (last: it ends the session)', async () => {
    const response = await server.inject({
      method: 'POST',
      url: '/trpc/auth.logout',
      // The tRPC client's POST: a JSON content type and no body at all.
      headers: { cookie: session.cookie, 'content-type': 'application/json', [CSRF_HEADER]: session.csrfToken },
    });
    expect(response.statusCode).toBe(200);
  });
});
