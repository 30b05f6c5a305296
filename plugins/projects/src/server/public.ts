/**
 * The project library's stable server API for other modules (read-only): a project's id, county,
 * village, title and stage — nothing else — limited to the counties the caller passes (its own
 * scope, with this module enabled). Social assistance links funded projects through it.
 */
import type { Executor } from '@zhenxing/db';
import { and, asc, inArray } from 'drizzle-orm';
import { projects } from './schema.ts';

export interface PublicProject {
  id: number;
  countyCode: string;
  villageCode: string;
  title: string;
  stage: string;
}

/**
 * Projects of `counties` (the caller's counties where projects is enabled), optionally only `ids`.
 * An id outside those counties is simply absent: the answer never confirms it exists.
 */
export async function readProjects(db: Executor, counties: readonly string[], ids?: readonly number[]): Promise<PublicProject[]> {
  if (counties.length === 0 || (ids && ids.length === 0)) return [];
  return db
    .select({ id: projects.id, countyCode: projects.countyCode, villageCode: projects.villageCode, title: projects.title, stage: projects.stage })
    .from(projects)
    .where(and(inArray(projects.countyCode, [...counties]), ids ? inArray(projects.id, [...ids]) : undefined))
    .orderBy(asc(projects.countyCode), asc(projects.id))
    .limit(500);
}
