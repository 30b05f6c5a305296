import { z } from 'zod';
import type { ParameterSet } from './parameters/schema.js';
import { reason, reasonSchema } from './reason.js';
import { SuddenEventCauseSchema } from './risk-categories.js';

export const GreenChannelInputSchema = z.object({
  /** The risk arose suddenly (突发), rather than building up over time. */
  sudden: z.boolean(),
  /** What caused it; `other` covers sudden situations that are neither epidemic, disaster nor accident. */
  causes: z.array(SuddenEventCauseSchema),
});
export type GreenChannelInput = z.infer<typeof GreenChannelInputSchema>;

export const GREEN_CHANNEL_REASON_CODES = ['sudden-risk-from-qualifying-cause', 'not-sudden', 'no-qualifying-cause'] as const;
export const GreenChannelReasonSchema = reasonSchema(GREEN_CHANNEL_REASON_CODES);

export const GreenChannelDecisionSchema = z.object({
  eligible: z.boolean(),
  /** assist-first: 先帮扶救助后履行程序; standard: identification first. */
  procedure: z.enum(['assist-first', 'standard']),
  reasons: z.array(GreenChannelReasonSchema).min(1),
  parameterVersion: z.string(),
});
export type GreenChannelDecision = z.infer<typeof GreenChannelDecisionSchema>;

/**
 * §1 绿色通道: "对因灾因疫等突发返贫致贫风险的开辟绿色通道，先帮扶救助后履行程序". A sudden risk
 * with a qualifying cause (parameter `greenChannel.qualifyingCauses`; Hebei: disaster, epidemic and
 * accident — "等" read as including accidents, as §1 宽 ③ lists them together) qualifies;
 * assistance comes first and the identification procedure follows. The 15-day deadline still applies.
 */
export function greenChannelEligibility(input: GreenChannelInput, parameters: ParameterSet): GreenChannelDecision {
  const { sudden, causes } = GreenChannelInputSchema.parse(input);
  const qualifyingCauses: readonly string[] = parameters.greenChannel.qualifyingCauses;
  const qualifying = causes.filter((cause) => qualifyingCauses.includes(cause));
  const parameterVersion = parameters.version;
  const reasons = [];
  if (!sudden) {
    reasons.push(reason('not-sudden', '§1 绿色通道', { 'zh-CN': '风险不是突发的', en: 'the risk is not sudden' }));
  }
  if (qualifying.length === 0) {
    reasons.push(
      reason(
        'no-qualifying-cause',
        '§1 绿色通道',
        {
          'zh-CN': '风险并非由可开辟绿色通道的原因（因灾、因疫、因意外事故等）引起',
          en: 'the risk has no cause that opens the green channel (disaster, epidemic, accident …)',
        },
        { causes: causes.join(',') },
      ),
    );
  }
  if (reasons.length > 0) return { eligible: false, procedure: 'standard', reasons, parameterVersion };
  return {
    eligible: true,
    procedure: 'assist-first',
    reasons: [
      reason(
        'sudden-risk-from-qualifying-cause',
        '§1 绿色通道',
        {
          'zh-CN': '因灾因疫等突发返贫致贫风险，先帮扶救助后履行程序',
          en: 'sudden risk from a disaster, the epidemic or an accident: assist first, complete the procedure afterwards',
        },
        { causes: qualifying.join(',') },
      ),
    ],
    parameterVersion,
  };
}
