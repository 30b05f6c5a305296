import { ZxError } from '@zhenxing/core';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { eq, inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUND_LEVELS, type FundLevel } from '../src/index.ts';
import { fundsPlugin } from '../src/server/plugin.ts';
import { allocations, batches, spending } from '../src/server/schema.ts';

/**
 * Issue 11, the class of bug 2: every figure the funds pages show as a sum of rows — a batch's
 * 已安排 / 未安排 (batch list, and the allocation form's 尚可安排, which shows the list's figure), an
 * allocation's 已支出, the spending-progress dashboard's allocated and paid, the §4 share
 * dashboard's received and industry amounts per level and its 联农带农 / 到人到户 sums — equals a
 * plain recomputation from the rows, after random sequences of writes in two counties; and every
 * refusal over a batch or an allocation names the same remaining amount.
 */
const COUNTIES = { xushui: '130609', jingxiu: '130602' } as const;
type User = keyof typeof COUNTIES;
const YEARS = [2041, 2042, 2043] as const;

const opArbitrary = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('batch' as const),
      user: fc.constantFrom<User>('xushui', 'jingxiu'),
      level: fc.constantFrom<FundLevel>(...FUND_LEVELS),
      amountFen: fc.integer({ min: 1, max: 5_000_000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('allocate' as const),
      pick: fc.nat(),
      amountFen: fc.oneof(fc.integer({ min: 1, max: 3_000_000 }), fc.constant(-1)),
      use: fc.constantFrom('industry' as const, 'other' as const),
      linksFarmers: fc.boolean(),
      reachesHouseholds: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('spend' as const), pick: fc.nat(), amountFen: fc.oneof(fc.integer({ min: 1, max: 2_000_000 }), fc.constant(-1)) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replay' as const) }) },
);
type Op = typeof opArbitrary extends fc.Arbitrary<infer T> ? T : never;

describe('funds: displayed sums equal the rows after random writes', () => {
  let app: TestApp<[typeof fundsPlugin]>;
  let run = 0;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [fundsPlugin], enable: { '130609': ['funds'], '130602': ['funds'] } });
  });
  afterAll(() => app?.close());

  /** The year's rows, straight from the tables. */
  async function rowsOf(year: number) {
    const batchRows = await app.db.select().from(batches).where(eq(batches.year, year));
    const batchIds = batchRows.map((row) => row.id);
    const allocationRows = batchIds.length ? await app.db.select().from(allocations).where(inArray(allocations.batchId, batchIds)) : [];
    const allocationIds = allocationRows.map((row) => row.id);
    const spendingRows = allocationIds.length ? await app.db.select().from(spending).where(inArray(spending.allocationId, allocationIds)) : [];
    const allocatedOf = (batchId: number) => allocationRows.filter((row) => row.batchId === batchId).reduce((sum, row) => sum + row.amountFen, 0);
    const spentOf = (allocationId: number) => spendingRows.filter((row) => row.allocationId === allocationId).reduce((sum, row) => sum + row.amountFen, 0);
    const levelOf = new Map(batchRows.map((row) => [row.id, row.level as FundLevel]));
    return { batchRows, allocationRows, spendingRows, allocatedOf, spentOf, levelOf };
  }

  async function execute(year: number, ops: readonly Op[]) {
    const tag = `p${++run}`;
    const made: { batches: { id: number; user: User }[]; allocations: { id: number; user: User; amountFen: number }[] } = { batches: [], allocations: [] };
    let last: (() => Promise<unknown>) | null = null;
    let refusals = 0;
    for (const [index, op] of ops.entries()) {
      const key = `${tag}-${index}-idempotency`;
      let write: (() => Promise<unknown>) | null = null;
      if (op.kind === 'batch') {
        const input = {
          year,
          level: op.level,
          documentNumber: `冀财农〔${year}〕${tag}-${index}号`,
          documentDate: `${year}-03-01`,
          amountFen: op.amountFen,
          idempotencyKey: key,
        };
        write = async () => made.batches.push({ id: (await app.as(op.user).funds.batches.create(input)).id, user: op.user });
      } else if (op.kind === 'allocate' && made.batches.length > 0) {
        const target = made.batches[op.pick % made.batches.length] as { id: number; user: User };
        const listed = (await app.as(target.user).funds.batches.list({ year })).find((row) => row.id === target.id);
        // -1: exactly what the form says is left (尚可安排), which must be accepted when positive.
        const amountFen = op.amountFen === -1 ? (listed?.unallocatedFen ?? 0) : op.amountFen;
        if (amountFen < 1) continue;
        const input = {
          batchId: target.id,
          use: op.use,
          purpose: '产业发展',
          amountFen,
          linksFarmers: op.linksFarmers,
          reachesHouseholds: op.reachesHouseholds,
          idempotencyKey: key,
        };
        write = async () => {
          const allocation = await app.as(target.user).funds.allocations.create(input);
          made.allocations.push({ id: allocation.id, user: target.user, amountFen });
        };
        const attempt = write;
        write = async () => {
          try {
            await attempt();
          } catch (error) {
            if (!(error instanceof ZxError) || error.reason !== 'exceeds-batch') throw error;
            refusals += 1;
            // The refusal, the list (what the form shows) and the rows name the same amount left.
            const { batchRows, allocatedOf } = await rowsOf(year);
            const batch = batchRows.find((row) => row.id === target.id) as { amountFen: number };
            const now = (await app.as(target.user).funds.batches.list({ year })).find((row) => row.id === target.id);
            expect((error.details as { unallocatedFen: number }).unallocatedFen).toBe(batch.amountFen - allocatedOf(target.id));
            expect(now?.unallocatedFen).toBe(batch.amountFen - allocatedOf(target.id));
            expect(amountFen).toBeGreaterThan(now?.unallocatedFen ?? Infinity);
          }
        };
      } else if (op.kind === 'spend' && made.allocations.length > 0) {
        const target = made.allocations[op.pick % made.allocations.length] as { id: number; user: User; amountFen: number };
        const listed = (await app.as(target.user).funds.allocations.list({ year })).find((row) => row.id === target.id);
        const amountFen = op.amountFen === -1 ? target.amountFen - (listed?.spentFen ?? 0) : op.amountFen;
        if (amountFen < 1) continue;
        write = async () => {
          try {
            await app.as(target.user).funds.spending.record({ allocationId: target.id, amountFen, paidOn: `${year}-06-01`, idempotencyKey: key });
          } catch (error) {
            if (!(error instanceof ZxError) || error.reason !== 'exceeds-allocation') throw error;
            refusals += 1;
            const { spentOf } = await rowsOf(year);
            expect((error.details as { unspentFen: number }).unspentFen).toBe(target.amountFen - spentOf(target.id));
            expect(amountFen).toBeGreaterThan(target.amountFen - spentOf(target.id));
          }
        };
      } else if (op.kind === 'replay' && last) {
        // The same request again (a double click, a retry): idempotent, so no figure may move.
        write = last;
      }
      if (!write) continue;
      if (op.kind !== 'replay') last = write;
      // A replayed create returns the existing row; keep `made` free of duplicates.
      const before = { batches: made.batches.length, allocations: made.allocations.length };
      await write();
      if (op.kind === 'replay') {
        made.batches.length = Math.min(made.batches.length, before.batches);
        made.allocations.length = Math.min(made.allocations.length, before.allocations);
      }
    }
    return refusals;
  }

  async function expectFiguresMatchRows(year: number) {
    const { batchRows, allocationRows, spendingRows, allocatedOf, spentOf, levelOf } = await rowsOf(year);
    for (const [user, countyCode] of Object.entries(COUNTIES) as [User, string][]) {
      const listed = await app.as(user).funds.batches.list({ year });
      const own = batchRows.filter((row) => row.countyCode === countyCode);
      expect(listed.map((row) => row.id).sort()).toEqual(own.map((row) => row.id).sort());
      for (const row of listed) {
        expect(row.allocatedFen, `batch ${row.id} 已安排`).toBe(allocatedOf(row.id));
        expect(row.unallocatedFen, `batch ${row.id} 未安排`).toBe(row.amountFen - allocatedOf(row.id));
        expect(row.unallocatedFen).toBeGreaterThanOrEqual(0);
      }
      const allocationList = await app.as(user).funds.allocations.list({ year });
      expect(allocationList.length).toBe(allocationRows.filter((row) => row.countyCode === countyCode).length);
      for (const row of allocationList) {
        expect(row.spentFen, `allocation ${row.id} 已支出`).toBe(spentOf(row.id));
        expect(row.spentFen).toBeLessThanOrEqual(row.amountFen);
      }
    }
    const inCounty = (countyCode: string) => ({
      allocated: allocationRows.filter((row) => row.countyCode === countyCode),
      spent: spendingRows.filter((row) => row.countyCode === countyCode),
      received: batchRows.filter((row) => row.countyCode === countyCode),
    });
    const sum = (rows: readonly { amountFen: number }[]) => rows.reduce((total, row) => total + row.amountFen, 0);

    const progress = await app.as('baoding').funds.dashboard.spendingProgress({ year });
    expect(progress.region.allocatedFen).toBe(sum(allocationRows));
    expect(progress.region.paidFen).toBe(sum(spendingRows));
    for (const county of progress.counties) {
      expect(county.allocatedFen, `${county.countyCode} allocated`).toBe(sum(inCounty(county.countyCode).allocated));
      expect(county.paidFen, `${county.countyCode} paid`).toBe(sum(inCounty(county.countyCode).spent));
    }

    const share = await app.as('baoding').funds.dashboard.industryShare({ year });
    const figuresOf = (rows: { received: typeof batchRows; allocated: typeof allocationRows }) => {
      const industry = rows.allocated.filter((row) => row.use === 'industry');
      const ofLevel = (level: FundLevel) => ({
        totalFen: sum(rows.received.filter((row) => row.level === level)),
        industryFen: sum(industry.filter((row) => levelOf.get(row.batchId) === level)),
      });
      return {
        central: ofLevel('central'),
        fourLevel: { totalFen: sum(rows.received), industryFen: sum(industry) },
        linksFarmersFen: sum(rows.allocated.filter((row) => row.linksFarmers)),
        reachesHouseholdsFen: sum(rows.allocated.filter((row) => row.reachesHouseholds)),
      };
    };
    const pick = (line: typeof share.region) => ({
      central: { totalFen: line.central.totalFen, industryFen: line.central.industryFen },
      fourLevel: { totalFen: line.fourLevel.totalFen, industryFen: line.fourLevel.industryFen },
      linksFarmersFen: line.linksFarmersFen,
      reachesHouseholdsFen: line.reachesHouseholdsFen,
    });
    expect(pick(share.region)).toEqual(figuresOf({ received: batchRows, allocated: allocationRows }));
    expect(share.counties.length).toBe(2);
    for (const county of share.counties) expect(pick(county), county.countyCode).toEqual(figuresOf(inCounty(county.countyCode)));
  }

  it('batch, allocation and dashboard figures equal a recomputation from the rows', async () => {
    let refusals = 0;
    let writes = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...YEARS), fc.array(opArbitrary, { minLength: 1, maxLength: 10 }), async (year, ops) => {
        refusals += await execute(year, ops);
        writes += ops.length;
        await expectFiguresMatchRows(year);
      }),
      {
        numRuns: 20,
        // Besides the random runs: over the batch (refused), exactly 尚可安排, spend it all, one fen more (refused).
        examples: [
          [
            2041,
            [
              { kind: 'batch', user: 'xushui', level: 'central', amountFen: 100_000 },
              { kind: 'allocate', pick: 0, amountFen: 3_000_000, use: 'industry', linksFarmers: true, reachesHouseholds: false },
              { kind: 'allocate', pick: 0, amountFen: -1, use: 'other', linksFarmers: false, reachesHouseholds: true },
              { kind: 'spend', pick: 0, amountFen: -1 },
              { kind: 'spend', pick: 0, amountFen: 1 },
              { kind: 'replay' },
            ],
          ],
        ],
      },
    );
    // The runs did write and did hit the limits (otherwise the refusal checks checked nothing).
    const totals = await Promise.all(YEARS.map(async (year) => (await rowsOf(year)).allocationRows.length));
    expect(writes).toBeGreaterThan(0);
    expect(totals.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(refusals).toBeGreaterThan(0);
  }, 240_000); // many random write sequences, each through the full server: minutes on a loaded 2-core machine
});
