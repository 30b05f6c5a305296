import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { queryRows } from '@zhenxing/db';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedPlugins } from '../src/plugins.ts';

interface FingerprintRow extends Record<string, string> {
  schema: string;
  table: string;
  line: string;
}

const TEST_DIR = dirname(fileURLToPath(import.meta.url));

/** Columns, indexes and constraints of the given schemas, one line each, filed by schema and table. */
async function schemaOf(db: TestApp<[]>['db'], schemas: readonly string[]) {
  const columns = await queryRows<FingerprintRow>(
    db,
    sql`select table_schema as schema, table_name as "table", table_schema || '.' || table_name || '.' || column_name || ' ' || data_type ||
               coalesce('(' || character_maximum_length || ')', '') || case when is_nullable = 'NO' then ' not null' else '' end ||
               coalesce(' default ' || column_default, '') as line
        from information_schema.columns where table_schema in ${schemas} order by line`,
  );
  const indexes = await queryRows<FingerprintRow>(
    db,
    sql`select schemaname as schema, tablename as "table", indexdef as line from pg_indexes where schemaname in ${schemas} order by line`,
  );
  const constraints = await queryRows<FingerprintRow>(
    db,
    // NOT NULL is covered by the columns; PostgreSQL 18 names those constraints differently.
    sql`select table_schema as schema, table_name as "table", table_schema || '.' || table_name || ' ' || constraint_type || ' ' || constraint_name as line
        from information_schema.table_constraints
        where table_schema in ${schemas} and constraint_type <> 'CHECK' order by line`,
  );
  return { columns, indexes, constraints };
}

/**
 * The same migrations must produce the same schema on PGlite (PostgreSQL 18 in WASM) and on the
 * PostgreSQL server. Both halves of the suite compare against committed fingerprint files — the core's
 * in __snapshots__/, each plugin's in plugins/<id>/test/__snapshots__/ — so a difference between
 * drivers fails one of them. After changing a migration, refresh it with
 * `pnpm exec vitest run --project server -u` and review the diff.
 */
describe('migrations', () => {
  let app: TestApp<typeof installedPlugins>;
  beforeAll(async () => {
    app = await createTestApp({ plugins: installedPlugins, seedRegions: false, users: [] });
  });
  afterAll(() => app?.close());

  const owned = (plugin: { migrations?: string }) => plugin.migrations !== undefined;
  const plugins = (installedPlugins as readonly { id: string; migrations?: string; schemas?: readonly string[] }[]).filter(owned);
  const schemas = ['core', 'zx_migrations', ...plugins.flatMap((plugin) => plugin.schemas ?? [])];

  it('produce an identical schema on both drivers', async () => {
    // Each line carries its schema and table, so it can be filed under its owner below.
    const { columns, indexes, constraints } = await schemaOf(app.db, schemas);
    // One fingerprint per owner: the core's here, each plugin's in its own folder, so adding a
    // plugin adds a file under plugins/<id>/ and leaves this one alone.
    const ownerOf = (row: FingerprintRow) =>
      row.schema === 'zx_migrations' ? row.table : (plugins.find((plugin) => plugin.schemas?.includes(row.schema))?.id ?? 'core');
    // Sorted here by code unit, not by the database's collation, so the order is the same on every
    // server (and a scaffolded plugin can write its own fingerprint; see src/scaffold/templates.ts).
    const sorted = (group: FingerprintRow[]) => group.map((row) => ({ ...row })).sort((a, b) => (a.line < b.line ? -1 : a.line > b.line ? 1 : 0));
    const rows = [...sorted(columns), ...sorted(indexes), ...sorted(constraints)];
    const fingerprintOf = (owner: string) =>
      `${rows
        .filter((row) => ownerOf(row) === owner)
        .map((row) => row.line)
        .join('\n')}\n`;
    await expect(fingerprintOf('core')).toMatchFileSnapshot('./__snapshots__/schema-fingerprint.txt');
    for (const plugin of plugins) {
      const file = join(dirname(plugin.migrations as string), 'test', '__snapshots__', 'schema-fingerprint.txt');
      await expect(fingerprintOf(plugin.id), `schema of plugin ${plugin.id}`).toMatchFileSnapshot(relative(TEST_DIR, file));
    }
  });

  it('are recorded per owner, so re-running them changes nothing: the same schema, histories and row counts', async () => {
    const owners = ['core', ...plugins.map((plugin) => plugin.id)].sort();
    const state = async () => {
      const tables = await queryRows<{ schema: string; table: string }>(
        app.db,
        sql`select table_schema as schema, table_name as "table" from information_schema.tables
            where table_schema in ${schemas} and table_type = 'BASE TABLE' order by 1, 2`,
      );
      const rowCounts: Record<string, number> = {};
      for (const { schema, table } of tables) {
        const [row] = await queryRows<{ count: number }>(app.db, sql`select count(*)::int as count from ${sql.identifier(schema)}.${sql.identifier(table)}`);
        rowCounts[`${schema}.${table}`] = row?.count ?? -1;
      }
      const histories: Record<string, string[]> = {};
      for (const owner of owners) {
        const rows = await queryRows<{ hash: string; created_at: string }>(
          app.db,
          sql`select hash, created_at::text as created_at from ${sql.identifier('zx_migrations')}.${sql.identifier(owner)} order by id`,
        );
        histories[owner] = rows.map((row) => `${row.created_at} ${row.hash}`);
      }
      return { schema: await schemaOf(app.db, schemas), rowCounts, histories };
    };
    const before = await state();
    for (const owner of owners) expect(before.histories[owner]?.length, `migrations recorded for ${owner}`).toBeGreaterThan(0);
    expect(
      Object.keys(before.rowCounts)
        .filter((table) => table.startsWith('zx_migrations.'))
        .sort(),
    ).toEqual(owners.map((owner) => `zx_migrations.${owner}`));

    await app.host.migrate();
    expect(await state()).toEqual(before);
  });
});
