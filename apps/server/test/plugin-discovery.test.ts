import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { discoverPlugins, writeGenerated } from '../../../scripts/discover-plugins.mjs';
import { installedPlugins, PluginSelectionError, selectPlugins } from '../src/plugins.ts';

/**
 * A plugin is found by its package.json marker alone: the server and the admin app import the
 * generated lists, so adding a module needs no edit outside plugins/<id>/. ZX_PLUGINS chooses the
 * installed set and is checked at start-up.
 */
const workspace = mkdtempSync(join(tmpdir(), 'zx-discovery-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

function addPackage(dir: string, manifest: Record<string, unknown>): void {
  mkdirSync(join(workspace, 'plugins', dir), { recursive: true });
  writeFileSync(join(workspace, 'plugins', dir, 'package.json'), JSON.stringify(manifest));
}

describe('plugin discovery', () => {
  test('finds every marked package under plugins/, and only those', () => {
    mkdirSync(join(workspace, 'apps/server/src'), { recursive: true });
    mkdirSync(join(workspace, 'apps/admin/src'), { recursive: true });
    addPackage('visits', {
      name: '@zhenxing/plugin-visits',
      zhenxing: { plugin: true },
      exports: { '.': './src/index.ts', './server': './src/server/plugin.ts', './web': './src/web/index.ts', './testing': './src/testing.ts' },
    });
    addPackage('helper-lib', { name: '@zhenxing/helper-lib', exports: { '.': './src/index.ts' } });
    expect(discoverPlugins(workspace).map((plugin: { id: string }) => plugin.id)).toEqual(['visits']);

    writeGenerated(workspace);
    const server = readFileSync(join(workspace, 'apps/server/src/plugins.generated.ts'), 'utf8');
    expect(server).toContain("import visitsPlugin from '../../../plugins/visits/src/server/plugin.ts';");
    expect(server).toContain('export const discoveredPlugins = [visitsPlugin] as const;');
    expect(server).toContain("'visits': () => import('../../../plugins/visits/src/testing.ts')");
    const web = readFileSync(join(workspace, 'apps/admin/src/web-plugins.generated.ts'), 'utf8');
    expect(web).toContain("import visitsWeb from '../../../plugins/visits/src/web/index.ts';");
  });

  test('refuses a marked package whose name does not follow its folder', () => {
    addPackage('income', { name: '@zhenxing/income', zhenxing: { plugin: true }, exports: { './server': './src/server/plugin.ts' } });
    expect(() => discoverPlugins(workspace)).toThrow(/plugins\/income: package name must be @zhenxing\/plugin-income/);
  });

  test('this repository’s modules are discovered', () => {
    expect(installedPlugins.map((plugin) => plugin.id).sort()).toEqual([
      'assessment',
      'dispatch',
      'funds',
      'income',
      'monitoring',
      'projects',
      'registry',
      'social-assistance',
      'visits',
    ]);
  });
});

describe('ZX_PLUGINS', () => {
  test('unset or empty: every discovered plugin', () => {
    expect(selectPlugins(undefined)).toEqual(installedPlugins);
    expect(selectPlugins(' ')).toEqual(installedPlugins);
  });

  test('a comma list chooses the installed set', () => {
    expect(
      selectPlugins('registry, monitoring')
        .map((plugin) => plugin.id)
        .sort(),
    ).toEqual(['monitoring', 'registry']);
  });

  test('an unknown id stops the start-up and names what is available', () => {
    expect(() => selectPlugins('registry,wages')).toThrow(PluginSelectionError);
    expect(() => selectPlugins('registry,wages')).toThrow(
      /"wages", not found under plugins\/\. Available: assessment, dispatch, funds, income, monitoring, projects, registry, social-assistance, visits/,
    );
  });
});
