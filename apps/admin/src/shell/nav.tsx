import { AppstoreOutlined, AuditOutlined, DashboardOutlined, SettingOutlined, SlidersOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { pluginHref, type Translate } from '@zhenxing/ui';
import type { MenuProps } from 'antd';
import type { ModuleInfo } from '../trpc.ts';
import { webPluginFor } from '../web-plugins.ts';
import type { Localized } from '@zhenxing/ui';

type MenuItem = Required<MenuProps>['items'][number];

export interface NavInput {
  modules: readonly ModuleInfo[] | undefined;
  permissions: readonly string[];
  l: Translate & { text(value: Localized): string };
}

/** Modules shown in the menu: enabled in the selected region and the user holds a permission in them. */
export function visibleModules(modules: readonly ModuleInfo[] | undefined): ModuleInfo[] {
  return (modules ?? []).filter((module) => module.enabled && module.permissions.length > 0);
}

/**
 * The side menu: home; each enabled, permitted module (its web plugin's nav entries, or one
 * generic entry); then system pages the user may open. Keys are the URLs.
 */
export function buildMenu({ modules, permissions, l }: NavInput): MenuItem[] {
  const has = (permission: string) => permissions.includes(permission);
  const items: MenuItem[] = [{ key: '/', icon: <DashboardOutlined />, label: l('工作台', 'Dashboard') }];

  const moduleItems: MenuItem[] = [];
  for (const module of visibleModules(modules)) {
    const web = webPluginFor(module.id);
    const title = l.text(module.title);
    if (!web) {
      moduleItems.push({ key: pluginHref(module.id), icon: <AppstoreOutlined />, label: title, 'data-module': module.id } as MenuItem);
      continue;
    }
    const entries = web.nav.filter((item) => !item.permission || has(`${module.id}.${item.permission}`));
    if (entries.length === 0) continue;
    if (entries.length === 1) {
      const [entry] = entries;
      moduleItems.push({ key: pluginHref(module.id, entry?.path), icon: web.icon ?? <AppstoreOutlined />, label: title, 'data-module': module.id } as MenuItem);
    } else {
      moduleItems.push({
        key: `module:${module.id}`,
        icon: web.icon ?? <AppstoreOutlined />,
        label: title,
        'data-module': module.id,
        children: entries.map((entry) => ({ key: pluginHref(module.id, entry.path), icon: entry.icon, label: l.text(entry.title) })),
      } as MenuItem);
    }
  }
  if (moduleItems.length > 0) items.push({ type: 'group', key: 'group:modules', label: l('业务模块', 'Modules'), children: moduleItems });

  const system: MenuItem[] = [];
  if (has('core.modules.read')) system.push({ key: '/modules', icon: <SettingOutlined />, label: l('模块管理', 'Module settings') });
  if (has('core.users.read')) system.push({ key: '/users', icon: <TeamOutlined />, label: l('用户与角色', 'Users & roles') });
  if (has('core.parameters.read')) system.push({ key: '/parameters', icon: <SlidersOutlined />, label: l('政策参数', 'Policy parameters') });
  if (has('core.audit.read')) system.push({ key: '/audit', icon: <AuditOutlined />, label: l('审计日志', 'Audit log') });
  system.push({ key: '/profile', icon: <UserOutlined />, label: l('个人设置', 'My account') });
  items.push({ type: 'group', key: 'group:system', label: l('系统', 'System'), children: system });
  return items;
}

/** The menu key to highlight for a path: the longest menu URL that prefixes it. */
export function selectedKey(pathname: string, items: MenuItem[]): string {
  const keys: string[] = [];
  const walk = (list: MenuItem[]) => {
    for (const item of list) {
      if (!item || typeof item !== 'object') continue;
      if ('children' in item && Array.isArray(item.children)) walk(item.children as MenuItem[]);
      if (typeof item.key === 'string' && item.key.startsWith('/')) keys.push(item.key);
    }
  };
  walk(items);
  const match = keys.filter((key) => pathname === key || (key !== '/' && pathname.startsWith(`${key}/`))).sort((a, b) => b.length - a.length)[0];
  return match ?? pathname;
}
