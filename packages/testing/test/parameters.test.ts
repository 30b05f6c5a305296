import { ZxError } from '@zhenxing/core';
import { auditLog, parameterSets } from '@zhenxing/db';
import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, STANDARD_USERS, type TestApp } from '../src/index.ts';

/**
 * Policy parameters as governed data (issue 18): seeded from the rules, drafted by one province
 * admin and published by another, immutable once published (API and database), periods that never
 * overlap or leave a gap, and a clear error before the first set.
 */
describe('policy parameter sets', () => {
  let app: TestApp<[]>;
  beforeAll(async () => {
    app = await createTestApp({
      plugins: [],
      users: [...STANDARD_USERS, { username: 'reviewer', displayName: '审核人王芳', role: 'province_admin', scopeCode: '13' }],
    });
  });
  afterAll(() => app?.close());

  const lookup = () => app.host.runtime.parameters.snapshot();
  /** The database's own refusal (drizzle wraps it as the cause of a "Failed query" error). */
  const refusedBy = (pattern: RegExp) => ({ cause: expect.objectContaining({ message: expect.stringMatching(pattern) }) });
  /** The numbers of a published set, as a draft holds them. */
  const valuesOf = async (version: string) => {
    const { set } = await app.as('province').parameters.get({ version });
    const { version: _version, provinceCode: _province, effectiveFrom: _from, effectiveUntil: _until, ...values } = set;
    return values;
  };

  it('is seeded from the rules on migrate: five contiguous Hebei sets, the last open-ended', async () => {
    const list = await app.as('province').parameters.list({});
    expect(list.sets.map((set) => [set.version, set.status, set.origin, set.effectiveFrom, set.effectiveUntil])).toEqual([
      ['hebei-2021.1', 'published', 'seed', '2021-01-01', '2022-03-31'],
      ['hebei-2022.1', 'published', 'seed', '2022-04-01', '2022-12-31'],
      ['hebei-2023.1', 'published', 'seed', '2023-01-01', '2023-12-31'],
      ['hebei-2024.1', 'published', 'seed', '2024-01-01', '2024-12-31'],
      ['hebei-2025.1', 'published', 'seed', '2025-01-01', null],
    ]);
    expect(list.inForceToday).toBe('hebei-2025.1');
    expect((await lookup()).inForce('130609', '2022-06-30')).toMatchObject({ version: 'hebei-2022.1', monitoringLineFen: 730_000 });
  });

  it('answers a date before the first set with a clear "no parameters in force" error in both languages', async () => {
    const parameters = await lookup();
    let caught: unknown;
    try {
      parameters.inForce('130609', '2020-12-31');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ZxError);
    expect(caught).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'no-parameters-in-force',
      details: { provinceCode: '13', date: '2020-12-31', firstInForceFrom: '2021-01-01' },
    });
    const { localized } = caught as ZxError;
    expect(localized['zh-CN']).toMatch(/2020-12-31 在省份 13 没有生效的政策参数.*hebei-2021\.1 自 2021-01-01 起生效/);
    expect(localized.en).toMatch(/No policy parameters are in force for province 13 on 2020-12-31/);
    expect(() => parameters.inForce('440106', '2025-06-30')).toThrow(/This province has no published parameter set/);
  });

  it('lets counties and cities read the published sets only; they cannot draft', async () => {
    await expect(app.as('xushui').parameters.list({})).resolves.toMatchObject({ provinceCode: '13', mayManage: false });
    await expect(app.as('baoding').parameters.get({ version: 'hebei-2023.1' })).resolves.toMatchObject({
      set: { monitoringLineFen: 830_000 },
      comparedWith: 'hebei-2022.1',
    });
    await expect(app.as('xushui').parameters.createDraft({ basedOn: 'hebei-2025.1', version: 'hebei-2026.9' })).rejects.toMatchObject({
      reason: 'permission-denied',
    });
    await expect(app.as('jingxiu').parameters.list({ regionCode: '130609' })).rejects.toMatchObject({ reason: 'out-of-scope' });
  });

  it('refuses to let the author publish their own draft; a second province admin publishes it', async () => {
    const draft = await app.as('province').parameters.createDraft({ basedOn: 'hebei-2025.1', version: 'hebei-2026.1', note: '2026 line' });
    const values = await valuesOf('hebei-2025.1');
    await app.as('province').parameters.updateDraft({ id: draft.id, values: { ...values, monitoringLineFen: 900_000 } });
    // The county never sees an unpublished draft.
    expect((await app.as('xushui').parameters.list({})).sets.map((set) => set.version)).not.toContain('hebei-2026.1');
    await expect(app.as('reviewer').parameters.updateDraft({ id: draft.id, note: 'mine now' })).rejects.toMatchObject({ reason: 'not-the-author' });
    await expect(app.as('province').parameters.publish({ id: draft.id, effectiveFrom: '2027-01-01' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      reason: 'four-eyes',
    });
    expect((await app.as('province').parameters.get({ version: 'hebei-2026.1' })).summary.status).toBe('draft');

    const published = await app.as('reviewer').parameters.publish({ id: draft.id, effectiveFrom: '2027-01-01' });
    expect(published).toMatchObject({ version: 'hebei-2026.1', previousVersion: 'hebei-2025.1' });
    const list = await app.as('xushui').parameters.list({});
    expect(list.sets.slice(-2).map((set) => [set.version, set.effectiveFrom, set.effectiveUntil])).toEqual([
      ['hebei-2025.1', '2025-01-01', '2026-12-31'],
      ['hebei-2026.1', '2027-01-01', null],
    ]);
    const diff = await app.as('xushui').parameters.diff({ from: 'hebei-2025.1', to: 'hebei-2026.1' });
    expect(diff.changes).toEqual([{ path: 'monitoringLineFen', before: 830_000, after: 900_000 }]);
    // Author and publisher are shown by their display names, not their logins.
    expect((await app.as('xushui').parameters.get({ version: 'hebei-2026.1' })).summary).toMatchObject({ publishedByName: '审核人王芳' });
    expect(list.sets.at(-1)).toMatchObject({ publishedByName: '审核人王芳' });

    const actions = await app.db
      .select({ action: auditLog.action, username: auditLog.username, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'parameter-set'), eq(auditLog.entityId, 'hebei-2026.1')));
    expect(actions.map((entry) => [entry.action, entry.username])).toEqual([
      ['parameters.create-draft', 'province'],
      ['parameters.update-draft', 'province'],
      ['parameters.publish', 'reviewer'],
    ]);
    expect(actions[2]?.after).toMatchObject({ previousVersion: 'hebei-2025.1', changes: [{ path: 'monitoringLineFen', before: 830_000, after: 900_000 }] });
  });

  it('never changes a published set: the API refuses, and so does the database', async () => {
    const [seed] = await app.db.select().from(parameterSets).where(eq(parameterSets.version, 'hebei-2023.1'));
    const id = seed?.id as number;
    await expect(app.as('province').parameters.updateDraft({ id, note: 'rewrite history' })).rejects.toMatchObject({ reason: 'parameter-set-immutable' });
    await expect(app.as('reviewer').parameters.discard({ id })).rejects.toMatchObject({ reason: 'parameter-set-immutable' });
    await expect(app.as('reviewer').parameters.publish({ id, effectiveFrom: '2030-01-01' })).rejects.toMatchObject({ reason: 'parameter-set-immutable' });

    await expect(
      app.db.execute(sql`update core.parameter_sets set values = jsonb_set(values, '{monitoringLineFen}', '1') where id = ${id}`),
    ).rejects.toMatchObject(refusedBy(/published parameter set cannot change/));
    await expect(app.db.execute(sql`delete from core.parameter_sets where id = ${id}`)).rejects.toMatchObject(refusedBy(/cannot change/));
    await expect(app.db.execute(sql`truncate core.parameter_sets`)).rejects.toMatchObject(refusedBy(/TRUNCATE refused/));
    const [after] = await app.db.select().from(parameterSets).where(eq(parameterSets.id, id));
    expect(after).toEqual(seed);
  });

  it('enforces four eyes and "only a draft is published" in the database too', async () => {
    const [province] = [app.user('province').id];
    await expect(
      app.db
        .execute(sql`insert into core.parameter_sets (province_code, version, status, origin, effective_from, values, created_by, created_by_name, created_at, updated_at, published_by, published_at)
        values ('13', 'hebei-2040.1', 'published', 'user', '2040-01-01', '{}'::jsonb, ${province}, 'province', now(), now(), ${app.user('reviewer').id}, now())`),
    ).rejects.toMatchObject(refusedBy(/only a draft can be published/));
    const draft = await app.as('province').parameters.createDraft({ basedOn: 'hebei-2025.1', version: 'hebei-2041.1' });
    await expect(
      app.db.execute(
        sql`update core.parameter_sets set status = 'published', effective_from = '2041-01-01', published_by = ${province}, published_at = now() where id = ${draft.id}`,
      ),
    ).rejects.toMatchObject(refusedBy(/parameter_sets_four_eyes_check/));
    await expect(
      app.db.execute(
        sql`update core.parameter_sets set status = 'published', effective_from = '2041-01-01', published_by = ${app.user('reviewer').id}, published_at = now(), values = '{}'::jsonb where id = ${draft.id}`,
      ),
    ).rejects.toMatchObject(refusedBy(/publishing may not change the draft/));
    await app.as('reviewer').parameters.discard({ id: draft.id });
  });

  it('refuses periods that overlap a published one, or start today or earlier', async () => {
    const draft = await app.as('province').parameters.createDraft({ basedOn: 'hebei-2025.1', version: 'hebei-2026.2' });
    // hebei-2026.1 starts on 2027-01-01: anything up to that day would overlap or rewrite it.
    for (const effectiveFrom of ['2026-03-02', '2026-06-01', '2027-01-01']) {
      await expect(app.as('reviewer').parameters.publish({ id: draft.id, effectiveFrom })).rejects.toMatchObject({
        code: 'CONFLICT',
        reason: 'parameter-period-overlap',
        details: { earliest: '2027-01-02' },
      });
    }
    // The database refuses it as well, whoever writes.
    await expect(
      app.db.execute(
        sql`update core.parameter_sets set status = 'published', effective_from = '2026-06-01', published_by = ${app.user('reviewer').id}, published_at = now() where id = ${draft.id}`,
      ),
    ).rejects.toMatchObject(refusedBy(/a published set must start after 2027-01-01/));
    await app.as('reviewer').parameters.discard({ id: draft.id });
    expect((await app.as('province').parameters.get({ version: 'hebei-2026.2' })).summary.status).toBe('discarded');
  });

  it('validates a draft with the rules’ schema', async () => {
    const draft = await app.as('province').parameters.createDraft({ basedOn: 'hebei-2025.1', version: 'hebei-2026.3' });
    const values = await valuesOf('hebei-2025.1');
    await expect(
      app.as('province').parameters.updateDraft({ id: draft.id, values: { ...values, identification: { ...values.identification, warningDay: 30 } } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(app.as('province').parameters.createDraft({ basedOn: 'hebei-2025.1', version: 'hebei-2026.3' })).rejects.toMatchObject({
      reason: 'duplicate',
    });
    await expect(app.as('province').parameters.createDraft({ basedOn: 'hebei-2025.1', version: 'shanxi-2026.1' })).rejects.toMatchObject({
      reason: 'invalid-input',
    });
  });

  it('hands the running rules a newly published set from its effective date on', async () => {
    const draft = await app.as('province').parameters.createDraft({ basedOn: 'hebei-2026.1', version: 'hebei-2027.1' });
    const values = await valuesOf('hebei-2025.1');
    await app.as('province').parameters.updateDraft({ id: draft.id, values: { ...values, monitoringLineFen: 950_000 } });
    // Warm the cache first: a publish must invalidate it.
    expect((await lookup()).inForce('130609', '2028-06-30').version).toBe('hebei-2026.1');
    await app.as('reviewer').parameters.publish({ id: draft.id, effectiveFrom: '2028-01-01' });
    const parameters = await lookup();
    expect(parameters.inForce('130609', '2027-12-31')).toMatchObject({ version: 'hebei-2026.1', effectiveUntil: '2027-12-31' });
    expect(parameters.inForce('130609', '2028-01-01')).toMatchObject({ version: 'hebei-2027.1', monitoringLineFen: 950_000 });
    expect(parameters.byVersion('hebei-2027.1').effectiveUntil).toBeNull();
  });

  it('seeds again without duplicating anything, and never before a set a province published', async () => {
    const count = async () => (await app.db.select({ id: parameterSets.id }).from(parameterSets).where(like(parameterSets.version, 'hebei-%'))).length;
    const before = await count();
    await app.host.migrate();
    expect(await count()).toBe(before);
  });
});
