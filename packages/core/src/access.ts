import { inArray, like, and, type SQL, type Column, sql } from 'drizzle-orm';
import { errors } from './errors.ts';
import type { Localized } from './i18n.ts';
import { countyOf, isWithinRegion } from './regions.ts';

/**
 * What one request may touch in one module: the region it asked about, inside the user's scope,
 * and the counties there that enabled the module. Every plugin query goes through `where`, every
 * write through `assertRegion`, so scope is enforced in one place.
 */
export class AccessScope {
  constructor(
    readonly pluginId: string,
    readonly pluginTitle: Localized,
    /** The user's own scope node. */
    readonly userScope: string,
    /** The region this request is about (the user's scope, or a node inside it). */
    readonly regionCode: string,
    /** Counties under `regionCode` (and the user's scope) that have the module enabled. */
    readonly counties: readonly string[],
    /** Counties under `regionCode` that did not enable it: province/city views say which. */
    readonly countiesWithoutModule: readonly string[],
  ) {}

  /** The single county of a county-or-lower request. */
  get countyCode(): string | undefined {
    return countyOf(this.regionCode);
  }

  /** The county of the request, or a clear error for a province/city-wide request. */
  requireCounty(): string {
    const county = this.countyCode;
    if (!county) {
      throw errors.invalid({
        'zh-CN': '此操作需要选择一个县（区）或更下级的区划。',
        en: 'This action needs a county (or lower) region to be selected.',
      });
    }
    return county;
  }

  canSee(code: string): boolean {
    const county = countyOf(code);
    return isWithinRegion(code, this.userScope) && county !== undefined && this.counties.includes(county);
  }

  /** Refuses any code outside the user's scope, or in a county without the module. */
  assertRegion(code: string): void {
    if (!isWithinRegion(code, this.userScope)) throw errors.outOfScope(code);
    const county = countyOf(code);
    if (!county) throw errors.outOfScope(code);
    if (!this.counties.includes(county)) throw errors.moduleNotEnabled(this.pluginId, this.pluginTitle, county);
  }

  /**
   * A WHERE fragment restricting rows to this request: `countyColumn` in the enabled counties and,
   * when given, `regionColumn` (a village or township code) under the requested region.
   */
  where(countyColumn: Column, regionColumn?: Column): SQL {
    const inCounties = this.counties.length > 0 ? inArray(countyColumn, [...this.counties]) : sql`false`;
    // regionCode always lies inside the user's scope (the middleware refuses anything else).
    if (!regionColumn || this.regionCode.length <= 6) return inCounties;
    return and(inCounties, like(regionColumn, `${this.regionCode}%`)) as SQL;
  }
}
