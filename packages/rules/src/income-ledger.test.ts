import { describe, expect, it } from 'vitest';
import { parameters2022 } from '../test/fixtures.js';
import { incomeLedgerFlags, IncomeLedgerFlagsSchema } from './income-ledger.js';
import { yuan } from './money.js';

describe('incomeLedgerFlags (§2): 脱贫 households whose income fell or is low get a ledger entry', () => {
  it.each([
    ['rose and is high', yuan(12_000), yuan(11_000), false, false, []],
    ['fell by one fen', yuan(12_000) - 1, yuan(12_000), true, false, ['income-fell']],
    ['stayed the same', yuan(12_000), yuan(12_000), false, false, []],
    ['is equal to the line', yuan(7_300), yuan(7_000), false, true, ['income-within-line', 'income-below-low-threshold']],
    ['is one fen below the low threshold', yuan(10_000) - 1, null, false, true, ['income-below-low-threshold']],
    ['is exactly the low threshold', yuan(10_000), null, false, false, []],
  ] as const)('flags income that %s', (_description, perCapitaIncomeFen, previousYearPerCapitaIncomeFen, fell, low, codes) => {
    const flags = incomeLedgerFlags({ perCapitaIncomeFen, previousYearPerCapitaIncomeFen }, parameters2022);
    expect(flags.fell).toBe(fell);
    expect(flags.low).toBe(low);
    expect(flags.needsLedgerEntry).toBe(fell || low);
    expect(flags.reasons.map((item) => item.code)).toEqual(codes);
    expect(IncomeLedgerFlagsSchema.parse(flags)).toEqual(flags);
  });

  it("accepts a county's own low-income threshold, while income within the line stays low", () => {
    const withOwnThreshold = (perCapitaIncomeFen: number) =>
      incomeLedgerFlags({ perCapitaIncomeFen, previousYearPerCapitaIncomeFen: null, lowIncomeThresholdFen: 0 }, parameters2022);
    expect(withOwnThreshold(yuan(9_000)).low).toBe(false);
    expect(withOwnThreshold(yuan(7_300)).low).toBe(true);
    expect(
      incomeLedgerFlags({ perCapitaIncomeFen: yuan(11_000), previousYearPerCapitaIncomeFen: null, lowIncomeThresholdFen: yuan(12_000) }, parameters2022).low,
    ).toBe(true);
  });
});
