import type { AnyPlugin } from './plugin.ts';
import { CORE_PERMISSIONS, ROLES, type Role } from './roles.ts';

export interface PermissionInfo {
  name: string;
  owner: string;
  roles: readonly Role[];
}

/** Every permission of the platform: the core's and each plugin's, namespaced `<plugin>.<action>`. */
export function collectPermissions(plugins: readonly AnyPlugin[]): PermissionInfo[] {
  const list: PermissionInfo[] = Object.entries(CORE_PERMISSIONS).map(([name, roles]) => ({ name, owner: 'core', roles }));
  for (const plugin of plugins) {
    for (const [action, roles] of Object.entries(plugin.permissions)) {
      list.push({ name: `${plugin.id}.${action}`, owner: plugin.id, roles });
    }
  }
  return list;
}

export function permissionsByRole(permissions: readonly PermissionInfo[]): Map<Role, ReadonlySet<string>> {
  const map = new Map<Role, Set<string>>(ROLES.map((role) => [role, new Set<string>()]));
  for (const permission of permissions) {
    for (const role of permission.roles) map.get(role)?.add(permission.name);
  }
  return map;
}
