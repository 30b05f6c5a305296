import type { Executor } from '@zhenxing/db';
import type { Localized } from './i18n.ts';
import type { ParameterLookup } from './parameters.ts';

export interface IndicatorQuery {
  db: Executor;
  /** Region asked about (province, city, county, township or village code). */
  regionCode: string;
  /** Counties under the region that enabled the owning module; only these are counted. */
  counties: readonly string[];
  now: Date;
  /**
   * The instant the value is asked for, when it is not now (a data call's period end, Asia/Shanghai).
   * An indicator that declares `asOf: true` counts only what its rows record as existing at that
   * instant (created by then, in the state they were in then); others ignore it and answer for now.
   */
  asOf?: Date;
  /** The published policy parameters (the same lookup as `ctx.parameters`). */
  parameters: ParameterLookup;
}

/** A number per region that dashboards and assessment (考核评估) read. */
export interface IndicatorDefinition {
  id: string;
  title: Localized;
  unit: Localized;
  /** Whether bigger is better; assessment uses it to rank regions. */
  direction: 'higher-is-better' | 'lower-is-better';
  /**
   * Whether `compute` honours `IndicatorQuery.asOf` (the value at a past instant, reconstructed from
   * dates recorded in its rows). Callers that need a period-end figure (监测调度) rely on it.
   */
  asOf?: boolean;
  /** The value; null when there is nothing to compute it from (shown as “—”, never as 0). */
  compute(query: IndicatorQuery): Promise<number | null>;
}

export function defineIndicator(indicator: IndicatorDefinition): IndicatorDefinition {
  return indicator;
}
