import type { AnyPlugin, LeakProbes } from '@zhenxing/core';
import type { TestApp } from '@zhenxing/testing';
import { pluginTesting } from '../../src/plugins.generated.ts';
import type { installedPlugins } from '../../src/plugins.ts';

/**
 * The enumeration the leak matrix and the PII matrix share: one input per procedure of every
 * installed plugin (each ships `leakProbes` in its `./testing` export, aimed at Xushui's data)
 * and of the core. New plugins are covered with no edits here.
 */
export const VICTIM_COUNTY = '130609';
export const VICTIM_VILLAGE = '130609100002';

/** 三员分立: the system, security and audit administrators, at the province, read no household data. */
export const DUTY_USERS = [
  { username: 'sysadmin', role: 'system_admin', scopeCode: '13' },
  { username: 'secadmin', role: 'security_admin', scopeCode: '13' },
  { username: 'auditor', role: 'audit_admin', scopeCode: '13' },
] as const;

export type Caller = Record<string, unknown>;
export type ProcedureRecord = Record<string, { _def: { type: 'query' | 'mutation' | 'subscription'; meta?: { permission?: string } } }>;

export function invoke(caller: Caller, path: string, input: unknown): Promise<unknown> {
  const target = path.split('.').reduce<unknown>((node, segment) => (node as Record<string, unknown>)[segment], caller);
  return (target as (input: unknown) => Promise<unknown>)(input);
}

/** Every procedure of the host: [path, procedure]. */
export function procedures(app: TestApp<typeof installedPlugins>): [string, ProcedureRecord[string]][] {
  return Object.entries(app.host.router._def.procedures as unknown as ProcedureRecord);
}

/** What a plugin's leak and update probes get: the database, the victim's region, calls and uploads as a user (Xushui's admin by default). */
export function probeContext(app: TestApp<typeof installedPlugins>) {
  return {
    db: app.db,
    victimCounty: VICTIM_COUNTY,
    victimVillage: VICTIM_VILLAGE,
    call: (path: string, input: unknown, username = 'xushui') => invoke(app.as(username) as unknown as Caller, path, input),
    upload: (target: { plugin: string; purpose: string }, fileName: string, content: Buffer, username = 'xushui') =>
      app.upload(username, target, fileName, content),
    settle: () => app.settle(),
  };
}

/** Runs every plugin's leak probes (they create the victim's data) and adds the core's; returns path → input. */
export async function collectProbes(app: TestApp<typeof installedPlugins>, plugins: readonly AnyPlugin[]): Promise<Map<string, unknown>> {
  const probes = new Map<string, unknown>();
  const context = probeContext(app);
  for (const plugin of app.host.plugins) {
    const testing = ((await pluginTesting[plugin.id]?.()) ?? {}) as { leakProbes?: LeakProbes };
    if (!testing.leakProbes) throw new Error(`@zhenxing/plugin-${plugin.id}/testing exports no leakProbes`);
    for (const [path, input] of Object.entries(await testing.leakProbes(context))) probes.set(`${plugin.id}.${path}`, input);
    await app.settle();
  }
  const victimUser = app.user('ansu');
  // Parameter sets are the province's: reads are probed at the victim county (an outsider's scope
  // does not hold it), writes at a draft a province admin wrote.
  const draft = (await invoke(app.as('province') as unknown as Caller, 'parameters.createDraft', {
    basedOn: 'hebei-2025.1',
    version: 'hebei-2099.1',
  })) as { id: number };
  const coreProbes: Record<string, unknown> = {
    'users.list': { regionCode: VICTIM_COUNTY },
    'users.create': { username: 'leak-probe', displayName: 'x', role: 'township_officer', scopeCode: '130609100' },
    'users.update': { id: victimUser.id, displayName: 'renamed' },
    'users.resetPassword': { id: victimUser.id },
    'users.unlock': { id: victimUser.id },
    'users.resetTotp': { id: victimUser.id },
    'security.policy': {},
    'security.setPolicy': { totpRequiredForAdmins: true },
    'modules.list': { regionCode: VICTIM_COUNTY },
    'modules.matrix': { regionCode: VICTIM_COUNTY },
    'modules.setEnabled': { countyCode: VICTIM_COUNTY, pluginId: plugins[0]?.id ?? 'none', enabled: false },
    'modules.updateSettings': { countyCode: VICTIM_COUNTY, pluginId: plugins[0]?.id ?? 'none', settings: {} },
    // A module with no dependency: one that depends on another is refused until that one is required too.
    'modules.setPolicy': { pluginId: plugins.find((plugin) => (plugin.dependsOn ?? []).length === 0)?.id ?? 'none', enabledByDefault: true, required: true },
    'audit.search': { regionCode: VICTIM_COUNTY },
    'audit.checkpoint': {},
    'regions.get': { code: VICTIM_VILLAGE },
    'regions.children': { code: VICTIM_COUNTY },
    'indicators.values': { regionCode: VICTIM_COUNTY },
    'todos.list': { regionCode: VICTIM_COUNTY },
    'parameters.list': { regionCode: VICTIM_COUNTY },
    'parameters.get': { regionCode: VICTIM_COUNTY, version: 'hebei-2023.1' },
    'parameters.diff': { regionCode: VICTIM_COUNTY, from: 'hebei-2022.1', to: 'hebei-2023.1' },
    'parameters.createDraft': { basedOn: 'hebei-2025.1', version: 'hebei-2098.1' },
    'parameters.updateDraft': { id: draft.id, note: 'leak probe' },
    'parameters.publish': { id: draft.id, effectiveFrom: '2099-01-01' },
    'parameters.discard': { id: draft.id },
  };
  for (const [path, input] of Object.entries(coreProbes)) probes.set(path, input);
  return probes;
}
