import type { Benchmark } from '@zhenxing/core';
import { benchImport } from './import.bench.ts';
import { benchXlsxImport } from './import-xlsx.bench.ts';
import { benchHostilePreview } from './hostile-preview.bench.ts';
import { benchSearch } from './search.bench.ts';

export const benchmarks: Benchmark[] = [
  {
    id: 'registry.import',
    title: 'CSV import (parse, validate, plan, commit with history) vs raw COPY FROM STDIN of the same rows into the same tables',
    needsPostgres: true,
    target: { atLeast: 0.5, why: 'issue #6: a county import at least half the speed of COPY of the same rows' },
    run: async ({ databaseUrl, scale }) => ({ ...(await benchImport({ databaseUrl: databaseUrl as string, rows: scale === 'smoke' ? 600 : 100_000 })) }),
  },
  {
    id: 'registry.import-xlsx',
    title: '.xlsx import (unzip, scan, validate, plan, commit with history) vs raw COPY FROM STDIN of the same rows into the same tables',
    needsPostgres: true,
    target: { atLeast: 0.5, why: 'issue #21: a workbook imports at least half the speed of COPY of the same rows, like CSV' },
    run: async ({ databaseUrl, scale }) => ({ ...(await benchXlsxImport({ databaseUrl: databaseUrl as string, rows: scale === 'smoke' ? 600 : 100_000 })) }),
  },
  {
    id: 'registry.hostile-preview',
    title: 'Preview of a hostile 0.5 MB workbook: max(other requests p95 ÷ 100 ms, preview seconds ÷ 2 s)',
    needsPostgres: false,
    target: { atMost: 1, why: "issue #21: a hostile 0.5 MB file previews in ≤ 2 s and other requests' p95 stays ≤ 100 ms meanwhile" },
    run: async ({ scale }) => ({ ...(await benchHostilePreview({ rows: scale === 'smoke' ? 2_000 : 100_000 })) }),
  },
  {
    id: 'registry.search',
    title: 'Household list (page + total) p95 vs primary-key lookup p95 at scale',
    needsPostgres: true,
    target: { atMost: 25, why: 'regression guard: the list at 1 M households measured 16× a primary-key lookup (docs/benchmarks.md)' },
    run: async ({ databaseUrl, households, scale }) => {
      const result = await benchSearch({
        databaseUrl: databaseUrl as string,
        households: scale === 'smoke' ? 2_000 : households,
        searches: scale === 'smoke' ? 20 : 200,
      });
      return { ...result, ratio: result.listRatio };
    },
  },
];
