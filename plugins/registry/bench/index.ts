import type { Benchmark } from '@zhenxing/core';
import { benchImport } from './import.bench.ts';
import { benchSearch } from './search.bench.ts';

export const benchmarks: Benchmark[] = [
  {
    id: 'registry.import',
    title: 'CSV import (parse, validate, plan, commit with history) vs raw COPY FROM STDIN of the same rows into the same tables',
    needsPostgres: true,
    run: async ({ databaseUrl }) => ({ ...(await benchImport({ databaseUrl: databaseUrl as string, rows: 100_000 })) }),
  },
  {
    id: 'registry.search',
    title: 'Household search and list p95 vs primary-key lookup p95 at scale',
    needsPostgres: true,
    run: async ({ databaseUrl, households }) => {
      const result = await benchSearch({ databaseUrl: databaseUrl as string, households });
      return { ...result, ratio: result.listRatio };
    },
  },
];
