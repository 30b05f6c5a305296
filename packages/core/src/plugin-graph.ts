import { PLUGIN_ID_PATTERN, type AnyPluginManifest } from './plugin-manifest.ts';

/** A plugin list the host cannot start with; the message says which plugin and what to fix. */
export class PluginGraphError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginGraphError';
  }
}

/**
 * Validates the plugin list and returns it in dependency order (dependencies first; ties keep the
 * given order). Refuses duplicate ids, malformed ids, missing dependencies, cycles, and settings
 * schemas without defaults.
 */
export function resolvePluginOrder<Plugin extends AnyPluginManifest>(plugins: readonly Plugin[]): Plugin[] {
  const byId = new Map<string, Plugin>();
  for (const plugin of plugins) {
    if (!PLUGIN_ID_PATTERN.test(plugin.id)) {
      throw new PluginGraphError(`Plugin id "${plugin.id}" is not kebab-case (e.g. "monitoring", "social-aid").`);
    }
    if (plugin.id === 'core') throw new PluginGraphError('Plugin id "core" is reserved for the platform itself.');
    if (byId.has(plugin.id)) throw new PluginGraphError(`Two plugins share the id "${plugin.id}"; ids must be unique.`);
    byId.set(plugin.id, plugin);
  }
  for (const plugin of plugins) {
    for (const dependency of plugin.dependsOn ?? []) {
      if (!byId.has(dependency)) {
        throw new PluginGraphError(
          `Plugin "${plugin.id}" depends on "${dependency}", which is not in the plugin list. Add @zhenxing/plugin-${dependency} or remove the dependency.`,
        );
      }
    }
    const defaults = plugin.settings.safeParse({});
    if (!defaults.success) {
      throw new PluginGraphError(`Plugin "${plugin.id}": settings.parse({}) fails; give every setting a default. ${defaults.error.message}`);
    }
  }
  const ordered: Plugin[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (plugin: Plugin, trail: string[]) => {
    const current = state.get(plugin.id);
    if (current === 'done') return;
    if (current === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(plugin.id)), plugin.id];
      throw new PluginGraphError(`Plugins depend on each other in a cycle: ${cycle.join(' → ')}. Break it with an event instead of a dependency.`);
    }
    state.set(plugin.id, 'visiting');
    for (const dependency of plugin.dependsOn ?? []) visit(byId.get(dependency) as Plugin, [...trail, plugin.id]);
    state.set(plugin.id, 'done');
    ordered.push(plugin);
  };
  for (const plugin of plugins) visit(plugin, []);
  return ordered;
}
