import { auditLog } from '@zhenxing/db';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectsPlugin } from '../src/server/plugin.ts';

const VILLAGE = '130609100002';
type App = TestApp<[typeof projectsPlugin]>;

/** Publishes a notice that has already ended (sequential steps may go ahead). */
async function endedNotice(app: App, projectId: number, kind: 'village-publicity' | 'township-publicity' | 'county-publicity' | 'county-announcement') {
  await app.as('xushui').projects.notices.publish({ projectId, kind, startDate: '2026-02-01', endDate: '2026-02-10', content: `${kind} 公示内容` });
}

/** A project taken through the library to construction start. */
async function startedProject(app: App, budgetFen: number, title = '测试项目') {
  const project = await app
    .as('juwei')
    .projects.submit({ villageCode: VILLAGE, title, category: 'industry', budgetFen, povertyExitedHouseholds: 3, monitoredHouseholds: 1 });
  await endedNotice(app, project.id, 'village-publicity');
  await app.as('ansu').projects.review({ id: project.id, decision: 'pass' });
  await endedNotice(app, project.id, 'township-publicity');
  await app.as('xushui').projects.approve({ id: project.id, decision: 'pass' });
  await endedNotice(app, project.id, 'county-publicity');
  await endedNotice(app, project.id, 'county-announcement');
  await app.as('xushui').projects.tender({ id: project.id, winningBidder: '某建设公司（合成）' });
  await app.as('xushui').projects.start({ id: project.id });
  return project;
}

let keySeq = 0;
const key = () => `test-key-${++keySeq}-${Date.now()}`;

