import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword, type Role } from '@zhenxing/core';
import { buildServer, installedPlugins } from '@zhenxing/server';
import { createTestApp } from '@zhenxing/testing';
import { bulletinPlugin } from '../fixtures/bulletin-plugin.ts';

export const ADMIN_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = join(ADMIN_ROOT, 'dist-e2e');
export const PASSWORD = 'Zhenxing-E2E-2026';

/** People of the story, along Hebei → Baoding → Xushui, plus a neighbour county (Jingxiu). */
export const E2E_USERS: readonly { username: string; displayName: string; role: Role; scopeCode: string }[] = [
  { username: 'province', displayName: '河北省管理员', role: 'province_admin', scopeCode: '13' },
  { username: 'baoding', displayName: '保定市管理员', role: 'city_admin', scopeCode: '1306' },
  { username: 'xushui', displayName: '徐水区管理员', role: 'county_admin', scopeCode: '130609' },
  { username: 'jingxiu', displayName: '竞秀区管理员', role: 'county_admin', scopeCode: '130602' },
  { username: 'juwei', displayName: '巨威社区村干部', role: 'village_cadre', scopeCode: '130609100002' },
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('dist')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/**
 * `vite build --mode e2e` into dist-e2e/ when it is missing or older than the sources (the app,
 * the e2e fixtures and @zhenxing/ui), so the test always drives the code in the tree.
 */
export function ensureE2EBuild(): void {
  const index = join(DIST, 'index.html');
  const pluginsRoot = join(ADMIN_ROOT, '..', '..', 'plugins');
  // Plugin pages are part of the build too: every plugins/<id>/src/web.
  const pluginPages = readdirSync(pluginsRoot).map((id) => join(pluginsRoot, id, 'src', 'web'));
  const sources = [
    join(ADMIN_ROOT, 'src'),
    join(ADMIN_ROOT, 'e2e', 'fixtures'),
    join(ADMIN_ROOT, 'index.html'),
    join(ADMIN_ROOT, 'public'),
    join(ADMIN_ROOT, 'vite.config.ts'),
    join(ADMIN_ROOT, '..', '..', 'packages', 'ui', 'src'),
    ...pluginPages,
  ];
  if (existsSync(index) && statSync(index).mtimeMs > Math.max(...sources.map(newestMtime))) return;
  const result = spawnSync('pnpm', ['exec', 'vite', 'build', '--mode', 'e2e', '--logLevel', 'warn'], { cwd: ADMIN_ROOT, stdio: 'inherit', env: process.env });
  if (result.status !== 0) throw new Error('vite build --mode e2e failed');
}

/**
 * A real server (Fastify + tRPC + the built admin app) on a random port, on a fresh PGlite
 * database with the region fixture, the story's users (real argon2 hashes) and every installed
 * plugin plus the e2e `bulletin` module (enabled nowhere yet).
 */
export async function startE2EServer() {
  const app = await createTestApp({ plugins: [...installedPlugins, bulletinPlugin], users: [], now: new Date().toISOString() });
  const passwordHash = await hashPassword(PASSWORD);
  for (const user of E2E_USERS) await app.addUser(user, passwordHash);
  const server = await buildServer({
    config: { LOG_LEVEL: 'silent', ZX_ADMIN_DIST: DIST, cookieSecure: false },
    host: app.host,
    logger: false,
  });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    async close() {
      await server.close();
      await app.close();
    },
  };
}
