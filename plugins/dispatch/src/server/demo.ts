import type { DemoContext } from '@zhenxing/core';
import { items, type ItemRow } from './schema.ts';

const XUSHUI = '130609';

/** Synthetic records for the demo county (Xushui, 130609). */
export async function seedDispatchDemo({ db, counties, audit }: DemoContext): Promise<void> {
  if (!counties.includes(XUSHUI)) return;
  const [row] = await db
    .insert(items)
    .values({ countyCode: XUSHUI, title: '【演示】示例记录（合成）', recordedOn: '2022-06-30', amountFen: 120_000 })
    .returning();
  const item = row as ItemRow;
  await audit({ action: 'item.demo', regionCode: XUSHUI, entityType: 'dispatch-item', entityId: item.id, after: item });
}
