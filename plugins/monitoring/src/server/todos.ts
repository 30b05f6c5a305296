/**
 * What waits for whom in monitoring (the platform's to-do list, `todos.list`): identification cases
 * at the caller's step, cases close to or past the 15-day deadline, cases sent back, and
 * eliminations waiting for review or approval. Each list is scoped by the caller's `access`.
 */
import { defineTodo, type Localized, type TodoItem, type TodoList, type TodoQuery } from '@zhenxing/core';
import { householdHeadNames } from '@zhenxing/plugin-registry/server';
import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { CASE_STEP_LABELS, OPEN_CASE_STEPS, type CaseStep, type MonitoringPermission } from '../index.ts';
import { cases, eliminations, history } from './schema.ts';

function householdLabel(names: ReadonlyMap<number, string>, householdId: number): string {
  const name = names.get(householdId);
  return name ? `${name}户` : `户 ${householdId}`;
}

function dueDetail(step: CaseStep, deadlineOn: string): Localized {
  const label = CASE_STEP_LABELS[step];
  return { 'zh-CN': `${label['zh-CN']} · ${deadlineOn} 到期`, en: `${label.en} · due ${deadlineOn}` };
}

/** Open cases matching `condition`, earliest deadline first. */
async function caseTodos(query: TodoQuery, condition: SQL | undefined): Promise<TodoList> {
  const where = and(query.access.where(cases.countyCode, cases.villageCode), condition);
  const [total] = await query.db.select({ n: count() }).from(cases).where(where);
  const rows = await query.db
    .select({ id: cases.id, householdId: cases.householdId, villageCode: cases.villageCode, step: cases.step, deadlineOn: cases.deadlineOn })
    .from(cases)
    .where(where)
    .orderBy(asc(cases.deadlineOn), asc(cases.id))
    .limit(query.limit);
  const names = await householdHeadNames(
    query.db,
    rows.map((row) => row.householdId),
  );
  const items: TodoItem[] = rows.map((row) => ({
    key: String(row.id),
    label: householdLabel(names, row.householdId),
    detail: dueDetail(row.step as CaseStep, row.deadlineOn),
    regionCode: row.villageCode,
    dueOn: row.deadlineOn,
    href: `/monitoring/cases/${row.id}`,
  }));
  return { count: total?.n ?? 0, items };
}

const atStep = (steps: readonly CaseStep[]) => inArray(cases.step, [...steps]);
const openCase = inArray(cases.step, [...OPEN_CASE_STEPS]);
/** The case's latest history entry sent it back (退回) and it has not moved on since. */
const returned = sql`(select h.action from ${history} h where h.subject = 'case' and h.subject_id = ${cases.id} order by h.id desc limit 1) = 'return'`;

/** Eliminations at `steps`, oldest proposal first. */
async function eliminationTodos(query: TodoQuery, steps: readonly string[]): Promise<TodoList> {
  const where = and(query.access.where(eliminations.countyCode, eliminations.villageCode), inArray(eliminations.step, [...steps]));
  const [total] = await query.db.select({ n: count() }).from(eliminations).where(where);
  const rows = await query.db
    .select({ id: eliminations.id, householdId: eliminations.householdId, villageCode: eliminations.villageCode, proposedOn: eliminations.proposedOn })
    .from(eliminations)
    .where(where)
    .orderBy(asc(eliminations.proposedOn), asc(eliminations.id))
    .limit(query.limit);
  const names = await householdHeadNames(
    query.db,
    rows.map((row) => row.householdId),
  );
  return {
    count: total?.n ?? 0,
    items: rows.map((row) => ({
      key: String(row.id),
      label: householdLabel(names, row.householdId),
      detail: { 'zh-CN': `${row.proposedOn} 提出风险消除`, en: `risk elimination proposed ${row.proposedOn}` },
      regionCode: row.villageCode,
      href: '/monitoring/eliminations',
    })),
  };
}

export const monitoringTodos = [
  defineTodo<MonitoringPermission>({
    id: 'overdue',
    title: { 'zh-CN': '认定已逾期', en: 'Identifications overdue' },
    permission: 'case.read',
    href: '/monitoring/overdue',
    priority: 30,
    list: (query) => caseTodos(query, and(openCase, eq(cases.deadlineStatus, 'overdue'))),
  }),
  defineTodo<MonitoringPermission>({
    id: 'due-soon',
    title: { 'zh-CN': '认定即将逾期', en: 'Identifications due soon' },
    permission: 'case.read',
    href: '/monitoring/overdue',
    priority: 20,
    list: (query) => caseTodos(query, and(openCase, eq(cases.deadlineStatus, 'warning'))),
  }),
  defineTodo<MonitoringPermission>({
    id: 'returned',
    title: { 'zh-CN': '被退回待重办', en: 'Returned for rework' },
    permission: 'case.village',
    href: '/monitoring/cases',
    priority: 10,
    list: (query) => caseTodos(query, and(atStep(['verification', 'comparison', 'village-review', 'village-notice']), returned)),
  }),
  defineTodo<MonitoringPermission>({
    id: 'verification',
    title: { 'zh-CN': '待核实', en: 'To verify' },
    permission: 'case.village',
    href: '/monitoring/cases?step=verification',
    list: (query) => caseTodos(query, atStep(['verification', 'comparison'])),
  }),
  defineTodo<MonitoringPermission>({
    id: 'village-review',
    title: { 'zh-CN': '待评议与公示', en: 'Village review and notice' },
    permission: 'case.village',
    href: '/monitoring/cases?step=village-review',
    list: (query) => caseTodos(query, atStep(['village-review', 'village-notice'])),
  }),
  defineTodo<MonitoringPermission>({
    id: 'township-review',
    title: { 'zh-CN': '待审核', en: 'To review' },
    permission: 'case.township-review',
    href: '/monitoring/cases?step=township-review',
    list: (query) => caseTodos(query, atStep(['township-review'])),
  }),
  defineTodo<MonitoringPermission>({
    id: 'county-approval',
    title: { 'zh-CN': '待审定', en: 'To approve' },
    permission: 'case.approve',
    href: '/monitoring/cases?step=county-approval',
    list: (query) => caseTodos(query, atStep(['county-approval'])),
  }),
  defineTodo<MonitoringPermission>({
    id: 'elimination-village',
    title: { 'zh-CN': '风险消除待评议', en: 'Eliminations for village review' },
    permission: 'elimination.village',
    href: '/monitoring/eliminations',
    list: (query) => eliminationTodos(query, ['village-review', 'village-notice']),
  }),
  defineTodo<MonitoringPermission>({
    id: 'elimination-approval',
    title: { 'zh-CN': '风险消除待审定', en: 'Eliminations to approve' },
    permission: 'elimination.approve',
    href: '/monitoring/eliminations',
    list: (query) => eliminationTodos(query, ['county-approval']),
  }),
];
