import type { Benchmark } from '@zhenxing/core';
import { benchDashboard } from './dashboard.bench.ts';

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
];
