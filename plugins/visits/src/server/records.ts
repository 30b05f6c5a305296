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
    industry: row.industry,
    employment: row.employment,
    checklist: row.checklist,
    checklistResult: row.checklistResult,
    policyNotes: row.policyNotes,
    findings: row.findings,
    riskTypes: row.riskTypes,
    suggestedMeasures: row.suggestedMeasures,
    location: row.latitude !== null && row.longitude !== null ? { latitude: row.latitude, longitude: row.longitude } : null,
    createdAt: row.createdAt.toISOString(),
  };
}
