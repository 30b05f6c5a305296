/**
 * The scoring engine: a pure function of the sealed inputs (the scheme, every county's indicator
 * values with their data dates, and the recorded deductions). Nothing here reads the database or the
 * clock, so recomputing a sealed run gives the same scores (`verifyRun`). Points are handled in
 * cents of a point (integers) so sums are exact.
 */
import type { CityScore, CountyInput, CountyScore, DeductionLine, IndicatorInput, SchemeItem, ScoreLine, SealedInputs } from '../index.ts';
import { toCents } from '../index.ts';

const fromCents = (cents: number): number => cents / 100;

/** Competition ranking ("1224"): equal keys share the better rank, the next rank skips. */
export function competitionRanks<T>(rows: readonly T[], key: (row: T) => number, better: 'higher' | 'lower'): Map<T, number> {
  const sorted = [...rows].sort((a, b) => (better === 'higher' ? key(b) - key(a) : key(a) - key(b)));
  const ranks = new Map<T, number>();
  sorted.forEach((row, index) => {
    const previous = sorted[index - 1];
    ranks.set(row, previous !== undefined && key(previous) === key(row) ? (ranks.get(previous) as number) : index + 1);
  });
  return ranks;
}

/**
 * Effective weights (cents) of one county: not-applicable indicators get 0; with `proportional`
 * their weight is shared among the applicable ones in proportion to their weights (largest
 * remainder, so the effective weights add up to the total exactly); with `none` it is lost.
 */
export function effectiveWeights(
  items: readonly SchemeItem[],
  applicable: readonly boolean[],
  redistribution: SealedInputs['scheme']['redistribution'],
): number[] {
  const weights = items.map((item) => toCents(item.weight));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const applicableTotal = weights.reduce((sum, weight, index) => sum + (applicable[index] ? weight : 0), 0);
  if (redistribution === 'none' || applicableTotal === 0 || applicableTotal === total) return weights.map((weight, index) => (applicable[index] ? weight : 0));
  const exact = weights.map((weight, index) => (applicable[index] ? (weight * total) / applicableTotal : 0));
  const floors = exact.map(Math.floor);
  let missing = total - floors.reduce((sum, value) => sum + value, 0);
  const order = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .filter(({ index }) => applicable[index])
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (missing <= 0) break;
    floors[index] = (floors[index] as number) + 1;
    missing -= 1;
  }
  return floors;
}

const fmt = (value: number): string => (Number.isInteger(value) ? String(value) : String(Math.round(value * 10_000) / 10_000));

function ruleText(item: SchemeItem): { 'zh-CN': string; en: string } {
  const method = item.method;
  const higher = item.direction === 'higher-is-better';
  if (method.kind === 'threshold') {
    return higher
      ? { 'zh-CN': `达到 ${fmt(method.target)} 及以上得满分，否则不得分`, en: `full points at ${fmt(method.target)} or above, none below` }
      : { 'zh-CN': `不超过 ${fmt(method.target)} 得满分，否则不得分`, en: `full points at ${fmt(method.target)} or below, none above` };
  }
  if (method.kind === 'linear') {
    return {
      'zh-CN': `${fmt(method.worst)} 得 0 分，${fmt(method.best)} 得满分，其间按线性计分`,
      en: `0 points at ${fmt(method.worst)}, full points at ${fmt(method.best)}, linear between`,
    };
  }
  return {
    'zh-CN': `在参评县中排名：第一名满分，末名 0 分，其间按名次线性计分（${higher ? '越大越好' : '越小越好'}）`,
    en: `rank among the counties: first full points, last none, linear in rank between (${higher ? 'higher' : 'lower'} is better)`,
  };
}

/** Share (0–1) of the weight a value earns under a threshold or linear rule. */
function attainmentOf(item: SchemeItem, value: number): number {
  const method = item.method;
  if (method.kind === 'threshold') return (item.direction === 'higher-is-better' ? value >= method.target : value <= method.target) ? 1 : 0;
  if (method.kind === 'linear') return Math.min(1, Math.max(0, (value - method.worst) / (method.best - method.worst)));
  throw new Error('rank attainment needs the peers');
}

const NOT_APPLICABLE_TEXT = {
  'module-not-enabled': {
    'zh-CN': '该县未启用此指标所属模块，不适用（不计 0 分）',
    en: 'the county has not enabled this indicator’s module: not applicable (not scored as 0)',
  },
  'not-installed': { 'zh-CN': '平台未安装此指标所属模块，不适用', en: 'the indicator’s module is not installed: not applicable' },
  'no-data': { 'zh-CN': '该指标在数据日期没有数值，不适用', en: 'the indicator had no value at its data date: not applicable' },
} as const;

