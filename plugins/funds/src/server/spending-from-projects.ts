import type { EventContext } from '@zhenxing/core';
import { and, asc, eq } from 'drizzle-orm';
import type { ProjectPaymentMade } from '@zhenxing/plugin-projects';
import { spentOfAllocation } from './ledger.ts';
import { allocations, spending } from './schema.ts';

/**
 * `projects.payment-made` → spending against the project's allocations, oldest allocation first.
 * Idempotent on the payment id. A payment from the project's own budget (made while funds was not
 * in use) or beyond what was allocated is logged, never invented as linkage-fund spending.
 */
export async function recordProjectPayment(payment: ProjectPaymentMade, context: EventContext): Promise<void> {
  const sourceRef = `payment:${payment.paymentId}`;
  const [already] = await context.db
    .select({ id: spending.id })
    .from(spending)
    .where(and(eq(spending.countyCode, payment.countyCode), eq(spending.sourceRef, sourceRef)));
  if (already) return;
  if (payment.fundSource !== 'linkage-funds') {
    context.logger.info({ payment }, 'payment from the project budget; not linkage-fund spending');
    return;
  }
  const rows = await context.db
    .select()
    .from(allocations)
    .where(and(eq(allocations.countyCode, payment.countyCode), eq(allocations.projectId, payment.projectId)))
    .orderBy(asc(allocations.id))
    .for('update');
  let remaining = payment.amountFen;
  for (const allocation of rows) {
    if (remaining === 0) break;
    const free = allocation.amountFen - (await spentOfAllocation(context.db, allocation.id));
    if (free <= 0) continue;
    const amountFen = Math.min(free, remaining);
    const [entry] = await context.db
      .insert(spending)
      .values({ countyCode: payment.countyCode, allocationId: allocation.id, source: 'projects', sourceRef, amountFen, paidOn: payment.paidOn })
      .returning();
    await context.audit({
      action: 'spending.from-project-payment',
      regionCode: payment.countyCode,
      entityType: 'funds-spending',
      entityId: entry?.id,
      after: entry,
    });
    remaining -= amountFen;
  }
  if (remaining > 0)
    context.logger.warn({ payment, unrecordedFen: remaining }, 'project payment exceeds its allocations; the excess is not recorded as spending');
}
