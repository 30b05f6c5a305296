import type { LeakProbes } from '@zhenxing/core';

/**
 * One input per procedure aimed at Xushui's data. A real project is created in the victim county
 * (as its admin), so by-id probes point at something that exists.
 */
export const leakProbes: LeakProbes = async ({ victimCounty, victimVillage, call, settle }) => {
  const project = (await call('projects.submit', {
    villageCode: victimVillage,
    title: '泄露探针项目',
    category: 'industry',
    budgetFen: 1_000_000,
  })) as { id: number };
  const id = project.id;
  // A notice too, so the notices probe lists something real.
  await call('projects.notices.publish', { projectId: id, kind: 'village-publicity', startDate: '2026-02-01', endDate: '2026-02-10', content: '泄露探针公示' });
  // One project at each later stage, walked there by the procedures (notices dated in the past, so
  // every waiting period has run), so that each step's probe succeeds for its owner.
  const past = (kind: string) => ({ kind, startDate: '2026-02-01', endDate: '2026-02-10', content: `泄露探针${kind}` });
  const walk: ((projectId: number) => Promise<unknown>)[] = [
    (projectId) => call('projects.notices.publish', { projectId, ...past('village-publicity') }),
    (projectId) => call('projects.review', { id: projectId, decision: 'pass' }),
    (projectId) => call('projects.notices.publish', { projectId, ...past('township-publicity') }),
    (projectId) => call('projects.approve', { id: projectId, decision: 'pass' }),
    (projectId) => call('projects.notices.publish', { projectId, ...past('county-publicity') }),
    (projectId) => call('projects.notices.publish', { projectId, ...past('county-announcement') }),
    (projectId) => call('projects.tender', { id: projectId, winningBidder: '探针建设公司' }),
    (projectId) => call('projects.start', { id: projectId }),
    (projectId) => call('projects.progress.report', { projectId, progressBasisPoints: 6000, text: '探针进度' }),
    (projectId) => call('projects.complete', { id: projectId }),
  ];
  const projectAfter = async (steps: number, title: string): Promise<number> => {
    const created = (await call('projects.submit', { villageCode: victimVillage, title, category: 'industry', budgetFen: 1_000_000 })) as { id: number };
    for (const step of walk.slice(0, steps)) await step(created.id);
    return created.id;
  };
  const reviewed = await projectAfter(3, '探针：乡镇已审核');
  const approved = await projectAfter(6, '探针：县级已审定');
  const tendered = await projectAfter(7, '探针：已招投标');
  const started = await projectAfter(9, '探针：已动工');
  const completed = await projectAfter(10, '探针：已完工');
  // Linkage funds allocated to the started project (the funds plugin, when installed, caps payments by them).
  const batch = (await call('funds.batches.create', {
    year: 2026,
    level: 'central',
    documentNumber: '项目探针〔2026〕1号',
    documentDate: '2026-01-05',
    amountFen: 2_000_000,
    idempotencyKey: 'projects-probe-batch',
  })) as { id: number };
  await call('funds.allocations.create', {
    batchId: batch.id,
    use: 'industry',
    purpose: '项目探针',
    amountFen: 1_000_000,
    projectId: started,
    projectTitle: '探针：已动工',
    idempotencyKey: 'projects-probe-allocation',
  });
  // Projects learns the allocation from the funds.allocated event, handled after the commit: wait
  // for it, then make one payment so the payments probe lists something real.
  await settle();
  await call('projects.payments.pay', { projectId: started, amountFen: 300_000, idempotencyKey: 'projects-probe-payment' });
  const region = { regionCode: victimCounty };
  return {
    list: region,
    get: { ...region, id },
    reviewQueue: region,
    fundingQueue: region,
    submit: { ...region, villageCode: victimVillage, title: '越权申报', category: 'industry', budgetFen: 100 },
    review: { ...region, id, decision: 'pass' },
    approve: { ...region, id: reviewed, decision: 'pass' },
    tender: { ...region, id: approved, winningBidder: '越权' },
    start: { ...region, id: tendered },
    complete: { ...region, id: started },
    accept: { ...region, id: completed },
    'notices.list': { ...region, projectId: id },
    'notices.publish': { ...region, projectId: id, kind: 'village-publicity', startDate: '2022-05-01', endDate: '2022-05-10', content: '越权' },
    'progress.list': { ...region, projectId: started },
    'progress.report': { ...region, projectId: started, progressBasisPoints: 7000, text: '越权' },
    'payments.list': { ...region, projectId: started },
    'payments.preview': { ...region, projectId: started, amountFen: 300_000 },
    'payments.replay': { ...region, projectId: started, amountFen: 300_000, version: 'hebei-2022.1' },
    'payments.pay': { ...region, projectId: started, amountFen: 300_000, idempotencyKey: 'leak-probe-key' },
    'dashboard.byStage': region,
  };
};
