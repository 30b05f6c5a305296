/**
 * §1 早 — risk intake. Every signal (self-report, cadre screening, department warning, visit) is
 * kept with its source and evidence. Per household, an open case absorbs new signals; a monitored
 * household's signal is a new risk on it; otherwise the signal opens a case and starts the clock.
 */
import { greenChannelEligibility, type GreenChannelDecision, type SuddenEventCause } from '@zhenxing/rules';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { OPEN_CASE_STEPS, type SignalSource } from '../index.ts';
import type { ModuleContext, ParameterLookup } from '@zhenxing/core';
import { deadlineFor, parametersFor, progressOf } from './deadlines.ts';
import { caseRecord, signalRecord, type CaseRow } from './records.ts';
import { cases, objects, signals } from './schema.ts';
import type { MonitoringSettings } from './settings.ts';
import { recordStep } from './history.ts';

export interface SignalIntake {
  countyCode: string;
  villageCode: string;
  householdId: number;
  source: SignalSource;
  department: string | null;
  category: string | null;
  summary: string;
  /** The case history's comment when the signal opens a case; the summary when omitted. */
  comment?: string;
  riskTypes: readonly string[];
  evidence: Record<string, unknown>;
  detectedOn: string;
  suddenRisk?: { sudden: boolean; causes: SuddenEventCause[] } | undefined;
}

export async function openCaseFor(db: ModuleContext['db'], householdId: number): Promise<CaseRow | undefined> {
  const [row] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.householdId, householdId), inArray(cases.step, [...OPEN_CASE_STEPS])))
    .limit(1);
  return row;
}

export function greenChannelFor(
  parameters: ParameterLookup,
  countyCode: string,
  onDate: string,
  suddenRisk: { sudden: boolean; causes: SuddenEventCause[] },
): GreenChannelDecision {
  return greenChannelEligibility(suddenRisk, parametersFor(parameters, countyCode, onDate));
}

function mergeTypes(current: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...current, ...added])];
}

/** What taking a signal needs: a user's request, the department-signal handler and the demo all have it. */
export type SignalWriter = Pick<ModuleContext, 'db' | 'clock' | 'today' | 'actor' | 'audit' | 'emit' | 'parameters'>;

export async function takeSignal(writer: SignalWriter, intake: SignalIntake, settings: MonitoringSettings | null) {
  const { db } = writer;
  const now = writer.clock.now();
  const base = {
    countyCode: intake.countyCode,
    villageCode: intake.villageCode,
    householdId: intake.householdId,
    source: intake.source,
    department: intake.department,
    category: intake.category,
    summary: intake.summary,
    riskTypes: [...intake.riskTypes],
    evidence: intake.evidence,
    detectedOn: intake.detectedOn,
    reportedBy: writer.actor.username,
    createdAt: now,
  };

  const open = await openCaseFor(db, intake.householdId);
  if (open) {
    const [signal] = await db
      .insert(signals)
      .values({ ...base, caseId: open.id, disposition: 'absorbed-by-case' })
      .returning();
    const decision = intake.suddenRisk && !open.greenChannel ? greenChannelFor(writer.parameters, intake.countyCode, writer.today, intake.suddenRisk) : null;
    await db
      .update(cases)
      .set({
        riskTypes: mergeTypes(open.riskTypes, intake.riskTypes),
        ...(decision ? { greenChannelDecision: decision, greenChannel: decision.eligible } : {}),
        updatedAt: now,
      })
      .where(eq(cases.id, open.id));
    await writer.audit({
      action: 'signal.absorbed',
      regionCode: intake.villageCode,
      entityType: 'signal',
      entityId: signal?.id,
      after: { caseId: open.id, source: intake.source },
    });
    return { signal: signalRecord(signal as typeof signals.$inferSelect), caseId: open.id, opened: false };
  }

  const [monitored] = await db
    .select({ id: objects.id })
    .from(objects)
    .where(and(eq(objects.householdId, intake.householdId), eq(objects.status, 'monitored')));
  if (monitored) {
    const [signal] = await db
      .insert(signals)
      .values({ ...base, objectId: monitored.id, disposition: 'new-risk-on-monitored' })
      .returning();
    await writer.audit({
      action: 'signal.new-risk',
      regionCode: intake.villageCode,
      entityType: 'signal',
      entityId: signal?.id,
      after: { objectId: monitored.id, source: intake.source },
    });
    return { signal: signalRecord(signal as typeof signals.$inferSelect), caseId: null, opened: false };
  }

  const deadline = deadlineFor(writer.parameters, intake.countyCode, intake.detectedOn, settings);
  const progress = progressOf(writer.parameters, { countyCode: intake.countyCode, discoveredOn: intake.detectedOn, completedOn: null }, writer.today, settings);
  const decision = intake.suddenRisk ? greenChannelFor(writer.parameters, intake.countyCode, writer.today, intake.suddenRisk) : null;
  const [created] = await db
    .insert(cases)
    .values({
      countyCode: intake.countyCode,
      villageCode: intake.villageCode,
      householdId: intake.householdId,
      step: 'verification',
      discoveredOn: intake.detectedOn,
      warningOn: deadline.warningOn,
      deadlineOn: deadline.deadlineOn,
      deadlineStatus: progress.status,
      parameterVersion: deadline.parameterVersion,
      greenChannel: decision?.eligible ?? false,
      greenChannelDecision: decision,
      riskTypes: [...intake.riskTypes],
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const row = created as CaseRow;
  const [signal] = await db
    .insert(signals)
    .values({ ...base, caseId: row.id, disposition: 'opened-case' })
    .returning();
  await recordStep(writer, {
    subject: 'case',
    subjectId: row.id,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    action: 'open',
    fromStep: null,
    toStep: 'verification',
    comment: intake.comment ?? intake.summary,
    after: { step: 'verification', source: intake.source, discoveredOn: row.discoveredOn, deadlineOn: row.deadlineOn, greenChannel: row.greenChannel },
  });
  writer.emit('monitoring.case-opened', {
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    householdId: row.householdId,
    caseId: row.id,
    source: intake.source,
    discoveredOn: row.discoveredOn,
    deadlineOn: row.deadlineOn,
    greenChannel: row.greenChannel,
  });
  return { signal: signalRecord(signal as typeof signals.$inferSelect), caseId: row.id, opened: true, case: caseRecord(row) };
}

/** Counts signals of a monitored household that are not resolved (a "new risk" for elimination). */
export async function unresolvedRisks(db: ModuleContext['db'], objectId: number): Promise<number> {
  const [row] = await db
    .select({ value: sql<number>`count(*)::int` })
    .from(signals)
    .where(and(eq(signals.objectId, objectId), sql`${signals.resolvedOn} is null`));
  return row?.value ?? 0;
}
