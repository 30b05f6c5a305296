import { regions } from '@zhenxing/db';
import { and, asc, eq, ilike, inArray, like } from 'drizzle-orm';
import { z } from 'zod';
import { errors } from '../errors.ts';
import { isWithinRegion, regionPath, REGION_CODE_PATTERN } from '../regions.ts';
import { coreProcedure, router } from '../trpc.ts';

const regionCode = z.string().regex(REGION_CODE_PATTERN, '区划代码格式不正确 / invalid region code');

/** A node is visible when it lies inside the user's scope, or is an ancestor of it (for paths). */
function assertVisible(code: string, scope: string): void {
  if (!isWithinRegion(code, scope) && !isWithinRegion(scope, code)) throw errors.outOfScope(code);
}

export const regionsRouter = router({
  /** A node and the names along its path, for breadcrumbs. */
  get: coreProcedure
    .meta({ permission: 'core.regions.read' })
    .input(z.object({ code: regionCode }))
    .query(async ({ ctx, input }) => {
      assertVisible(input.code, ctx.user.scopeCode);
      const path = await ctx.db
        .select()
        .from(regions)
        .where(inArray(regions.code, regionPath(input.code)));
      const node = path.find((row) => row.code === input.code);
      if (!node) throw errors.notFound({ 'zh-CN': `区划 ${input.code}`, en: `Region ${input.code}` });
      return { ...node, path: path.sort((a, b) => a.code.length - b.code.length) };
    }),

  /** Children of a node inside the user's scope (no code: the user's own node). */
  children: coreProcedure
    .meta({ permission: 'core.regions.read' })
    .input(z.object({ code: regionCode.optional() }))
    .query(async ({ ctx, input }) => {
      const parent = input.code ?? ctx.user.scopeCode;
      if (!isWithinRegion(parent, ctx.user.scopeCode)) throw errors.outOfScope(parent);
      return ctx.db.select().from(regions).where(eq(regions.parentCode, parent)).orderBy(asc(regions.code));
    }),

  /** Name search inside the user's scope, for the region picker. */
  search: coreProcedure
    .meta({ permission: 'core.regions.read' })
    .input(z.object({ query: z.string().trim().min(1).max(40), limit: z.number().int().min(1).max(50).default(20) }))
    .query(({ ctx, input }) =>
      ctx.db
        .select()
        .from(regions)
        .where(and(like(regions.code, `${ctx.user.scopeCode}%`), ilike(regions.name, `%${input.query.replace(/[%_\\]/g, '')}%`)))
        .orderBy(asc(regions.level), asc(regions.code))
        .limit(input.limit),
    ),
});
