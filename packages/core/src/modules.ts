import { countyModules, modulePolicies, regions, type Executor } from '@zhenxing/db';
import { and, eq, like, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { ZxError } from './errors.ts';
import type { AnyPluginManifest } from './plugin-manifest.ts';
import { provinceOf } from './regions.ts';

export interface CountyModuleState {
  countyCode: string;
  countyName: string;
  enabled: boolean;
  required: boolean;
  /** Whether the state comes from the province default rather than the county's own choice. */
  fromDefault: boolean;
}

/**
 * Which county has which module, and with what settings. A county's own row wins; without one
 * the province default applies; a module the province marks required is always on.
 */
export class ModuleService {
  constructor(private readonly plugins: ReadonlyMap<string, AnyPluginManifest>) {}

  plugin(pluginId: string): AnyPluginManifest {
    const plugin = this.plugins.get(pluginId);
    if (!plugin) {
      throw new ZxError('NOT_FOUND', 'unknown-module', {
        'zh-CN': `没有名为“${pluginId}”的模块。`,
        en: `There is no module "${pluginId}".`,
      });
    }
    return plugin;
  }

  /** Every county under `regionCode` with its state for one module. */
  async countyStates(db: Executor, pluginId: string, regionCode: string): Promise<CountyModuleState[]> {
    const rows = await db
      .select({
        countyCode: regions.code,
        countyName: regions.name,
        own: countyModules.enabled,
        byDefault: modulePolicies.enabledByDefault,
        required: modulePolicies.required,
      })
      .from(regions)
      .leftJoin(countyModules, and(eq(countyModules.countyCode, regions.code), eq(countyModules.pluginId, pluginId)))
      .leftJoin(modulePolicies, and(eq(modulePolicies.provinceCode, sql`left(${regions.code}, 2)`), eq(modulePolicies.pluginId, pluginId)))
      .where(and(eq(regions.level, 3), like(regions.code, `${regionCode.slice(0, 6)}%`)))
      .orderBy(regions.code);
    return rows.map((row) => ({
      countyCode: row.countyCode,
      countyName: row.countyName,
      required: row.required ?? false,
      enabled: (row.required ?? false) || (row.own ?? row.byDefault ?? false),
      fromDefault: row.own === null,
    }));
  }

  async enabledCounties(db: Executor, pluginId: string, regionCode: string): Promise<string[]> {
    const states = await this.countyStates(db, pluginId, regionCode);
    return states.filter((state) => state.enabled).map((state) => state.countyCode);
  }

  async isEnabled(db: Executor, pluginId: string, countyCode: string): Promise<boolean> {
    const [state] = await this.countyStates(db, pluginId, countyCode);
    return state?.enabled ?? false;
  }

  /** The county's settings for a module, parsed by the plugin's schema (defaults filled in). */
  async settings(db: Executor, pluginId: string, countyCode: string): Promise<unknown> {
    const plugin = this.plugin(pluginId);
    const [row] = await db
      .select({ settings: countyModules.settings })
      .from(countyModules)
      .where(and(eq(countyModules.countyCode, countyCode), eq(countyModules.pluginId, pluginId)));
    return plugin.settings.parse(row?.settings ?? {});
  }

  /**
   * Enables or disables a module for a county. Disabling deletes nothing; it hides the module and
   * stops its jobs there. A module cannot be enabled before the ones it depends on, nor disabled
   * while a module that depends on it is on, nor disabled when the province requires it.
   */
  async setEnabled(db: Executor, pluginId: string, countyCode: string, enabled: boolean, userId: number | null) {
    const plugin = this.plugin(pluginId);
    const [state] = await this.countyStates(db, pluginId, countyCode);
    if (!state) throw new ZxError('NOT_FOUND', 'unknown-county', { 'zh-CN': `没有县（区）${countyCode}。`, en: `There is no county ${countyCode}.` });
    if (enabled) {
      for (const dependency of plugin.dependsOn ?? []) {
        if (!(await this.isEnabled(db, dependency, countyCode))) {
          const title = this.plugin(dependency).title;
          throw new ZxError(
            'PRECONDITION_FAILED',
            'dependency-not-enabled',
            {
              'zh-CN': `请先启用“${title['zh-CN']}”模块，“${plugin.title['zh-CN']}”依赖它。`,
              en: `Enable "${title.en}" first; "${plugin.title.en}" depends on it.`,
            },
            { dependency },
          );
        }
      }
    } else {
      if (state.required) {
        throw new ZxError('PRECONDITION_FAILED', 'module-required', {
          'zh-CN': `省级已将“${plugin.title['zh-CN']}”设为必选模块，不能停用。`,
          en: `The province requires "${plugin.title.en}"; it cannot be disabled.`,
        });
      }
      for (const other of this.plugins.values()) {
        if (other.dependsOn?.includes(pluginId) && (await this.isEnabled(db, other.id, countyCode))) {
          throw new ZxError(
            'PRECONDITION_FAILED',
            'dependent-enabled',
            {
              'zh-CN': `“${other.title['zh-CN']}”依赖此模块，请先停用它。`,
              en: `"${other.title.en}" depends on this module; disable it first.`,
            },
            { dependent: other.id },
          );
        }
      }
    }
    const before = state.enabled;
    await db
      .insert(countyModules)
      .values({ countyCode, pluginId, enabled, updatedBy: userId })
      .onConflictDoUpdate({
        target: [countyModules.countyCode, countyModules.pluginId],
        set: { enabled, updatedBy: userId, updatedAt: sql`now()` },
      });
    return { before, after: enabled };
  }

  /** Validates settings with the plugin's schema; errors come back per field. */
  async updateSettings(db: Executor, pluginId: string, countyCode: string, input: unknown, userId: number | null) {
    const plugin = this.plugin(pluginId);
    const parsed = plugin.settings.safeParse(input);
    if (!parsed.success) {
      throw new ZxError(
        'BAD_REQUEST',
        'invalid-settings',
        { 'zh-CN': '设置有误，请按提示修改后再保存。', en: 'Some settings are invalid; fix the marked fields and save again.' },
        { fieldErrors: fieldErrorsOf(parsed.error) },
      );
    }
    const before = await this.settings(db, pluginId, countyCode);
    const enabled = await this.isEnabled(db, pluginId, countyCode);
    await db
      .insert(countyModules)
      .values({ countyCode, pluginId, enabled, settings: parsed.data as Record<string, unknown>, updatedBy: userId })
      .onConflictDoUpdate({
        target: [countyModules.countyCode, countyModules.pluginId],
        set: { settings: parsed.data as Record<string, unknown>, updatedBy: userId, updatedAt: sql`now()` },
      });
    return { before, after: parsed.data };
  }

  /** The province's default and requirement for a module (both false when never set). */
  async policy(db: Executor, provinceCode: string, pluginId: string): Promise<{ enabledByDefault: boolean; required: boolean }> {
    const [row] = await db
      .select({ enabledByDefault: modulePolicies.enabledByDefault, required: modulePolicies.required })
      .from(modulePolicies)
      .where(and(eq(modulePolicies.provinceCode, provinceOf(provinceCode)), eq(modulePolicies.pluginId, pluginId)));
    return row ?? { enabledByDefault: false, required: false };
  }

  async setPolicy(db: Executor, provinceCode: string, pluginId: string, policy: { enabledByDefault: boolean; required: boolean }) {
    this.plugin(pluginId);
    await db
      .insert(modulePolicies)
      .values({ provinceCode: provinceOf(provinceCode), pluginId, ...policy })
      .onConflictDoUpdate({
        target: [modulePolicies.provinceCode, modulePolicies.pluginId],
        set: { ...policy, updatedAt: sql`now()` },
      });
  }
}

/** zod issues → { 'path.to.field': ['message', …] } for forms. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}
