import { randomBytes } from 'node:crypto';

/** Which database the current test process runs on: set by scripts/test.mjs for each half. */
export type TestDriver = 'pglite' | 'postgres';

export function testDriver(): TestDriver {
  const driver = process.env.ZX_TEST_DRIVER ?? 'pglite';
  if (driver !== 'pglite' && driver !== 'postgres') throw new Error(`ZX_TEST_DRIVER must be pglite or postgres, not "${driver}"`);
  if (driver === 'postgres' && !process.env.TEST_DATABASE_URL) {
    throw new Error('ZX_TEST_DRIVER=postgres needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
  }
  return driver;
}

/** Unique per test run (shared by its workers), so concurrent runs never touch each other's databases. */
export function testRunId(): string {
  process.env.ZX_TEST_RUN_ID ??= `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  return process.env.ZX_TEST_RUN_ID;
}
