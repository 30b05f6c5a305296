/**
 * §3 → §1 早: a monthly visit's findings (`visits.finding`, raised by the visits module) become a
 * monitoring signal with source `visit`, and open (or join) the household's case like any other.
 * Runs only where the visits module is installed and in counties that enable monitoring.
 */
import { systemActor, type EventHandler } from '@zhenxing/core';
import type { VisitFinding } from '@zhenxing/plugin-visits';
import { takeSignal } from './intake.ts';
import type { MonitoringSettings } from './settings.ts';

export const onVisitFinding: EventHandler<'visits.finding', MonitoringSettings> = async (finding: VisitFinding, context) => {
  const settings = await context.settingsFor(finding.countyCode);
  await takeSignal(
    // The case history names the visit module as the reporter; the visitor is in the visit record.
    { ...context, actor: systemActor('visits') },
    {
      countyCode: finding.countyCode,
      villageCode: finding.villageCode,
      householdId: finding.householdId,
      source: 'visit',
      department: null,
      category: null,
      summary: finding.summary,
      riskTypes: finding.riskTypes,
      evidence: {
        rule: 'evaluateBasicNeedsChecklist',
        parameterVersion: finding.parameterVersion,
        visitId: finding.visitId,
        findingCodes: finding.findingCodes,
      },
      detectedOn: finding.visitedOn,
    },
    settings,
  );
};
