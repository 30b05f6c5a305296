import { createTestApp, type TestApp } from '@zhenxing/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fundsPlugin } from '../src/server/plugin.ts';

let keySeq = 0;
const key = (label: string) => `${label}-${++keySeq}-figures`;

/**
 * Issue 11, bug 2: a batch's 已安排 is the sum of its own allocations — zero for a new batch — and
 * the batch list (the 资金批次 page), the allocation form's 尚可安排 (it shows the list's
 * `unallocatedFen`) and the server's refusal all give the same figure.
 */
describe('a batch’s allocated and unallocated figures', () => {
  let app: TestApp<[typeof fundsPlugin]>;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [fundsPlugin], enable: { '130609': ['funds'] } });
  });
  afterAll(() => app?.close());

  const batch = (amountFen: number) =>
    app.as('xushui').funds.batches.create({
      year: 2026,
      level: 'central',
      documentNumber: `冀财农〔2026〕${++keySeq}号`,
      documentDate: '2026-03-01',
      amountFen,
      idempotencyKey: key('batch'),
    });
  const allocate = (batchId: number, amountFen: number) =>
    app.as('xushui').funds.allocations.create({ batchId, use: 'industry', purpose: '产业发展', amountFen, idempotencyKey: key('allocation') });
  const listed = async (batchId: number) => {
    const row = (await app.as('xushui').funds.batches.list({ year: 2026 })).find((item) => item.id === batchId);
    expect(row, `batch ${batchId} listed`).toBeDefined();
    return row as NonNullable<typeof row>;
  };

  it('a new batch has nothing allocated, even when older batches do', async () => {
    // Older batches with allocations of their own (the county admin saw 5,600,000 yuan on a new one).
    for (const amount of [300_000_000, 260_000_000]) {
      const older = await batch(amount * 2);
      await allocate(older.id, amount);
    }
    const fresh = await batch(1_000_000_000);
    expect(await listed(fresh.id)).toMatchObject({ amountFen: 1_000_000_000, allocatedFen: 0, unallocatedFen: 1_000_000_000 });
  });

  it('after allocations the list, the form’s remaining amount and the refusal agree', async () => {
    const fresh = await batch(1_000_000_000);
    await allocate(fresh.id, 500_000_000);
    await allocate(fresh.id, 300_000_000);
    const row = await listed(fresh.id);
    expect(row).toMatchObject({ allocatedFen: 800_000_000, unallocatedFen: 200_000_000 });
    // One fen more than the list says is left is refused, naming the same figure; exactly that much is accepted.
    await expect(allocate(fresh.id, row.unallocatedFen + 1)).rejects.toMatchObject({
      reason: 'exceeds-batch',
      details: { unallocatedFen: row.unallocatedFen },
    });
    await allocate(fresh.id, row.unallocatedFen);
    expect(await listed(fresh.id)).toMatchObject({ allocatedFen: 1_000_000_000, unallocatedFen: 0 });
  });
});
