import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, STANDARD_USERS, type TestApp } from '../src/index.ts';
import { notesPlugin } from './fixtures/notes/plugin.ts';

/** 三员分立: only the province admin appoints the three duty administrators, and they grant no more. */
describe('separation of duties', () => {
  let app: TestApp<[typeof notesPlugin]>;
  beforeAll(async () => {
    app = await createTestApp({
      plugins: [notesPlugin],
      users: [
        ...STANDARD_USERS,
        { username: 'sysadmin', role: 'system_admin', scopeCode: '13' },
        { username: 'secadmin', role: 'security_admin', scopeCode: '13' },
      ],
    });
  });
  afterAll(() => app?.close());

  it('lets the province admin create a system, a security and an audit administrator at the province', async () => {
    for (const role of ['system_admin', 'security_admin', 'audit_admin'] as const) {
      const { user } = await app.as('province').users.create({ username: `duty-${role}`.replace(/_/g, '-'), displayName: role, role, scopeCode: '13' });
      expect(user).toMatchObject({ role, scopeCode: '13' });
    }
    const grantable = (await app.as('province').users.roles()).filter((role) => role.grantable).map((role) => role.role);
    expect(grantable).toEqual(expect.arrayContaining(['system_admin', 'security_admin', 'audit_admin']));
  });

  it('refuses duty roles to everyone else, and keeps the system admin below the province admin', async () => {
    await expect(
      app.as('sysadmin').users.create({ username: 'self-made-auditor', displayName: 'x', role: 'audit_admin', scopeCode: '13' }),
    ).rejects.toMatchObject({ reason: 'grant-exceeds-own' });
    await expect(
      app.as('sysadmin').users.create({ username: 'self-made-province', displayName: 'x', role: 'province_admin', scopeCode: '13' }),
    ).rejects.toMatchObject({ reason: 'grant-exceeds-own' });
    const { user } = await app.as('sysadmin').users.create({ username: 'new-city-admin', displayName: 'x', role: 'city_admin', scopeCode: '1306' });
    expect(user.role).toBe('city_admin');
    await expect(app.as('sysadmin').users.resetPassword({ id: app.user('province').id })).rejects.toMatchObject({ reason: 'grant-exceeds-own' });
  });

  it('lets the security admin unlock accounts but not manage them', async () => {
    await expect(app.as('secadmin').users.unlock({ id: app.user('ansu').id })).resolves.toEqual({ ok: true });
    await expect(app.as('secadmin').users.resetPassword({ id: app.user('ansu').id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
