import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHost, hashPassword, silentLogger, verifyAuditChains } from '@zhenxing/core';
import { openDatabase, queryRows, regions, users } from '@zhenxing/db';
import { lowIncomeHousehold } from '../../../plugins/monitoring/src/testing.ts';
import { REGION_FIXTURE } from '@zhenxing/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_HEADER, CSRF_HEADER, SESSION_COOKIE } from '../src/http.ts';
import { pgliteLockFile } from '../src/pglite-lock.ts';
import { installedPlugins } from '../src/plugins.ts';

// Fault drill: the real server process on an embedded data directory, killed with SIGKILL while
// it writes, then started again. Every write it acknowledged must be there, a write cut off in the
// middle must be there entirely or not at all, and the audit chains must verify.

const SERVER_ROOT = fileURLToPath(new URL('../', import.meta.url));
const TSX = join(SERVER_ROOT, 'node_modules', '.bin', 'tsx');
const PASSWORD = 'Crash-Drill-2026';
const VILLAGE = '130609100002';
const scratch = mkdtempSync(join(tmpdir(), 'zx-crash-'));
const dataDir = join(scratch, 'pglite');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
}

async function startServer(): Promise<Running> {
  const port = await freePort();
  const { DATABASE_URL: _server, ...environment } = process.env;
  const child = spawn(TSX, ['src/main.ts'], {
    cwd: SERVER_ROOT,
    detached: true,
    env: { ...environment, ZX_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ZX_DEMO: 'off', LOG_LEVEL: 'warn', ZX_ADMIN_DIST: '/nonexistent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${url}/readyz`).catch(() => null);
    if (ready?.ok) return { child, url, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server did not become ready:\n${output}`);
}

/** SIGKILL to the whole process group (tsx and the node process it runs). */
function killHard(running: Running): Promise<void> {
  return new Promise((resolve) => {
    running.child.once('exit', () => resolve());
    process.kill(-(running.child.pid as number), 'SIGKILL');
  });
}

function stopGracefully(running: Running): Promise<void> {
  return new Promise((resolve) => {
    running.child.once('exit', () => resolve());
    process.kill(-(running.child.pid as number), 'SIGTERM');
  });
}

async function signIn(url: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CLIENT_HEADER]: '1' },
    body: JSON.stringify({ username: 'xushui', password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  const cookie = (response.headers.getSetCookie().find((value) => value.startsWith(`${SESSION_COOKIE}=`)) ?? '').split(';')[0] as string;
  const body = (await response.json()) as { result: { data: { csrfToken: string } } };
  return { cookie, csrf: body.result.data.csrfToken };
}

const createHousehold = (url: string, session: { cookie: string; csrf: string }, sequence: number) =>
  fetch(`${url}/trpc/registry.households.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, [CSRF_HEADER]: session.csrf, [CLIENT_HEADER]: '1' },
    body: JSON.stringify(lowIncomeHousehold(VILLAGE, sequence)),
  });

describe.runIf(process.env.ZX_TEST_DRIVER !== 'postgres')('kill -9 of a server on the embedded PGlite', () => {
  beforeAll(async () => {
    const handle = await openDatabase({ driver: 'pglite', dataDir });
    const host = createHost({ database: handle, plugins: installedPlugins, logger: silentLogger });
    try {
      await host.migrate();
      await handle.db.insert(regions).values([...REGION_FIXTURE]);
      await handle.db
        .insert(users)
        .values({ username: 'xushui', displayName: '徐水区管理员', role: 'county_admin', scopeCode: '130609', passwordHash: await hashPassword(PASSWORD) });
      await host.runtime.modules.setEnabled(handle.db, 'registry', '130609', true, null);
    } finally {
      await host.stop();
      await handle.close();
    }
  }, 120_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('keeps every acknowledged write and never half a write; the audit chains verify', async () => {
    const first = await startServer();
    const session = await signIn(first.url);
    for (let sequence = 1; sequence <= 3; sequence += 1) expect((await createHousehold(first.url, session, sequence)).status).toBe(200);
    // Writes in flight when the process dies: each is either committed whole or not at all.
    const inFlight = [4, 5, 6].map((sequence) => createHousehold(first.url, session, sequence).catch(() => null));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await killHard(first);
    await Promise.all(inFlight);
    expect(existsSync(pgliteLockFile(dataDir))).toBe(true); // left behind by the killed process

    // The next start takes the directory over and serves the acknowledged rows.
    const second = await startServer();
    const again = await signIn(second.url);
    const listed = await fetch(`${second.url}/trpc/registry.households.list?input=${encodeURIComponent(JSON.stringify({}))}`, {
      headers: { cookie: again.cookie, [CLIENT_HEADER]: '1' },
    });
    const { total } = ((await listed.json()) as { result: { data: { total: number } } }).result.data;
    expect(total).toBeGreaterThanOrEqual(3);
    expect(total).toBeLessThanOrEqual(6);
    await stopGracefully(second);
    expect(existsSync(pgliteLockFile(dataDir))).toBe(false);

    const handle = await openDatabase({ driver: 'pglite', dataDir });
    try {
      const { problems } = await verifyAuditChains(handle.db);
      expect(problems).toEqual([]);
      const [counts] = await queryRows<{ households: number; members: number; audited: number }>(
        handle.db,
        `select (select count(*)::int from registry.households) as households,
                (select count(*)::int from registry.members) as members,
                (select count(*)::int from core.audit_log where action = 'household.create') as audited`,
      );
      // Every household came with its two members and its audit entry, or not at all.
      expect(counts).toEqual({ households: total, members: total * 2, audited: total });
    } finally {
      await handle.close();
    }
  }, 300_000);
});
