import type { AnyWebPlugin } from '@zhenxing/ui';
import extraWebPlugins from '#extra-web-plugins';
import { fundsWeb } from '@zhenxing/plugin-funds/web';
import { monitoringWeb } from '@zhenxing/plugin-monitoring/web';
import { projectsWeb } from '@zhenxing/plugin-projects/web';
import { registryWeb } from '@zhenxing/plugin-registry/web';

/**
 * The web side of each installed policy module, one line per plugin (its package's `./web`):
 *
 *   import { projectsWeb } from '@zhenxing/plugin-projects/web';
 *   export const webPlugins = [projectsWeb, ...];
 *
 * (and the package in apps/admin/package.json's dependencies).
 *
 * A module installed on the server without an entry here still appears in the menu (when enabled
 * and permitted) with a generic module page. `#extra-web-plugins` is empty in production; the
 * e2e build (`vite build --mode e2e`) maps it to the test fixture's web plugin.
 */
export const webPlugins: readonly AnyWebPlugin[] = [projectsWeb, fundsWeb, monitoringWeb, registryWeb, ...extraWebPlugins];

export function webPluginFor(id: string): AnyWebPlugin | undefined {
  return webPlugins.find((plugin) => plugin.id === id);
}
