import type { Localized } from './i18n.ts';
import type { RegionLevel } from './regions.ts';

/** The six roles that work with household data, along the region tree. */
export const DATA_ROLES = ['province_admin', 'city_admin', 'county_admin', 'township_officer', 'village_cadre', 'inspector'] as const;

/**
 * 三员分立 (等保 2.0 level 3): system, security and audit administration are held by three
 * separate roles at the province, none of which reads household data.
 */
export const DUTY_ROLES = ['system_admin', 'security_admin', 'audit_admin'] as const;

/** Every role of the platform; each user holds one, at one region node. */
export const ROLES = [...DATA_ROLES, ...DUTY_ROLES] as const;
export type Role = (typeof ROLES)[number];
export type DutyRole = (typeof DUTY_ROLES)[number];

export function isDutyRole(role: Role): role is DutyRole {
  return (DUTY_ROLES as readonly Role[]).includes(role);
}

export const ROLE_TITLES: Record<Role, Localized> = {
  province_admin: { 'zh-CN': '省级管理员', en: 'Province admin' },
  city_admin: { 'zh-CN': '市级管理员', en: 'City admin' },
  county_admin: { 'zh-CN': '县级管理员', en: 'County admin' },
  township_officer: { 'zh-CN': '乡镇干部', en: 'Township officer' },
  village_cadre: { 'zh-CN': '村干部/驻村工作队', en: 'Village cadre' },
  inspector: { 'zh-CN': '只读督查员', en: 'Read-only inspector' },
  system_admin: { 'zh-CN': '系统管理员', en: 'System administrator' },
  security_admin: { 'zh-CN': '安全管理员', en: 'Security administrator' },
  audit_admin: { 'zh-CN': '审计管理员', en: 'Audit administrator' },
};

/**
 * Who may grant whom: an admin grants data roles ranked no higher than its own. The system
 * administrator manages users below the province (rank 4); security and audit administrators
 * grant nothing. Duty roles themselves are granted only by the province admin (see mayGrantRole).
 */
export const ROLE_RANK: Record<Role, number> = {
  province_admin: 5,
  city_admin: 4,
  county_admin: 3,
  township_officer: 2,
  village_cadre: 1,
  inspector: 0,
  system_admin: 4,
  security_admin: -1,
  audit_admin: -1,
};

/** Whether a user holding `actor` may create, edit or grant a user holding `role`. */
export function mayGrantRole(actor: Role, role: Role): boolean {
  if (isDutyRole(role)) return actor === 'province_admin';
  return ROLE_RANK[role] <= ROLE_RANK[actor];
}

/** Where each role may sit in the region tree. An inspector may sit at any level. */
export const ROLE_LEVELS: Record<Role, readonly RegionLevel[]> = {
  province_admin: ['province'],
  city_admin: ['city'],
  county_admin: ['county'],
  township_officer: ['township'],
  village_cadre: ['village'],
  inspector: ['province', 'city', 'county', 'township', 'village'],
  system_admin: ['province'],
  security_admin: ['province'],
  audit_admin: ['province'],
};

/** Permissions of the core itself (plugins add `<plugin>.<action>` ones). */
export const CORE_PERMISSIONS: Record<string, readonly Role[]> = {
  'core.regions.read': ROLES,
  'core.modules.read': ROLES,
  'core.modules.manage': ['county_admin'],
  'core.modules.policy': ['province_admin', 'system_admin'],
  'core.users.read': ['province_admin', 'city_admin', 'county_admin', 'inspector', 'system_admin', 'security_admin'],
  'core.users.manage': ['province_admin', 'city_admin', 'county_admin', 'system_admin'],
  'core.users.unlock': ['province_admin', 'city_admin', 'county_admin', 'system_admin', 'security_admin'],
  'core.audit.read': ['province_admin', 'city_admin', 'county_admin', 'inspector', 'audit_admin'],
  'core.audit.checkpoint': ['province_admin', 'audit_admin'],
  // 三员分立: the security administrator sets the province's security policy (e.g. TOTP for admins).
  'core.security.manage': ['security_admin'],
  // Policy parameter sets (issue 18): every data role reads its province's; province admins draft,
  // and a second province admin publishes (four eyes, checked per set).
  'core.parameters.read': DATA_ROLES,
  'core.parameters.manage': ['province_admin'],
  // Indicators are aggregates of household data: data roles only.
  'core.indicators.read': DATA_ROLES,
  // To-dos name households and their steps: data roles only.
  'core.todos.read': DATA_ROLES,
};

export const ALL_ROLES: readonly Role[] = ROLES;
/**
 * Roles that may read household data: plugins grant read permissions with it. The duty roles are
 * deliberately not in it.
 */
export const READ_ROLES: readonly Role[] = DATA_ROLES;
export const ADMIN_ROLES: readonly Role[] = ['province_admin', 'city_admin', 'county_admin'];
