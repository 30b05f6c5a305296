import { TRPCError } from '@trpc/server';
import { ZxError, type AnyPlugin, type SessionUser } from '@zhenxing/core';
import { countyModules, queryRows } from '@zhenxing/db';
import { createTestApp, STANDARD_USERS, type TestApp } from '@zhenxing/testing';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedPlugins } from '../src/plugins.ts';
import { collectProbes, DUTY_USERS, invoke, procedures, VICTIM_COUNTY, VICTIM_VILLAGE, type Caller } from './support/procedure-probes.ts';

/**
 * The leak matrix: every procedure of every installed plugin (and of the core) is called with an
 * input aimed at Xushui's data (one village, 130609100002) by callers who must all be refused —
 * and each refusal must be for the right reason (`ZxError.reason`): no session → `unauthenticated`;
 * a Xushui user lacking the permission → `permission-denied`; a Xushui user whose county disabled
 * the module → `module-not-enabled`. `PRECONDITION_FAILED` (a business rule: wrong stage, notice
 * period) and validation errors never count as a refusal.
 *
 * Leak matrix 2 (issue 24) reaches each plugin's own checks, not only the shared middleware: the
 * probe is also sent without its `regionCode` and with the caller's own region, by outsiders who
 * hold EVERY permission of the platform — another county, another township of Xushui, another
 * village of Xushui's township — and by a city user whose scope holds Xushui with its modules
 * disabled. Each must be refused as `out-of-scope`, `not-found`, `permission-denied` or
 * `module-not-enabled`, or, for a query, answered without any of the victim village's data. A
 * probe only proves something if the owner's call works: every mutation probe succeeds for Xushui's
 * admin (in a transaction rolled back afterwards) and every query probe answers it with data from
 * the probed village. The database fingerprint covers every table outside PostgreSQL's own
 * schemas (public included), and the self-scoped core procedures, exempt from the probes, still
 * get the no-session and missing-permission checks. New plugins are covered with no edits here:
 * each ships `leakProbes` in its `./testing` export, and a procedure without a probe fails this test.
 */
const OUTSIDER = 'jingxiu';
/** Outsiders given every permission of the platform, with the region they may ask about. */
const OUTSIDERS = [
  { username: 'jingxiu', kind: 'another county', ownRegion: '130602' },
  { username: 'cuizhuang', kind: 'another township of Xushui', ownRegion: '130609101' },
  { username: 'xinyuan', kind: 'another village of the victim’s township', ownRegion: '130609100003' },
] as const;
/** A city user (Baoding) whose scope holds Xushui, which disabled every module, and Jingxiu, which did not. */
const CITY = { username: 'baoding', kind: 'a city user whose Xushui disabled the module', ownRegion: '130602' } as const;
const EXTRA_USERS = [
  { username: 'cuizhuang', role: 'township_officer', scopeCode: '130609101' },
  { username: 'xinyuan', role: 'village_cadre', scopeCode: '130609100003' },
] as const;
/**
 * Reasons that refuse a caller for its scope or rights (never a business rule or bad input);
 * `upload-not-found` is the uploads' not-found: the file belongs to another user;
 * `inspecting-level-only`: 暗访 is recorded (and rectifications accepted) by the province or a city.
 */
const SCOPE_REFUSALS = new Set([
  'out-of-scope',
  'province-only',
  'inspecting-level-only',
  'not-found',
  'permission-denied',
  'module-not-enabled',
  'upload-not-found',
]);
/** An outsider pass sends every probe three ways, each in its own rolled-back transaction: minutes, not seconds. */
const OUTSIDER_PASS_TIMEOUT = 300_000;
/**
 * Core mutations whose owner is the province, not Xushui: policy parameter sets are drafted and
 * published by province admins only (refused to any other scope as `province-only`). The probes'
 * draft is written by 'province'; its author edits it, and another province-scoped user (here the
 * inspector, given every permission) publishes it: four eyes.
 */
