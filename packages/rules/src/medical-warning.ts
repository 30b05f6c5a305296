import { z } from 'zod';
import { applyBasisPointsRoundHalfUp, FenSchema } from './money.js';
import type { ParameterSet } from './parameters/schema.js';

export const MedicalWarningStandardSchema = z.object({
  standardFen: FenSchema,
  shareBasisPoints: z.int(),
  previousYearRuralDisposableIncomeFen: FenSchema,
  parameterVersion: z.string(),
});
export type MedicalWarningStandard = z.infer<typeof MedicalWarningStandardSchema>;

/**
 * The medical-insurance warning standard (医保部门预警标准) for one person, in fen: a share of last
 * year's provincial rural per-capita disposable income — 50% for people who left poverty (脱贫人口),
 * 100% for other rural residents (context, Hebei county practice) — rounded half up to the fen.
 * Out-of-pocket costs strictly greater than this standard exceed it. Clause: §1 宽 ①.
 */
export function medicalWarningStandard(povertyExited: boolean, parameters: ParameterSet): MedicalWarningStandard {
  const { previousYearRuralDisposableIncomeFen, povertyExitedShareBasisPoints, otherRuralShareBasisPoints } = parameters.medicalWarning;
  const shareBasisPoints = povertyExited ? povertyExitedShareBasisPoints : otherRuralShareBasisPoints;
  return {
    standardFen: applyBasisPointsRoundHalfUp(previousYearRuralDisposableIncomeFen, shareBasisPoints),
    shareBasisPoints,
    previousYearRuralDisposableIncomeFen,
    parameterVersion: parameters.version,
  };
}
