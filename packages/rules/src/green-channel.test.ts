import { describe, expect, it } from 'vitest';
import { parameters2022 } from '../test/fixtures.js';
import { GreenChannelDecisionSchema, greenChannelEligibility } from './green-channel.js';

describe('greenChannelEligibility (§1 绿色通道): sudden risks from disaster, epidemic or accident are assisted first', () => {
  it.each([
    [true, ['epidemic'], true, 'assist-first', ['sudden-risk-from-qualifying-cause']],
    [true, ['disaster'], true, 'assist-first', ['sudden-risk-from-qualifying-cause']],
    [true, ['accident', 'other'], true, 'assist-first', ['sudden-risk-from-qualifying-cause']],
    [true, ['other'], false, 'standard', ['no-qualifying-cause']],
    [false, ['disaster'], false, 'standard', ['not-sudden']],
    [false, [], false, 'standard', ['not-sudden', 'no-qualifying-cause']],
  ] as const)('sudden %s with causes %j: eligible %s', (sudden, causes, eligible, procedure, codes) => {
    const decision = greenChannelEligibility({ sudden, causes: [...causes] }, parameters2022);
    expect(decision.eligible).toBe(eligible);
    expect(decision.procedure).toBe(procedure);
    expect(decision.reasons.map((item) => item.code)).toEqual(codes);
    expect(GreenChannelDecisionSchema.parse(decision)).toEqual(decision);
    expect(decision.parameterVersion).toBe('hebei-2022.1');
  });

  it('follows the qualifying causes of the parameter set', () => {
    const narrow = { ...parameters2022, greenChannel: { qualifyingCauses: ['disaster', 'epidemic'] as ('disaster' | 'epidemic')[] } };
    expect(greenChannelEligibility({ sudden: true, causes: ['accident'] }, narrow).eligible).toBe(false);
    expect(greenChannelEligibility({ sudden: true, causes: ['disaster'] }, narrow).eligible).toBe(true);
  });
});
