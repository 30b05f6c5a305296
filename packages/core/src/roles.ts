import type { Localized } from './i18n.ts';
import type { RegionLevel } from './regions.ts';

/** The six roles of the platform; each user holds one, at one region node. */
export const ROLES = [
  'province_admin',
  'city_admin',
  'county_admin',
  'township_officer',
  'village_cadre',
  'inspector',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_TITLES: Record<Role, Localized> = {
  province_admin: { 'zh-CN': '省级管理员', en: 'Province admin' },
  city_admin: { 'zh-CN': '市级管理员', en: 'City admin' },
  county_admin: { 'zh-CN': '县级管理员', en: 'County admin' },
  township_officer: { 'zh-CN': '乡镇干部', en: 'Township officer' },
  village_cadre: { 'zh-CN': '村干部/驻村工作队', en: 'Village cadre' },
  inspector: { 'zh-CN': '只读督查员', en: 'Read-only inspector' },
};

/** Who may grant whom: an admin grants roles ranked no higher than its own. */
export const ROLE_RANK: Record<Role, number> = {
  province_admin: 5,
  city_admin: 4,
  county_admin: 3,
  township_officer: 2,
  village_cadre: 1,
  inspector: 0,
};

/** Where each role may sit in the region tree. An inspector may sit at any level. */
export const ROLE_LEVELS: Record<Role, readonly RegionLevel[]> = {
  province_admin: ['province'],
  city_admin: ['city'],
  county_admin: ['county'],
  township_officer: ['township'],
  village_cadre: ['village'],
  inspector: ['province', 'city', 'county', 'township', 'village'],
};

/** Permissions of the core itself (plugins add `<plugin>.<action>` ones). */
export const CORE_PERMISSIONS: Record<string, readonly Role[]> = {
  'core.regions.read': ROLES,
  'core.modules.read': ROLES,
  'core.modules.manage': ['county_admin'],
  'core.modules.policy': ['province_admin'],
  'core.users.read': ['province_admin', 'city_admin', 'county_admin', 'inspector'],
  'core.users.manage': ['province_admin', 'city_admin', 'county_admin'],
  'core.audit.read': ['province_admin', 'city_admin', 'county_admin', 'inspector'],
  'core.indicators.read': ROLES,
};

export const ALL_ROLES: readonly Role[] = ROLES;
/** Roles that only read: used by plugins to grant read permissions widely. */
export const READ_ROLES: readonly Role[] = ROLES;
export const ADMIN_ROLES: readonly Role[] = ['province_admin', 'city_admin', 'county_admin'];
