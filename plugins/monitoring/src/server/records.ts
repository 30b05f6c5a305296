import type {
  GreenChannelDecision,
  IdentificationStatus,
  MeasureKind,
  MonitoringObjectDecision,
  MonitoringObjectType,
  RiskCategoriesEvaluation,
  RiskEliminationDecision,
} from '@zhenxing/rules';
import type {
  CaseRecord,
  CaseStep,
  EliminationRecord,
  EliminationStep,
  EscalationLevel,
  HistoryEntry,
  MeasureRecord,
  MeasureStatus,
  ObjectRecord,
  ObjectStatus,
  SignalDisposition,
  SignalRecord,
  SignalSource,
} from '../index.ts';
import { maskIdNumbersInText, redactPersonalData } from '@zhenxing/rules';
import { DEPARTMENT_LABELS, REGISTRY_PERMISSIONS, type DepartmentSource } from '@zhenxing/plugin-registry';
import type { cases, eliminations, history, measures, objects, signals } from './schema.ts';

export type CaseRow = typeof cases.$inferSelect;
export type SignalRow = typeof signals.$inferSelect;
export type ObjectRow = typeof objects.$inferSelect;
export type MeasureRow = typeof measures.$inferSelect;
export type EliminationRow = typeof eliminations.$inferSelect;
export type HistoryRow = typeof history.$inferSelect;

export function caseRecord(row: CaseRow): CaseRecord {
  return {
    id: row.id,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    householdId: row.householdId,
    step: row.step as CaseStep,
    discoveredOn: row.discoveredOn,
    warningOn: row.warningOn,
    deadlineOn: row.deadlineOn,
    deadlineStatus: row.deadlineStatus as IdentificationStatus,
    escalationLevel: row.escalationLevel as EscalationLevel,
    escalatedOn: row.escalatedOn,
    parameterVersion: row.parameterVersion,
    greenChannel: row.greenChannel,
    greenChannelDecision: (row.greenChannelDecision as GreenChannelDecision | null) ?? null,
    riskTypes: row.riskTypes,
    riskCategories: row.riskCategories,
    evaluation: (row.evaluation as RiskCategoriesEvaluation | null) ?? null,
    objectTypeDecision: (row.objectTypeDecision as MonitoringObjectDecision | null) ?? null,
    objectType: row.objectType as MonitoringObjectType | null,
    consentSigned: row.consentSigned,
    noticePostedOn: row.noticePostedOn,
    noticeCompletedOn: row.noticeCompletedOn,
    completedOn: row.completedOn,
    closedReason: row.closedReason,
    closedOn: row.closedOn,
  };
}

const HEALTH_HIDDEN_MESSAGE = {
  'zh-CN': '涉及成员健康信息，需“查看个人信息”权限方可查看详情',
  en: 'concerns a member’s health; the details need the personal-data permission',
};

/** An evaluation with every reason that carries a health or personal figure redacted (data) and its message replaced. */
export function evaluationWithoutHealth(evaluation: RiskCategoriesEvaluation | null): RiskCategoriesEvaluation | null {
  if (!evaluation) return null;
  return {
    ...evaluation,
    results: evaluation.results.map((result) => ({
      ...result,
      reasons: result.reasons.map((reason) => {
        const data = redactPersonalData(reason.data) as typeof reason.data;
        return JSON.stringify(data) === JSON.stringify(reason.data) ? reason : { ...reason, data, message: HEALTH_HIDDEN_MESSAGE };
      }),
    })),
  };
}

/** The registry permission that shows ID numbers and health data (the one PII policy of @zhenxing/rules). */
export const PII_PERMISSION = `registry.${REGISTRY_PERMISSIONS.piiView}`;

/**
 * A signal as a reader sees it. A department finding's summary and evidence carry health details
 * (disability grade, out-of-pocket medical spending, the member concerned): a reader without
 * registry.pii.view gets the department and category only, `healthHidden: true`. Any ID number
 * in free text is masked for such readers whatever the source.
 */
