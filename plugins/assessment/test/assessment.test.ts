import { auditLog, queryRows } from '@zhenxing/db';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryPlugin } from '@zhenxing/plugin-registry/server';
import { assessmentPlugin } from '../src/server/plugin.ts';
import { extraPlugin, sampleScheme, samplePlugin, values } from './helpers.ts';

/**
 * Three counties take part (the assessment enabled): Xushui and Jingxiu (Baoding) run both sample
 * modules; Chang'an (Shijiazhuang) has not enabled `extra`, so its overdue indicator does not apply.
 * Xushui and Jingxiu have the same values (a tie); Chang'an misses the coverage target.
 */
const PLUGINS = [registryPlugin, assessmentPlugin, samplePlugin, extraPlugin] as const;
const ENABLE = {
  '130609': ['registry', 'assessment', 'sample', 'extra'],
  '130602': ['registry', 'assessment', 'sample', 'extra'],
  '130102': ['registry', 'assessment', 'sample'],
};

/** A write the database itself refuses (a trigger), with the trigger's message. */
async function expectDatabaseRefusal(write: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await write.then(
    () => null,
    (caught: unknown) => caught as Error & { cause?: Error },
  );
  expect(error, 'the database accepted the write').not.toBeNull();
  expect(error?.cause?.message ?? error?.message).toMatch(message);
}

/** The field errors of a refused input (the details of the invalid-input error). */
async function fieldErrorsOf(call: Promise<unknown>): Promise<Record<string, string[]>> {
  const error = (await call.then(
    () => null,
    (caught: unknown) => caught,
  )) as { reason?: string; details?: { fieldErrors?: Record<string, string[]> } } | null;
  expect(error?.reason).toBe('invalid-input');
  return error?.details?.fieldErrors ?? {};
}

function setValues(): void {
  values.clear();
  for (const county of ['130609', '130602']) {
    values.set(`coverage:${county}`, 100);
    values.set(`growth:${county}`, 5);
    values.set(`overdue:${county}`, 2);
  }
  values.set('coverage:130102', 90);
  values.set('growth:130102', 10);
  values.set('overdue:130102', 0);
}

