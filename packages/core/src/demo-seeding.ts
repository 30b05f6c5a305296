import type { DatabaseHandle } from '@zhenxing/db';
import { appendAudit } from './audit.ts';
import type { Clock, Logger } from './context.ts';
import { systemAccess, systemActor, todayOf } from './module-context.ts';
import type { AnyPluginManifest } from './plugin-manifest.ts';
import type { HostRuntime } from './runtime.ts';

export interface DemoSeedOptions {
  counties: readonly string[];
  seed: number;
  households: number;
  logger: Logger;
}

/**
 * Runs one plugin's demo seeder in its own transaction with the demo context (audited as
 * `system:demo`). Events it raises are not delivered: each seeder writes its own module's
 * consequences, so the demo is the same whichever modules are installed.
 */
export async function seedPluginDemo(
  host: { database: DatabaseHandle; clock: Clock; runtime: HostRuntime },
  plugin: AnyPluginManifest,
  options: DemoSeedOptions,
): Promise<void> {
  if (!plugin.demo) return;
  const actor = systemActor('demo');
  const parameters = await host.runtime.parameters.snapshot();
  await host.database.db.transaction(async (tx) => {
    await plugin.demo?.({
      db: tx,
      access: systemAccess(plugin, options.counties),
      settings: null,
      settingsFor: (countyCode) => host.runtime.modules.settings(tx, plugin.id, countyCode),
      audit: (entry) => appendAudit(tx, actor, { ...entry, plugin: plugin.id }, host.clock.now()),
      emit: () => {},
      parameters,
      clock: host.clock,
      today: todayOf(host.clock),
      logger: options.logger,
      actor,
      counties: options.counties,
      seed: options.seed,
      households: options.households,
    });
  });
}