const PROVINCE_OWNERS = new Map([
  ['parameters.createDraft', 'province'],
  ['parameters.updateDraft', 'province'],
  ['parameters.discard', 'province'],
  ['parameters.publish', 'inspector'],
  // Assessment schemes, deductions, score runs and 通报 are written by the province only (`province-only` below it).
  ...[
    'schemes.create',
    'schemes.newVersion',
    'schemes.revise',
    'schemes.publish',
    'deductions.record',
    'scores.compute',
    'notices.draft',
    'notices.revise',
    'notices.publish',
    // 暗访: recorded and submitted by the province or a city, which also accepts or returns a rectification.
    'inspections.create',
    'inspections.submit',
    'tasks.accept',
    'tasks.return',
  ].map((path) => [`assessment.${path}`, 'province'] as const),
  // The statistics sheet is uploaded by the province admin; only its uploader may import it.
  ['income.supervision.importFigures', 'province'],
  // Data calls: the issuing province accepts or returns a county's answer (监测调度).
  ['dispatch.submissions.return', 'province'],
  ['dispatch.submissions.accept', 'province'],
]);
/** Core queries that answer with household rows or aggregates of them. */
const CORE_HOUSEHOLD_DATA = new Set(['indicators.values', 'todos.list']);

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
 * Core procedures over province-wide settings, which name no region: gated by their permission
 * alone (only province roles hold it), so an outsider given every permission may use them.
 */
const CORE_PROVINCE_WIDE = new Set(['security.policy', 'security.setPolicy', 'modules.setPolicy', 'audit.checkpoint']);

/**
 * Probed queries that answer null or [] even for Xushui's own admin, so refusing them to an outsider
 * proves less than the rest. Give such a probe real data (in the plugin's src/testing.ts) and take
 * it off this list; a probe that starts answering empty fails the test.
 * - registry.households.duplicates lists a person registered in two counties *of the caller's
 *   scope*: a county admin's scope holds one county, so by design it is empty for them (a city or
 *   province user sees it; `plugins/registry/test/households.test.ts` covers that).
 */
const ANSWERS_EMPTY = new Set(['registry.households.duplicates']);

/**
 * Probed queries whose answer for Xushui's own admin names no region code of Xushui: settings and
 * templates, platform-wide figures, and answers about one probed household, project or upload by id.
 */
const ANSWERS_WITHOUT_REGION = new Set([
  'modules.list',
  'security.policy',
  'indicators.values',
  'registry.import.template',
  'registry.comparison.template',
  'registry.import.progress',
  'monitoring.households.evaluate',
  'monitoring.measures.suggest',
  'monitoring.households.replay',
  'projects.payments.preview',
  // "Evaluate under …" replays answer a decision (no region code in it), like the previews above.
  'monitoring.cases.replay',
  'monitoring.eliminations.replay',
  'projects.payments.replay',
  // The parameter sets a what-if may run: province-wide policy numbers.
  'monitoring.whatIf.sets',
  // Policy parameter sets are province-wide data, not any county's.
  'parameters.list',
  'parameters.get',
  'parameters.diff',
  // Assessment schemes, the indicators they may use and the list of score runs are the province's, not a county's.
  'assessment.indicators',
  'assessment.schemes.list',
  'assessment.schemes.get',
  'assessment.scores.runs',
]);

type Outcome = { answered: true; value: unknown } | { answered: false; code: string; reason: string | null };

async function outcomeOf(call: Promise<unknown>): Promise<Outcome> {
  return call.then(
    (value): Outcome => ({ answered: true, value }),
    (error: unknown): Outcome => {
      if (error instanceof ZxError) return { answered: false, code: error.code, reason: error.reason };
      if (error instanceof TRPCError) return { answered: false, code: error.code, reason: null };
      throw error;
    },
  );
}

function describeOutcome(outcome: Outcome): string {
  return outcome.answered ? `answered ${JSON.stringify(outcome.value)?.slice(0, 200)}` : `${outcome.code} (${outcome.reason ?? 'no reason'})`;
}

/** A refusal for one of `reasons` (never PRECONDITION_FAILED for a business rule, nor a validation error). */
async function expectRefused(call: Promise<unknown>, reasons: ReadonlySet<string>, description: string): Promise<void> {
  const outcome = await outcomeOf(call);
  expect(!outcome.answered && outcome.reason !== null && reasons.has(outcome.reason), `${description} → ${describeOutcome(outcome)}`).toBe(true);
}

/** The probe's input as sent, without `regionCode`, and with `regionCode` set to the caller's own region. */
function variants(input: unknown, ownRegion: string): { label: string; input: unknown }[] {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return [{ label: 'as probed', input }];
  const { regionCode, ...rest } = input as Record<string, unknown>;
  const list = [
    { label: 'as probed', input },
    { label: `with its own region ${ownRegion}`, input: { ...rest, regionCode: ownRegion } },
  ];
  if (regionCode !== undefined) list.push({ label: 'without regionCode', input: rest });
  return list;
}

class RolledBack extends Error {}

