import type { Executor } from '@zhenxing/db';
import type { AccessScope } from './access.ts';
import type { Localized } from './i18n.ts';
import type { ParameterLookup } from './parameters.ts';

/** Who asks for their to-do list (a signed-in user; never the system). */
export interface TodoCaller {
  id: number;
  username: string;
  role: string;
  scopeCode: string;
}

export interface TodoQuery {
  db: Executor;
  /**
   * The caller's scope in the owning module, exactly as a procedure of that module would get it:
   * `where` every query, `canSee` any row loaded by id. Only counties that enabled the module.
   */
  access: AccessScope;
  user: TodoCaller;
  /** Today in Asia/Shanghai (YYYY-MM-DD). */
  today: string;
  now: Date;
  parameters: ParameterLookup;
  /** How many items to return at most (the count still counts them all). */
  limit: number;
}

/** One thing waiting for someone. No ID number, birth date or health detail in any field. */
export interface TodoItem {
  /** Stable within its to-do (a case id, a household id). */
  key: string;
  /** What it is about in words: a household head's name, a project's name. */
  label: string;
  /** The step, the due date, why it is waiting. */
  detail?: Localized;
  /** The village (or county) it belongs to; the core adds its name. */
  regionCode: string;
  /** When it is due (ISO date), if it has a deadline. */
  dueOn?: string;
  /** The admin app path that opens it (`/monitoring/cases/12`). */
  href: string;
}

export interface TodoList {
  count: number;
  items: TodoItem[];
}

/**
 * A kind of work waiting for a role (待核实, 待审核, 待走访 …), declared by a plugin next to its
 * indicators. The core's `todos.list` asks every enabled module for the kinds the caller may act on.
 */
export interface TodoDefinition<Permission extends string = string> {
  /** Unique within the plugin; the full key is `<plugin>.<id>`. */
  id: string;
  title: Localized;
  /** The module's own permission (relative, `case.village`) the work needs; others never see it. */
  permission: Permission;
  /** The admin app path of the full list (`/monitoring/cases?step=verification`). */
  href: string;
  /** Higher comes first on the home page (urgent work: overdue, returned); default 0. */
  priority?: number;
  list(query: TodoQuery): Promise<TodoList>;
}

export function defineTodo<Permission extends string>(todo: TodoDefinition<Permission>): TodoDefinition<Permission> {
  return todo;
}
