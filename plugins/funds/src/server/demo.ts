import type { DemoContext } from '@zhenxing/core';
import type { FundLevel, FundUse } from '../index.ts';
import { allocations, batches, spending } from './schema.ts';

const XUSHUI = '130609';

interface DemoBatch {
  year: number;
  level: FundLevel;
  documentNumber: string;
  documentDate: string;
  amountFen: number;
  uses: readonly { use: FundUse; purpose: string; amountFen: number; spentFen: number; linksFarmers?: boolean; reachesHouseholds?: boolean }[];
}

/** Synthetic batches for Xushui (130609): 2021 for "not below last year", 2022 partly allocated and spent. */
const DEMO_BATCHES: readonly DemoBatch[] = [
  {
    year: 2021,
    level: 'central',
    documentNumber: '【演示】冀财农〔2021〕1号',
    documentDate: '2021-03-01',
    amountFen: 1_000_000_000,
    uses: [
      { use: 'industry', purpose: '产业发展', amountFen: 560_000_000, spentFen: 560_000_000, linksFarmers: true },
      { use: 'other', purpose: '基础设施', amountFen: 440_000_000, spentFen: 440_000_000 },
    ],
  },
  {
    year: 2022,
    level: 'central',
    documentNumber: '【演示】冀财农〔2022〕3号',
    documentDate: '2022-02-15',
    amountFen: 1_200_000_000,
    uses: [
      { use: 'industry', purpose: '产业发展', amountFen: 620_000_000, spentFen: 310_000_000, linksFarmers: true },
      { use: 'industry', purpose: '到户产业奖补', amountFen: 80_000_000, spentFen: 40_000_000, reachesHouseholds: true },
      { use: 'other', purpose: '小型公益性基础设施', amountFen: 400_000_000, spentFen: 100_000_000 },
    ],
  },
  {
    year: 2022,
    level: 'provincial',
    documentNumber: '【演示】冀财农〔2022〕9号',
    documentDate: '2022-03-10',
    amountFen: 500_000_000,
    uses: [
      { use: 'industry', purpose: '产业发展', amountFen: 200_000_000, spentFen: 50_000_000 },
      { use: 'other', purpose: '就业帮扶', amountFen: 250_000_000, spentFen: 120_000_000 },
    ],
  },
  {
    year: 2022,
    level: 'city',
    documentNumber: '【演示】保财农〔2022〕5号',
    documentDate: '2022-04-01',
    amountFen: 200_000_000,
    uses: [{ use: 'other', purpose: '雨露计划', amountFen: 150_000_000, spentFen: 60_000_000 }],
  },
  {
    year: 2022,
    level: 'county',
    documentNumber: '【演示】徐财农〔2022〕2号',
    documentDate: '2022-04-20',
    amountFen: 300_000_000,
    uses: [{ use: 'industry', purpose: '庭院经济', amountFen: 120_000_000, spentFen: 30_000_000, reachesHouseholds: true }],
  },
];

export async function seedFundsDemo({ db, counties, audit }: DemoContext): Promise<void> {
  if (!counties.includes(XUSHUI)) return;
  for (const [index, demo] of DEMO_BATCHES.entries()) {
    const [row] = await db
      .insert(batches)
      .values({
        countyCode: XUSHUI,
        year: demo.year,
        level: demo.level,
        documentNumber: demo.documentNumber,
        documentDate: demo.documentDate,
        amountFen: demo.amountFen,
        title: '演示数据（合成）',
        idempotencyKey: `demo-batch-${index}`,
      })
      .returning();
    const batch = row as typeof batches.$inferSelect;
    for (const [useIndex, use] of demo.uses.entries()) {
      const [allocationRow] = await db
        .insert(allocations)
        .values({
          countyCode: XUSHUI,
          batchId: batch.id,
          use: use.use,
          purpose: use.purpose,
          amountFen: use.amountFen,
          linksFarmers: use.linksFarmers ?? false,
          reachesHouseholds: use.reachesHouseholds ?? false,
          idempotencyKey: `demo-allocation-${index}-${useIndex}`,
        })
        .returning();
      const allocation = allocationRow as typeof allocations.$inferSelect;
      if (use.spentFen > 0) {
        await db.insert(spending).values({
          countyCode: XUSHUI,
          allocationId: allocation.id,
          source: 'manual',
          sourceRef: `demo-spending-${index}-${useIndex}`,
          amountFen: use.spentFen,
          paidOn: `${demo.year}-09-30`,
        });
      }
    }
    await audit({ action: 'batch.demo', regionCode: XUSHUI, entityType: 'funds-batch', entityId: batch.id, after: batch });
  }
}
