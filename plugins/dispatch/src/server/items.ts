import type { ModuleContext } from '@zhenxing/core';
import { asc } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateItemInputSchema } from '../index.ts';
import { items, type ItemRow } from './schema.ts';

/** What the services need: the core's context names, the same for a request, a job or a handler. */
type ItemsContext = Pick<ModuleContext, 'db' | 'access' | 'audit'>;

/** The caller's records only: ctx.access.where scopes the query to the caller's region. */
export async function listItems(context: ItemsContext): Promise<ItemRow[]> {
  return context.db.select().from(items).where(context.access.where(items.countyCode)).orderBy(asc(items.recordedOn), asc(items.id));
}

/** Records one item in the caller's county; the host runs the mutation in a transaction, the audit entry with it. */
export async function createItem(context: ItemsContext, input: z.output<typeof CreateItemInputSchema>): Promise<ItemRow> {
  const countyCode = context.access.requireCounty();
  context.access.assertRegion(countyCode);
  const [row] = await context.db.insert(items).values({ countyCode, title: input.title, recordedOn: input.recordedOn, amountFen: input.amountFen }).returning();
  const item = row as ItemRow;
  await context.audit({ action: 'item.create', regionCode: countyCode, entityType: 'dispatch-item', entityId: item.id, after: item });
  return item;
}
