import { auditLog } from '@zhenxing/db';
import { resolveSession, verifyAuditChains } from '@zhenxing/core';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSuperuserBypassingTriggers, createTestApp, type TestApp } from '../src/index.ts';
import { echoPlugin, notesPlugin } from './fixtures/notes/plugin.ts';

describe('identity, scope, modules and audit', () => {
  let app: TestApp<[typeof notesPlugin, typeof echoPlugin]>;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [notesPlugin, echoPlugin] });
  });
  afterAll(() => app?.close());

  describe('user management stays inside the admin’s scope', () => {
    it('lets a county admin create a township officer in the county, with a one-time password', async () => {
      const { user, oneTimePassword } = await app.as('xushui').users.create({
        username: 'cuizhuang-officer',
        displayName: '崔庄镇干部',
        role: 'township_officer',
        scopeCode: '130609101',
      });
      expect(user).toMatchObject({ scopeCode: '130609101', mustChangePassword: true });
      expect(oneTimePassword).toMatch(/.{10,}/);
    });

    it('refuses a username that differs from an existing one only in case', async () => {
      await app.as('xushui').users.create({ username: 'case-officer', displayName: '大小写', role: 'township_officer', scopeCode: '130609101' });
      await expect(
        app.as('xushui').users.create({ username: 'Case-Officer', displayName: '大小写二', role: 'township_officer', scopeCode: '130609101' }),
      ).rejects.toMatchObject({ code: 'CONFLICT', reason: 'username-taken' });
    });

    it('refuses a user outside the admin’s region', async () => {
      await expect(
        app.as('xushui').users.create({ username: 'intruder', displayName: 'x', role: 'township_officer', scopeCode: '130602001' }),
      ).rejects.toMatchObject({ reason: 'out-of-scope' });
    });

    it('refuses to grant more than the admin holds', async () => {
      await expect(
        app.as('baoding').users.create({ username: 'new-province', displayName: 'x', role: 'province_admin', scopeCode: '13' }),
      ).rejects.toMatchObject({ reason: 'out-of-scope' });
      await expect(app.as('xushui').users.create({ username: 'big-boss', displayName: 'x', role: 'city_admin', scopeCode: '1306' })).rejects.toMatchObject({
        reason: 'out-of-scope',
      });
      // An inspector inside the county ranks no higher than a county admin; a county admin may add a peer.
      await expect(app.as('xushui').users.create({ username: 'xushui-2', displayName: 'x', role: 'county_admin', scopeCode: '130609' })).resolves.toMatchObject(
        { user: { role: 'county_admin' } },
      );
      const { user: peer } = await app.as('baoding').users.create({ username: 'xushui-3', displayName: 'x', role: 'county_admin', scopeCode: '130609' });
      await expect(app.as('xushui').users.update({ id: app.user('baoding').id, displayName: 'demoted' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(peer.role).toBe('county_admin');
    });

    it('refuses a role at the wrong level of the tree', async () => {
      await expect(app.as('xushui').users.create({ username: 'odd', displayName: 'x', role: 'village_cadre', scopeCode: '130609100' })).rejects.toMatchObject({
        reason: 'invalid-input',
        details: { fieldErrors: { scopeCode: [expect.any(String)] } },
      });
    });

    it('lists only users inside the caller’s scope and hides other regions’ users', async () => {
      const { rows } = await app.as('xushui').users.list({});
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.scopeCode.startsWith('130609'))).toBe(true);
      const jingxiu = app.user('jingxiu');
      await expect(app.as('xushui').users.resetPassword({ id: jingxiu.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(app.as('xushui').users.list({ regionCode: '130602' })).rejects.toMatchObject({ reason: 'out-of-scope' });
    });

    it('refuses user management to roles without it', async () => {
      await expect(app.as('ansu').users.list({})).rejects.toMatchObject({ reason: 'permission-denied' });
      await expect(app.as('inspector').users.create({ username: 'x-y-z', displayName: 'x', role: 'inspector', scopeCode: '13' })).rejects.toMatchObject({
        reason: 'permission-denied',
      });
    });

    it('enforces the password rules', async () => {
      await expect(
        app.as('xushui').users.create({ username: 'weakling', displayName: 'x', role: 'inspector', scopeCode: '130609', password: 'short' }),
      ).rejects.toMatchObject({ reason: 'invalid-input', details: { fieldErrors: { password: expect.any(Array) } } });
    });
  });

  describe('per-county modules', () => {
    it('lets a county admin enable a module and validates its settings per field', async () => {
      await app.as('xushui').modules.setEnabled({ countyCode: '130609', pluginId: 'notes', enabled: true });
      const listed = await app.as('xushui').modules.list({});
      expect(listed.find((module) => module.id === 'notes')).toMatchObject({ enabled: true, settings: { maxLength: 100 } });
      await expect(app.as('xushui').modules.updateSettings({ countyCode: '130609', pluginId: 'notes', settings: { maxLength: 'long' } })).rejects.toMatchObject(
        { reason: 'invalid-settings', details: { fieldErrors: { maxLength: expect.any(Array) } } },
      );
    });

    it('refuses to enable a module before its dependency, or to disable one another module needs', async () => {
      await expect(app.as('jingxiu').modules.setEnabled({ countyCode: '130602', pluginId: 'echo', enabled: true })).rejects.toMatchObject({
        reason: 'dependency-not-enabled',
      });
      await app.as('xushui').modules.setEnabled({ countyCode: '130609', pluginId: 'echo', enabled: true });
      await expect(app.as('xushui').modules.setEnabled({ countyCode: '130609', pluginId: 'notes', enabled: false })).rejects.toMatchObject({
        reason: 'dependent-enabled',
      });
      await app.as('xushui').modules.setEnabled({ countyCode: '130609', pluginId: 'echo', enabled: false });
    });

    it('keeps another county’s switch out of reach', async () => {
      await expect(app.as('xushui').modules.setEnabled({ countyCode: '130602', pluginId: 'notes', enabled: true })).rejects.toMatchObject({
        reason: 'out-of-scope',
      });
    });

    it('lets the province require a module, which counties then cannot disable', async () => {
      await app.as('province').modules.setPolicy({ pluginId: 'notes', enabledByDefault: true, required: true });
      await expect(app.as('xushui').modules.setEnabled({ countyCode: '130609', pluginId: 'notes', enabled: false })).rejects.toMatchObject({
        reason: 'module-required',
      });
      const matrix = await app.as('province').modules.matrix({});
      expect(matrix.counties.map((county) => county.countyCode)).toEqual(expect.arrayContaining(['130609', '130602', '130102']));
      expect(matrix.counties.every((county) => county.states.notes?.enabled)).toBe(true);
      expect(matrix.counties.find((county) => county.countyCode === '130609')).toMatchObject({ countyName: '徐水区', cityCode: '1306' });
      const listed = await app.as('province').modules.list({});
      expect(listed.find((module) => module.id === 'notes')?.policy).toEqual({ enabledByDefault: true, required: true });
      await app.as('province').modules.setPolicy({ pluginId: 'notes', enabledByDefault: false, required: false });
    });

    it('shows a province view that says which counties did not enable a module', async () => {
      const listed = await app.as('province').modules.list({});
      const notes = listed.find((module) => module.id === 'notes');
      expect(notes?.countiesWithout).toEqual(expect.arrayContaining(['130102', '130602']));
      expect(notes?.countiesWithout).not.toContain('130609');
    });
  });

  describe('the audit log', () => {
    it('records who did what, masks ID numbers and health data, and is searchable in scope', async () => {
      await app.as('juwei').notes.create({ villageCode: '130609100002', text: 'check' });
      const { rows } = await app.as('xushui').audit.search({ plugin: 'notes' });
      expect(rows[0]).toMatchObject({ username: 'juwei', action: 'note.create', chainKey: '130609' });
      await expect(app.as('xushui').audit.search({ regionCode: '130602' })).rejects.toMatchObject({ reason: 'out-of-scope' });
      const masked = (await import('@zhenxing/core')).maskSensitive({ idNumber: '130609199001011234', healthConditions: ['糖尿病'], name: '张三' });
      expect(masked).toEqual({ idNumber: '130609********1234', healthConditions: ['***'], name: '张三' });
    });

    it('detects an edited entry and a deleted entry', async () => {
      expect((await verifyAuditChains(app.db)).problems).toEqual([]);
      const [entry] = await app.db.select().from(auditLog).where(eq(auditLog.chainKey, '130609')).orderBy(auditLog.sequence).limit(1);
      if (!entry) throw new Error('expected an audit entry');
      await asSuperuserBypassingTriggers(app.db, (tx) => tx.execute(sql`update core.audit_log set after = '{"enabled": false}'::jsonb where id = ${entry.id}`));
      expect((await verifyAuditChains(app.db)).problems).toContainEqual({ chainKey: '130609', sequence: entry.sequence, problem: 'hash-mismatch' });
      await asSuperuserBypassingTriggers(app.db, (tx) =>
        tx.delete(auditLog).where(and(eq(auditLog.chainKey, '130609'), eq(auditLog.sequence, entry.sequence + 1))),
      );
      const { problems } = await verifyAuditChains(app.db);
      expect(problems).toContainEqual({ chainKey: '130609', sequence: entry.sequence + 1, problem: 'missing-entry' });
      expect(await app.as('province').audit.verify()).toMatchObject({ intact: false });
    });
  });

  it('keeps a deactivated user out at once: their open session is refused on the next request, and a new login fails', async () => {
    const password = 'Departed-Horse-9';
    const { user } = await app.as('xushui').users.create({ username: 'leaver', displayName: '离职', role: 'inspector', scopeCode: '130609', password });
    const { sessionToken } = await app.anonymous().auth.login({ username: 'leaver', password });
    if (!sessionToken) throw new Error('expected a session token for a caller without HTTP');
    // The same lookup the HTTP edge makes for every request's session cookie.
    const nextRequest = () => resolveSession(app.db, sessionToken, app.clock.now(), app.host.runtime.permissionsOf);
    await expect(nextRequest()).resolves.toMatchObject({ user: { id: user.id, username: 'leaver' } });

    await app.as('xushui').users.update({ id: user.id, active: false });
    await expect(nextRequest()).resolves.toBeNull();
    await expect(app.anonymous().auth.login({ username: 'leaver', password })).rejects.toMatchObject({ reason: 'invalid-credentials' });
  });
});
