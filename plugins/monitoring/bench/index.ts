import type { Benchmark } from '@zhenxing/core';
import { benchDashboard } from './dashboard.bench.ts';
import { benchWhatIf } from './whatif.bench.ts';

export const benchmarks: Benchmark[] = [
  {
    id: 'monitoring.province-dashboard',
    title: 'Province dashboard p95 vs count(*) over the same cases',
    needsPostgres: true,
    target: { atMost: 0.2, why: 'issue #24: the served province figures at most 0.2× a count(*) over the cases' },
    run: async ({ databaseUrl, households, scale }) => ({
      ...(await benchDashboard({ databaseUrl: databaseUrl as string, households: scale === 'smoke' ? 500 : households, runs: scale === 'smoke' ? 5 : 30 })),
    }),
  },
  {
    id: 'monitoring.whatif',
    title: 'What-if of a higher monitoring line over the households vs a plain page-by-page scan of the same columns',
    needsPostgres: true,
    target: { atMost: 3, why: 'issue #18: a what-if over 1,000,000 households at most 3× a plain scan reading the same columns in the same run' },
    run: async ({ databaseUrl, households, scale }) => ({
      ...(await benchWhatIf({ databaseUrl: databaseUrl as string, households: scale === 'smoke' ? 2_000 : Math.max(households, 1_000_000) })),
    }),
  },
];