describe('leak matrix over every installed procedure', () => {
  let app: TestApp<typeof installedPlugins>;
  let probes: Map<string, unknown>;
  const plugins: readonly AnyPlugin[] = installedPlugins;

  beforeAll(async () => {
    app = await createTestApp({ plugins: installedPlugins, enable: {}, users: [...STANDARD_USERS, ...DUTY_USERS, ...EXTRA_USERS] });
    for (const county of [VICTIM_COUNTY, '130602']) {
      for (const plugin of app.host.plugins) await app.enable(county, plugin.id);
    }
    probes = await collectProbes(app, plugins);
  });
  afterAll(() => app?.close());

  /**
   * Every row of every table outside PostgreSQL's own schemas — core, every plugin's, public and any
   * schema a plugin should not write to — hashed: a refused call must change none of it.
   */
  async function fingerprint(): Promise<string> {
    const tables = await queryRows<{ table_schema: string; table_name: string }>(
      app.db,
      sql`select table_schema, table_name from information_schema.tables
        where table_schema not in ('pg_catalog', 'information_schema') and table_schema not like 'pg\_%' and table_type = 'BASE TABLE' order by 1, 2`,
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

  const allPermissions = () => new Set(app.host.permissions.map((permission) => permission.name));

  /** A user holding every permission of the platform except `missing`. */
  function withEveryPermission(username: string, missing?: string): SessionUser {
    const all = allPermissions();
    if (missing) all.delete(missing);
    return { ...app.user(username), permissions: all };
  }

  function callerFor(user: SessionUser): Caller {
    return app.host.createCaller({ user, csrfVerified: true }) as unknown as Caller;
  }

  /** Runs `body` with a caller whose every read and write happens in one transaction, rolled back afterwards. */
  async function rolledBack<T>(user: SessionUser, body: (caller: Caller, tx: typeof app.db) => Promise<T>): Promise<T> {
    let result: { value: T } | undefined;
    try {
      await app.db.transaction(async (tx) => {
        // The mutation's own transaction becomes a savepoint inside this one.
        const context = { user, csrfVerified: true, db: tx, database: { ...app.database, db: tx } };
        const caller = app.host.createCaller(context as unknown as Parameters<typeof app.host.createCaller>[0]) as unknown as Caller;
        result = { value: await body(caller, tx as unknown as typeof app.db) };
        throw new RolledBack();
      });
    } catch (error) {
      if (!(error instanceof RolledBack)) throw error;
    }
    if (!result) throw new Error('rolled-back body produced no result');
    return result.value;
  }

  const isPluginPath = (path: string) => plugins.some((plugin) => plugin.id === path.split('.')[0]);

  function switchModules(countyCode: string, enabled: boolean, pluginIds: readonly string[]) {
    return app.db
      .update(countyModules)
      .set({ enabled })
      .where(and(eq(countyModules.countyCode, countyCode), inArray(countyModules.pluginId, [...pluginIds])));
  }

  it('has a probe for every procedure that is not self-scoped', () => {
    const missing = procedures(app)
      .map(([path]) => path)
      .filter((path) => !probes.has(path) && !CORE_SELF_SCOPED.has(path));
    expect(missing, 'procedures without a leak probe (add them to the plugin’s src/testing.ts)').toEqual([]);
  });

  it('still refuses the self-scoped core procedures without a session and without their permission, for that reason', async () => {
    const anonymous = app.anonymous() as unknown as Caller;
    let checked = 0;
    for (const [path, procedure] of procedures(app)) {
      if (!CORE_SELF_SCOPED.has(path)) continue;
      const meta = procedure._def.meta as { permission?: string; public?: boolean } | undefined;
      if (meta?.public) continue;
      checked += 1;
      await expectRefused(invoke(anonymous, path, {}), new Set(['unauthenticated']), `${path} with no session`);
      if (meta?.permission) {
        await expectRefused(
          invoke(callerFor(withEveryPermission('xushui', meta.permission)), path, {}),
          new Set(['permission-denied']),
          `${path} lacking ${meta.permission}`,
        );
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('answers the probes’ queries for the victim county’s own admin with Xushui’s data, except the few listed as answering empty or region-free', async () => {
    const owner = callerFor(withEveryPermission('xushui'));
    const answered: string[] = [];
    const empty: string[] = [];
    const withoutRegion: string[] = [];
    for (const [path, procedure] of procedures(app)) {
      if (procedure._def.type !== 'query' || !probes.has(path)) continue;
      const result = await invoke(owner, path, probes.get(path));
      answered.push(path);
      if (result === null || result === undefined || (Array.isArray(result) && result.length === 0)) empty.push(path);
      else if (!(JSON.stringify(result) ?? '').includes(VICTIM_COUNTY)) withoutRegion.push(path);
    }
    expect(answered.length).toBeGreaterThan(0);
    expect(empty.sort(), 'queries whose probe finds nothing for Xushui’s own admin (see ANSWERS_EMPTY)').toEqual([...ANSWERS_EMPTY].sort());
    expect(withoutRegion.sort(), 'queries whose answer names nothing of Xushui (see ANSWERS_WITHOUT_REGION)').toEqual([...ANSWERS_WITHOUT_REGION].sort());
  });

  it(
    'lets the victim county’s own admin make every probed mutation (rolled back afterwards), so each refusal below proves something',
    async () => {
      const before = await fingerprint();
      const failed: string[] = [];
      let mutations = 0;
      for (const [path, procedure] of procedures(app)) {
        if (procedure._def.type !== 'mutation' || !probes.has(path)) continue;
        mutations += 1;
        const owner = PROVINCE_OWNERS.get(path) ?? 'xushui';
        const outcome = await rolledBack(withEveryPermission(owner), (caller) => outcomeOf(invoke(caller, path, probes.get(path))));
        if (!outcome.answered) failed.push(`${path} → ${describeOutcome(outcome)}`);
      }
      expect(mutations).toBeGreaterThan(0);
      expect(failed, 'mutation probes that fail for their owner prove nothing: give them an entity in the right state').toEqual([]);
      await app.settle();
      expect(await fingerprint()).toBe(before);
    },
    OUTSIDER_PASS_TIMEOUT,
  );

  it('refuses every probed call with no session, lacking the permission, or with the module disabled, for that reason, and changes nothing', async () => {
    const before = await fingerprint();
    const anonymous = app.anonymous() as unknown as Caller;
    for (const [path, procedure] of procedures(app)) {
      if (!probes.has(path)) continue;
      const input = probes.get(path);
      const pluginId = path.split('.')[0] as string;
      const isPlugin = isPluginPath(path);
      const permission = procedure._def.meta?.permission;
      const fullPermission = isPlugin ? `${pluginId}.${permission}` : permission;

      await expectRefused(invoke(callerFor(app.user(OUTSIDER)), path, input), SCOPE_REFUSALS, `${path} as a user of another county`);
      await expectRefused(invoke(anonymous, path, input), new Set(['unauthenticated']), `${path} with no session`);
      await expectRefused(
        invoke(callerFor(withEveryPermission('xushui', fullPermission)), path, input),
        new Set(['permission-denied']),
        `${path} lacking ${fullPermission}`,
      );

      if (isPlugin) {
        await switchModules(VICTIM_COUNTY, false, [pluginId]);
        try {
          await expectRefused(
            invoke(callerFor(withEveryPermission('xushui')), path, input),
            new Set(['module-not-enabled']),
            `${path} in a county that disabled ${pluginId}`,
          );
        } finally {
          await switchModules(VICTIM_COUNTY, true, [pluginId]);
        }
      }
    }
    await app.settle();
    expect(await fingerprint()).toBe(before);
  });

  /**
   * Rows that carry the victim village's code (households, members, cases, projects …), hashed:
   * a call that answers an outsider must leave them as they were.
   */
  async function victimFingerprint(db: typeof app.db): Promise<string> {
    const schemas = [...new Set(plugins.flatMap((plugin) => plugin.schemas ?? []))];
    const tables = await queryRows<{ table_schema: string; table_name: string }>(
      db,
      sql`select table_schema, table_name from information_schema.tables where table_schema in ${schemas} and table_type = 'BASE TABLE' order by 1, 2`,
    );
    const parts: string[] = [];
    for (const { table_schema: schema, table_name: table } of tables) {
      const [row] = await queryRows<{ digest: string | null }>(
        db,
        sql.raw(
          `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from "${schema}"."${table}" t where t::text like '%${VICTIM_VILLAGE}%'`,
        ),
      );
      parts.push(`${schema}.${table}:${row?.digest}`);
    }
    return parts.join('\n');
  }

  /**
   * The victim fingerprint inside the rolled-back transaction, after a request: a request on
   * PostgreSQL switched it to the request role and scope (row-level security, transaction-local), so
   * switch back to see every row.
   */
  async function victimFingerprintAfterRequest(tx: typeof app.db): Promise<string> {
    if (app.database.driver === 'postgres') await tx.execute(sql`reset role`);
    return victimFingerprint(tx);
  }

  /**
   * One caller's pass of leak matrix 2: every probe in each variant, inside a transaction rolled
   * back afterwards, must be refused for a scope reason — or be answered with nothing of the victim
   * village and, for a mutation, leave the victim village's rows as they were (a mutation in the
   * caller's own region, such as creating a batch there, is the caller's right).
   */
  async function outsiderPass(user: SessionUser, kind: string, ownRegion: string, paths: readonly string[]): Promise<{ problems: string[]; calls: number }> {
    const problems: string[] = [];
    let calls = 0;
    const victimBefore = await victimFingerprint(app.db);
    // Outside Xushui a caller must not even see rows of the county; inside it, none of the victim village.
    const markers = user.scopeCode.startsWith(VICTIM_COUNTY)
      ? [VICTIM_VILLAGE]
      : [VICTIM_VILLAGE, `"countyCode":"${VICTIM_COUNTY}"`, `"regionCode":"${VICTIM_COUNTY}"`];
    for (const path of paths) {
      const type = procedures(app).find(([candidate]) => candidate === path)?.[1]._def.type;
      let list = variants(probes.get(path), ownRegion);
      // A city-wide request for a county's action is refused as invalid input, proving nothing:
      // the city user's mutations are sent as probed and for a county of its own that runs the module.
      if (user.scopeCode.length < 6 && type === 'mutation') list = list.filter((variant) => variant.label !== 'without regionCode');
      for (const variant of list) {
        calls += 1;
        const where = `${path} ${variant.label} as ${kind}`;
        await rolledBack(user, async (caller, tx) => {
          const outcome = await outcomeOf(invoke(caller, path, variant.input));
          if (outcome.answered) {
            const text = JSON.stringify(outcome.value) ?? '';
            if (markers.some((marker) => text.includes(marker)))
              problems.push(`${where} → answered with the victim village’s data: ${describeOutcome(outcome)}`);
            else if (type === 'mutation' && (await victimFingerprintAfterRequest(tx)) !== victimBefore) {
              problems.push(`${where} → changed the victim village’s rows: ${describeOutcome(outcome)}`);
            }
          } else if (outcome.reason === null || !SCOPE_REFUSALS.has(outcome.reason)) {
            problems.push(`${where} → not a scope refusal: ${describeOutcome(outcome)}`);
          }
        });
      }
    }
    return { problems, calls };
  }

  const probedPaths = () => procedures(app).flatMap(([path]) => (probes.has(path) ? [path] : []));

  it.each(OUTSIDERS)(
    'refuses $kind holding every permission each probe as sent, without regionCode and with its own region',
    async ({ username, kind, ownRegion }) => {
      const before = await fingerprint();
      const paths = probedPaths().filter((path) => !CORE_PROVINCE_WIDE.has(path));
      const { problems, calls } = await outsiderPass(withEveryPermission(username), kind, ownRegion, paths);
      expect(calls).toBeGreaterThan(paths.length);
      expect(problems).toEqual([]);
      await app.settle();
      expect(await fingerprint()).toBe(before);
    },
    OUTSIDER_PASS_TIMEOUT,
  );

  it(
    'refuses a city user holding every permission each plugin probe while the victim county has its modules disabled',
    async () => {
      const before = await fingerprint();
      const pluginIds = plugins.map((plugin) => plugin.id);
      const paths = probedPaths().filter(isPluginPath);
      expect(paths.length).toBeGreaterThan(0);
      await switchModules(VICTIM_COUNTY, false, pluginIds);
      try {
        const { problems, calls } = await outsiderPass(withEveryPermission(CITY.username), CITY.kind, CITY.ownRegion, paths);
        expect(calls).toBeGreaterThan(paths.length);
        expect(problems).toEqual([]);
      } finally {
        await switchModules(VICTIM_COUNTY, true, pluginIds);
      }
      await app.settle();
      expect(await fingerprint()).toBe(before);
    },
    OUTSIDER_PASS_TIMEOUT,
  );

  it('gives the duty roles no permission of any plugin: every plugin procedure and household-data query refuses them', async () => {
    const pluginIds = new Set(plugins.map((plugin) => plugin.id));
    let refusals = 0;
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
        if (isPlugin || CORE_HOUSEHOLD_DATA.has(path)) {
          await expectRefused(invoke(caller, path, probes.get(path)), new Set(['permission-denied']), `${path} as ${role}`);
          refusals += 1;
        }
      }
    }
    expect(refusals).toBeGreaterThan(DUTY_USERS.length);
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
