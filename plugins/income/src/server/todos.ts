/**
 * Income's to-dos: open 台账 households of this year without a 增收计划, and active plans past
 * their due date (the platform's to-do list, `todos.list`).
 */
import { defineTodo, type TodoItem } from '@zhenxing/core';
import { householdHeadNames } from '@zhenxing/plugin-registry/server';
import { and, asc, eq, lt } from 'drizzle-orm';
import type { IncomePermission } from '../index.ts';
import { listLedger } from './ledger.ts';
import { yearOf } from './tracking.ts';
import { plans } from './schema.ts';

const named = (names: ReadonlyMap<number, string>, householdId: number) => {
  const name = names.get(householdId);
  return name ? `${name}户` : `户 ${householdId}`;
};

export const incomeTodos = [
  defineTodo<IncomePermission>({
    id: 'ledger-without-plan',
    title: { 'zh-CN': '台账户待制定增收计划', en: 'Ledger households without a plan' },
    permission: 'income.record',
    href: '/income',
    list: async (query) => {
      const entries = (await listLedger({ db: query.db, access: query.access, today: query.today }, yearOf(query.today), 'open')).filter(
        (entry) => !entry.hasPlan,
      );
      const shown = entries.slice(0, query.limit);
      const names = await householdHeadNames(
        query.db,
        shown.map((entry) => entry.householdId),
      );
      const items: TodoItem[] = shown.map((entry) => ({
        key: String(entry.id),
        label: named(names, entry.householdId),
        detail: { 'zh-CN': `${entry.year} 年收入台账 · 尚无增收计划`, en: `${entry.year} income ledger · no plan yet` },
        regionCode: entry.villageCode,
        href: '/income',
      }));
      return { count: entries.length, items };
    },
  }),
  defineTodo<IncomePermission>({
    id: 'plans-overdue',
    title: { 'zh-CN': '增收计划已逾期', en: 'Income plans overdue' },
    permission: 'income.record',
    href: '/income/plans',
    priority: 15,
    list: async (query) => {
      const rows = await query.db
        .select({ id: plans.id, householdId: plans.householdId, villageCode: plans.villageCode, dueOn: plans.dueOn, progress: plans.progress })
        .from(plans)
        .where(and(query.access.where(plans.countyCode, plans.villageCode), eq(plans.status, 'active'), lt(plans.dueOn, query.today)))
        .orderBy(asc(plans.dueOn), asc(plans.id));
      const shown = rows.slice(0, query.limit);
      const names = await householdHeadNames(
        query.db,
        shown.map((row) => row.householdId),
      );
      return {
        count: rows.length,
        items: shown.map((row) => ({
          key: String(row.id),
          label: named(names, row.householdId),
          detail: { 'zh-CN': `${row.dueOn} 到期 · 进度 ${row.progress}%`, en: `due ${row.dueOn} · ${row.progress}% done` },
          regionCode: row.villageCode,
          dueOn: row.dueOn,
          href: '/income/plans',
        })),
      };
    },
  }),
];
