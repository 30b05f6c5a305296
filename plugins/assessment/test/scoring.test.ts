import { describe, expect, it } from 'vitest';
import type { SchemeItem } from '../src/index.ts';
import { competitionRanks, effectiveWeights } from '../src/server/scoring.ts';

const item = (weight: number): SchemeItem => ({
  indicator: `sample.i${weight}`,
  title: 'x',
  weight,
  direction: 'higher-is-better',
  method: { kind: 'rank' },
  dataDate: '2022-12-31',
});

describe('the scoring engine', () => {
  it('ranks ties together and skips the next rank (1, 1, 3), in either direction', () => {
    const rows = [{ v: 85 }, { v: 70 }, { v: 85 }, { v: 90 }];
    const higher = competitionRanks(rows, (row) => row.v, 'higher');
    expect(rows.map((row) => higher.get(row))).toEqual([2, 4, 2, 1]);
    const lower = competitionRanks(rows, (row) => row.v, 'lower');
    expect(rows.map((row) => lower.get(row))).toEqual([2, 1, 2, 4]);
  });

  it('redistributes a not-applicable weight in proportion, adding up to the total exactly (cents)', () => {
    const items = [item(33.33), item(33.33), item(33.34)];
    const weights = effectiveWeights(items, [true, true, false], 'proportional');
    expect(weights.reduce((sum, weight) => sum + weight, 0)).toBe(10_000);
    expect(weights).toEqual([5000, 5000, 0]);
    const uneven = effectiveWeights([item(40), item(30), item(30)], [true, true, false], 'proportional');
    expect(uneven).toEqual([5714, 4286, 0]);
  });

  it('keeps the weights as they are when everything applies, and drops the not-applicable one under "none"', () => {
    expect(effectiveWeights([item(40), item(30), item(30)], [true, true, true], 'proportional')).toEqual([4000, 3000, 3000]);
    expect(effectiveWeights([item(40), item(30), item(30)], [true, false, true], 'none')).toEqual([4000, 0, 3000]);
  });
});
