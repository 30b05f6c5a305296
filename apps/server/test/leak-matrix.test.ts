import { TRPCError } from '@trpc/server';
import type { AnyPlugin, SessionUser } from '@zhenxing/core';
import { countyModules, queryRows } from '@zhenxing/db';
import { createTestApp, STANDARD_USERS, type TestApp } from '@zhenxing/testing';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedPlugins } from '../src/plugins.ts';
import { collectProbes, DUTY_USERS, invoke, procedures, VICTIM_COUNTY, type Caller } from './support/procedure-probes.ts';

/**
 * The leak matrix: every procedure of every installed plugin (and of the core) is called with an
 * input aimed at Xushui's data by four kinds of caller who must all be refused — a user of another
 * county, a Xushui user whose county disabled the module, a Xushui user lacking the permission,
 * and no session — and the database must be unchanged afterwards. New plugins are covered with no
 * edits here: each ships `leakProbes` in its `./testing` export, and a procedure without a probe
 * fails this test.
 */
const OUTSIDER = 'jingxiu';
const REFUSALS = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'PRECONDITION_FAILED']);
/** Core queries that answer with household rows or aggregates of them. */
const CORE_HOUSEHOLD_DATA = new Set(['indicators.values']);

/** Core procedures that only ever act on the caller's own data or are public by design. */
const CORE_SELF_SCOPED = new Set([
  'system.health',
  'auth.login',
  'auth.me',
  'auth.logout',
  'auth.logoutEverywhere',
  'auth.changePassword',
  'auth.setLocale',
  'auth.totp.status',
  'auth.totp.begin',
  'auth.totp.confirm',
  'users.roles',
  'regions.search',
  'audit.verify',
]);

/**
 * Probed queries that answer null or [] even for Xushui's own admin, so refusing them to an outsider
 * proves less than the rest. Give such a probe real data (in the plugin's src/testing.ts) and take
 * it off this list; a probe that starts answering empty fails the test.
 */
const ANSWERS_EMPTY = new Set([
  'registry.households.duplicates',
  'registry.import.progress',
  'projects.fundingQueue',
  'projects.progress.list',
  'projects.payments.list',
]);

async function expectRefused(call: Promise<unknown>, description: string): Promise<void> {
  const outcome = await call.then(
    () => 'allowed',
    (error: unknown) => (error instanceof TRPCError ? error.code : `threw ${String(error)}`),
  );
  expect(REFUSALS.has(outcome), `${description} → ${outcome}`).toBe(true);
}

