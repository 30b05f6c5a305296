/**
 * 统计用区划代码: 12 digits = province 2 + city 2 + county 2 + township 3 + village 3.
 * A region node is written with its significant digits only (e.g. '13', '1306', '130609',
 * '130609100', '130609100201'), so "inside" is "starts with".
 */
export type RegionLevel = 'province' | 'city' | 'county' | 'township' | 'village';

const LENGTH_BY_LEVEL: Record<RegionLevel, number> = { province: 2, city: 4, county: 6, township: 9, village: 12 };
const LEVEL_BY_LENGTH = new Map<number, RegionLevel>(Object.entries(LENGTH_BY_LEVEL).map(([level, length]) => [length, level as RegionLevel]));
export const REGION_LEVELS: readonly RegionLevel[] = ['province', 'city', 'county', 'township', 'village'];

export const REGION_CODE_PATTERN = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;

export function regionLevel(code: string): RegionLevel {
  const level = LEVEL_BY_LENGTH.get(code.length);
  if (!level || !/^\d+$/.test(code)) throw new Error(`Not a region code: "${code}"`);
  return level;
}

/** Strips a full 12-digit code's trailing zero groups: '130609000000' → '130609'. */
export function shortRegionCode(fullCode: string): string {
  if (!/^\d{12}$/.test(fullCode)) throw new Error(`Not a 12-digit region code: "${fullCode}"`);
  if (fullCode.endsWith('0000000000')) return fullCode.slice(0, 2);
  if (fullCode.endsWith('00000000')) return fullCode.slice(0, 4);
  if (fullCode.endsWith('000000')) return fullCode.slice(0, 6);
  if (fullCode.endsWith('000')) return fullCode.slice(0, 9);
  return fullCode;
}

export function isWithinRegion(code: string, scope: string): boolean {
  return code.startsWith(scope);
}

/** The county a code belongs to, or undefined for province/city codes. */
export function countyOf(code: string): string | undefined {
  return code.length >= 6 ? code.slice(0, 6) : undefined;
}

export function provinceOf(code: string): string {
  return code.slice(0, 2);
}

export function parentRegion(code: string): string | undefined {
  const index = REGION_LEVELS.indexOf(regionLevel(code));
  if (index === 0) return undefined;
  return code.slice(0, LENGTH_BY_LEVEL[REGION_LEVELS[index - 1] as RegionLevel]);
}

/** Every ancestor from the province down to the code itself. */
export function regionPath(code: string): string[] {
  const path: string[] = [];
  for (const level of REGION_LEVELS) {
    const length = LENGTH_BY_LEVEL[level];
    if (length > code.length) break;
    path.push(code.slice(0, length));
  }
  return path;
}
