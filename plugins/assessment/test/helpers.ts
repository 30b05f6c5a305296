import { defineIndicator, defineModule, definePlugin, READ_ROLES } from '@zhenxing/core';
import { z } from 'zod';

/**
 * A stand-in for a plugin added later (dispatch, social assistance …): it registers indicators the
 * assessment knows only by id. Their values per county come from `values`, which a spec changes to
 * play "the data changed".
 */
export const values = new Map<string, number>();

const valueOf = (indicator: string, counties: readonly string[]): number => {
  const county = counties[0];
  if (!county) return 0;
  return values.get(`${indicator}:${county}`) ?? Number.NaN;
};

function indicatorPlugin(id: string, indicators: { id: string; direction: 'higher-is-better' | 'lower-is-better' }[]) {
  const module = defineModule({
    id,
    title: { 'zh-CN': `样例模块 ${id}`, en: `Sample module ${id}` },
    permissions: { 'sample.read': READ_ROLES },
    events: {},
  });
  return definePlugin({
    module,
    version: '1.0.0',
    settings: z.object({}),
    router: ({ router, procedure }) => router({ ping: procedure.meta({ permission: 'sample.read' }).query(() => 'pong') }),
    indicators: indicators.map((indicator) =>
      defineIndicator({
        id: indicator.id,
        title: { 'zh-CN': `样例指标 ${indicator.id}`, en: `Sample ${indicator.id}` },
        unit: { 'zh-CN': '', en: '' },
        direction: indicator.direction,
        compute: async ({ counties }) => valueOf(indicator.id, counties),
      }),
    ),
  });
}

/** Coverage (%) and growth (%), both higher-is-better. */
export const samplePlugin = indicatorPlugin('sample', [
  { id: 'coverage', direction: 'higher-is-better' },
  { id: 'growth', direction: 'higher-is-better' },
]);
/** A second module a county may not enable: overdue items, lower-is-better. */
export const extraPlugin = indicatorPlugin('extra', [{ id: 'overdue', direction: 'lower-is-better' }]);

/** A 2022 scheme over the sample's three indicators: 40 + 30 + 30 = 100, deductions for late data. */
export function sampleScheme(overrides: Partial<{ redistribution: 'proportional' | 'none' }> = {}) {
  return {
    year: 2022,
    title: '2022年度考核方案（测试）',
    totalPoints: 100,
    redistribution: overrides.redistribution ?? ('proportional' as const),
    items: [
      {
        indicator: 'sample.coverage',
        title: '覆盖率',
        weight: 40,
        direction: 'higher-is-better' as const,
        method: { kind: 'threshold' as const, target: 100 },
        dataDate: '2022-12-31',
      },
      {
        indicator: 'sample.growth',
        title: '增速',
        weight: 30,
        direction: 'higher-is-better' as const,
        method: { kind: 'linear' as const, worst: 0, best: 10 },
        dataDate: '2022-12-31',
      },
      {
        indicator: 'extra.overdue',
        title: '超期数',
        weight: 30,
        direction: 'lower-is-better' as const,
        method: { kind: 'rank' as const },
        dataDate: '2022-12-31',
      },
    ],
    deductions: [{ code: 'late-data', title: '数据调度迟报', pointsEach: 0.5, maxPoints: 2 }],
  };
}
