import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHost, PLUGIN_ID_PATTERN, resolvePluginOrder, type AnyPlugin } from '@zhenxing/core';
import { applyMigrations, coreMigrations, queryRows, type MigrationSource } from '@zhenxing/db';
import { openTestDatabase } from '@zhenxing/testing';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { installedPlugins } from '../src/plugins.ts';

/**
 * Contract tests over the plugin list (Backstage/Medusa style): what every plugin must be, checked
 * for every installed plugin, so a new one is held to it without edits here.
 */
const pluginsDirectory = fileURLToPath(new URL('../../../plugins/', import.meta.url));
const plugins: readonly AnyPlugin[] = installedPlugins;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry) ? [path] : [];
  });
}

describe.each(plugins.map((plugin) => [plugin.id, plugin] as const))('plugin %s', (id, plugin) => {
  const directory = join(pluginsDirectory, id);
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string>;
  };

  it('has a stable kebab-case id matching its package name', () => {
    expect(id).toMatch(PLUGIN_ID_PATTERN);
    expect(manifest.name).toBe(`@zhenxing/plugin-${id}`);
  });

  it('exports the isomorphic entry, the server entry and leak probes', () => {
    expect(Object.keys(manifest.exports)).toEqual(expect.arrayContaining(['.', './server', './testing']));
  });

  it('has defaults for every per-county setting', () => {
    expect(plugin.settings.safeParse({}).success).toBe(true);
  });

  it('names a title in both languages and namespaces its permissions', () => {
    expect(plugin.title['zh-CN']).toMatch(/\p{Script=Han}/u);
    expect(plugin.title.en.length).toBeGreaterThan(0);
    for (const action of Object.keys(plugin.permissions)) expect(action).toMatch(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$|^[a-z][a-z0-9-]*$/);
  });

  it('declares only Postgres schemas named after itself (where its tables really are: see below)', () => {
    for (const schema of plugin.schemas ?? []) expect(schema === id || schema.startsWith(`${id.replace(/-/g, '_')}`)).toBe(true);
  });

  it('imports no other plugin’s tables or internals', () => {
    const others = plugins.filter((other) => other.id !== id);
    const problems: string[] = [];
    for (const file of sourceFiles(join(directory, 'src'))) {
      const text = readFileSync(file, 'utf8');
      const where = relative(pluginsDirectory, file);
      for (const match of text.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
        const specifier = match[1] as string;
        if (specifier.startsWith('.')) {
          const target = resolve(dirname(file), specifier);
          if (!target.startsWith(`${directory}/`)) problems.push(`${where}: relative import outside the plugin (${specifier})`);
          continue;
        }
        const target = /^@zhenxing\/plugin-([a-z0-9-]+)(\/.*)?$/.exec(specifier);
        if (!target || target[1] === id) continue;
        const [, otherId, subpath = ''] = target;
        // A listener takes another module's event payload types from its isomorphic entry: a
        // type-only import of that entry needs no dependsOn (nothing of it runs in this plugin).
        const statement = text.slice(text.lastIndexOf('\nimport', match.index) + 1, match.index);
        if (subpath === '' && /^import\s+type\s/.test(statement)) continue;
        if (!(plugin.dependsOn ?? []).includes(otherId as string)) {
          problems.push(`${where}: imports ${specifier} but does not declare "${otherId}" in dependsOn`);
        }
        if (subpath !== '' && subpath !== '/server') problems.push(`${where}: imports ${specifier}; only the package's public entries are allowed`);
      }
      const sqlBodies = [...text.matchAll(/sql(?:\.raw\()?`([^`]*)`/g)].map((body) => body[1] as string);
      for (const other of others) {
        for (const schema of other.schemas ?? []) {
          if (sqlBodies.some((body) => new RegExp(`\\b${schema}"?\\.`).test(body))) {
            problems.push(`${where}: raw SQL touches schema "${schema}" of plugin ${other.id}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the plugin list', () => {
  it('loads into a host: ids unique, dependencies present, no cycles, every procedure has a permission', () => {
    const database = { db: {} as never, driver: 'pglite' as const, close: async () => {} };
    expect(() => createHost({ database, plugins: installedPlugins })).not.toThrow();
  });
});

describe('where the plugins’ tables really are', () => {
  // A fresh PGlite and every plugin's migrations one by one: 30–60 s on a loaded 2-core machine.
  it('each plugin’s migrations, applied one plugin after another, create tables only in the schemas it declares (none in public)', async () => {
    // An empty database; the migrations are applied here step by step, as the host would in one go.
    const database = await openTestDatabase('contract-empty', async () => {});
    try {
      const tables = async () =>
        new Set(
          (
            await queryRows<{ name: string }>(
              database.db,
              sql`select table_schema || '.' || table_name as name from information_schema.tables
                where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') and table_schema not like 'pg\_%'`,
            )
          ).map((row) => row.name),
        );
      const sources: MigrationSource[] = [coreMigrations];
      await applyMigrations(database, sources);
      let before = await tables();
      const problems: string[] = [];
      let created = 0;
      for (const plugin of resolvePluginOrder(plugins)) {
        if (!plugin.migrations) continue;
        sources.push({ owner: plugin.id, folder: plugin.migrations });
        await applyMigrations(database, sources);
        const after = await tables();
        const added = [...after].filter((name) => !before.has(name));
        created += added.length;
        for (const name of added) {
          // The migrator's own bookkeeping: one journal table per owner.
          if (name === `zx_migrations.${plugin.id}`) continue;
          if (!(plugin.schemas ?? []).includes(name.split('.')[0] as string))
            problems.push(`${plugin.id} created ${name} outside its schemas ${JSON.stringify(plugin.schemas ?? [])}`);
        }
        before = after;
      }
      expect(created, 'tables the plugins’ migrations created').toBeGreaterThan(0);
      expect(problems).toEqual([]);
    } finally {
      await database.close();
    }
  }, 180_000);
});
