import { describe, expect, it } from 'vitest';
import { parameters2022 } from '../test/fixtures.js';
import { yuan } from './money.js';
import { MonitoringObjectDecisionSchema, monitoringObjectType } from './monitoring-object.js';

const line = yuan(7_300);

describe('monitoringObjectType', () => {
  it.each([
    ['a 脱贫户 at the line with a risk', 'poverty-exited', line, true, false, 'unstable-poverty-exited', 'within-line-at-risk'],
    ['an ordinary household at the line with a risk', 'ordinary', line, true, false, 'edge-prone', 'within-line-at-risk'],
    ['an ordinary household within the line hit by a sudden event', 'ordinary', line - 1, false, true, 'edge-prone', 'within-line-at-risk'],
    [
      'a household one fen above the line hit by a sudden event',
      'poverty-exited',
      line + 1,
      false,
      true,
      'sudden-severe-difficulty',
      'above-line-sudden-difficulty',
    ],
    ['a household above the line with a risk but no sudden event', 'ordinary', line + 1, true, false, null, 'above-line-without-sudden-difficulty'],
    ['a household within the line without any risk', 'poverty-exited', line, false, false, null, 'no-risk'],
  ] as const)('classifies %s', (_description, baseStatus, perCapitaIncomeFen, atRisk, suddenSevereDifficulty, type, code) => {
    const decision = monitoringObjectType({ baseStatus, perCapitaIncomeFen, atRisk, suddenSevereDifficulty }, parameters2022);
    expect(decision.type).toBe(type);
    expect(decision.reasons.map((item) => item.code)).toEqual([code]);
    expect(decision.parameterVersion).toBe('hebei-2022.1');
    expect(MonitoringObjectDecisionSchema.parse(decision)).toEqual(decision);
  });
});