/** Scores every county of the sealed inputs, ranks them, and aggregates the cities. */
export function scoreRun(inputs: SealedInputs): { counties: CountyScore[]; cities: CityScore[] } {
  const { scheme } = inputs;
  const inputOf = (county: CountyInput, indicator: string): IndicatorInput | undefined => county.indicators.find((entry) => entry.indicator === indicator);

  // Peer ranks for rank-method indicators, among counties where the indicator applies.
  const peerRanks = new Map<string, { ranks: Map<CountyInput, number>; peers: number }>();
  for (const item of scheme.items) {
    if (item.method.kind !== 'rank') continue;
    const peers = inputs.counties.filter((county) => inputOf(county, item.indicator)?.applicable);
    const ranks = competitionRanks(
      peers,
      (county) => inputOf(county, item.indicator)?.value as number,
      item.direction === 'higher-is-better' ? 'higher' : 'lower',
    );
    peerRanks.set(item.indicator, { ranks, peers: peers.length });
  }

  const unranked = inputs.counties.map((county) => {
    const found = scheme.items.map((item) => inputOf(county, item.indicator));
    const applicable = found.map((entry) => entry?.applicable === true && entry.value !== null);
    const weights = effectiveWeights(scheme.items, applicable, scheme.redistribution);
    const lines: ScoreLine[] = scheme.items.map((item, index) => {
      const entry = found[index];
      const weightCents = weights[index] as number;
      const rule = ruleText(item);
      if (!applicable[index] || !entry || entry.value === null) {
        const reason = entry?.notApplicableReason ?? 'not-installed';
        return {
          indicator: item.indicator,
          title: item.title,
          applicable: false,
          notApplicableReason: reason,
          value: null,
          dataDate: item.dataDate,
          direction: item.direction,
          method: item.method,
          weight: item.weight,
          effectiveWeight: 0,
          attainment: null,
          points: null,
          peerRank: null,
          peers: null,
          explanation: NOT_APPLICABLE_TEXT[reason],
        };
      }
      let attainment: number;
      let peerRank: number | null = null;
      let peers: number | null = null;
      if (item.method.kind === 'rank') {
        const table = peerRanks.get(item.indicator) as { ranks: Map<CountyInput, number>; peers: number };
        peerRank = table.ranks.get(county) as number;
        peers = table.peers;
        attainment = peers <= 1 ? 1 : (peers - peerRank) / (peers - 1);
      } else {
        attainment = attainmentOf(item, entry.value);
      }
      const pointsCents = Math.round(weightCents * attainment);
      const weightText = weightCents === toCents(item.weight) ? fmt(item.weight) : `${fmt(item.weight)}→${fmt(fromCents(weightCents))}`;
      const rankText = peerRank === null ? { zh: '', en: '' } : { zh: `，排名 ${peerRank}/${peers}`, en: `, rank ${peerRank} of ${peers}` };
      return {
        indicator: item.indicator,
        title: item.title,
        applicable: true,
        notApplicableReason: null,
        value: entry.value,
        dataDate: entry.dataDate,
        direction: item.direction,
        method: item.method,
        weight: item.weight,
        effectiveWeight: fromCents(weightCents),
        attainment,
        points: fromCents(pointsCents),
        peerRank,
        peers,
        explanation: {
          'zh-CN': `指标值 ${fmt(entry.value)}（数据日期 ${entry.dataDate}${rankText.zh}）；规则：${rule['zh-CN']}；权重 ${weightText} × ${fmt(Math.round(attainment * 10_000) / 100)}% = ${fmt(fromCents(pointsCents))} 分`,
          en: `value ${fmt(entry.value)} (data date ${entry.dataDate}${rankText.en}); rule: ${rule.en}; weight ${weightText} × ${fmt(Math.round(attainment * 10_000) / 100)}% = ${fmt(fromCents(pointsCents))} points`,
        },
      };
    });
    const deductionLines: DeductionLine[] = scheme.deductions.flatMap((definition) => {
      const recorded = county.deductions.filter((entry) => entry.code === definition.code);
      const occurrences = recorded.reduce((sum, entry) => sum + entry.occurrences, 0);
      if (occurrences === 0) return [];
      const pointsCents = Math.min(toCents(definition.maxPoints), toCents(definition.pointsEach) * occurrences);
      return [
        {
          code: definition.code,
          title: definition.title,
          occurrences,
          pointsEach: definition.pointsEach,
          maxPoints: definition.maxPoints,
          points: fromCents(pointsCents),
          note: recorded
            .map((entry) => entry.note)
            .filter(Boolean)
            .join('；'),
        },
      ];
    });
    const indicatorCents = lines.reduce((sum, line) => sum + (line.points === null ? 0 : toCents(line.points)), 0);
    const deductionCents = deductionLines.reduce((sum, line) => sum + toCents(line.points), 0);
    return {
      countyCode: county.countyCode,
      countyName: county.countyName,
      cityCode: county.cityCode,
      cityName: county.cityName,
      total: fromCents(indicatorCents - deductionCents),
      indicatorPoints: fromCents(indicatorCents),
      deductionPoints: fromCents(deductionCents),
      rank: 0,
      lines,
      deductions: deductionLines,
    } satisfies CountyScore;
  });

  const countyRanks = competitionRanks(unranked, (score) => toCents(score.total), 'higher');
  const counties = unranked
    .map((score) => ({ ...score, rank: countyRanks.get(score) as number }))
    .sort((a, b) => a.rank - b.rank || a.countyCode.localeCompare(b.countyCode));
  return { counties, cities: aggregateCities(counties) };
}

/** Cities as an aggregate: the mean of their counties' totals (cents, rounded), ranked like counties. */
export function aggregateCities(counties: readonly Pick<CountyScore, 'cityCode' | 'cityName' | 'total'>[]): CityScore[] {
  const byCity = new Map<string, { cityName: string; totals: number[] }>();
  for (const county of counties) {
    const entry = byCity.get(county.cityCode) ?? { cityName: county.cityName, totals: [] };
    entry.totals.push(toCents(county.total));
    byCity.set(county.cityCode, entry);
  }
  const unranked = [...byCity].map(([cityCode, { cityName, totals }]) => ({
    cityCode,
    cityName,
    counties: totals.length,
    total: fromCents(Math.round(totals.reduce((sum, value) => sum + value, 0) / totals.length)),
    rank: 0,
  }));
  const ranks = competitionRanks(unranked, (city) => toCents(city.total), 'higher');
  return unranked.map((city) => ({ ...city, rank: ranks.get(city) as number })).sort((a, b) => a.rank - b.rank || a.cityCode.localeCompare(b.cityCode));
}
