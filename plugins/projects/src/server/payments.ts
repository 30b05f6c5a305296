import { ZxError } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import { disbursementDecision, formatYuan, reason, type DisbursementReasonCode, type ParameterSet, type PaymentKind, type Reason } from '@zhenxing/rules';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { FundSource, PayInputSchema } from '../index.ts';
import type { ProjectsContext } from './settings.ts';
import { allocations, payments, projects, type PaymentRow, type ProjectRow } from './schema.ts';
import { loadProject } from './workflow.ts';

export type PaymentReasonCode = DisbursementReasonCode | 'no-allocation' | 'paid-above-allocation';

export interface PaymentDecision {
  allowed: boolean;
  kind: PaymentKind;
  requestedFen: number;
  /** The most that may be paid now, and (first payment) the least. */
  maximumFen: number;
  minimumFen: number;
  /** The ceiling of all payments: allocated linkage funds when the county uses funds, else the budget. */
  capFen: number;
  fundSource: FundSource;
  paidFen: number;
  reasons: Reason<PaymentReasonCode>[];
  parameterVersion: string | null;
}

export async function allocatedFen(db: Executor, projectId: number): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${allocations.amountFen}), 0)::bigint`.mapWith(Number) })
    .from(allocations)
    .where(eq(allocations.projectId, projectId));
  return row?.total ?? 0;
}

/**
 * The payment cap. With funds enabled in the county, the funds allocated to the project (learned
 * from `funds.allocated`) are the project funds the rule works on; without funds, the budget is.
 */
export async function paymentBasis(context: ProjectsContext, project: ProjectRow): Promise<{ capFen: number; fundSource: FundSource }> {
  const fundsEnabled = await context.runtime.modules.isEnabled(context.db, 'funds', project.countyCode);
  if (!fundsEnabled) return { capFen: project.budgetFen, fundSource: 'project-budget' };
  return { capFen: await allocatedFen(context.db, project.id), fundSource: 'linkage-funds' };
}

/** §5 decision for paying `requestedFen` now: `disbursementDecision` from the rules, on the cap above. */
export async function decidePayment(
  context: ProjectsContext,
  project: ProjectRow,
  requestedFen: number,
  /** The set to decide under (a replay); default the one in force today. */
  under?: ParameterSet,
): Promise<PaymentDecision> {
  const { capFen, fundSource } = await paymentBasis(context, project);
  const base = { requestedFen, capFen, fundSource, paidFen: project.paidFen };
  const kind: PaymentKind = project.stage === 'accepted' ? 'final' : project.paidFen === 0 ? 'first' : 'progress';
  if (capFen === 0) {
    return {
      ...base,
      allowed: false,
      kind,
      maximumFen: 0,
      minimumFen: 0,
      parameterVersion: null,
      reasons: [
        reason('no-allocation', '§5', {
          'zh-CN': '尚未向该项目安排衔接资金，不能拨付；请先在“衔接资金”中将资金分配到本项目',
          en: 'no linkage funds have been allocated to this project yet; allocate funds to it under Linkage funds first',
        }),
      ],
    };
  }
  if (project.paidFen > capFen) {
    return {
      ...base,
      allowed: false,
      kind,
      maximumFen: 0,
      minimumFen: 0,
      parameterVersion: null,
      reasons: [
        reason(
          'paid-above-allocation',
          '§5',
          {
            'zh-CN': `已拨付 ${formatYuan(project.paidFen)} 超过安排的资金 ${formatYuan(capFen)}，请先核对资金安排`,
            en: `${formatYuan(project.paidFen)} already paid exceeds the ${formatYuan(capFen)} allocated; check the allocations first`,
          },
          { paidFen: project.paidFen, capFen },
        ),
      ],
    };
  }
  const parameters = under ?? context.parameters.inForce(project.countyCode, context.today);
  const decision = disbursementDecision(
    {
      budgetFen: capFen,
      paidFen: project.paidFen,
      constructionStarted: ['started', 'completed', 'accepted'].includes(project.stage),
      progressBasisPoints: project.progressBasisPoints,
      accepted: project.stage === 'accepted',
      requestedFen,
    },
    parameters,
  );
  return {
    ...base,
    allowed: decision.allowed,
    kind: decision.kind,
    maximumFen: decision.maximumFen,
    minimumFen: decision.minimumFen,
    reasons: decision.reasons,
    parameterVersion: decision.parameterVersion,
  };
}

export function paymentRefused(decision: PaymentDecision): ZxError {
  return new ZxError(
    'PRECONDITION_FAILED',
    'payment-refused',
    {
      'zh-CN': `不予拨付：${decision.reasons.map((item) => item.message['zh-CN']).join('；')}。`,
      en: `Payment refused: ${decision.reasons.map((item) => item.message.en).join('; ')}.`,
    },
    { reasons: decision.reasons, maximumFen: decision.maximumFen, minimumFen: decision.minimumFen, capFen: decision.capFen, fundSource: decision.fundSource },
  );
}

/**
 * 拨付: an explicit, idempotent, audited step. The project row is locked, so concurrent payments of
 * one project are decided one after another; a repeated idempotency key returns the first payment.
 */
export async function pay(context: ProjectsContext, input: z.output<typeof PayInputSchema>): Promise<{ payment: PaymentRow; replayed: boolean }> {
  const project = await loadProject(context, input.projectId, true);
  context.access.assertRegion(project.villageCode);
  const [existing] = await context.db
    .select()
    .from(payments)
    .where(and(eq(payments.countyCode, project.countyCode), eq(payments.idempotencyKey, input.idempotencyKey)));
  if (existing) {
    if (existing.projectId !== project.id || existing.amountFen !== input.amountFen) {
      throw new ZxError(
        'CONFLICT',
        'idempotency-key-reused',
        {
          'zh-CN': '该幂等键已用于另一笔不同的拨付；新的拨付请使用新的键。',
          en: 'This idempotency key was already used for a different payment; use a new key for a new payment.',
        },
        { paymentId: existing.id },
      );
    }
    await context.audit({
      action: 'payment.replay',
      regionCode: project.villageCode,
      entityType: 'project-payment',
      entityId: existing.id,
      after: { idempotencyKey: input.idempotencyKey },
    });
    return { payment: existing, replayed: true };
  }
  const decision = await decidePayment(context, project, input.amountFen);
  if (!decision.allowed) throw paymentRefused(decision);
  const paidOn = input.paidOn ?? context.today;
  const [row] = await context.db
    .insert(payments)
    .values({
      countyCode: project.countyCode,
      villageCode: project.villageCode,
      projectId: project.id,
      idempotencyKey: input.idempotencyKey,
      kind: decision.kind,
      amountFen: input.amountFen,
      capFen: decision.capFen,
      fundSource: decision.fundSource,
      progressBasisPoints: project.progressBasisPoints,
      parameterVersion: decision.parameterVersion ?? '',
      paidOn,
      note: input.note,
      paidBy: context.user.id,
    })
    .returning();
  const payment = row as PaymentRow;
  await context.db
    .update(projects)
    .set({ paidFen: project.paidFen + payment.amountFen })
    .where(eq(projects.id, project.id));
  await context.audit({
    action: 'payment.make',
    regionCode: project.villageCode,
    entityType: 'project-payment',
    entityId: payment.id,
    before: { paidFen: project.paidFen },
    after: { ...payment, reasons: decision.reasons.map((item) => item.code) },
  });
  context.emit('projects.payment-made', {
    countyCode: project.countyCode,
    projectId: project.id,
    projectTitle: project.title,
    paymentId: payment.id,
    idempotencyKey: payment.idempotencyKey,
    amountFen: payment.amountFen,
    paidOn,
    kind: decision.kind,
    fundSource: decision.fundSource,
  });
  return { payment, replayed: false };
}
