import type { ProcedureContext } from '@zhenxing/core';
import { z } from 'zod';

/** Per-county settings of the project library. */
export const projectsSettings = z.object({
  /**
   * 疫情防控期间 边公示、边上报、边审核: review and approval may go ahead once the notice they wait
   * for has started, instead of after it has ended. Off by default (sequential).
   */
  parallelMode: z
    .boolean()
    .default(false)
    .describe('边公示、边上报、边审核（疫情防控期间）')
    .meta({ titleEn: 'Notice, report and review in parallel (epidemic period)' }),
});
export type ProjectsSettings = z.output<typeof projectsSettings>;

/** A projects procedure's context: the core's, with these settings. */
export type ProjectsContext = ProcedureContext<ProjectsSettings>;