describe('leak matrix over every installed procedure', () => {
  let app: TestApp<typeof installedPlugins>;
  let probes: Map<string, unknown>;
  const plugins: readonly AnyPlugin[] = installedPlugins;

  beforeAll(async () => {
    const everywhere = Object.fromEntries([VICTIM_COUNTY, '130602'].map((county) => [county, plugins.map((plugin) => plugin.id)]));
    app = await createTestApp({ plugins: installedPlugins, enable: {}, users: [...STANDARD_USERS, ...DUTY_USERS] });
    for (const [county] of Object.entries(everywhere)) {
      for (const plugin of app.host.plugins) await app.enable(county, plugin.id);
    }
    probes = await collectProbes(app, plugins);
  });
  afterAll(() => app?.close());

  /** Every row of every table the platform owns, hashed: a refused call must change none of it. */
  async function fingerprint(): Promise<string> {
    const schemas = ['core', ...plugins.flatMap((plugin) => plugin.schemas ?? [])];
    const tables = await queryRows<{ table_schema: string; table_name: string }>(
      app.db,
      sql`select table_schema, table_name from information_schema.tables where table_schema in ${schemas} and table_type = 'BASE TABLE' order by 1, 2`,
    );
    const parts: string[] = [];
    for (const { table_schema: schema, table_name: table } of tables) {
      if (schema === 'core' && (table === 'sessions' || table === 'job_runs')) continue;
      const [row] = await queryRows<{ digest: string | null }>(
        app.db,
        sql.raw(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from "${schema}"."${table}" t`),
      );
      parts.push(`${schema}.${table}:${row?.digest}`);
    }
    return parts.join('\n');
  }

  /** A Xushui user holding every permission of the platform except `missing`. */
  function xushuiWithout(missing: string | undefined): SessionUser {
    const all = new Set(app.host.permissions.map((permission) => permission.name));
    if (missing) all.delete(missing);
    return { ...app.user('xushui'), permissions: all };
  }

  it('has a probe for every procedure that is not self-scoped', () => {
    const missing = procedures(app)
      .map(([path]) => path)
      .filter((path) => !probes.has(path) && !CORE_SELF_SCOPED.has(path));
    expect(missing, 'procedures without a leak probe (add them to the plugin’s src/testing.ts)').toEqual([]);
  });

  it('answers the probes’ queries for the victim county’s own admin with data, except the few listed as answering empty', async () => {
    const owner = app.host.createCaller({ user: xushuiWithout(undefined), csrfVerified: true }) as unknown as Caller;
    const answered: string[] = [];
    const empty: string[] = [];
    for (const [path, procedure] of procedures(app)) {
      if (procedure._def.type !== 'query' || !probes.has(path)) continue;
      const result = await invoke(owner, path, probes.get(path));
      answered.push(path);
      if (result === null || result === undefined || (Array.isArray(result) && result.length === 0)) empty.push(path);
    }
    expect(answered.length).toBeGreaterThan(0);
    expect(empty.sort(), 'queries whose probe finds nothing for Xushui’s own admin (see ANSWERS_EMPTY)').toEqual([...ANSWERS_EMPTY].sort());
  });

  it('refuses every probed call from the four kinds of outsider and leaves the database unchanged', async () => {
    const before = await fingerprint();
    const outsider = app.as(OUTSIDER) as unknown as Caller;
    const anonymous = app.anonymous() as unknown as Caller;
    for (const [path, procedure] of procedures(app)) {
      if (!probes.has(path)) continue;
      const input = probes.get(path);
      const pluginId = path.split('.')[0] as string;
      const isPlugin = plugins.some((plugin) => plugin.id === pluginId);
      const permission = procedure._def.meta?.permission;
      const fullPermission = isPlugin ? `${pluginId}.${permission}` : permission;

      await expectRefused(invoke(outsider, path, input), `${path} as a user of another county`);
      await expectRefused(invoke(anonymous, path, input), `${path} with no session`);
      const lacking = app.host.createCaller({ user: xushuiWithout(fullPermission), csrfVerified: true }) as unknown as Caller;
      await expectRefused(invoke(lacking, path, input), `${path} lacking ${fullPermission}`);

      if (isPlugin) {
        const switchTo = (enabled: boolean) =>
          app.db
            .update(countyModules)
            .set({ enabled })
            .where(and(eq(countyModules.countyCode, VICTIM_COUNTY), eq(countyModules.pluginId, pluginId)));
        await switchTo(false);
        try {
          const insider = app.host.createCaller({ user: xushuiWithout(undefined), csrfVerified: true }) as unknown as Caller;
          await expectRefused(invoke(insider, path, input), `${path} in a county that disabled ${pluginId}`);
        } finally {
          await switchTo(true);
        }
      }
    }
    await app.settle();
    expect(await fingerprint()).toBe(before);
  });

  it('gives the duty roles no permission of any plugin: every plugin procedure and household-data query refuses them', async () => {
    const pluginIds = new Set(plugins.map((plugin) => plugin.id));
    for (const { username, role } of DUTY_USERS) {
      const granted = [...app.user(username).permissions];
      expect(
        granted.filter((permission) => pluginIds.has(permission.split('.')[0] as string)),
        `${role}'s plugin permissions`,
      ).toEqual([]);
      expect(
        granted.filter((permission) => permission === 'core.indicators.read'),
        `${role}'s indicator permission`,
      ).toEqual([]);
      const caller = app.as(username) as unknown as Caller;
      for (const [path] of procedures(app)) {
        if (!probes.has(path)) continue;
        const isPlugin = pluginIds.has(path.split('.')[0] as string);
        if (isPlugin || CORE_HOUSEHOLD_DATA.has(path)) await expectRefused(invoke(caller, path, probes.get(path)), `${path} as ${role}`);
      }
    }
  });

  it('lets the duty roles do only their own duty', () => {
    const has = (username: string, permission: string) => app.user(username).permissions.has(permission);
    expect(has('sysadmin', 'core.users.manage') && has('sysadmin', 'core.modules.policy')).toBe(true);
    expect(has('sysadmin', 'core.audit.read')).toBe(false);
    expect(has('secadmin', 'core.users.unlock') && has('secadmin', 'core.users.read')).toBe(true);
    expect(has('secadmin', 'core.users.manage') || has('secadmin', 'core.audit.read')).toBe(false);
    expect(has('auditor', 'core.audit.read')).toBe(true);
    expect(has('auditor', 'core.users.read') || has('auditor', 'core.modules.policy')).toBe(false);
  });
});
