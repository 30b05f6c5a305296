import { regions } from '@zhenxing/db';
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import { AccessScope } from '../access.ts';
import { errors } from '../errors.ts';
import type { Localized } from '../i18n.ts';
import { todayOf } from '../module-context.ts';
import { isWithinRegion, REGION_CODE_PATTERN } from '../regions.ts';
import type { TodoItem } from '../todos.ts';
import { coreProcedure, router } from '../trpc.ts';

export interface TodoGroup {
  /** `<plugin>.<todo id>`. */
  key: string;
  plugin: string;
  module: Localized;
  title: Localized;
  href: string;
  priority: number;
  count: number;
  items: (TodoItem & { regionName: string | null })[];
}

export const todosRouter = router({
  /**
   * The caller's to-do list: every to-do of every module enabled in a county of the region (default
   * the caller's scope) whose permission the caller holds, each scoped like that module's own
   * procedures. Modules disabled everywhere in the region contribute nothing.
   */
  list: coreProcedure
    .meta({ permission: 'core.todos.read' })
    .input(
      z.object({
        regionCode: z.string().regex(REGION_CODE_PATTERN).optional(),
        limit: z.int().min(1).max(20).default(5),
      }),
    )
    .query(async ({ ctx, input }): Promise<TodoGroup[]> => {
      const regionCode = input.regionCode ?? ctx.user.scopeCode;
      if (!isWithinRegion(regionCode, ctx.user.scopeCode)) throw errors.outOfScope(regionCode);
      const parameters = await ctx.runtime.parameters.snapshot(ctx.db);
      const now = ctx.clock.now();
      const today = todayOf(ctx.clock);
      const groups: TodoGroup[] = [];
      for (const plugin of ctx.runtime.plugins.values()) {
        const todos = (plugin.todos ?? []).filter((todo) => ctx.user.permissions.has(`${plugin.id}.${todo.permission}`));
        if (todos.length === 0) continue;
        const states = await ctx.runtime.modules.countyStates(ctx.db, plugin.id, regionCode);
        const counties = states.filter((state) => state.enabled).map((state) => state.countyCode);
        if (counties.length === 0) continue;
        const without = states.filter((state) => !state.enabled).map((state) => state.countyCode);
        const access = new AccessScope(plugin.id, plugin.title, ctx.user.scopeCode, regionCode, counties, without);
        for (const todo of todos) {
          const { count, items } = await todo.list({
            db: ctx.db,
            access,
            user: { id: ctx.user.id, username: ctx.user.username, role: ctx.user.role, scopeCode: ctx.user.scopeCode },
            today,
            now,
            parameters,
            limit: input.limit,
          });
          // A contribution that returned rows outside the scope is a bug in it: drop them rather than leak.
          const visible = items.filter((item) => access.canSee(item.regionCode)).slice(0, input.limit);
          groups.push({
            key: `${plugin.id}.${todo.id}`,
            plugin: plugin.id,
            module: plugin.title,
            title: todo.title,
            href: todo.href,
            priority: todo.priority ?? 0,
            count,
            items: visible.map((item) => ({ ...item, regionName: null })),
          });
        }
      }
      const codes = [...new Set(groups.flatMap((group) => group.items.map((item) => item.regionCode)))];
      if (codes.length > 0) {
        const names = new Map(
          (await ctx.db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes))).map((row) => [
            row.code,
            row.name,
          ]),
        );
        for (const group of groups) for (const item of group.items) item.regionName = names.get(item.regionCode) ?? null;
      }
      // Stable: more urgent kinds first, then the modules' own order.
      return groups
        .map((group, index) => ({ group, index }))
        .sort((a, b) => b.group.priority - a.group.priority || a.index - b.index)
        .map(({ group }) => group);
    }),
});
