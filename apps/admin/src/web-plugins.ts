import type { AnyWebPlugin } from '@zhenxing/ui';
import extraWebPlugins from '#extra-web-plugins';
import { discoveredWebPlugins } from './web-plugins.generated.ts';

/**
 * The web side of every policy module: each plugin under plugins/ with a `./web` entry, listed by
 * scripts/discover-plugins.mjs (run on `pnpm install`) in the gitignored web-plugins.generated.ts.
 * Adding a module changes only plugins/<id>/.
 *
 * A module installed on the server without a web entry still appears in the menu (when enabled
 * and permitted) with a generic module page. `#extra-web-plugins` is empty in production; the
 * e2e build (`vite build --mode e2e`) maps it to the test fixture's web plugin.
 */
export const webPlugins: readonly AnyWebPlugin[] = [...discoveredWebPlugins, ...extraWebPlugins];

export function webPluginFor(id: string): AnyWebPlugin | undefined {
  return webPlugins.find((plugin) => plugin.id === id);
}
