import { z } from 'zod';
import { errors } from '../errors.ts';
import { countyOf, isWithinRegion, provinceOf, REGION_CODE_PATTERN } from '../regions.ts';
import { coreProcedure, router } from '../trpc.ts';

const countyCode = z.string().regex(/^\d{6}$/, '请选择一个县（区） / choose a county');
const pluginId = z.string().min(1).max(64);

export const modulesRouter = router({
  /**
   * Every installed module with its state for one region: for a county its own switch and
   * settings; above county level how many counties enabled it and which did not.
   */
  list: coreProcedure
    .meta({ permission: 'core.modules.read' })
    .input(z.object({ regionCode: z.string().regex(REGION_CODE_PATTERN).optional() }))
    .query(async ({ ctx, input }) => {
      const regionCode = input.regionCode ?? ctx.user.scopeCode;
      if (!isWithinRegion(regionCode, ctx.user.scopeCode)) throw errors.outOfScope(regionCode);
      const county = countyOf(regionCode);
      const result = [];
      for (const plugin of ctx.runtime.plugins.values()) {
        const states = await ctx.runtime.modules.countyStates(ctx.db, plugin.id, regionCode);
        const enabled = states.filter((state) => state.enabled);
        result.push({
          id: plugin.id,
          title: plugin.title,
          description: plugin.description ?? null,
          version: plugin.version,
          dependsOn: plugin.dependsOn ?? [],
          /** The caller's permissions in this module (the admin app builds navigation from them). */
          permissions: [...ctx.user.permissions].filter((permission) => permission.startsWith(`${plugin.id}.`)),
          enabled: county ? (states[0]?.enabled ?? false) : enabled.length > 0,
          required: states.some((state) => state.required),
          countiesEnabled: enabled.length,
          countiesTotal: states.length,
          countiesWithout: states.filter((state) => !state.enabled).map((state) => state.countyCode),
          settings: county ? await ctx.runtime.modules.settings(ctx.db, plugin.id, county) : null,
          settingsSchema: z.toJSONSchema(plugin.settings, { io: 'input', unrepresentable: 'any' }),
          policy: await ctx.runtime.modules.policy(ctx.db, provinceOf(regionCode), plugin.id),
        });
      }
      return result;
    }),

  /** Province/city view: which county enabled what. */
  matrix: coreProcedure
    .meta({ permission: 'core.modules.read' })
    .input(z.object({ regionCode: z.string().regex(REGION_CODE_PATTERN).optional() }))
    .query(async ({ ctx, input }) => {
      const regionCode = input.regionCode ?? ctx.user.scopeCode;
      if (!isWithinRegion(regionCode, ctx.user.scopeCode)) throw errors.outOfScope(regionCode);
      const modules = [...ctx.runtime.plugins.values()].map((plugin) => ({ id: plugin.id, title: plugin.title }));
      const rows = new Map<string, { countyName: string; states: Record<string, { enabled: boolean; required: boolean }> }>();
      for (const plugin of modules) {
        for (const state of await ctx.runtime.modules.countyStates(ctx.db, plugin.id, regionCode)) {
          const row = rows.get(state.countyCode) ?? { countyName: state.countyName, states: {} };
          row.states[plugin.id] = { enabled: state.enabled, required: state.required };
          rows.set(state.countyCode, row);
        }
      }
      return {
        modules,
        counties: [...rows.entries()].map(([code, row]) => ({ countyCode: code, countyName: row.countyName, cityCode: code.slice(0, 4), states: row.states })),
      };
    }),

  setEnabled: coreProcedure
    .meta({ permission: 'core.modules.manage' })
    .input(z.object({ countyCode, pluginId, enabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      if (!isWithinRegion(input.countyCode, ctx.user.scopeCode)) throw errors.outOfScope(input.countyCode);
      const change = await ctx.runtime.modules.setEnabled(ctx.db, input.pluginId, input.countyCode, input.enabled, ctx.user.id);
      await ctx.audit({
        action: input.enabled ? 'module.enable' : 'module.disable',
        regionCode: input.countyCode,
        entityType: 'module',
        entityId: input.pluginId,
        before: { enabled: change.before },
        after: { enabled: change.after },
      });
      ctx.emit('core.module-changed', { countyCode: input.countyCode, pluginId: input.pluginId, enabled: input.enabled });
      return change;
    }),

  updateSettings: coreProcedure
    .meta({ permission: 'core.modules.manage' })
    .input(z.object({ countyCode, pluginId, settings: z.record(z.string(), z.unknown()) }))
    .mutation(async ({ ctx, input }) => {
      if (!isWithinRegion(input.countyCode, ctx.user.scopeCode)) throw errors.outOfScope(input.countyCode);
      const change = await ctx.runtime.modules.updateSettings(ctx.db, input.pluginId, input.countyCode, input.settings, ctx.user.id);
      await ctx.audit({ action: 'module.settings', regionCode: input.countyCode, entityType: 'module', entityId: input.pluginId, ...change });
      return change.after;
    }),

  /** Province defaults: whether a module starts enabled in each county, and whether it is required. */
  setPolicy: coreProcedure
    .meta({ permission: 'core.modules.policy' })
    .input(z.object({ pluginId, enabledByDefault: z.boolean(), required: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const province = provinceOf(ctx.user.scopeCode);
      const plugin = ctx.runtime.modules.plugin(input.pluginId);
      if (input.required || input.enabledByDefault) {
        for (const dependency of plugin.dependsOn ?? []) {
          const states = await ctx.runtime.modules.countyStates(ctx.db, dependency, province);
          if (states.some((state) => !state.enabled)) {
            throw errors.invalid({
              'zh-CN': `“${plugin.title['zh-CN']}”依赖“${ctx.runtime.modules.plugin(dependency).title['zh-CN']}”，请先将后者设为全省默认启用或必选。`,
              en: `"${plugin.title.en}" depends on "${ctx.runtime.modules.plugin(dependency).title.en}"; make that one enabled by default or required first.`,
            });
          }
        }
      }
      await ctx.runtime.modules.setPolicy(ctx.db, province, input.pluginId, input);
      await ctx.audit({ action: 'module.policy', regionCode: province, entityType: 'module', entityId: input.pluginId, after: input });
      return input;
    }),
});
