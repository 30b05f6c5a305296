/** 统计用区划代码 helpers for the browser (same rules as @zhenxing/core's regions.ts). */
export const REGION_LENGTHS = [2, 4, 6, 9, 12] as const;

export interface RegionNode {
  code: string;
  name: string;
  /** 1 province, 2 city, 3 county, 4 township, 5 village. */
  level: number;
  parentCode: string | null;
}

export function regionLevelOf(code: string): number {
  const index = (REGION_LENGTHS as readonly number[]).indexOf(code.length);
  return index + 1;
}

/** Every ancestor from the province down to the code itself. */
export function regionPath(code: string): string[] {
  return REGION_LENGTHS.filter((length) => length <= code.length).map((length) => code.slice(0, length));
}

export function countyOf(code: string): string | null {
  return code.length >= 6 ? code.slice(0, 6) : null;
}

export function isWithinRegion(code: string, scope: string): boolean {
  return code.startsWith(scope);
}

export const REGION_LEVEL_NAMES: Record<number, { 'zh-CN': string; en: string }> = {
  1: { 'zh-CN': '省', en: 'Province' },
  2: { 'zh-CN': '市', en: 'City' },
  3: { 'zh-CN': '县（区）', en: 'County' },
  4: { 'zh-CN': '乡镇（街道）', en: 'Township' },
  5: { 'zh-CN': '村（社区）', en: 'Village' },
};
