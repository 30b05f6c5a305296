import type { EventContext } from '@zhenxing/core';
import { and, eq } from 'drizzle-orm';
import type { FundsAllocated } from '@zhenxing/plugin-funds';
import { allocations, projects } from './schema.ts';

/**
 * `funds.allocated` → the project's allocation link (owned here). Idempotent on the funds
 * allocation id; an allocation naming a project that is not in that county is logged and ignored.
 */
export async function recordAllocation(notice: FundsAllocated, context: EventContext): Promise<void> {
  const [project] = await context.db
    .select()
    .from(projects)
    .where(and(eq(projects.id, notice.projectId), eq(projects.countyCode, notice.countyCode)));
  if (!project) {
    context.logger.warn({ notice }, 'funds.allocated names a project this county does not have; ignored');
    return;
  }
  const inserted = await context.db
    .insert(allocations)
    .values({
      countyCode: notice.countyCode,
      villageCode: project.villageCode,
      projectId: project.id,
      fundsAllocationId: notice.allocationId,
      amountFen: notice.amountFen,
      year: notice.year,
      level: notice.level,
      documentNumber: notice.documentNumber,
    })
    .onConflictDoNothing()
    .returning();
  const [link] = inserted;
  if (link) {
    await context.audit({
      action: 'project.allocation-received',
      regionCode: project.villageCode,
      entityType: 'project-allocation',
      entityId: link.id,
      after: link,
    });
  }
}