describe('projects without funds: the budget caps payments', () => {
  let app: App;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [projectsPlugin], enable: { '130609': ['projects'], '130602': ['projects'] } });
  });
  afterAll(() => app?.close());

  it('first payment at start: 29.99% refused, 30% allowed; 50% allowed, 50.01% refused — reasons from the rules', async () => {
    const low = await startedProject(app, 1_000_000, '首笔下限');
    await expect(app.as('xushui').projects.payments.pay({ projectId: low.id, amountFen: 299_900, idempotencyKey: key() })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'payment-refused',
      details: { reasons: [expect.objectContaining({ code: 'first-payment-below-minimum' })], minimumFen: 300_000, maximumFen: 500_000 },
    });
    const paid = await app.as('xushui').projects.payments.pay({ projectId: low.id, amountFen: 300_000, idempotencyKey: key() });
    expect(paid.payment).toMatchObject({ kind: 'first', amountFen: 300_000, fundSource: 'project-budget', capFen: 1_000_000 });

    const high = await startedProject(app, 1_000_000, '首笔上限');
    const refused = await app.as('xushui').projects.payments.preview({ projectId: high.id, amountFen: 500_100 });
    expect(refused).toMatchObject({ allowed: false, reasons: [expect.objectContaining({ code: 'first-payment-above-maximum' })] });
    expect(refused.reasons[0]?.message['zh-CN']).toMatch(/超过项目资金的50/);
    await expect(app.as('xushui').projects.payments.pay({ projectId: high.id, amountFen: 500_100, idempotencyKey: key() })).rejects.toThrow(/Payment refused/);
    expect((await app.as('xushui').projects.payments.pay({ projectId: high.id, amountFen: 500_000, idempotencyKey: key() })).payment.amountFen).toBe(500_000);
  });

  it('refuses payment before construction starts, beyond progress, and the final payment before acceptance', async () => {
    const project = await app.as('juwei').projects.submit({ villageCode: VILLAGE, title: '未动工', category: 'industry', budgetFen: 1_000_000 });
    await expect(app.as('xushui').projects.payments.pay({ projectId: project.id, amountFen: 300_000, idempotencyKey: key() })).rejects.toMatchObject({
      details: { reasons: [expect.objectContaining({ code: 'construction-not-started' })] },
    });

    const started = await startedProject(app, 1_000_000, '按进度');
    await app.as('xushui').projects.payments.pay({ projectId: started.id, amountFen: 400_000, idempotencyKey: key() });
    await app
      .as('juwei')
      .projects.progress.report({ projectId: started.id, progressBasisPoints: 6_000, text: '主体完成六成', attachments: ['现场照片1.jpg', '监理日志.pdf'] });
    await expect(app.as('xushui').projects.payments.pay({ projectId: started.id, amountFen: 200_001, idempotencyKey: key() })).rejects.toMatchObject({
      details: { reasons: [expect.objectContaining({ code: 'exceeds-progress' })] },
    });
    await app.as('xushui').projects.payments.pay({ projectId: started.id, amountFen: 200_000, idempotencyKey: key() });
    await app.as('juwei').projects.progress.report({ projectId: started.id, progressBasisPoints: 10_000, text: '完工', attachments: [] });
    // 100% progress but not accepted: 10% is withheld until acceptance.
    const beforeAcceptance = await app.as('xushui').projects.payments.preview({ projectId: started.id, amountFen: 400_000 });
    expect(beforeAcceptance.reasons.map((item) => item.code)).toEqual(['final-payment-before-acceptance']);
    expect(beforeAcceptance.maximumFen).toBe(300_000);
    await app.as('xushui').projects.complete({ id: started.id });
    await app.as('xushui').projects.accept({ id: started.id });
    const final = await app.as('xushui').projects.payments.pay({ projectId: started.id, amountFen: 400_000, idempotencyKey: key() });
    expect(final.payment.kind).toBe('final');
    await expect(app.as('xushui').projects.payments.pay({ projectId: started.id, amountFen: 1, idempotencyKey: key() })).rejects.toMatchObject({
      details: { reasons: [expect.objectContaining({ code: 'exceeds-budget' })] },
    });
    const detail = await app.as('xushui').projects.get({ id: started.id });
    expect(detail.project.paidFen).toBe(1_000_000);
    expect(detail.progressReports.map((report) => report.attachments)).toEqual([['现场照片1.jpg', '监理日志.pdf'], []]);
  });

  it('progress never goes backwards', async () => {
    const project = await startedProject(app, 500_000, '进度倒退');
    await app.as('juwei').projects.progress.report({ projectId: project.id, progressBasisPoints: 5_000, text: '一半' });
    await expect(app.as('juwei').projects.progress.report({ projectId: project.id, progressBasisPoints: 4_000, text: '少了' })).rejects.toMatchObject({
      reason: 'progress-backwards',
    });
  });

  it('pays once per idempotency key, audits every payment and refuses a reused key for another amount', async () => {
    const project = await startedProject(app, 1_000_000, '幂等');
    const idempotencyKey = key();
    const first = await app.as('xushui').projects.payments.pay({ projectId: project.id, amountFen: 350_000, idempotencyKey });
    const again = await app.as('xushui').projects.payments.pay({ projectId: project.id, amountFen: 350_000, idempotencyKey });
    expect(again).toMatchObject({ replayed: true, payment: { id: first.payment.id } });
    expect((await app.as('xushui').projects.get({ id: project.id })).project.paidFen).toBe(350_000);
    await expect(app.as('xushui').projects.payments.pay({ projectId: project.id, amountFen: 360_000, idempotencyKey })).rejects.toMatchObject({
      code: 'CONFLICT',
      reason: 'idempotency-key-reused',
    });
    const entries = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.plugin, 'projects'), eq(auditLog.entityType, 'project-payment'), eq(auditLog.entityId, String(first.payment.id))));
    expect(entries.map((entry) => entry.action).sort()).toEqual(['payment.make', 'payment.replay']);
  });

  it('sequential mode waits for each notice to end before review and approval', async () => {
    const project = await app.as('juwei').projects.submit({ villageCode: VILLAGE, title: '顺序公示', category: 'infrastructure', budgetFen: 800_000 });
    await expect(app.as('ansu').projects.review({ id: project.id, decision: 'pass' })).rejects.toMatchObject({ reason: 'notice-required' });
    await app
      .as('juwei')
      .projects.notices.publish({ projectId: project.id, kind: 'village-publicity', startDate: '2026-03-02', endDate: '2026-03-08', content: '村级公示' });
    await expect(app.as('ansu').projects.review({ id: project.id, decision: 'pass' })).rejects.toThrow(/must have ended/);
    app.clock.set('2026-03-09T02:00:00Z');
    await app.as('ansu').projects.review({ id: project.id, decision: 'pass' });
    await app
      .as('ansu')
      .projects.notices.publish({ projectId: project.id, kind: 'township-publicity', startDate: '2026-03-09', endDate: '2026-03-15', content: '乡镇公示' });
    await expect(app.as('xushui').projects.approve({ id: project.id, decision: 'pass' })).rejects.toMatchObject({ reason: 'notice-required' });
    app.clock.set('2026-03-16T02:00:00Z');
    expect((await app.as('xushui').projects.approve({ id: project.id, decision: 'pass' })).stage).toBe('approved');
    app.clock.set('2026-03-02T01:00:00Z');
  });

  it('parallel mode (边公示、边上报、边审核) lets review and approval run while notices run, but not before they start', async () => {
    await app.host.runtime.modules.updateSettings(app.db, 'projects', '130609', { parallelMode: true }, null);
    try {
      const project = await app.as('juwei').projects.submit({ villageCode: VILLAGE, title: '并行公示', category: 'industry', budgetFen: 800_000 });
      expect(project.parallelMode).toBe(true);
      await app
        .as('juwei')
        .projects.notices.publish({ projectId: project.id, kind: 'village-publicity', startDate: '2026-03-05', endDate: '2026-03-12', content: '村级公示' });
      await expect(app.as('ansu').projects.review({ id: project.id, decision: 'pass' })).rejects.toThrow(/must have started/);
      await app.as('juwei').projects.notices.publish({
        projectId: project.id,
        kind: 'village-publicity',
        startDate: '2026-03-02',
        endDate: '2026-03-09',
        content: '村级公示（更正）',
      });
      await app
        .as('ansu')
        .projects.notices.publish({ projectId: project.id, kind: 'township-publicity', startDate: '2026-03-02', endDate: '2026-03-09', content: '乡镇公示' });
      await app.as('ansu').projects.review({ id: project.id, decision: 'pass' });
      const approved = await app.as('xushui').projects.approve({ id: project.id, decision: 'pass' });
      expect(approved).toMatchObject({ stage: 'approved', reviewedOn: '2026-03-02', approvedOn: '2026-03-02' });
    } finally {
      await app.host.runtime.modules.updateSettings(app.db, 'projects', '130609', {}, null);
    }
  });

  it('sorts epidemic-urgent projects that raise 脱贫/监测户 incomes first in review and funding', async () => {
    const ordinary = await app.as('juwei').projects.submit({ villageCode: VILLAGE, title: '普通项目', category: 'infrastructure', budgetFen: 100_000 });
    const urgent = await app.as('juwei').projects.submit({
      villageCode: VILLAGE,
      title: '疫情急需增收项目',
      category: 'industry',
      budgetFen: 100_000,
      epidemicUrgent: true,
      raisesIncome: true,
      monitoredHouseholds: 5,
    });
    const urgentOnly = await app
      .as('juwei')
      .projects.submit({ villageCode: VILLAGE, title: '仅急需', category: 'industry', budgetFen: 100_000, epidemicUrgent: true });
    expect([urgent.priority, ordinary.priority, urgentOnly.priority]).toEqual([true, false, false]);
    const queue = await app.as('ansu').projects.reviewQueue({});
    expect(queue[0]?.id).toBe(urgent.id);
    expect(queue.findIndex((project) => project.id === ordinary.id)).toBeGreaterThan(0);
    // Approved, both wait for funds: the urgent one (submitted later) still comes first.
    for (const { id } of [ordinary, urgent]) {
      await endedNotice(app, id, 'village-publicity');
      await app.as('ansu').projects.review({ id, decision: 'pass' });
      await endedNotice(app, id, 'township-publicity');
      await app.as('xushui').projects.approve({ id, decision: 'pass' });
    }
    const funding = await app.as('xushui').projects.fundingQueue({});
    const position = (id: number) => funding.findIndex((project) => project.id === id);
    expect(position(urgent.id)).toBeGreaterThanOrEqual(0);
    expect(position(urgent.id)).toBeLessThan(position(ordinary.id));
    expect(funding.every((project) => project.allocatedFen === 0)).toBe(true);
  });

  it('counts projects by stage with beneficiary households, per county, saying which counties lack the module', async () => {
    const board = await app.as('province').projects.dashboard.byStage({});
    const xushui = board.counties.find((county) => county.countyCode === '130609');
    expect(xushui?.byStage.started).toBeGreaterThan(0);
    expect(xushui?.povertyExitedHouseholds).toBeGreaterThan(0);
    expect(board.countiesWithoutModule).toContain('130102');
    const indicators = await app.as('province').indicators.values({});
    expect(indicators.find((value) => value.key === 'projects.under-construction')?.value).toBe(xushui?.byStage.started);
  });

  it('refuses another county’s user and a county without the module', async () => {
    const project = await app.as('juwei').projects.submit({ villageCode: VILLAGE, title: '越权', category: 'industry', budgetFen: 100_000 });
    await expect(app.as('jingxiu').projects.get({ id: project.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(app.as('jingxiu').projects.list({ regionCode: '130609' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(app.as('jingxiu').projects.submit({ villageCode: VILLAGE, title: '越权申报', category: 'industry', budgetFen: 1 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(app.as('jingxiu').projects.payments.pay({ projectId: project.id, amountFen: 30_000, idempotencyKey: key() })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(app.as('changan').projects.list({})).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'module-not-enabled' });
    await expect(app.as('juwei').projects.payments.pay({ projectId: project.id, amountFen: 30_000, idempotencyKey: key() })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
