import type { LeakProbes } from '@zhenxing/core';

/**
 * One input per procedure aimed at Xushui's data. A real project is created in the victim county
 * (as its admin), so by-id probes point at something that exists.
 */
export const leakProbes: LeakProbes = async ({ victimCounty, victimVillage, call }) => {
  const project = (await call('projects.submit', {
    villageCode: victimVillage,
    title: '泄露探针项目',
    category: 'industry',
    budgetFen: 1_000_000,
  })) as { id: number };
  const id = project.id;
  // A notice too, so the notices probe lists something real.
  await call('projects.notices.publish', { projectId: id, kind: 'village-publicity', startDate: '2026-02-01', endDate: '2026-02-10', content: '泄露探针公示' });
  const region = { regionCode: victimCounty };
  return {
    list: region,
    get: { ...region, id },
    reviewQueue: region,
    fundingQueue: region,
    submit: { ...region, villageCode: victimVillage, title: '越权申报', category: 'industry', budgetFen: 100 },
    review: { ...region, id, decision: 'pass' },
    approve: { ...region, id, decision: 'pass' },
    tender: { ...region, id, winningBidder: '越权' },
    start: { ...region, id },
    complete: { ...region, id },
    accept: { ...region, id },
    'notices.list': { ...region, projectId: id },
    'notices.publish': { ...region, projectId: id, kind: 'village-publicity', startDate: '2022-05-01', endDate: '2022-05-10', content: '越权' },
    'progress.list': { ...region, projectId: id },
    'progress.report': { ...region, projectId: id, progressBasisPoints: 5000, text: '越权' },
    'payments.list': { ...region, projectId: id },
    'payments.preview': { ...region, projectId: id, amountFen: 300_000 },
    'payments.pay': { ...region, projectId: id, amountFen: 300_000, idempotencyKey: 'leak-probe-key' },
    'dashboard.byStage': region,
  };
};
