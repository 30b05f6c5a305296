import { errors, ZxError, type Localized } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import { formatYuan } from '@zhenxing/rules';
import { and, asc, eq, sql, type Column } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateAllocationInputSchema, CreateBatchInputSchema, FundLevel, RecordSpendingInputSchema } from '../index.ts';
import type { FundsContext } from './settings.ts';
import { allocations, batches, spending, type AllocationRow, type BatchRow, type SpendingRow } from './schema.ts';

const BATCH: Localized = { 'zh-CN': '资金批次', en: 'The funds batch' };
const ALLOCATION: Localized = { 'zh-CN': '资金分配', en: 'The allocation' };

function keyReused(): ZxError {
  return new ZxError('CONFLICT', 'idempotency-key-reused', {
    'zh-CN': '该幂等键已用于另一笔不同的记录；新的记录请使用新的键。',
    en: 'This idempotency key was already used for a different entry; use a new key for a new entry.',
  });
}

const sumFen = (column: Column) => sql<number>`coalesce(sum(${column}), 0)::bigint`.mapWith(Number);

/** 资金下达: records a batch the county received. Idempotent on the client's key. */
export async function createBatch(context: FundsContext, input: z.output<typeof CreateBatchInputSchema>): Promise<BatchRow> {
  const countyCode = context.access.requireCounty();
  context.access.assertRegion(countyCode);
  const [existing] = await context.db
    .select()
    .from(batches)
    .where(and(eq(batches.countyCode, countyCode), eq(batches.idempotencyKey, input.idempotencyKey)));
  if (existing) {
    if (existing.amountFen !== input.amountFen || existing.documentNumber !== input.documentNumber || existing.level !== input.level) throw keyReused();
    await context.audit({ action: 'batch.replay', regionCode: countyCode, entityType: 'funds-batch', entityId: existing.id });
    return existing;
  }
  const [row] = await context.db
    .insert(batches)
    .values({
      countyCode,
      year: input.year,
      level: input.level,
      documentNumber: input.documentNumber,
      documentDate: input.documentDate,
      amountFen: input.amountFen,
      title: input.title,
      idempotencyKey: input.idempotencyKey,
    })
    .returning();
  const batch = row as BatchRow;
  await context.audit({ action: 'batch.create', regionCode: countyCode, entityType: 'funds-batch', entityId: batch.id, after: batch });
  return batch;
}

async function loadBatch(context: FundsContext, id: number, lock: boolean): Promise<BatchRow> {
  const query = context.db
    .select()
    .from(batches)
    .where(and(eq(batches.id, id), context.access.where(batches.countyCode)));
  const [batch] = lock ? await query.for('update') : await query;
  if (!batch || !context.access.canSee(batch.countyCode)) throw errors.notFound(BATCH);
  return batch;
}

export async function allocatedOfBatch(db: Executor, batchId: number): Promise<number> {
  const [row] = await db
    .select({ total: sumFen(allocations.amountFen) })
    .from(allocations)
    .where(eq(allocations.batchId, batchId));
  return row?.total ?? 0;
}

/**
 * 资金分配: part of a batch to a use and, optionally, to a project (id + title). The batch is locked
 * so allocations never exceed it. A project allocation raises `funds.allocated`, which the projects
 * module (when enabled) takes as the project's payment cap.
 */
export async function createAllocation(context: FundsContext, input: z.output<typeof CreateAllocationInputSchema>): Promise<AllocationRow> {
  const batch = await loadBatch(context, input.batchId, true);
  context.access.assertRegion(batch.countyCode);
  const [existing] = await context.db
    .select()
    .from(allocations)
    .where(and(eq(allocations.countyCode, batch.countyCode), eq(allocations.idempotencyKey, input.idempotencyKey)));
  if (existing) {
    if (
      existing.batchId !== batch.id ||
      existing.amountFen !== input.amountFen ||
      existing.use !== input.use ||
      (existing.projectId ?? undefined) !== input.projectId
    )
      throw keyReused();
    await context.audit({ action: 'allocation.replay', regionCode: batch.countyCode, entityType: 'funds-allocation', entityId: existing.id });
    return existing;
  }
  const already = await allocatedOfBatch(context.db, batch.id);
  if (already + input.amountFen > batch.amountFen) {
    const left = batch.amountFen - already;
    throw new ZxError(
      'PRECONDITION_FAILED',
      'exceeds-batch',
      {
        'zh-CN': `分配 ${formatYuan(input.amountFen)} 超过该批次（${batch.documentNumber}）尚未分配的 ${formatYuan(left)}。`,
        en: `Allocating ${formatYuan(input.amountFen)} exceeds the ${formatYuan(left)} of batch ${batch.documentNumber} not yet allocated.`,
      },
      { batchId: batch.id, unallocatedFen: left },
    );
  }
  const [row] = await context.db
    .insert(allocations)
    .values({
      countyCode: batch.countyCode,
      batchId: batch.id,
      use: input.use,
      purpose: input.purpose,
      amountFen: input.amountFen,
      projectId: input.projectId ?? null,
      projectTitle: input.projectTitle ?? null,
      linksFarmers: input.linksFarmers,
      reachesHouseholds: input.reachesHouseholds,
      idempotencyKey: input.idempotencyKey,
    })
    .returning();
  const allocation = row as AllocationRow;
  await context.audit({
    action: 'allocation.create',
    regionCode: batch.countyCode,
    entityType: 'funds-allocation',
    entityId: allocation.id,
    after: allocation,
  });
  if (allocation.projectId !== null && allocation.projectTitle !== null) {
    context.emit('funds.allocated', {
      countyCode: allocation.countyCode,
      allocationId: allocation.id,
      projectId: allocation.projectId,
      projectTitle: allocation.projectTitle,
      amountFen: allocation.amountFen,
      year: batch.year,
      level: batch.level as FundLevel,
      use: input.use,
      documentNumber: batch.documentNumber,
    });
  }
  return allocation;
}

