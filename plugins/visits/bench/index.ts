import type { Benchmark } from '@zhenxing/core';
import { benchOfflinePack } from './offline-pack.bench.ts';
import { benchProvinceCompliance } from './province.bench.ts';

export const benchmarks: Benchmark[] = [
  {
    id: 'visits.province-compliance',
    title: 'Province visit compliance of a month (due, done, overdue, coverage from the stored tallies) p95 vs count(*) over the visits',
    needsPostgres: true,
    target: { atMost: 0.2, why: 'issue #13: the served province figure at most 0.2× a count(*) over the visits in the same run' },
    run: async ({ databaseUrl, households, scale }) => ({
      ...(await benchProvinceCompliance({
        databaseUrl: databaseUrl as string,
        households: scale === 'smoke' ? 500 : households,
        runs: scale === 'smoke' ? 5 : 30,
      })),
    }),
  },
  {
    id: 'visits.offline-pack',
    title: "A village cadre's offline data (visits.offlinePack) for 60 households, JSON bytes vs 200 KB",
    needsPostgres: false,
    target: { atMost: 1, why: "issue #13: a cadre's offline data for 60 households at most 200 KB (ratio = bytes / 204,800)" },
    run: async () => benchOfflinePack({ households: 60 }),
  },
];
