/**
 * 消费帮扶 purchases by product: the recipient county (the products' county of origin) records what a
 * buyer organisation bought — product name and category, amount in fen — optionally under one of
 * its consumption pairings; the summary totals them by product and by county of origin.
 */
import { errors } from '@zhenxing/core';
import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ProductCategory, PurchaseInputSchema, PurchaseSummary, PurchaseView } from '../index.ts';
import { assertActiveOrganisations, getRelationship, organisationNames, regionNames, type ReadContext, type WriteContext } from './relationships.ts';
import { purchases, type PurchaseRow } from './schema.ts';

async function views(context: Pick<ReadContext, 'db'>, rows: readonly PurchaseRow[]): Promise<PurchaseView[]> {
  const buyers = await organisationNames(
    context.db,
    rows.map((row) => row.buyerOrganisationId),
  );
  const counties = await regionNames(
    context.db,
    rows.map((row) => row.countyCode),
  );
  return rows.map((row) => ({
    id: row.id,
    countyCode: row.countyCode,
    countyName: counties.get(row.countyCode) ?? row.countyCode,
    relationshipId: row.relationshipId,
    buyerOrganisationId: row.buyerOrganisationId,
    buyerName: buyers.get(row.buyerOrganisationId) ?? '',
    year: row.year,
    purchasedOn: row.purchasedOn,
    productName: row.productName,
    productCategory: row.productCategory,
    amountFen: row.amountFen,
  }));
}

export async function purchaseRows(context: ReadContext, year: number): Promise<PurchaseRow[]> {
  return context.db
    .select()
    .from(purchases)
    .where(and(context.access.where(purchases.countyCode), eq(purchases.year, year)))
    .orderBy(asc(purchases.purchasedOn), asc(purchases.id));
}

export async function listPurchases(context: ReadContext, year: number): Promise<PurchaseView[]> {
  return views(context, await purchaseRows(context, year));
}

/** Totals of the reader's region by product (name and category) and by county of origin. */
export async function purchaseSummary(context: ReadContext, year: number): Promise<PurchaseSummary> {
  const rows = await purchaseRows(context, year);
  const byProduct = new Map<string, { productName: string; productCategory: ProductCategory; purchases: number; amountFen: number }>();
  const byCounty = new Map<string, { countyCode: string; purchases: number; amountFen: number }>();
  for (const row of rows) {
    const key = `${row.productCategory}\u0000${row.productName}`;
    const product = byProduct.get(key) ?? { productName: row.productName, productCategory: row.productCategory, purchases: 0, amountFen: 0 };
    product.purchases += 1;
    product.amountFen += row.amountFen;
    byProduct.set(key, product);
    const county = byCounty.get(row.countyCode) ?? { countyCode: row.countyCode, purchases: 0, amountFen: 0 };
    county.purchases += 1;
    county.amountFen += row.amountFen;
    byCounty.set(row.countyCode, county);
  }
  const names = await regionNames(context.db, [...byCounty.keys()]);
  return {
    year,
    totalFen: rows.reduce((total, row) => total + row.amountFen, 0),
    byProduct: [...byProduct.values()].sort((a, b) => b.amountFen - a.amountFen || a.productName.localeCompare(b.productName)),
    byCounty: [...byCounty.values()]
      .sort((a, b) => a.countyCode.localeCompare(b.countyCode))
      .map((county) => ({ ...county, countyName: names.get(county.countyCode) ?? county.countyCode })),
  };
}

/**
 * The county of origin records a purchase of its product (its own county only: the request's county,
 * or for the demo seeder the county named); audited.
 */
export async function recordPurchase(context: WriteContext, input: z.output<typeof PurchaseInputSchema>, countyCode?: string): Promise<PurchaseView> {
  const county = countyCode ?? context.access.requireCounty();
  context.access.assertRegion(county);
  if (input.relationshipId !== null) {
    const relationship = await getRelationship(context, input.relationshipId);
    if (relationship.countyCode !== county || relationship.system !== 'pairing' || relationship.kind !== 'consumption')
      throw errors.invalid(
        { 'zh-CN': '只能计入本县的消费帮扶关系', en: 'Only a consumption pairing of this county' },
        { fieldErrors: { relationshipId: ['不是本县的消费帮扶 / not a consumption pairing of this county'] } },
      );
  }
  await assertActiveOrganisations(context.db, [input.buyerOrganisationId], 'buyerOrganisationId');
  const [row] = (await context.db
    .insert(purchases)
    .values({
      countyCode: county,
      relationshipId: input.relationshipId,
      buyerOrganisationId: input.buyerOrganisationId,
      year: input.year,
      purchasedOn: input.purchasedOn,
      productName: input.productName,
      productCategory: input.productCategory,
      amountFen: input.amountFen,
      createdBy: context.actor.username,
    })
    .returning()) as [PurchaseRow];
  await context.audit({ action: 'purchase.create', regionCode: county, entityType: 'assistance-purchase', entityId: row.id, after: row });
  const [view] = await views(context, [row]);
  return view as PurchaseView;
}
