import { REGISTRY_PERMISSIONS } from '@zhenxing/plugin-registry';
import { maskIdNumbersInText } from '@zhenxing/rules';
import type { AssignmentRecord, CadreKind, VisitRecord } from '../index.ts';
import type { AssignmentRow, VisitRow } from './schema.ts';

export function assignmentRecord(row: AssignmentRow): AssignmentRecord {
  return {
    id: row.id,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    householdId: row.householdId,
    cadreName: row.cadreName,
    cadreUsername: row.cadreUsername,
    cadreKind: row.cadreKind as CadreKind,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
    assignedBy: row.assignedBy,
  };
}

/** The registry permission that shows health details (the one PII policy of @zhenxing/rules). */
export const PII_PERMISSION = `registry.${REGISTRY_PERMISSIONS.piiView}`;

/**
 * A visit as a reader sees it: without registry.pii.view the medical spending change is hidden
 * (`healthHidden`) and any ID number typed into the free text is masked.
 */
export function visitView(row: VisitRow, pii: boolean): VisitRecord {
  const record = visitRecord(row);
  if (pii) return record;
  return {
    ...record,
    spendingChanges: { ...record.spendingChanges, medicalFen: null },
    healthHidden: true,
    policyNotes: maskIdNumbersInText(record.policyNotes),
    findings: maskIdNumbersInText(record.findings),
    industry: { ...record.industry, note: maskIdNumbersInText(record.industry.note) },
    employment: { ...record.employment, note: maskIdNumbersInText(record.employment.note) },
  };
}

export function visitRecord(row: VisitRow): VisitRecord {
  return {
    id: row.id,
    clientId: row.clientId,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    householdId: row.householdId,
    visitedAt: row.visitedAt.toISOString(),
    visitedOn: row.visitedOn,
    month: row.month,
    startedAt: row.startedAt ? row.startedAt.toISOString() : null,
    recordedOffline: row.recordedOffline,
    formSeconds: row.formSeconds,
    visitors: row.visitors,
    personMet: row.personMet,
    recordedBy: row.recordedBy,
    incomeChanges: row.incomeChanges,
    spendingChanges: row.spendingChanges,
    healthHidden: false,
    industry: row.industry,
    employment: row.employment,
    checklist: row.checklist,
    checklistResult: row.checklistResult,
    policyNotes: row.policyNotes,
    findings: row.findings,
    riskTypes: row.riskTypes,
    suggestedMeasures: row.suggestedMeasures,
    photoIds: row.photoIds,
    location: row.latitude !== null && row.longitude !== null ? { latitude: row.latitude, longitude: row.longitude } : null,
    createdAt: row.createdAt.toISOString(),
  };
}
