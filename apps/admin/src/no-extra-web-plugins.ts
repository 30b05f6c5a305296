import type { AnyWebPlugin } from '@zhenxing/ui';

/** Production: no extra web plugins (the e2e build replaces this module with its fixtures). */
const extraWebPlugins: readonly AnyWebPlugin[] = [];
export default extraWebPlugins;
