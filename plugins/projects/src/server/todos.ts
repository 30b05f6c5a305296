/**
 * Project steps waiting for the caller (the platform's to-do list, `todos.list`): applications to
 * review (乡镇审核), reviewed projects to approve into the library (县审定), completed projects to
 * accept (验收).
 */
import { defineTodo, type TodoQuery } from '@zhenxing/core';
import { and, asc, count, eq } from 'drizzle-orm';
import type { ProjectStage, ProjectsPermission } from '../index.ts';
import { projects } from './schema.ts';

async function atStage(query: TodoQuery, stage: ProjectStage, detail: { 'zh-CN': string; en: string }) {
  const where = and(query.access.where(projects.countyCode, projects.villageCode), eq(projects.stage, stage));
  const [total] = await query.db.select({ n: count() }).from(projects).where(where);
  const rows = await query.db
    .select({ id: projects.id, title: projects.title, villageCode: projects.villageCode })
    .from(projects)
    .where(where)
    .orderBy(asc(projects.id))
    .limit(query.limit);
  return {
    count: total?.n ?? 0,
    items: rows.map((row) => ({ key: String(row.id), label: row.title, detail, regionCode: row.villageCode, href: `/projects/${row.id}` })),
  };
}

export const projectsTodos = [
  defineTodo<ProjectsPermission>({
    id: 'review',
    title: { 'zh-CN': '项目待审核', en: 'Projects to review' },
    permission: 'project.review',
    href: '/projects',
    list: (query) => atStage(query, 'applied', { 'zh-CN': '村申报 · 待乡镇审核', en: 'applied · waiting for township review' }),
  }),
  defineTodo<ProjectsPermission>({
    id: 'approve',
    title: { 'zh-CN': '项目待审定入库', en: 'Projects to approve' },
    permission: 'project.approve',
    href: '/projects',
    list: (query) => atStage(query, 'township-reviewed', { 'zh-CN': '乡镇已审核 · 待县级审定', en: 'reviewed · waiting for county approval' }),
  }),
  defineTodo<ProjectsPermission>({
    id: 'accept',
    title: { 'zh-CN': '项目待验收', en: 'Projects to accept' },
    permission: 'project.accept',
    href: '/projects',
    list: (query) => atStage(query, 'completed', { 'zh-CN': '已完工 · 待验收', en: 'completed · waiting for acceptance' }),
  }),
];
