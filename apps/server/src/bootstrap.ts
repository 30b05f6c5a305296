import { generatePassword, hashPassword, type AnyPlugin, type Host, type Logger, type Role, seedPluginDemo } from '@zhenxing/core';
import { regions, users } from '@zhenxing/db';
import { count, eq } from 'drizzle-orm';

export const DEMO_PASSWORD = 'Zhenxing-Demo-2026';
export const DEMO_COUNTY = '130609';

/** Demo-only accounts along Hebei → Baoding → Xushui (listed in the README). */
export const DEMO_USERS: readonly { username: string; displayName: string; role: Role; scopeCode: string }[] = [
  { username: 'demo-province', displayName: '演示·省级管理员', role: 'province_admin', scopeCode: '13' },
  { username: 'demo-baoding', displayName: '演示·保定市管理员', role: 'city_admin', scopeCode: '1306' },
  { username: 'demo-xushui', displayName: '演示·徐水区管理员', role: 'county_admin', scopeCode: '130609' },
  { username: 'demo-jingxiu', displayName: '演示·竞秀区管理员', role: 'county_admin', scopeCode: '130602' },
  { username: 'demo-ansu', displayName: '演示·安肃镇干部', role: 'township_officer', scopeCode: '130609100' },
  { username: 'demo-juwei', displayName: '演示·巨威社区村干部', role: 'village_cadre', scopeCode: '130609100002' },
  { username: 'demo-inspector', displayName: '演示·督查员', role: 'inspector', scopeCode: '13' },
  { username: 'demo-sysadmin', displayName: '演示·系统管理员', role: 'system_admin', scopeCode: '13' },
  { username: 'demo-secadmin', displayName: '演示·安全管理员', role: 'security_admin', scopeCode: '13' },
  { username: 'demo-auditor', displayName: '演示·审计管理员', role: 'audit_admin', scopeCode: '13' },
];

async function isEmpty(host: Host<readonly AnyPlugin[]>): Promise<boolean> {
  const [row] = await host.database.db.select({ value: count() }).from(users);
  return (row?.value ?? 0) === 0;
}

async function ensureRegions(host: Host<readonly AnyPlugin[]>, province: string, logger: Logger): Promise<void> {
  const [row] = await host.database.db.select({ value: count() }).from(regions).where(eq(regions.code, province));
  if ((row?.value ?? 0) > 0) return;
  // The division data package is large; load it only when a database is set up.
  const { importProvince } = await import('@zhenxing/regions');
  const summary = await importProvince(host.database.db, province);
  logger.info({ ...summary.counts }, `imported the administrative divisions of province ${province}`);
}

/** An empty embedded database becomes the demo: real Hebei divisions, demo users, modules, data. */
export async function seedDemo(
  host: Host<readonly AnyPlugin[]>,
  logger: Logger,
  scale: { households: number; seed: number } = { households: 400, seed: 2022 },
): Promise<boolean> {
  if (!(await isEmpty(host))) return false;
  await ensureRegions(host, '13', logger);
  const { db } = host.database;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.insert(users).values(DEMO_USERS.map((user) => ({ ...user, passwordHash })));
  for (const plugin of host.plugins) {
    for (const county of [DEMO_COUNTY, '130602']) await host.runtime.modules.setEnabled(db, plugin.id, county, true, null);
  }
  for (const plugin of host.plugins) {
    if (!plugin.demo) continue;
    await seedPluginDemo(host, plugin, { counties: [DEMO_COUNTY, '130602'], seed: scale.seed, households: scale.households, logger });
    logger.info({ plugin: plugin.id }, 'demo data seeded');
  }
  return true;
}

/**
 * A production first run: regions of the configured province and one province admin whose
 * one-time password is printed once and must be changed at first sign-in.
 */
export async function firstRun(host: Host<readonly AnyPlugin[]>, province: string, logger: Logger): Promise<string | null> {
  if (!(await isEmpty(host))) return null;
  await ensureRegions(host, province, logger);
  const password = generatePassword();
  await host.database.db.insert(users).values({
    username: 'admin',
    displayName: '省级管理员',
    role: 'province_admin',
    scopeCode: province,
    passwordHash: await hashPassword(password),
    mustChangePassword: true,
  });
  return password;
}