export function signalView(row: SignalRow, pii: boolean): SignalRecord {
  const record = signalRecord(row);
  if (pii) return record;
  if (record.source === 'department') {
    const { rule, parameterVersion, needsVerification, fileName, row: fileRow } = record.evidence;
    return {
      ...record,
      summary: departmentSummary(record.department, record.category),
      evidence: { rule, parameterVersion, needsVerification, fileName, row: fileRow, healthHidden: true },
    };
  }
  return { ...record, summary: maskIdNumbersInText(record.summary), evidence: redactPersonalData(record.evidence) as Record<string, unknown> };
}

/** A department signal's summary with no personal detail: who reported it and which kind of risk. */
export function departmentSummary(department: string | null, category: string | null): string {
  const label = category ? (DEPARTMENT_SIGNAL_CATEGORY_LABELS[category] ?? category) : '风险线索';
  return `${department ? `${DEPARTMENT_LABELS[department as DepartmentSource] ?? department}：` : ''}${label}（详情请入户核实）`;
}

const DEPARTMENT_SIGNAL_CATEGORY_LABELS: Record<string, string> = {
  'major-illness': '因病支出较大',
  'severe-disability': '重度残疾',
  'sudden-difficulty': '突发严重困难',
  'low-income-high-spending': '收入低、支出大',
  'safety-net-recipient': '低保或特困供养对象',
  'child-out-of-school': '义务教育阶段失学',
};

export function signalRecord(row: SignalRow): SignalRecord {
  return {
    id: row.id,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    householdId: row.householdId,
    source: row.source as SignalSource,
    department: row.department,
    category: row.category,
    summary: row.summary,
    riskTypes: row.riskTypes,
    evidence: row.evidence,
    detectedOn: row.detectedOn,
    reportedBy: row.reportedBy,
    caseId: row.caseId,
    objectId: row.objectId,
    disposition: row.disposition as SignalDisposition,
    resolvedOn: row.resolvedOn,
  };
}

export function objectRecord(row: ObjectRow): ObjectRecord {
  return {
    id: row.id,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    householdId: row.householdId,
    caseId: row.caseId,
    objectType: row.objectType as MonitoringObjectType,
    riskTypes: row.riskTypes,
    riskCategories: row.riskCategories,
    status: row.status as ObjectStatus,
    includedOn: row.includedOn,
    eliminatedOn: row.eliminatedOn,
  };
}

export function measureRecord(row: MeasureRow): MeasureRecord {
  return {
    id: row.id,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    householdId: row.householdId,
    caseId: row.caseId,
    objectId: row.objectId,
    kind: row.kind as MeasureKind,
    responsibleUnit: row.responsibleUnit,
    amountFen: row.amountFen,
    startOn: row.startOn,
    endOn: row.endOn,
    status: row.status as MeasureStatus,
    note: row.note,
    greenChannel: row.greenChannel,
  };
}

export function eliminationRecord(row: EliminationRow): EliminationRecord {
  return {
    id: row.id,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    householdId: row.householdId,
    objectId: row.objectId,
    step: row.step as EliminationStep,
    eligibility: row.eligibility as RiskEliminationDecision,
    proposedOn: row.proposedOn,
    noticePostedOn: row.noticePostedOn,
    noticeCompletedOn: row.noticeCompletedOn,
    approvedOn: row.approvedOn,
    closedReason: row.closedReason,
  };
}

export function historyEntry(row: HistoryRow): HistoryEntry {
  return {
    id: row.id,
    subject: row.subject as 'case' | 'elimination',
    subjectId: row.subjectId,
    action: row.action,
    fromStep: row.fromStep,
    toStep: row.toStep,
    actor: row.actor,
    actorRole: row.actorRole,
    comment: row.comment,
    attachments: row.attachments,
    on: row.onDate,
  };
}