export async function spentOfAllocation(db: Executor, allocationId: number): Promise<number> {
  const [row] = await db
    .select({ total: sumFen(spending.amountFen) })
    .from(spending)
    .where(eq(spending.allocationId, allocationId));
  return row?.total ?? 0;
}

/**
 * 支出 entered by hand: for allocations not tied to a project, or tied to one while the county
 * does not use the projects module (with projects enabled, its payments are the spending).
 */
export async function recordSpending(context: FundsContext, input: z.output<typeof RecordSpendingInputSchema>): Promise<SpendingRow> {
  const [allocation] = await context.db
    .select()
    .from(allocations)
    .where(and(eq(allocations.id, input.allocationId), context.access.where(allocations.countyCode)))
    .for('update');
  if (!allocation || !context.access.canSee(allocation.countyCode)) throw errors.notFound(ALLOCATION);
  context.access.assertRegion(allocation.countyCode);
  const [existing] = await context.db
    .select()
    .from(spending)
    .where(and(eq(spending.countyCode, allocation.countyCode), eq(spending.sourceRef, input.idempotencyKey)));
  if (existing) {
    if (existing.allocationId !== allocation.id || existing.amountFen !== input.amountFen) throw keyReused();
    await context.audit({ action: 'spending.replay', regionCode: allocation.countyCode, entityType: 'funds-spending', entityId: existing.id });
    return existing;
  }
  if (allocation.projectId !== null && (await context.runtime.modules.isEnabled(context.db, 'projects', allocation.countyCode))) {
    throw new ZxError('PRECONDITION_FAILED', 'spending-recorded-by-projects', {
      'zh-CN': '该资金已安排到项目，且本县启用了“项目库与资金拨付”：请在项目中办理拨付，支出会自动记入。',
      en: 'These funds are allocated to a project and the county uses the project library: pay through the project; the spending is recorded automatically.',
    });
  }
  const spent = await spentOfAllocation(context.db, allocation.id);
  if (spent + input.amountFen > allocation.amountFen) {
    throw new ZxError(
      'PRECONDITION_FAILED',
      'exceeds-allocation',
      {
        'zh-CN': `支出 ${formatYuan(input.amountFen)} 超过该分配尚未支出的 ${formatYuan(allocation.amountFen - spent)}。`,
        en: `Spending ${formatYuan(input.amountFen)} exceeds the ${formatYuan(allocation.amountFen - spent)} of the allocation not yet spent.`,
      },
      { allocationId: allocation.id, unspentFen: allocation.amountFen - spent },
    );
  }
  const [row] = await context.db
    .insert(spending)
    .values({
      countyCode: allocation.countyCode,
      allocationId: allocation.id,
      source: 'manual',
      sourceRef: input.idempotencyKey,
      amountFen: input.amountFen,
      paidOn: input.paidOn,
    })
    .returning();
  const entry = row as SpendingRow;
  await context.audit({ action: 'spending.record', regionCode: allocation.countyCode, entityType: 'funds-spending', entityId: entry.id, after: entry });
  return entry;
}

/**
 * Each batch with its 已安排 and 未安排 — the figures the batch page and the allocation form's
 * 尚可安排 show, and the same sum `createAllocation` refuses against. The sum is a grouped
 * sub-select joined on the batch id: a correlated `(select … where batch_id = batches.id)`
 * in a one-table select is rendered with unqualified columns, so `id` bound to the allocation's own
 * id and a new batch showed other batches' money (issue 11).
 */
export function listBatches(context: FundsContext, year: number) {
  const allocated = context.db
    .select({ batchId: allocations.batchId, totalFen: sql<number>`sum(${allocations.amountFen})`.as('total_fen') })
    .from(allocations)
    .groupBy(allocations.batchId)
    .as('allocated');
  return context.db
    .select({ batch: batches, allocatedFen: sql<number>`coalesce(${allocated.totalFen}, 0)::bigint`.mapWith(Number) })
    .from(batches)
    .leftJoin(allocated, eq(allocated.batchId, batches.id))
    .where(and(context.access.where(batches.countyCode), eq(batches.year, year)))
    .orderBy(asc(batches.countyCode), asc(batches.documentDate), asc(batches.id))
    .then((rows) => rows.map((row) => ({ ...row.batch, allocatedFen: row.allocatedFen, unallocatedFen: row.batch.amountFen - row.allocatedFen })));
}

export function listAllocations(context: FundsContext, filter: { year?: number | undefined; batchId?: number | undefined; projectId?: number | undefined }) {
  const conditions = [context.access.where(allocations.countyCode)];
  if (filter.year !== undefined) conditions.push(eq(batches.year, filter.year));
  if (filter.batchId !== undefined) conditions.push(eq(allocations.batchId, filter.batchId));
  if (filter.projectId !== undefined) conditions.push(eq(allocations.projectId, filter.projectId));
  return context.db
    .select({
      allocation: allocations,
      year: batches.year,
      level: batches.level,
      documentNumber: batches.documentNumber,
      spentFen:
        sql<number>`coalesce((select sum(${spending.amountFen}) from ${spending} where ${spending.allocationId} = ${allocations.id}), 0)::bigint`.mapWith(
          Number,
        ),
    })
    .from(allocations)
    .innerJoin(batches, eq(batches.id, allocations.batchId))
    .where(and(...conditions))
    .orderBy(asc(allocations.id))
    .then((rows) => rows.map((row) => ({ ...row.allocation, year: row.year, level: row.level, documentNumber: row.documentNumber, spentFen: row.spentFen })));
}
