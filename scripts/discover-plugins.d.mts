/** A plugin package found under plugins/ by its package.json marker ("zhenxing": { "plugin": true }). */
export interface DiscoveredPlugin {
  id: string;
  dir: string;
  exports: Record<string, unknown>;
}
export function discoverPlugins(repositoryRoot?: string): DiscoveredPlugin[];
export function writeGenerated(repositoryRoot?: string): { plugins: string[]; changed: boolean };
