import type { AnyPlugin, AppRouterOf } from '@zhenxing/core';
import { ConfigError } from './config.ts';
import { discoveredPlugins } from './plugins.generated.ts';

/**
 * The policy modules this server can host: every package under plugins/ marked
 * `"zhenxing": { "plugin": true }`, listed by scripts/discover-plugins.mjs (run on `pnpm install`)
 * in the gitignored plugins.generated.ts. Adding a module changes only plugins/<id>/ (and the
 * lockfile); the host sorts them by dependency.
 */
export const installedPlugins = discoveredPlugins;

/** The API type covers every discovered module; a deployment may host fewer (`ZX_PLUGINS`). */
export type AppRouter = AppRouterOf<typeof installedPlugins>;

/** A configuration error (printed as one line at start-up, like every other one). */
export class PluginSelectionError extends ConfigError {
  override name = 'PluginSelectionError';
}

/**
 * The modules a deployment hosts: `ZX_PLUGINS` is a comma-separated list of plugin ids (default:
 * all discovered). Unknown ids stop the start-up with the list of those available; a module whose
 * `dependsOn` is left out stops it in the host with the same kind of message.
 */
export function selectPlugins(setting: string | undefined, available: readonly AnyPlugin[] = installedPlugins): readonly AnyPlugin[] {
  if (setting === undefined || setting.trim() === '') return available;
  const wanted = setting
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const known = new Set(available.map((plugin) => plugin.id));
  const unknown = wanted.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new PluginSelectionError(
      `ZX_PLUGINS names ${unknown.map((id) => `"${id}"`).join(', ')}, not found under plugins/. Available: ${[...known].join(', ')}.`,
    );
  }
  return available.filter((plugin) => wanted.includes(plugin.id));
}
