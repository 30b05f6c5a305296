import { auditLog } from '@zhenxing/db';
import { forbiddenNoticeFields } from '@zhenxing/rules';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { history } from '../src/server/schema.ts';
import { at, captured, D, household, illnessOverrides, startApp, VILLAGE, type App } from './helpers.ts';

describe('identification: from a risk signal to inclusion, step by step with the right roles', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.close());

  it('walks one case through every step, with a return from the county and from the township', async () => {
    at(app, 0);
    const home = await household(app);

    // §1 早: a self-report opens the case; a second signal (cadre screening) joins it.
    const first = await app
      .as('juwei')
      .monitoring.signals.report({ householdId: home.id, source: 'self-report', summary: '农户申报：配偶住院，医疗支出大', riskTypes: ['illness'] });
    expect(first).toMatchObject({
      opened: true,
      case: { step: 'verification', discoveredOn: D, deadlineOn: '2026-03-17', warningOn: '2026-03-12', parameterVersion: 'hebei-2025.1' },
    });
    const caseId = first.caseId as number;
    const second = await app.as('ansu').monitoring.signals.report({
      householdId: home.id,
      source: 'cadre-screening',
      summary: '乡镇干部排查：务工收入下降',
      riskTypes: ['unstable-employment'],
    });
    expect(second).toMatchObject({ opened: false, caseId, signal: { disposition: 'absorbed-by-case', source: 'cadre-screening' } });
    const signals = await app.as('xushui').monitoring.signals.list({ caseId });
    expect(signals.map((signal) => signal.source).sort()).toEqual(['cadre-screening', 'self-report']);

    // Only the village cadre verifies; consent is required.
    await expect(app.as('ansu').monitoring.cases.verify({ caseId, consentSigned: true, findings: '越权' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(app.as('juwei').monitoring.cases.verify({ caseId, consentSigned: false as true, findings: '未签字' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(app.as('juwei').monitoring.cases.compare({ caseId })).rejects.toMatchObject({ code: 'CONFLICT', reason: 'wrong-step' });
    const verified = await app.as('juwei').monitoring.cases.verify({
      caseId,
      consentSigned: true,
      findings: '入户核实：情况属实',
      riskTypes: ['illness'],
      attachments: [{ name: '授权书（合成）.jpg', ref: 'files/consent-1' }],
    });
    expect(verified).toMatchObject({ step: 'comparison', consentSigned: true, riskTypes: ['illness', 'unstable-employment'] });

    // Data comparison: the four categories on registry data, with reasons and the parameter version.
    const compared = await app.as('juwei').monitoring.cases.compare({ caseId, overrides: illnessOverrides(home.spouseId), comment: '医保数据比对' });
    expect(compared.step).toBe('village-review');
    expect(compared.evaluation).toMatchObject({ matchedCategories: ['major-illness'], parameterVersion: 'hebei-2025.1' });
    expect(compared.evaluation?.results.find((result) => result.category === 'major-illness')?.reasons[0]?.code).toBe('member-exceeds-medical-warning');
    expect(compared.objectTypeDecision?.type).toBe('unstable-poverty-exited');

    await app.as('juwei').monitoring.cases.villageReview({ caseId, decision: 'pass', participants: 21, comment: '民主评议通过' });
    at(app, 1);
    await app.as('juwei').monitoring.cases.postNotice({ caseId });

    // The printable notice never shows ID, phone, bank account or health condition.
    const notice = await app.as('juwei').monitoring.cases.notice({ id: caseId });
    expect(forbiddenNoticeFields(notice.fields)).toEqual([]);
    expect(notice.rows.flatMap((row) => forbiddenNoticeFields(Object.keys(row)))).toEqual([]);
    const printed = JSON.stringify(notice);
    expect(home.idNumbers.length).toBeGreaterThan(0);
    for (const idNumber of home.idNumbers) expect(printed).not.toContain(idNumber);
    expect(printed).not.toMatch(/慢性病|chronic|major-illness|大病/);
    expect(notice).toMatchObject({
      kind: 'identification',
      postedOn: '2026-03-03',
      earliestEndOn: '2026-03-08',
      minimumDays: 5,
      villageName: '巨威社区居民委员会',
    });
    expect(notice.rows[0]).toMatchObject({ householdHead: '张志强', memberCount: 2 });

    // ≥ 5 days of notice (villageNoticePeriod).
    at(app, 4);
    await expect(app.as('juwei').monitoring.cases.completeNotice({ caseId })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'notice-period-not-met',
      details: { earliestEndOn: '2026-03-08' },
    });
    at(app, 6);
    expect((await app.as('juwei').monitoring.cases.completeNotice({ caseId })).step).toBe('township-review');

    // The township returns it (a reason is required), the village redoes review and notice.
    await expect(app.as('juwei').monitoring.cases.townshipReview({ caseId, decision: 'pass' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(app.as('ansu').monitoring.cases.townshipReview({ caseId, decision: 'return' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const returned = await app
      .as('ansu')
      .monitoring.cases.townshipReview({ caseId, decision: 'return', returnTo: 'village-review', comment: '评议记录缺少签字，请补充' });
    expect(returned).toMatchObject({ step: 'village-review', noticePostedOn: null });
    await app.as('juwei').monitoring.cases.villageReview({ caseId, decision: 'pass', comment: '补充签字后重新评议' });
    await app.as('juwei').monitoring.cases.postNotice({ caseId });
    at(app, 11);
    await app.as('juwei').monitoring.cases.completeNotice({ caseId });
    expect((await app.as('ansu').monitoring.cases.townshipReview({ caseId, decision: 'pass', comment: '审核通过' })).step).toBe('county-approval');

    // The county returns it to the township once, then approves: included as 脱贫不稳定户.
    await expect(app.as('ansu').monitoring.cases.approve({ caseId, decision: 'pass' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      app.as('xushui').monitoring.cases.approve({ caseId, decision: 'return', returnTo: 'county-approval', comment: '不能退回到本环节' }),
    ).rejects.toMatchObject({ reason: 'invalid-return-step' });
    await app.as('xushui').monitoring.cases.approve({ caseId, decision: 'return', comment: '请乡镇补充收入核查意见' });
    await app.as('ansu').monitoring.cases.townshipReview({ caseId, decision: 'pass', comment: '已补充' });
    at(app, 12);
    const included = await app.as('xushui').monitoring.cases.approve({ caseId, decision: 'pass', comment: '审定纳入并公告' });
    expect(included).toMatchObject({ step: 'included', completedOn: '2026-03-14', objectType: 'unstable-poverty-exited', deadlineStatus: 'done-on-time' });
    expect(included.progress).toMatchObject({ status: 'done-on-time', daysElapsed: 12 });

    const detail = await app.as('inspector').monitoring.cases.get({ id: caseId });
    expect(detail.object).toMatchObject({ status: 'monitored', objectType: 'unstable-poverty-exited', riskCategories: ['major-illness'] });
    // The registry's household is now a 监测户, with the change in its history.
    const registered = await app.as('xushui').registry.households.get({ id: home.id });
    expect(registered.household.status).toBe('monitored');
    const actions = detail.history.map((entry) => `${entry.action}:${entry.actor}`);
    expect(actions).toEqual([
      'open:juwei',
      'verify:juwei',
      'compare:juwei',
      'village-review:juwei',
      'notice-posted:juwei',
      'notice-completed:juwei',
      'return:ansu',
      'village-review:juwei',
      'notice-posted:juwei',
      'notice-completed:juwei',
      'township-review:ansu',
      'return:xushui',
      'township-review:ansu',
      'approve:xushui',
    ]);
    expect(detail.history[1]?.attachments).toEqual([{ name: '授权书（合成）.jpg', ref: 'files/consent-1' }]);
    expect(detail.history.find((entry) => entry.action === 'return')?.comment).toBe('评议记录缺少签字，请补充');

    await app.settle();
    expect(captured.find((event) => event.name === 'monitoring.household-included')?.payload).toMatchObject({
      countyCode: '130609',
      villageCode: VILLAGE,
      householdId: home.id,
      objectType: 'unstable-poverty-exited',
      onTime: true,
    });
    const audits = await app.db.select().from(auditLog).where(eq(auditLog.plugin, 'monitoring'));
    expect(audits.some((entry) => entry.action === 'case.approve' && entry.username === 'xushui')).toBe(true);

    // A new signal for the monitored household is a new risk on it, not a new case.
    const later = await app.as('juwei').monitoring.signals.report({ householdId: home.id, source: 'visit', summary: '走访发现新的医疗支出' });
    expect(later).toMatchObject({ opened: false, caseId: null, signal: { disposition: 'new-risk-on-monitored' } });
  });

  it('rejects with a reason at village review, closing the case; a later signal opens a new case', async () => {
    at(app, 13);
    const home = await household(app);
    const opened = await app.as('juwei').monitoring.signals.report({ householdId: home.id, source: 'self-report', summary: '农户申报' });
    const caseId = opened.caseId as number;
    await app.as('juwei').monitoring.cases.verify({ caseId, consentSigned: true, findings: '核实' });
    await app.as('juwei').monitoring.cases.compare({ caseId });
    await expect(app.as('juwei').monitoring.cases.villageReview({ caseId, decision: 'reject' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const rejected = await app.as('juwei').monitoring.cases.villageReview({ caseId, decision: 'reject', comment: '经评议，家庭收入稳定，无返贫风险' });
    expect(rejected).toMatchObject({ step: 'rejected', closedReason: '经评议，家庭收入稳定，无返贫风险', closedOn: '2026-03-15' });
    await expect(app.as('juwei').monitoring.cases.postNotice({ caseId })).rejects.toMatchObject({ code: 'CONFLICT' });
    const again = await app.as('juwei').monitoring.signals.report({ householdId: home.id, source: 'visit', summary: '再次走访发现风险' });
    expect(again.opened).toBe(true);
    expect(again.caseId).not.toBe(caseId);
    // Records are kept: the rejected case and its history are still there.
    expect((await app.as('xushui').monitoring.cases.get({ id: caseId })).case.step).toBe('rejected');
    expect((await app.db.select().from(history).where(eq(history.subjectId, caseId))).length).toBeGreaterThanOrEqual(4);
  });

  it('refuses the county approval when the rules say the household is not a monitoring object', async () => {
    at(app, 14);
    const home = await household(app, { income: 'high' });
    const opened = await app.as('juwei').monitoring.signals.report({ householdId: home.id, source: 'cadre-screening', summary: '排查' });
    const caseId = opened.caseId as number;
    await app.as('juwei').monitoring.cases.verify({ caseId, consentSigned: true, findings: '核实' });
    await app.as('juwei').monitoring.cases.compare({ caseId });
    await app.as('juwei').monitoring.cases.villageReview({ caseId, decision: 'pass' });
    await app.as('juwei').monitoring.cases.postNotice({ caseId });
    at(app, 19);
    await app.as('juwei').monitoring.cases.completeNotice({ caseId });
    await app.as('ansu').monitoring.cases.townshipReview({ caseId, decision: 'pass' });
    await expect(app.as('xushui').monitoring.cases.approve({ caseId, decision: 'pass' })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'not-a-monitoring-object',
      details: { reasons: [expect.objectContaining({ code: 'above-line-without-sudden-difficulty' })] },
    });
    expect((await app.as('xushui').monitoring.cases.approve({ caseId, decision: 'reject', comment: '收入高于监测范围，不予纳入' })).step).toBe('rejected');
  });

  it('turns a department warning from the registry into a case with its evidence, and deduplicates it', async () => {
    at(app, 20);
    const home = await household(app);
    const csv = (rows: string[]) => Buffer.from(`\ufeff身份证号,姓名,灾害类型,损失金额(元)\r\n${rows.join('\r\n')}\r\n`, 'utf8').toString('base64');
    const row = `${home.idNumbers[0]},张志强,暴雨洪涝,8600`;
    const result = await app.as('xushui').registry.comparison.run({
      uploadId: await app.upload('xushui', { plugin: 'registry', purpose: 'comparison' }, 'emergency.csv', Buffer.from(csv([row]), 'base64')),
      source: 'emergency',
    });
    expect(result.flagged).toBe(1);
    await app.settle();
    const cases = await app.as('xushui').monitoring.cases.list({ householdId: home.id });
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ step: 'verification', discoveredOn: '2026-03-22', deadlineOn: '2026-04-06' });
    const [signal] = await app.as('xushui').monitoring.signals.list({ householdId: home.id });
    expect(signal).toMatchObject({
      source: 'department',
      department: 'emergency',
      category: 'sudden-difficulty',
      disposition: 'opened-case',
      evidence: { rule: 'suddenDifficultyCategory', needsVerification: true, fileName: 'emergency.csv', row: 2 },
    });

    await app.as('xushui').registry.comparison.run({
      uploadId: await app.upload('xushui', { plugin: 'registry', purpose: 'comparison' }, 'emergency-2.csv', Buffer.from(csv([row]), 'base64')),
      source: 'emergency',
    });
    await app.settle();
    expect(await app.as('xushui').monitoring.cases.list({ householdId: home.id })).toHaveLength(1);
    const both = await app.as('xushui').monitoring.signals.list({ householdId: home.id });
    expect(both.map((item) => item.disposition).sort()).toEqual(['absorbed-by-case', 'opened-case']);
  });

  it('evaluates the four categories of a household from registry data for cadres only', async () => {
    const home = await household(app);
    const evaluated = await app.as('ansu').monitoring.households.evaluate({ householdId: home.id, overrides: illnessOverrides(home.spouseId) });
    expect(evaluated.evaluation.matchedCategories).toEqual(['major-illness']);
    expect(evaluated.evaluation.results).toHaveLength(4);
    await expect(app.as('inspector').monitoring.households.evaluate({ householdId: home.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('scope: other counties, disabled counties, missing permissions', () => {
  let app: App;
  let caseId: number;
  let householdId: number;
  beforeAll(async () => {
    app = await startApp({ '130609': ['registry', 'monitoring'], '130602': ['registry', 'monitoring'], '130102': ['registry'] });
    at(app, 0);
    const home = await household(app);
    householdId = home.id;
    caseId = (await app.as('juwei').monitoring.signals.report({ householdId, source: 'self-report', summary: '农户申报' })).caseId as number;
  });
  afterAll(() => app?.close());

  it('hides Xushui cases from a neighbouring county and refuses its writes', async () => {
    await expect(app.as('jingxiu').monitoring.cases.get({ id: caseId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(app.as('jingxiu').monitoring.cases.list({ regionCode: '130609' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await app.as('jingxiu').monitoring.cases.list({})).toEqual([]);
    await expect(app.as('jingxiu').monitoring.signals.report({ householdId, source: 'self-report', summary: '越界' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(app.as('jingxiu').monitoring.cases.approve({ caseId, decision: 'reject', comment: '越界操作' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(app.as('jingxiu').monitoring.measures.add({ householdId, kind: 'insurance', responsibleUnit: '越界单位', startOn: D })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses a county that did not enable the module, and lists it on wider dashboards', async () => {
    await expect(app.as('changan').monitoring.cases.list({})).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'module-not-enabled' });
    const province = await app.as('province').monitoring.dashboard.summary({});
    expect(province.counties.sort()).toEqual(['130602', '130609']);
    expect(province.countiesWithoutModule).toContain('130102');
    await app.disable('130602', 'monitoring');
    await expect(app.as('jingxiu').monitoring.dashboard.summary({})).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    const baoding = await app.as('baoding').monitoring.dashboard.summary({});
    expect(baoding.counties).toEqual(['130609']);
    expect(baoding.countiesWithoutModule).toEqual(['130602']);
  });

  it('refuses without a session and without the permission', async () => {
    await expect(app.anonymous().monitoring.cases.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(app.as('inspector').monitoring.signals.report({ householdId, source: 'self-report', summary: '只读' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(app.as('xushui').monitoring.cases.verify({ caseId, consentSigned: true, findings: '县级不做入户核实' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
