/**
 * What waits for whom in 整改 (the platform's to-do list, `todos.list`): for the responsible county or
 * township, tasks to rectify, returned ones and overdue ones; for the province or a city, submitted
 * rectifications awaiting acceptance. Each list is scoped by the caller's `access`; drafts never show.
 */
import { defineTodo, type TodoList, type TodoQuery } from '@zhenxing/core';
import { and, asc, count, eq, gte, inArray, lt, ne, type SQL } from 'drizzle-orm';
import { INSPECTION_PROBLEM_LABELS, type AssessmentPermission } from '../index.ts';
import { regionNames } from './province.ts';
import { rectificationTasks } from './schema.ts';

async function taskTodos(query: TodoQuery, condition: SQL | undefined): Promise<TodoList> {
  const where = and(
    query.access.where(rectificationTasks.countyCode, rectificationTasks.responsibleRegionCode),
    ne(rectificationTasks.status, 'draft'),
    condition,
  );
  const [total] = await query.db.select({ n: count() }).from(rectificationTasks).where(where);
  const rows = await query.db
    .select({
      id: rectificationTasks.id,
      category: rectificationTasks.category,
      responsibleRegionCode: rectificationTasks.responsibleRegionCode,
      deadline: rectificationTasks.deadline,
    })
    .from(rectificationTasks)
    .where(where)
    .orderBy(asc(rectificationTasks.deadline), asc(rectificationTasks.id))
    .limit(query.limit);
  const names = await regionNames(
    query.db,
    rows.map((row) => row.responsibleRegionCode),
  );
  return {
    count: total?.n ?? 0,
    items: rows.map((row) => {
      const region = names.get(row.responsibleRegionCode) ?? row.responsibleRegionCode;
      const label = INSPECTION_PROBLEM_LABELS[row.category];
      return {
        key: String(row.id),
        label: `${region}：${label['zh-CN']}`,
        detail: { 'zh-CN': `${label['zh-CN']} · ${row.deadline} 到期`, en: `${label.en} · due ${row.deadline}` },
        regionCode: row.responsibleRegionCode,
        dueOn: row.deadline,
        href: `/assessment/rectification?task=${row.id}`,
      };
    }),
  };
}

const toRectify = inArray(rectificationTasks.status, ['open', 'returned']);

export const assessmentTodos = [
  defineTodo<AssessmentPermission>({
    id: 'rectification-overdue',
    title: { 'zh-CN': '整改已逾期', en: 'Rectifications overdue' },
    permission: 'rectification.submit',
    href: '/assessment/rectification?status=overdue',
    priority: 30,
    list: (query) => taskTodos(query, and(toRectify, lt(rectificationTasks.deadline, query.today))),
  }),
  defineTodo<AssessmentPermission>({
    id: 'rectification-returned',
    title: { 'zh-CN': '整改被退回', en: 'Rectifications returned' },
    permission: 'rectification.submit',
    href: '/assessment/rectification?status=returned',
    priority: 20,
    list: (query) => taskTodos(query, eq(rectificationTasks.status, 'returned')),
  }),
  defineTodo<AssessmentPermission>({
    id: 'rectification-due',
    title: { 'zh-CN': '整改任务待完成', en: 'Rectification tasks due' },
    permission: 'rectification.submit',
    href: '/assessment/rectification?status=open',
    priority: 10,
    list: (query) => taskTodos(query, and(eq(rectificationTasks.status, 'open'), gte(rectificationTasks.deadline, query.today))),
  }),
  defineTodo<AssessmentPermission>({
    id: 'rectification-acceptance',
    title: { 'zh-CN': '整改待验收', en: 'Rectifications to accept' },
    permission: 'inspection.manage',
    href: '/assessment/rectification?status=submitted',
    priority: 20,
    list: (query) =>
      taskTodos(query, and(eq(rectificationTasks.status, 'submitted'), query.user.scopeCode.length <= 4 ? undefined : eq(rectificationTasks.id, -1))),
  }),
];
