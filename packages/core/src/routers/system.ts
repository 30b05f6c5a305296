import { sql } from 'drizzle-orm';
import { publicProcedure, router } from '../trpc.ts';

export const systemRouter = router({
  /** Liveness plus the database answering; used by /readyz and the admin app's status bar. */
  health: publicProcedure.meta({ public: true }).query(async ({ ctx }) => {
    await ctx.db.execute(sql`select 1`);
    return { status: 'ok' as const, driver: ctx.database.driver, time: ctx.clock.now().toISOString() };
  }),
});
