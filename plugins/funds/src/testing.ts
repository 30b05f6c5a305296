import type { LeakProbes } from '@zhenxing/core';

/** One input per procedure aimed at Xushui's funds; a real batch and allocation exist there. */
export const leakProbes: LeakProbes = async ({ victimCounty, call }) => {
  const batch = (await call('funds.batches.create', {
    year: 2022,
    level: 'central',
    documentNumber: '探针〔2022〕1号',
    documentDate: '2022-03-01',
    amountFen: 10_000_000,
    idempotencyKey: 'leak-probe-batch',
  })) as { id: number };
  const allocation = (await call('funds.allocations.create', {
    batchId: batch.id,
    use: 'industry',
    purpose: '探针',
    amountFen: 1_000_000,
    idempotencyKey: 'leak-probe-allocation',
  })) as { id: number };
  const region = { regionCode: victimCounty };
  return {
    'batches.list': { ...region, year: 2022 },
    'batches.create': {
      ...region,
      year: 2022,
      level: 'central',
      documentNumber: '越权〔2022〕1号',
      documentDate: '2022-03-01',
      amountFen: 100,
      idempotencyKey: 'leak-probe-outsider',
    },
    'allocations.list': { ...region, year: 2022 },
    'allocations.create': { ...region, batchId: batch.id, use: 'other', purpose: '越权', amountFen: 100, idempotencyKey: 'leak-probe-outsider' },
    'spending.record': { ...region, allocationId: allocation.id, amountFen: 100, paidOn: '2022-05-01', idempotencyKey: 'leak-probe-outsider' },
    'dashboard.industryShare': { ...region, year: 2022 },
    'dashboard.industryShareReplay': { ...region, year: 2022, version: 'hebei-2025.1' },
    'dashboard.spendingProgress': { ...region, year: 2022 },
    'dashboard.slowSpending': { ...region, year: 2022 },
  };
};
