import { Writable } from 'node:stream';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/http.ts';
import { serializeError, serializeRequest, serverLoggerOptions } from '../src/log-redaction.ts';
import { installedPlugins } from '../src/plugins.ts';

// A synthetic ID-shaped number (no real person's) and a health note.
const ID_NUMBER = '13060919800101001X';
const HEALTH_NOTE = '尿毒症透析';

/** What drizzle throws for a failed statement: the SQL and its parameters in the message. */
function failedQuery(): Error {
  const cause = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
  return new Error(`Failed query: insert into registry.members (id_number, health_note) values ($1, $2)\nparams: ${ID_NUMBER},${HEALTH_NOTE}`, { cause });
}

describe('log redaction', () => {
  it('drops SQL parameters and ID numbers from an error, keeping its type, database code and cause', () => {
    const serialized = serializeError(failedQuery());
    const text = JSON.stringify(serialized);
    expect(text).not.toContain(ID_NUMBER);
    expect(text).not.toContain(HEALTH_NOTE);
    expect(serialized.message).toMatch(/^Failed query: insert into registry\.members/);
    expect(serialized.cause).toMatchObject({ code: '22021', message: expect.stringContaining('invalid byte sequence') });
  });

  it('logs a request without its query string (tRPC GET inputs travel there)', () => {
    const input = encodeURIComponent(JSON.stringify({ search: ID_NUMBER }));
    expect(serializeRequest({ method: 'GET', url: `/trpc/registry.households.list?input=${input}` })).toMatchObject({
      url: '/trpc/registry.households.list?[redacted]',
    });
  });

  describe('the server', () => {
    let app: TestApp<typeof installedPlugins>;
    let server: FastifyInstance;
    const lines: string[] = [];
    beforeAll(async () => {
      app = await createTestApp({ plugins: installedPlugins });
      const sink = new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      });
      server = await buildServer({
        config: { LOG_LEVEL: 'info', ZX_ADMIN_DIST: '/nonexistent', cookieSecure: false },
        host: app.host,
        logger: serverLoggerOptions('info', sink),
      });
    });
    afterAll(async () => {
      await server?.close();
      await app?.close();
    });

    it('writes neither the ID number searched for nor a failed query’s parameters to its log', async () => {
      const input = encodeURIComponent(JSON.stringify({ search: ID_NUMBER }));
      await server.inject({ method: 'GET', url: `/trpc/registry.households.list?input=${input}`, headers: { cookie: 'zx_session=secret-token' } });
      server.log.error({ err: failedQuery() }, 'procedure failed');
      const log = lines.join('');
      expect(log).toContain('procedure failed');
      expect(log).toContain('/trpc/registry.households.list');
      expect(log).not.toContain(ID_NUMBER);
      expect(log).not.toContain(HEALTH_NOTE);
      expect(log).not.toContain('secret-token');
    });

    it('marks API answers Cache-Control: no-store — an answer, a refusal, an unknown procedure, a refused mutation, a batch and the health probe', async () => {
      const input = encodeURIComponent(JSON.stringify({ search: ID_NUMBER }));
      const answers = [
        await server.inject({ method: 'GET', url: '/trpc/auth.me' }),
        await server.inject({ method: 'GET', url: `/trpc/registry.households.list?input=${input}` }),
        await server.inject({ method: 'GET', url: '/trpc/no.such.procedure' }),
        await server.inject({ method: 'POST', url: '/trpc/registry.households.update', headers: { 'content-type': 'application/json' }, payload: { id: 1 } }),
        await server.inject({ method: 'GET', url: `/trpc/auth.me,registry.households.list?batch=1&input=${encodeURIComponent('{"0":{},"1":{}}')}` }),
        await server.inject({ method: 'GET', url: '/healthz' }),
      ];
      expect(answers.map((answer) => answer.statusCode)).toEqual([200, 401, 404, 401, expect.any(Number), 200]);
      expect(answers.map((answer) => answer.headers['cache-control'])).toEqual(answers.map(() => 'no-store'));
    });
  });
});
