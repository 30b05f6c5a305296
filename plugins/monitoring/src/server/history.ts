import type { Attachment } from '../index.ts';
import type { ModuleContext } from '@zhenxing/core';
import { history } from './schema.ts';

export interface StepRecord {
  subject: 'case' | 'elimination';
  subjectId: number;
  countyCode: string;
  villageCode: string;
  action: string;
  fromStep: string | null;
  toStep: string | null;
  comment?: string;
  attachments?: readonly Attachment[];
  participants?: number | null;
  before?: unknown;
  after?: unknown;
}

/** Records one step in the history table and in the audit log (same transaction). */
export async function recordStep(writer: Pick<ModuleContext, 'db' | 'clock' | 'today' | 'actor' | 'audit' | 'emit'>, step: StepRecord): Promise<void> {
  await writer.db.insert(history).values({
    countyCode: step.countyCode,
    villageCode: step.villageCode,
    subject: step.subject,
    subjectId: step.subjectId,
    action: step.action,
    fromStep: step.fromStep,
    toStep: step.toStep,
    actor: writer.actor.username,
    actorRole: writer.actor.role,
    comment: step.comment ?? '',
    attachments: [...(step.attachments ?? [])],
    participants: step.participants ?? null,
    onDate: writer.today,
    at: writer.clock.now(),
  });
  await writer.audit({
    action: `${step.subject}.${step.action}`,
    regionCode: step.villageCode,
    entityType: step.subject,
    entityId: step.subjectId,
    before: step.before ?? { step: step.fromStep },
    after: step.after ?? { step: step.toStep, comment: step.comment ?? '' },
  });
}
