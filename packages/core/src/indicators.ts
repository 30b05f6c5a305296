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
  /** The value; null when there is nothing to compute it from (shown as “—”, never as 0). */
  compute(query: IndicatorQuery): Promise<number | null>;
}

export function defineIndicator(indicator: IndicatorDefinition): IndicatorDefinition {
  return indicator;
}
