import { createHash } from 'node:crypto';
import { createHost, ManualClock, storeUpload, type AnyPlugin, type Host, type HttpSurface, type Logger, type Role, type SessionUser } from '@zhenxing/core';
import { regions, users, type DatabaseHandle } from '@zhenxing/db';
import { openTestDatabase } from './databases.ts';
import { REGION_FIXTURE } from './region-fixture.ts';

export interface TestUserSpec {
  username: string;
  role: Role;
  scopeCode: string;
  displayName?: string;
}

export interface TestAppOptions<Plugins extends readonly AnyPlugin[]> {
  plugins: Plugins;
  /** Users to create; each gets a typed caller under `app.as(username)`. */
  users?: readonly TestUserSpec[];
  /** Start of the controllable clock (default 2026-03-02T09:00:00+08:00). */
  now?: string;
  /**
   * Run requests under PostgreSQL row-level security (the host's `rowLevelSecurity`). Default: on
   * PostgreSQL, as production runs; off on PGlite, as the embedded demo runs.
   */
  rowLevelSecurity?: boolean;
  /** Seed the small real-Hebei region fixture (default true). */
  seedRegions?: boolean;
  /** Modules to enable per county: `{ '130609': ['registry', 'monitoring'] }`. */
  enable?: Record<string, readonly string[]>;
  /** The host's logger (jobs, events, plugins); silent by default. */
  logger?: Logger;
}

/** The users most tests need: one per role along Hebei → Baoding → Xushui, plus a neighbour county. */
export const STANDARD_USERS: readonly TestUserSpec[] = [
  { username: 'province', role: 'province_admin', scopeCode: '13' },
  { username: 'baoding', role: 'city_admin', scopeCode: '1306' },
  { username: 'shijiazhuang', role: 'city_admin', scopeCode: '1301' },
  { username: 'xushui', role: 'county_admin', scopeCode: '130609' },
  { username: 'jingxiu', role: 'county_admin', scopeCode: '130602' },
  { username: 'changan', role: 'county_admin', scopeCode: '130102' },
  { username: 'ansu', role: 'township_officer', scopeCode: '130609100' },
  { username: 'juwei', role: 'village_cadre', scopeCode: '130609100002' },
  { username: 'inspector', role: 'inspector', scopeCode: '13' },
];

export type TestApp<Plugins extends readonly AnyPlugin[]> = Awaited<ReturnType<typeof createTestApp<Plugins>>>;

/**
 * A real host on a real database (PGlite, or PostgreSQL when the suite runs its second half),
 * migrated for exactly these plugins, with regions, users and a controllable clock.
 */
export async function createTestApp<const Plugins extends readonly AnyPlugin[]>(options: TestAppOptions<Plugins>) {
  const clock = new ManualClock(options.now ?? '2026-03-02T01:00:00Z');
  const key = createHash('sha256')
    .update(
      options.plugins
        .map((plugin) => `${plugin.id}@${plugin.version}`)
        .sort()
        .join(','),
    )
    .digest('hex')
    .slice(0, 16);
  const database: DatabaseHandle = await openTestDatabase(key, async (handle) => {
    await createHost({ database: handle, plugins: options.plugins }).migrate();
  });
  const host: Host<Plugins> = createHost({
    database,
    plugins: options.plugins,
    clock,
    rowLevelSecurity: options.rowLevelSecurity ?? database.driver === 'postgres',
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const { db } = database;

  if (options.seedRegions ?? true)
    await db
      .insert(regions)
      .values([...REGION_FIXTURE])
      .onConflictDoNothing();

  const sessionUsers = new Map<string, SessionUser>();
  const addUser = async (spec: TestUserSpec, passwordHash = 'test-user-without-password'): Promise<SessionUser> => {
    const [row] = await db
      .insert(users)
      .values({
        username: spec.username,
        displayName: spec.displayName ?? spec.username,
        passwordHash,
        role: spec.role,
        scopeCode: spec.scopeCode,
      })
      .returning({ id: users.id });
    const user: SessionUser = {
      id: (row as { id: number }).id,
      username: spec.username,
      displayName: spec.displayName ?? spec.username,
      role: spec.role,
      scopeCode: spec.scopeCode,
      locale: 'zh-CN',
      permissions: host.runtime.permissionsOf(spec.role),
    };
    sessionUsers.set(spec.username, user);
    return user;
  };
  for (const spec of options.users ?? STANDARD_USERS) await addUser(spec);

  const built = host;
  for (const [countyCode, pluginIds] of Object.entries(options.enable ?? {})) {
    for (const pluginId of pluginIds) await built.runtime.modules.setEnabled(db, pluginId, countyCode, true, null);
  }

  const userNamed = (username: string): SessionUser => {
    const user = sessionUsers.get(username);
    if (!user) throw new Error(`No test user "${username}"; known: ${[...sessionUsers.keys()].join(', ')}`);
    return user;
  };

  return {
    host: built,
    database,
    db,
    clock,
    /** A caller acting as a signed-in user (CSRF already verified, as the browser would). */
    as: (username: string, http: HttpSurface | null = null) => built.createCaller({ user: userNamed(username), csrfVerified: true, http }),
    /** A caller with no session at all. */
    anonymous: (http: HttpSurface | null = null) => built.createCaller({ http, csrfVerified: true }),
    user: userNamed,
    addUser,
    /**
     * Uploads a file as `username` the way `POST /upload/<plugin>/<purpose>` does (same checks,
     * storage and audit, without HTTP) and returns its id for the plugin's procedures.
     */
    upload: async (username: string, target: { plugin: string; purpose: string; regionCode?: string }, fileName: string, content: Buffer): Promise<string> =>
      (await storeUpload(db, built.runtime, userNamed(username), { ...target, fileName, content }, clock.now())).uploadId,
    enable: (countyCode: string, pluginId: string) => built.runtime.modules.setEnabled(db, pluginId, countyCode, true, null),
    disable: (countyCode: string, pluginId: string) => built.runtime.modules.setEnabled(db, pluginId, countyCode, false, null),
    /** Waits until every published event has been delivered. */
    settle: () => built.runtime.events.idle(),
    async close() {
      await built.stop();
      await database.close();
    },
  };
}
