/**
 * §1 早 部门预警: the registry's department-data comparison raises `registry.risk-signal`; each
 * becomes a monitoring signal with the department, category, rule, parameter version and evidence,
 * and opens (or joins) the household's case like any other signal.
 */
import { systemActor, type EventHandler } from '@zhenxing/core';
import type { RiskSignalCategory } from '@zhenxing/plugin-registry';
import { DEPARTMENT_LABELS } from '@zhenxing/plugin-registry';
import { takeSignal } from './intake.ts';
import { departmentSummary } from './records.ts';
import type { MonitoringSettings } from './settings.ts';

/** The household risk types a department finding points to (for 缺什么补什么). */
const RISK_TYPES_BY_CATEGORY: Record<RiskSignalCategory, readonly string[]> = {
  'major-illness': ['illness'],
  'severe-disability': ['disability'],
  'sudden-difficulty': [],
  'low-income-high-spending': [],
  'safety-net-recipient': [],
  'child-out-of-school': ['schooling'],
};

export const onRiskSignal: EventHandler<'registry.risk-signal', MonitoringSettings> = async (signal, context) => {
  const settings = await context.settingsFor(signal.countyCode);
  const department = DEPARTMENT_LABELS[signal.source];
  const firstReason = signal.evidence.reasons[0]?.message['zh-CN'] ?? signal.category;
  await takeSignal(
    // The case history names the registry's comparison as the reporter, as a person would be named.
    { ...context, actor: systemActor('registry') },
    {
      countyCode: signal.countyCode,
      villageCode: signal.villageCode,
      householdId: signal.householdId,
      source: 'department',
      department: signal.source,
      category: signal.category,
      summary: `${department}：${firstReason}`,
      // The case history is shown to readers without registry.pii.view: no health detail in it.
      comment: departmentSummary(signal.source, signal.category),
      riskTypes: RISK_TYPES_BY_CATEGORY[signal.category],
      evidence: {
        rule: signal.rule,
        parameterVersion: signal.parameterVersion,
        needsVerification: signal.needsVerification,
        memberId: signal.memberId,
        reasons: signal.evidence.reasons,
        record: signal.evidence.record,
        fileName: signal.evidence.fileName,
        row: signal.evidence.row,
      },
      detectedOn: signal.detectedOn,
    },
    settings,
  );
};
