import type { Benchmark } from '@zhenxing/core';
import { benchLedgerRerun } from './ledger.bench.ts';

export const benchmarks: Benchmark[] = [
  {
    id: 'income.ledger-rerun',
    title: 'Ledger re-run over every county (set-based, nothing changed since the last run) vs a plain aggregate scan of the same income rows',
    needsPostgres: true,
    target: {
      atMost: 3,
      why: 'issue #14: the ledger re-run over 1,000,000 households / 3 M people with two years of incomes ≤ 3× a plain aggregate scan of the same income rows',
    },
    run: async ({ databaseUrl, households, scale }) => ({
      ...(await benchLedgerRerun({
        databaseUrl: databaseUrl as string,
        households: scale === 'smoke' ? 2_000 : households,
        runs: scale === 'smoke' ? 2 : 5,
      })),
    }),
  },
];
