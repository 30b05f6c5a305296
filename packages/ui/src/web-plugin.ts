import type { AnyModule, PermissionOf } from '@zhenxing/core/module';
import type { ComponentType, ReactNode } from 'react';
import type { Localized } from './i18n.ts';
import type { AnyWebPanel } from './slots.tsx';
import type { OutboxKind } from './offline/outbox.ts';

/** A page module: `() => import('./pages/cases.tsx')`, default-exporting the page component. */
export type PageLoader = () => Promise<{ default: ComponentType }>;

export interface WebRoute<Permission extends string = string> {
  /**
   * Path below the module's base URL `/<plugin id>/`, in react-router syntax: `''` is the module
   * home, `'cases'`, `'cases/:id'`. Read params with `useParams()` from react-router.
   */
  path: string;
  /** Shown in the breadcrumb and the browser tab. */
  title: Localized;
  /** Lazily loaded page: only fetched when the route is visited. */
  load: PageLoader;
  /** Permission needed (relative to the plugin, like the server's `meta.permission`: `case.read`). */
  permission?: Permission;
}

export interface WebNavItem<Permission extends string = string> {
  /** Path below `/<plugin id>/` ('' for the module home). */
  path: string;
  title: Localized;
  icon?: ReactNode;
  /** Hidden unless the user holds this permission (relative, e.g. `case.approve`). */
  permission?: Permission;
}

export interface WebPluginDefinition<Id extends string = string> {
  /** The module's id (the server plugin's id); its pages live under `/<id>/…`. */
  id: Id;
  /** The module's title (the same the server reports). */
  title: Localized;
  icon?: ReactNode;
  /** Entries under the module in the side menu (one entry: the module itself is the link). */
  nav: readonly WebNavItem[];
  routes: readonly WebRoute[];
  /** Panels for the admin app's extension slots (household detail, region dashboard); see slots.tsx. */
  panels?: readonly AnyWebPanel[];
  /** Mutations its pages may make offline (`defineOutboxKind`); the shell's outbox sends them when the network returns. */
  outbox?: readonly OutboxKind[];
}

export type AnyWebPlugin = WebPluginDefinition<string>;

/**
 * What a plugin's web entry writes: its module (from the plugin's isomorphic `src/index.ts`) and
 * its pages. Every `permission` is one of the module's permission names, checked by TypeScript.
 */
export interface WebPluginSpec<M extends AnyModule> {
  module: M;
  icon?: ReactNode;
  nav: readonly WebNavItem<PermissionOf<M>>[];
  routes: readonly WebRoute<PermissionOf<M>>[];
  panels?: readonly (AnyWebPanel & { permission?: PermissionOf<M> })[];
  /** Offline mutation kinds, each named `<module id>.<name>`. */
  outbox?: readonly OutboxKind[];
}

/** Paths the admin app keeps for itself; a plugin id may not be one of them. */
export const RESERVED_PATHS = ['login', 'modules', 'users', 'audit', 'profile', 'assets', 'trpc'] as const;

const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Declares what a plugin adds to the admin app. The shell shows its nav entries only when the
 * selected region has the module enabled and the user holds the permission; its URLs show a clear
 * "module not enabled" page otherwise. Pages load lazily, so a plugin costs nothing until used.
 * Id and title come from the module, so server and web cannot drift apart.
 *
 * ```ts
 * import { monitoringModule } from '../index.ts';
 * export const monitoringWeb = defineWebPlugin({
 *   module: monitoringModule,
 *   nav: [{ path: 'cases', title: { 'zh-CN': '监测对象', en: 'Cases' }, permission: 'case.read' }],
 *   routes: [{ path: 'cases', title: {...}, permission: 'case.read', load: () => import('./pages/cases.tsx') }],
 * });
 * ```
 */
export function defineWebPlugin<const M extends AnyModule>(spec: WebPluginSpec<M>): WebPluginDefinition<M['id']> {
  const { module, ...rest } = spec;
  const definition: WebPluginDefinition<M['id']> = { ...rest, id: module.id, title: module.title };
  if (!ID_PATTERN.test(definition.id)) throw new Error(`Web plugin id "${definition.id}" must be kebab-case, like the server plugin id`);
  if ((RESERVED_PATHS as readonly string[]).includes(definition.id)) throw new Error(`Web plugin id "${definition.id}" is reserved by the admin app`);
  for (const kind of definition.outbox ?? []) {
    if (!kind.kind.startsWith(`${definition.id}.`))
      throw new Error(`Web plugin "${definition.id}": outbox kind "${kind.kind}" must start with "${definition.id}."`);
  }
  for (const item of definition.nav) {
    if (!definition.routes.some((route) => route.path === item.path)) {
      throw new Error(`Web plugin "${definition.id}": nav entry "${item.path}" has no route`);
    }
  }
  return definition;
}

/** `/<id>/<path>` without a trailing slash. */
export function pluginHref(pluginId: string, path = ''): string {
  return path ? `/${pluginId}/${path}` : `/${pluginId}`;
}
