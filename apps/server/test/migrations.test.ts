import { queryRows } from '@zhenxing/db';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedPlugins } from '../src/plugins.ts';

/**
 * The same migrations must produce the same schema on PGlite (PostgreSQL 18 in WASM) and on the
 * PostgreSQL server. Both halves of the suite compare against one committed fingerprint file, so
 * a difference between drivers fails one of them. After changing a migration, refresh it with
 * `pnpm exec vitest run --project server -u` and review the diff.
 */
describe('migrations', () => {
  let app: TestApp<typeof installedPlugins>;
  beforeAll(async () => {
    app = await createTestApp({ plugins: installedPlugins, seedRegions: false, users: [] });
  });
  afterAll(() => app?.close());

  it('produce an identical schema on both drivers', async () => {
    const schemas = ['core', 'zx_migrations', ...installedPlugins.flatMap((plugin: { schemas?: readonly string[] }) => plugin.schemas ?? [])];
    const columns = await queryRows<Record<string, string>>(
      app.db,
      sql`select table_schema || '.' || table_name || '.' || column_name || ' ' || data_type ||
                 coalesce('(' || character_maximum_length || ')', '') || case when is_nullable = 'NO' then ' not null' else '' end ||
                 coalesce(' default ' || column_default, '') as line
          from information_schema.columns where table_schema in ${schemas} order by 1`,
    );
    const indexes = await queryRows<Record<string, string>>(
      app.db,
      sql`select indexdef as line from pg_indexes where schemaname in ${schemas} order by 1`,
    );
    const constraints = await queryRows<Record<string, string>>(
      app.db,
      // NOT NULL is covered by the columns; PostgreSQL 18 names those constraints differently.
      sql`select table_schema || '.' || table_name || ' ' || constraint_type || ' ' || constraint_name as line
          from information_schema.table_constraints
          where table_schema in ${schemas} and constraint_type <> 'CHECK' order by 1`,
    );
    const fingerprint = [...columns, ...indexes, ...constraints].map((row) => row.line).join('\n');
    await expect(`${fingerprint}\n`).toMatchFileSnapshot('./__snapshots__/schema-fingerprint.txt');
  });

  it('are recorded per owner, so re-running them changes nothing', async () => {
    await app.host.migrate();
    const owners = await queryRows<{ table_name: string }>(
      app.db,
      sql`select table_name from information_schema.tables where table_schema = 'zx_migrations' order by 1`,
    );
    expect(owners.map((row) => row.table_name)).toEqual(
      ['core', ...installedPlugins.filter((plugin: { migrations?: string }) => plugin.migrations).map((plugin: { id: string }) => plugin.id)].sort(),
    );
  });
});
