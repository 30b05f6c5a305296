/**
 * 待走访: the §3 duty households of this Shanghai month not yet visited, for the platform's to-do
 * list. A cadre with 包联 assignments in force sees their own households; otherwise the caller sees
 * every unvisited duty household of their scope (a village cadre: their village).
 */
import { defineTodo, type TodoQuery } from '@zhenxing/core';
import { and, eq } from 'drizzle-orm';
import type { VisitsPermission } from '../index.ts';
import { assignmentsOn, cadreResolver } from './assignments.ts';
import { dueHouseholds } from './households.ts';
import { visits } from './schema.ts';

async function unvisitedThisMonth(query: TodoQuery) {
  const context = { db: query.db, access: query.access, today: query.today };
  const month = query.today.slice(0, 7);
  const due = await dueHouseholds(context, month);
  const visited = new Set(
    (
      await query.db
        .select({ householdId: visits.householdId })
        .from(visits)
        .where(and(query.access.where(visits.countyCode, visits.villageCode), eq(visits.month, month)))
    ).map((row) => row.householdId),
  );
  const open = due.filter((household) => !visited.has(household.householdId));
  const assignments = await assignmentsOn(context, query.today);
  if (!assignments.some((row) => row.cadreUsername === query.user.username)) return { month, households: open };
  const cadreOf = cadreResolver(assignments);
  return { month, households: open.filter((household) => cadreOf(household)?.cadreUsername === query.user.username) };
}

export const visitsTodos = [
  defineTodo<VisitsPermission>({
    id: 'due-this-month',
    title: { 'zh-CN': '本月待走访', en: 'To visit this month' },
    permission: 'visit.record',
    href: '/visits',
    list: async (query) => {
      const { month, households } = await unvisitedThisMonth(query);
      const lastDay = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
      return {
        count: households.length,
        items: households.slice(0, query.limit).map((household) => ({
          key: String(household.householdId),
          label: household.headName ? `${household.headName}户` : `户 ${household.householdId}`,
          detail: {
            'zh-CN': household.status === 'monitored' ? '监测户 · 本月未走访' : '脱贫户 · 本月未走访',
            en: household.status === 'monitored' ? 'monitored household · not visited this month' : 'household out of poverty · not visited this month',
          },
          regionCode: household.villageCode,
          dueOn: lastDay,
          href: `/visits?household=${household.householdId}`,
        })),
      };
    },
  }),
];
