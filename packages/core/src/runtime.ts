import type { EventBus } from './event-bus.ts';
import type { ModuleService } from './modules.ts';
import type { AnyPluginManifest } from './plugin-manifest.ts';
import type { IndicatorDefinition } from './indicators.ts';
import type { ParameterStore } from './parameters.ts';

/** Host services that procedures reach through `ctx.runtime`. */
export interface HostRuntime {
  modules: ModuleService;
  events: EventBus;
  plugins: ReadonlyMap<string, AnyPluginManifest>;
  /** The permission set of a role: core permissions plus every plugin's grants. */
  permissionsOf(role: string): ReadonlySet<string>;
  indicators: ReadonlyMap<string, { plugin: string; indicator: IndicatorDefinition }>;
  /** Subkey that signs audit checkpoints (from the platform secret, see secret-key.ts). */
  auditCheckpointKey: Uint8Array;
  /** Subkey that encrypts users' TOTP secrets at rest (auth/totp.ts). */
  totpKey: Uint8Array;
  /** Requests run as `zx_app` with `zx.scope` set, under the tenant tables' RLS policies (request-scope.ts). */
  rowLevelSecurity: boolean;
  /** The published policy parameter sets behind every context's `ctx.parameters` (parameters.ts). */
  parameters: ParameterStore;
  /** Days audit entries are kept (≥ 180). */
  auditRetentionDays: number;
}
