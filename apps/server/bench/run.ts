import { benchTrpcOverhead } from './trpc-overhead.bench.ts';

/**
 * `pnpm bench`: every benchmark reports a ratio against a baseline measured in the same run,
 * never an absolute time compared to a constant. BENCH_DATABASE_URL selects PostgreSQL.
 */
const databaseUrl = process.env.BENCH_DATABASE_URL;
const results: Record<string, unknown>[] = [];

results.push(await benchTrpcOverhead({ databaseUrl, requests: Number(process.env.BENCH_REQUESTS ?? 2000) }));

for (const result of results) console.log(JSON.stringify(result));
