import { auditLog } from '@zhenxing/db';
import { maskIdNumbersInText, redactPersonalData } from '@zhenxing/rules';
import { and, count, desc, eq, gte, like, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { verifyAuditLog, writeAuditCheckpoints } from '../audit-checkpoint.ts';
import { errors } from '../errors.ts';
import { isWithinRegion, REGION_CODE_PATTERN } from '../regions.ts';
import { coreProcedure, router } from '../trpc.ts';

export const auditRouter = router({
  /** Audit entries inside the caller's scope, newest first, filtered. */
  search: coreProcedure
    .meta({ permission: 'core.audit.read' })
    .input(
      z.object({
        regionCode: z.string().regex(REGION_CODE_PATTERN).optional(),
        plugin: z.string().max(64).optional(),
        action: z.string().max(128).optional(),
        username: z.string().max(64).optional(),
        entityType: z.string().max(64).optional(),
        entityId: z.string().max(128).optional(),
        from: z.iso.datetime({ offset: true }).optional(),
        to: z.iso.datetime({ offset: true }).optional(),
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      const regionCode = input.regionCode ?? ctx.user.scopeCode;
      if (!isWithinRegion(regionCode, ctx.user.scopeCode)) throw errors.outOfScope(regionCode);
      const conditions: (SQL | undefined)[] = [like(auditLog.regionCode, `${regionCode}%`)];
      if (input.plugin) conditions.push(eq(auditLog.plugin, input.plugin));
      if (input.action) conditions.push(like(auditLog.action, `${input.action}%`));
      if (input.username) conditions.push(eq(auditLog.username, input.username));
      if (input.entityType) conditions.push(eq(auditLog.entityType, input.entityType));
      if (input.entityId) conditions.push(eq(auditLog.entityId, input.entityId));
      if (input.from) conditions.push(gte(auditLog.at, new Date(input.from)));
      if (input.to) conditions.push(lte(auditLog.at, new Date(input.to)));
      const where = and(...conditions);
      const [total] = await ctx.db.select({ value: count() }).from(auditLog).where(where);
      const rows = await ctx.db
        .select()
        .from(auditLog)
        .where(where)
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(input.pageSize)
        .offset((input.page - 1) * input.pageSize);
      // Entries are redacted before they are stored; redacting again on the way out also covers
      // entries written before that rule (the stored hash stays as it was: verify reads the table).
      return {
        total: total?.value ?? 0,
        rows: rows.map((row) => ({
          ...row,
          entityId: row.entityId === null ? null : maskIdNumbersInText(row.entityId),
          before: redactPersonalData(row.before),
          after: redactPersonalData(row.after),
        })),
      };
    }),

  /** Recomputes the hash chains; province admins and inspectors run it from the app, ops via `zx audit verify`. */
  // Every chain is checked, but the answer covers the caller's region only: the entries counted are
  // those audit.search would show them, and problems only of chains inside their scope (or the
  // upper chain, which every level writes to).
  verify: coreProcedure.meta({ permission: 'core.audit.read' }).query(async ({ ctx }) => {
    const result = await verifyAuditLog(ctx.db, ctx.runtime.auditCheckpointKey, { countWithin: ctx.user.scopeCode });
    const visible = result.problems.filter((problem) => problem.chainKey === '000000' || isWithinRegion(problem.chainKey, ctx.user.scopeCode));
    return { entries: result.entries, intact: visible.length === 0, problems: visible };
  }),

  /** Signs every chain's head now (the core job does it hourly), so a later truncation is detected. */
  checkpoint: coreProcedure.meta({ permission: 'core.audit.checkpoint' }).mutation(async ({ ctx }) => {
    // Audited first, so the checkpoint covers its own entry.
    await ctx.audit({ action: 'audit.checkpoint', regionCode: null, entityType: 'audit-log' });
    const heads = await writeAuditCheckpoints(ctx.db, ctx.runtime.auditCheckpointKey, ctx.clock.now());
    return { chains: heads.length };
  }),
});
