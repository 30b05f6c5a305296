import type { Benchmark } from '@zhenxing/core';
import { benchDashboard } from './dashboard.bench.ts';

export const benchmarks: Benchmark[] = [
  {
    id: 'monitoring.province-dashboard',
    title: 'Province dashboard p95 vs count(*) over the same cases',
    needsPostgres: true,
    run: async ({ databaseUrl, households }) => ({ ...(await benchDashboard({ databaseUrl: databaseUrl as string, households })) }),
  },
];
