import { passwordProblems, verifyPassword } from '@zhenxing/core';
import { regions, users } from '@zhenxing/db';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { count, eq, like } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS, firstRun, seedDemo } from '../src/bootstrap.ts';
import { bootstrapLogger } from '../src/logger.ts';

const quiet = bootstrapLogger('silent');

describe('first start of an empty database', () => {
  let app: TestApp<[]> | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('becomes the demo: real Hebei divisions and one account per role, listed in the README', async () => {
    app = await createTestApp({ plugins: [], seedRegions: false, users: [] });
    expect(await seedDemo(app.host, quiet)).toBe(true);
    const [villages] = await app.db.select({ value: count() }).from(regions).where(like(regions.code, '13__________'));
    expect(villages?.value).toBe(54145);
    const accounts = await app.db.select().from(users).orderBy(users.id);
    expect(accounts.map((user) => user.username)).toEqual(DEMO_USERS.map((user) => user.username));
    expect(await verifyPassword(accounts[0]?.passwordHash ?? '', DEMO_PASSWORD)).toBe(true);
    expect(await seedDemo(app.host, quiet)).toBe(false);
  }, 120_000);

  it('in production creates one province admin with a one-time password that must be changed', async () => {
    app = await createTestApp({ plugins: [], users: [] });
    const password = await firstRun(app.host, '13', quiet);
    expect(password).not.toBeNull();
    expect(passwordProblems(password as string, 'admin')).toEqual([]);
    const [admin] = await app.db.select().from(users).where(eq(users.username, 'admin'));
    expect(admin).toMatchObject({ role: 'province_admin', scopeCode: '13', mustChangePassword: true });
    expect(await firstRun(app.host, '13', quiet)).toBeNull();
  });
});
