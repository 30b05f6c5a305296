import { createHost, hashPassword } from '@zhenxing/core';
import { openDatabase, regions, users } from '@zhenxing/db';
import { importProvince } from '@zhenxing/regions';
import { asc, eq } from 'drizzle-orm';
import Fastify from 'fastify';
import { buildServer, CLIENT_HEADER, SESSION_COOKIE } from '../src/http.ts';
import { installedPlugins } from '../src/plugins.ts';

export interface Throughput {
  requests: number;
  seconds: number;
  perSecond: number;
}

/** Fires `total` GET requests with `concurrency` in flight over keep-alive loopback connections. */
async function measure(url: string, headers: Record<string, string>, total: number, concurrency: number): Promise<Throughput> {
  let sent = 0;
  const started = performance.now();
  const worker = async () => {
    while (sent < total) {
      sent += 1;
      const response = await fetch(url, { headers });
      if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { requests: total, seconds, perSecond: total / seconds };
}

/**
 * Requests/s of one tRPC query through the full host (session lookup, permission and scope
 * checks, tRPC) against a bare Fastify route running the same SQL on the same database, in the
 * same process and run. Rounds alternate so drift hits both alike.
 */
export async function benchTrpcOverhead(options: { databaseUrl?: string; requests?: number; rounds?: number } = {}) {
  const requests = options.requests ?? 2000;
  const rounds = options.rounds ?? 3;
  const handle = options.databaseUrl ? await openDatabase({ driver: 'postgres', url: options.databaseUrl }) : await openDatabase({ driver: 'pglite' });
  const host = createHost({ database: handle, plugins: installedPlugins });
  await host.migrate();
  const [existing] = await handle.db.select().from(regions).where(eq(regions.code, '13'));
  if (!existing) await importProvince(handle.db, '13');
  await handle.db
    .insert(users)
    .values({ username: 'bench', displayName: 'bench', role: 'county_admin', scopeCode: '130609', passwordHash: await hashPassword('Bench-Password-1') })
    .onConflictDoNothing();

  const full = await buildServer({
    config: { LOG_LEVEL: 'silent', ZX_ADMIN_DIST: '/nonexistent', cookieSecure: false, rateLimitPerMinute: 1_000_000 },
    host,
    logger: false,
  });
  await full.listen({ host: '127.0.0.1', port: 0 });
  const bare = Fastify({ logger: false });
  bare.get('/children', async () => handle.db.select().from(regions).where(eq(regions.parentCode, '130609')).orderBy(asc(regions.code)));
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const fullUrl = `http://127.0.0.1:${(full.server.address() as { port: number }).port}`;
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

  try {
    const login = await fetch(`${fullUrl}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CLIENT_HEADER]: '1' },
      body: JSON.stringify({ username: 'bench', password: 'Bench-Password-1' }),
    });
    const cookie = (login.headers.getSetCookie().find((value) => value.startsWith(`${SESSION_COOKIE}=`)) ?? '').split(';')[0] as string;
    const trpcUrl = `${fullUrl}/trpc/regions.children?input=${encodeURIComponent(JSON.stringify({ code: '130609' }))}`;
    await measure(trpcUrl, { cookie }, 200, 8);
    await measure(`${bareUrl}/children`, {}, 200, 8);
    const trpc: Throughput[] = [];
    const baseline: Throughput[] = [];
    for (let round = 0; round < rounds; round += 1) {
      baseline.push(await measure(`${bareUrl}/children`, {}, requests, 8));
      trpc.push(await measure(trpcUrl, { cookie }, requests, 8));
    }
    const best = (list: Throughput[]) => Math.max(...list.map((entry) => entry.perSecond));
    return {
      name: 'tRPC query through the full host vs bare Fastify, same SQL',
      database: handle.driver,
      baselinePerSecond: Math.round(best(baseline)),
      trpcPerSecond: Math.round(best(trpc)),
      ratio: Number((best(trpc) / best(baseline)).toFixed(3)),
    };
  } finally {
    await full.close();
    await bare.close();
    await host.stop();
    await handle.close();
  }
}