describe('assessment: schemes, sealed scores and 通报', () => {
  let app: TestApp<typeof PLUGINS>;
  beforeAll(async () => {
    app = await createTestApp({ plugins: PLUGINS, enable: ENABLE, now: '2023-01-10T02:00:00Z' });
    setValues();
  });
  afterAll(() => app?.close());

  async function publishedScheme(options: Parameters<typeof sampleScheme>[0] = {}) {
    const draft = await app.as('province').assessment.schemes.create(sampleScheme(options));
    return app.as('province').assessment.schemes.publish({ schemeId: draft.id });
  }

  describe('a scheme', () => {
    it('refuses weights that do not add up to the stated total, and accepts them when they do', async () => {
      const scheme = sampleScheme();
      const short = { ...scheme, items: scheme.items.map((item, index) => (index === 2 ? { ...item, weight: 20 } : item)) };
      await expect(app.as('province').assessment.schemes.create(short)).rejects.toThrow(/权重之和 90 不等于总分 100/);
      const decimals = { ...scheme, items: scheme.items.map((item, index) => ({ ...item, weight: [33.33, 33.33, 33.34][index] as number })) };
      const created = await app.as('province').assessment.schemes.create(decimals);
      expect(created.items.reduce((sum, item) => sum + Math.round(item.weight * 100), 0)).toBe(10_000);
      expect(created.status).toBe('draft');
    });

    it('refuses an indicator no installed plugin registers, and a linear rule pointing the wrong way', async () => {
      const scheme = sampleScheme();
      const unknown = { ...scheme, items: scheme.items.map((item, index) => (index === 0 ? { ...item, indicator: 'dispatch.not-installed' } : item)) };
      await expect(app.as('province').assessment.schemes.create(unknown)).rejects.toThrow(/未安装的指标|installed/);
      const backwards = {
        ...scheme,
        items: scheme.items.map((item, index) => (index === 1 ? { ...item, method: { kind: 'linear' as const, worst: 10, best: 0 } } : item)),
      };
      await expect(app.as('province').assessment.schemes.create(backwards)).rejects.toThrow();
    });

    it('is the province’s: a county or city admin holding the permission is refused as province-only', async () => {
      await expect(app.as('xushui').assessment.schemes.create(sampleScheme())).rejects.toThrow(/permission|权限/);
      const city = { ...app.user('baoding'), permissions: new Set([...app.user('baoding').permissions, 'assessment.scheme.manage']) };
      const caller = app.host.createCaller({ user: city, csrfVerified: true }) as unknown as ReturnType<typeof app.as>;
      await expect(caller.assessment.schemes.create(sampleScheme())).rejects.toMatchObject({ reason: 'province-only' });
    });

    it('is versioned; a published scheme cannot be revised (nor changed in the database), a new version can', async () => {
      const published = await publishedScheme();
      expect(published.status).toBe('published');
      await expect(app.as('province').assessment.schemes.revise({ schemeId: published.id, ...sampleScheme(), title: '改' })).rejects.toMatchObject({
        reason: 'scheme-published',
      });
      await expectDatabaseRefusal(app.db.execute(sql`update assessment.schemes set title = 'x' where id = ${published.id}`), /cannot change/);
      await expectDatabaseRefusal(app.db.execute(sql`delete from assessment.schemes where id = ${published.id}`), /cannot change/);
      const next = await app.as('province').assessment.schemes.newVersion({ schemeId: published.id });
      expect(next).toMatchObject({ year: 2022, status: 'draft' });
      expect(next.version).toBeGreaterThan(published.version);
      const revised = await app.as('province').assessment.schemes.revise({ schemeId: next.id, ...sampleScheme(), title: '第二版' });
      expect(revised.title).toBe('第二版');
      // Counties see published schemes only.
      const seen = await app.as('xushui').assessment.schemes.list({ year: 2022 });
      expect(seen.every((scheme) => scheme.status === 'published')).toBe(true);
      await expect(app.as('xushui').assessment.schemes.get({ schemeId: next.id })).rejects.toMatchObject({ reason: 'not-found' });
    });
  });

  describe('scores', () => {
    it('rank ties share a rank: Xushui and Jingxiu both first, Chang’an third', async () => {
      const scheme = await publishedScheme();
      const run = await app.as('province').assessment.scores.compute({ schemeId: scheme.id });
      const { counties } = await app.as('province').assessment.scores.list({ runId: run.id });
      const byCode = Object.fromEntries(counties.map((county) => [county.countyCode, county]));
      expect(byCode['130609']).toMatchObject({ total: 85, rank: 1 });
      expect(byCode['130602']).toMatchObject({ total: 85, rank: 1 });
      expect(byCode['130102']?.rank).toBe(3);
      // The rank-method indicator ties too: both first of two, full points.
      const overdue = byCode['130609']?.lines.find((line) => line.indicator === 'extra.overdue');
      expect(overdue).toMatchObject({ peerRank: 1, peers: 2, points: 30 });
    });

    it('scores an indicator from a module the county has not enabled as not applicable (never 0) and redistributes its weight proportionally', async () => {
      const scheme = await publishedScheme();
      const run = await app.as('province').assessment.scores.compute({ schemeId: scheme.id });
      const { score } = await app.as('province').assessment.scores.explain({ runId: run.id, countyCode: '130102' });
      const overdue = score.lines.find((line) => line.indicator === 'extra.overdue');
      expect(overdue).toMatchObject({ applicable: false, notApplicableReason: 'module-not-enabled', points: null, value: null, effectiveWeight: 0 });
      expect(overdue?.explanation['zh-CN']).toContain('不适用');
      const [coverage, growth] = score.lines;
      // 40 and 30 share the 30 points in proportion: 57.14 + 42.86 = 100 exactly.
      expect(coverage).toMatchObject({ effectiveWeight: 57.14, points: 0, applicable: true });
      expect(growth).toMatchObject({ effectiveWeight: 42.86, points: 42.86 });
      expect(score.lines.reduce((sum, line) => sum + Math.round(line.effectiveWeight * 100), 0)).toBe(10_000);
      expect(score.total).toBe(42.86);
    });

    it('with redistribution "none" the not-applicable weight is simply not available', async () => {
      const scheme = await publishedScheme({ redistribution: 'none' });
      const run = await app.as('province').assessment.scores.compute({ schemeId: scheme.id });
      const { score } = await app.as('province').assessment.scores.explain({ runId: run.id, countyCode: '130102' });
      expect(score.lines.map((line) => line.effectiveWeight)).toEqual([40, 30, 0]);
      expect(score.total).toBe(30);
    });

    it('explains every point: the value, its data date and the rule', async () => {
      const scheme = await publishedScheme();
      const run = await app.as('province').assessment.scores.compute({ schemeId: scheme.id });
      const { score } = await app.as('xushui').assessment.scores.explain({ runId: run.id, countyCode: '130609' });
      const growth = score.lines.find((line) => line.indicator === 'sample.growth');
      expect(growth).toMatchObject({ value: 5, dataDate: '2022-12-31', attainment: 0.5, points: 15 });
      expect(growth?.explanation['zh-CN']).toBe('指标值 5（数据日期 2022-12-31）；规则：0 得 0 分，10 得满分，其间按线性计分；权重 30 × 50% = 15 分');
      expect(score.lines.reduce((sum, line) => sum + (line.points ?? 0), 0)).toBe(score.indicatorPoints);
    });

    it('deducts recorded late data calls up to the item’s cap', async () => {
      const scheme = await publishedScheme();
      await app
        .as('province')
        .assessment.deductions.record({ schemeId: scheme.id, countyCode: '130602', code: 'late-data', occurrences: 5, note: '3月调度迟报' });
      await expect(
        app.as('province').assessment.deductions.record({ schemeId: scheme.id, countyCode: '130602', code: 'no-such', occurrences: 1 }),
      ).rejects.toThrow();
      const run = await app.as('province').assessment.scores.compute({ schemeId: scheme.id });
      const { counties } = await app.as('province').assessment.scores.list({ runId: run.id });
      const jingxiu = counties.find((county) => county.countyCode === '130602');
      expect(jingxiu).toMatchObject({ indicatorPoints: 85, deductionPoints: 2, total: 83, rank: 2 });
      expect(jingxiu?.deductions[0]).toMatchObject({ occurrences: 5, points: 2, note: '3月调度迟报' });
      expect(counties.find((county) => county.countyCode === '130609')?.rank).toBe(1);
    });

    it('a sealed score does not change when the data changes, recomputes identically from its sealed inputs, and the database refuses to alter it', async () => {
      const scheme = await publishedScheme();
      const run = await app.as('province').assessment.scores.compute({ schemeId: scheme.id });
      const before = await app.as('province').assessment.scores.list({ runId: run.id });
      values.set('growth:130609', 0);
      values.set('coverage:130602', 10);
      try {
        const after = await app.as('province').assessment.scores.list({ runId: run.id });
        expect(after).toEqual(before);
        expect(await app.as('province').assessment.scores.verify({ runId: run.id })).toMatchObject({
          reproduced: true,
          counties: ['130102', '130602', '130609'],
        });
        const fresh = await app.as('province').assessment.scores.compute({ schemeId: scheme.id });
        const now = await app.as('province').assessment.scores.list({ runId: fresh.id });
        expect(now.counties.find((county) => county.countyCode === '130609')?.total).toBe(70);
        await expectDatabaseRefusal(app.db.execute(sql`update assessment.scores set total = 100 where run_id = ${run.id}`), /sealed/);
        await expectDatabaseRefusal(app.db.execute(sql`update assessment.runs set as_of = '2020-01-01' where id = ${run.id}`), /sealed/);
        // Tampering with the stored inputs is impossible, and the stored result equals a recomputation.
        const [stored] = await queryRows<{ n: number }>(app.db, sql`select count(*)::int as n from assessment.scores where run_id = ${run.id}`);
        expect(stored?.n).toBe(3);
      } finally {
        setValues();
      }
    });

    it('computes only from a published scheme', async () => {
      const draft = await app.as('province').assessment.schemes.create(sampleScheme());
      await expect(app.as('province').assessment.scores.compute({ schemeId: draft.id })).rejects.toThrow();
    });

    it('shows a county its own score only, a city its counties with the city aggregate, the province every city', async () => {
      const scheme = await publishedScheme();
      const run = await app.as('province').assessment.scores.compute({ schemeId: scheme.id });
      const county = await app.as('xushui').assessment.scores.list({ runId: run.id });
      expect(county.counties.map((row) => row.countyCode)).toEqual(['130609']);
      expect(county.cities).toEqual([]);
      const city = await app.as('baoding').assessment.scores.list({ runId: run.id });
      expect(city.counties.map((row) => row.countyCode).sort()).toEqual(['130602', '130609']);
      expect(city.cities).toEqual([{ cityCode: '1306', cityName: '保定市', counties: 2, total: 85, rank: 1 }]);
      const province = await app.as('province').assessment.scores.list({ runId: run.id });
      expect(province.cities.map((row) => [row.cityCode, row.rank])).toEqual([
        ['1306', 1],
        ['1301', 2],
      ]);
      await expect(app.as('jingxiu').assessment.scores.explain({ runId: run.id, countyCode: '130609' })).rejects.toMatchObject({ reason: 'not-found' });
    });

    it('audits the computation with every county’s total and rank', async () => {
      const scheme = await publishedScheme();
      const run = await app.as('province').assessment.scores.compute({ schemeId: scheme.id });
      const entries = await app.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.plugin, 'assessment'), eq(auditLog.action, 'scores.compute'), eq(auditLog.entityId, String(run.id))));
      expect(entries).toHaveLength(1);
      expect(JSON.stringify(entries[0]?.after)).toContain('130609');
    });
  });

  describe('通报', () => {
    it('drafts a notice from the problem list, edits it, publishes it to the named counties; a county sees only its own problems', async () => {
      const scheme = await publishedScheme();
      const run = await app.as('province').assessment.scores.compute({ schemeId: scheme.id });
      const problems = await app.as('province').assessment.scores.problems({ runId: run.id });
      // Chang'an missed the coverage threshold; Xushui and Jingxiu are short of the linear best on growth.
      expect(problems.some((problem) => problem.regionCode === '130102' && problem.key === 'sample.coverage')).toBe(true);
      const named = problems.filter((problem) => problem.regionCode !== '130602');
      const draft = await app.as('province').assessment.notices.draft({
        runId: run.id,
        title: '关于2022年度考核发现问题的通报',
        number: '冀振兴通〔2023〕1号',
        issuedOn: '2023-01-10',
        issuer: '河北省乡村振兴局',
        body: '现将考核发现的问题通报如下。',
        problems: named.map(({ regionCode, text }) => ({ regionCode, text })),
      });
      expect(draft.status).toBe('draft');
      await expect(app.as('xushui').assessment.notices.get({ noticeId: draft.id })).rejects.toMatchObject({ reason: 'not-found' });
      const edited = await app.as('province').assessment.notices.revise({
        noticeId: draft.id,
        title: draft.title,
        number: draft.number,
        issuedOn: draft.issuedOn,
        issuer: draft.issuer,
        body: '现将考核发现的问题通报如下，请于30日内整改。',
        problems: draft.problems.map(({ regionCode, text }) => ({ regionCode, text })),
      });
      expect(edited.body).toContain('30日内整改');
      const published = await app.as('province').assessment.notices.publish({ noticeId: draft.id });
      expect(published.status).toBe('published');

      const xushui = await app.as('xushui').assessment.notices.get({ noticeId: draft.id });
      expect(xushui.problems.length).toBeGreaterThan(0);
      expect(xushui.problems.every((problem) => problem.regionCode === '130609')).toBe(true);
      expect(xushui.problems[0]?.regionName).toBe('徐水区');
      expect((await app.as('changan').assessment.notices.list({})).map((notice) => notice.id)).toContain(draft.id);
      // Jingxiu is not named: it does not see the notice.
      expect((await app.as('jingxiu').assessment.notices.list({})).map((notice) => notice.id)).not.toContain(draft.id);
      await expect(app.as('jingxiu').assessment.notices.get({ noticeId: draft.id })).rejects.toMatchObject({ reason: 'not-found' });

      await expect(
        app.as('province').assessment.notices.revise({
          noticeId: draft.id,
          ...edited,
          body: '改',
          problems: edited.problems.map(({ regionCode, text }) => ({ regionCode, text })),
        }),
      ).rejects.toMatchObject({ reason: 'notice-published' });
      await expectDatabaseRefusal(app.db.execute(sql`update assessment.notices set body = 'x' where id = ${draft.id}`), /cannot change/);
    });

    it('never holds personal data: an ID number or a mobile number in the text is refused, and a notice names counties of the province only', async () => {
      const base = {
        title: '通报',
        number: '冀振兴通〔2023〕2号',
        issuedOn: '2023-01-10',
        issuer: '河北省乡村振兴局',
        body: '正文',
        problems: [{ regionCode: '130609', text: '走访覆盖率不足100%' }],
      };
      expect((await fieldErrorsOf(app.as('province').assessment.notices.draft({ ...base, body: '户主身份证130609199001011234存在问题' }))).body?.[0]).toContain(
        '个人信息',
      );
      expect(
        (await fieldErrorsOf(app.as('province').assessment.notices.draft({ ...base, problems: [{ regionCode: '130609', text: '联系人13912345678' }] })))[
          'problems.0.text'
        ]?.[0],
      ).toContain('个人信息');
      expect(
        (await fieldErrorsOf(app.as('province').assessment.notices.draft({ ...base, problems: [{ regionCode: '110101', text: '外省' }] })))[
          'problems.0.regionCode'
        ]?.[0],
      ).toContain('本省');
      await expect(app.as('xushui').assessment.notices.draft(base)).rejects.toThrow();
    });
  });
});
