import { securityPolicies } from '@zhenxing/db';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { provinceOf } from '../regions.ts';
import { coreProcedure, router } from '../trpc.ts';

/** The province's security policy, set by its security administrator (三员分立). */
export const securityRouter = router({
  policy: coreProcedure.meta({ permission: 'core.security.manage' }).query(async ({ ctx }) => {
    const provinceCode = provinceOf(ctx.user.scopeCode);
    const [row] = await ctx.db.select().from(securityPolicies).where(eq(securityPolicies.provinceCode, provinceCode));
    return { provinceCode, totpRequiredForAdmins: row?.totpRequiredForAdmins ?? false };
  }),

  /** Two-factor sign-in for every admin role of the province; applies from each admin's next sign-in. */
  setPolicy: coreProcedure
    .meta({ permission: 'core.security.manage' })
    .input(z.object({ totpRequiredForAdmins: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const provinceCode = provinceOf(ctx.user.scopeCode);
      const [before] = await ctx.db.select().from(securityPolicies).where(eq(securityPolicies.provinceCode, provinceCode));
      const values = { totpRequiredForAdmins: input.totpRequiredForAdmins, updatedAt: ctx.clock.now(), updatedBy: ctx.user.id };
      await ctx.db
        .insert(securityPolicies)
        .values({ provinceCode, ...values })
        .onConflictDoUpdate({ target: securityPolicies.provinceCode, set: values });
      await ctx.audit({
        action: 'security.policy',
        regionCode: provinceCode,
        entityType: 'security-policy',
        entityId: provinceCode,
        before: { totpRequiredForAdmins: before?.totpRequiredForAdmins ?? false },
        after: input,
      });
      return { provinceCode, ...input };
    }),
});
