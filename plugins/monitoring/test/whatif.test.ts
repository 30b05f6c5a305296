import { auditLog, queryRows } from '@zhenxing/db';
import { readXlsxRows } from '@zhenxing/plugin-registry/server';
import { maskIdNumber } from '@zhenxing/rules';
import { count, eq } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatIfWorkersSettled } from '../src/server/whatif-router.ts';
import { at, startApp, type App } from './helpers.ts';
import { HIGH_INCOME, lowIncomeHousehold } from '../src/testing.ts';

/**
 * Issue 18, what-if for a region: a draft (unpublished) parameter set run over a region's
 * households as a background job — how many would enter or leave each category, by region, with a
 * downloadable list (ID numbers masked per the viewer's permission) — writing nothing outside its
 * own tables.
 */
describe('what-if: a draft parameter set over a region’s households', () => {
  let app: App;
  let sequence = 700;
  beforeAll(async () => {
    app = await startApp();
    at(app, '2026-03-02');
  });
  afterAll(() => app?.close());

  /** An ordinary household with per-capita 13,600 yuan (above the 2025 line); its head disabled grade 1 when `disabled`. */
  async function household(village: string, options: { disabled: boolean; income?: 'low' | 'high' }) {
    sequence += 1;
    const input = lowIncomeHousehold(village, sequence, 'ordinary');
    input.income = options.income === 'low' ? input.income : { ...HIGH_INCOME, year: 2025 };
    input.members = input.members.map(({ healthNote: _note, ...member }) =>
      member.relation === 'head' ? { ...member, disabilityGrade: options.disabled ? 1 : null } : { ...member, seriousIllness: 'none' },
    );
    const created = await app.as('xushui').registry.households.create(input);
    return { id: created.household.id, headIdNumber: input.members[0]?.idNumber as string };
  }

  /** Every row of every table outside the what-if's own two and the audit log, hashed per table. */
  async function fingerprint(): Promise<Record<string, string>> {
    const tables = await queryRows<{ table_schema: string; table_name: string }>(
      app.db,
      sql`select table_schema, table_name from information_schema.tables
        where table_schema not in ('pg_catalog', 'information_schema') and table_schema not like 'pg\_%' and table_type = 'BASE TABLE' order by 1, 2`,
    );
    const digests: Record<string, string> = {};
    for (const { table_schema: schema, table_name: table } of tables) {
      const name = `${schema}.${table}`;
      if (['monitoring.whatif_runs', 'monitoring.whatif_changes', 'core.audit_log', 'core.sessions', 'core.job_runs'].includes(name)) continue;
      const [row] = await queryRows<{ digest: string; rows: number }>(
        app.db,
        sql.raw(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest, count(*)::int as rows from "${schema}"."${table}" t`),
      );
      digests[name] = `${row?.rows}:${row?.digest}`;
    }
    return digests;
  }

  it('counts who would enter or leave each category by township, lists them, and writes nothing outside its own tables', async () => {
    // Two disabled heads above today's line in two townships (they enter under a higher line), one
    // disabled head already within the line (no change), one household without risk (no change).
    const first = await household('130609100002', { disabled: true });
    const second = await household('130609101201', { disabled: true });
    await household('130609100002', { disabled: true, income: 'low' });
    await household('130609100002', { disabled: false });

    // A province admin drafts a line of 15,000 yuan; it is never published.
    const draft = await app.as('province').parameters.createDraft({ basedOn: 'hebei-2025.1', version: 'hebei-2026.9', note: '试算：监测线 15000 元' });
    const { set } = await app.as('province').parameters.get({ version: 'hebei-2026.9' });
    const { version: _v, provinceCode: _p, effectiveFrom: _f, effectiveUntil: _u, ...values } = set;
    await app.as('province').parameters.updateDraft({ id: draft.id, values: { ...values, monitoringLineFen: 1_500_000 } });

    const offered = await app.as('xushui').monitoring.whatIf.sets({});
    expect(offered.baseVersion).toBe('hebei-2025.1');
    expect(offered.sets).toContainEqual(
      expect.objectContaining({ version: 'hebei-2026.9', status: 'draft', changes: [{ path: 'monitoringLineFen', before: 830_000, after: 1_500_000 }] }),
    );

    const before = await fingerprint();
    const [{ audits: auditsBefore } = { audits: 0 }] = await app.db.select({ audits: count() }).from(auditLog);

    const started = await app.as('xushui').monitoring.whatIf.start({ version: 'hebei-2026.9' });
    expect(started).toMatchObject({ regionCode: '130609', version: 'hebei-2026.9', versionStatus: 'draft', baseVersion: 'hebei-2025.1', status: 'queued' });
    await whatIfWorkersSettled();

    const result = await app.as('xushui').monitoring.whatIf.get({ id: started.id });
    expect(result.run).toMatchObject({ status: 'done', householdsTotal: 4, householdsDone: 4, householdsChanged: 2, householdsSkipped: 0, percent: 100 });
    expect(result.total).toEqual({ 'severe-disability': { entering: 2, leaving: 0 }, 'monitoring-object': { entering: 2, leaving: 0 } });
    expect(result.regions.map((region) => [region.regionCode, region.counts['monitoring-object']])).toEqual([
      ['130609100', { entering: 1, leaving: 0 }],
      ['130609101', { entering: 1, leaving: 0 }],
    ]);

    const changes = await app.as('xushui').monitoring.whatIf.changes({ id: started.id });
    expect(changes.total).toBe(2);
    expect(changes.rows.map((row) => row.householdId).sort()).toEqual([first.id, second.id].sort());
    expect(changes.rows[0]).toMatchObject({
      before: { categories: [], objectType: null },
      after: { categories: ['severe-disability'], objectType: 'edge-prone' },
    });

    // Nothing outside its own tables changed; the audit log holds exactly the start.
    expect(await fingerprint()).toEqual(before);
    const audits = await app.db.select().from(auditLog).where(eq(auditLog.action, 'whatif.start'));
    expect(audits).toHaveLength(1);
    const [{ audits: auditsAfter } = { audits: 0 }] = await app.db.select({ audits: count() }).from(auditLog);
    expect(auditsAfter).toBe(auditsBefore + 1);
    // The draft is still a draft.
    expect((await app.as('province').parameters.get({ version: 'hebei-2026.9' })).summary.status).toBe('draft');

    // The downloadable list: the county admin (registry.pii.view) sees the head's ID number, the
    // province admin (no registry.pii.view) only its mask.
    const readSheet = async (base64: string) => {
      const rows: unknown[][] = [];
      for await (const row of readXlsxRows(Buffer.from(base64, 'base64'))) rows.push(row.cells);
      return rows;
    };
    const county = await app.as('xushui').monitoring.whatIf.export({ id: started.id });
    expect(county).toMatchObject({ rows: 2, masked: false });
    const countySheet = await readSheet(county.contentBase64);
    expect(countySheet[0]).toContain('户主身份证号');
    expect(countySheet.flat()).toContain(first.headIdNumber);
    const province = await app.as('province').monitoring.whatIf.export({ id: started.id, regionCode: '130609' });
    expect(province).toMatchObject({ rows: 2, masked: true });
    const provinceSheet = (await readSheet(province.contentBase64)).flat();
    expect(provinceSheet).not.toContain(first.headIdNumber);
    expect(provinceSheet).toContain(maskIdNumber(first.headIdNumber));
  });

  it('lets a province admin run over the province: only counties with monitoring, counted by city', async () => {
    const started = await app.as('province').monitoring.whatIf.start({ version: 'hebei-2026.9' });
    await whatIfWorkersSettled();
    const result = await app.as('province').monitoring.whatIf.get({ id: started.id });
    expect(result.run).toMatchObject({ regionCode: '13', status: 'done', householdsChanged: 2 });
    expect(result.regions).toEqual([
      expect.objectContaining({ regionCode: '1306', counts: expect.objectContaining({ 'monitoring-object': { entering: 2, leaving: 0 } }) }),
    ]);
    // The county cannot read the province's run; its own list shows only its own runs.
    await expect(app.as('xushui').monitoring.whatIf.get({ id: started.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await app.as('xushui').monitoring.whatIf.list({})).map((run) => run.regionCode)).toEqual(['130609']);
  });

  it('keeps another county out, and refuses an unknown set', async () => {
    const [run] = await app.as('xushui').monitoring.whatIf.list({});
    const id = run?.id as number;
    await expect(app.as('jingxiu').monitoring.whatIf.get({ id, regionCode: '130609' })).rejects.toMatchObject({ reason: 'out-of-scope' });
    await expect(app.as('jingxiu').monitoring.whatIf.changes({ id })).rejects.toMatchObject({
      code: expect.stringMatching(/NOT_FOUND|PRECONDITION_FAILED|FORBIDDEN/),
    });
    await expect(app.as('juwei').monitoring.whatIf.start({ version: 'hebei-2026.9' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(app.as('xushui').monitoring.whatIf.start({ version: 'hebei-2099.1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
