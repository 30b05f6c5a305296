import { z } from 'zod';
import { errors } from '../errors.ts';
import { isWithinRegion, REGION_CODE_PATTERN } from '../regions.ts';
import { coreProcedure, router } from '../trpc.ts';

export const indicatorsRouter = router({
  /** Every registered indicator's value for a region, counting only counties that enabled its module. */
  values: coreProcedure
    .meta({ permission: 'core.indicators.read' })
    .input(z.object({ regionCode: z.string().regex(REGION_CODE_PATTERN).optional() }))
    .query(async ({ ctx, input }) => {
      const regionCode = input.regionCode ?? ctx.user.scopeCode;
      if (!isWithinRegion(regionCode, ctx.user.scopeCode)) throw errors.outOfScope(regionCode);
      const values = [];
      const parameters = await ctx.runtime.parameters.snapshot(ctx.db);
      for (const [key, { plugin, indicator }] of ctx.runtime.indicators) {
        const counties = await ctx.runtime.modules.enabledCounties(ctx.db, plugin, regionCode);
        const value = await indicator.compute({ db: ctx.db, regionCode, counties, now: ctx.clock.now(), parameters });
        values.push({ key, plugin, title: indicator.title, unit: indicator.unit, direction: indicator.direction, value, counties: counties.length });
      }
      return values;
    }),
});
