import { describe, expect, test } from 'vitest';
import { parseCountyLines } from '../src/web/figures.ts';

describe('parseCountyLines: growth figures pasted from a statistics sheet', () => {
  test('reads code, basis points and the 脱贫县 flag per line; keeps the source line numbers', () => {
    expect(parseCountyLines('130609 650 否\n\n130602\t-300\t是\n130603,120')).toEqual({
      counties: [
        { countyCode: '130609', localFarmersBasisPoints: 650, povertyCounty: false },
        { countyCode: '130602', localFarmersBasisPoints: -300, povertyCounty: true },
        { countyCode: '130603', localFarmersBasisPoints: 120, povertyCounty: false },
      ],
      lines: [1, 3, 4],
      badLines: [],
    });
  });

  test('names the lines it cannot read: a decimal rate, a missing rate, an unknown flag, extra columns', () => {
    expect(parseCountyLines('130609 6.5\n130602\n130603 100 也许\n130604 100 是 多余\n130605 100').badLines).toEqual([1, 2, 3, 4]);
  });
});
