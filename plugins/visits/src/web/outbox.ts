/**
 * The visit form's offline mutation: a visit is kept in the device's outbox (IndexedDB) with the
 * outbox's client id and sent as `visits.record` when the network allows. The server dedupes on
 * the client id, so a replay after a lost answer records nothing twice; a refusal (a conflict with
 * a newer visit, a changed household) stays in the outbox for the cadre to retry or discard.
 */
import { shanghaiDate } from '@zhenxing/rules';
import { pluginOutbox } from '@zhenxing/ui';
import { z } from 'zod';
import { RecordVisitInputSchema } from '../index.ts';
import type { visitsPlugin } from '../server/plugin.ts';

const { defineOutboxKind } = pluginOutbox<typeof visitsPlugin>();

/** What is stored: the whole visit input except the client id (the outbox item's id is it). */
export const VisitOutboxPayloadSchema = RecordVisitInputSchema.omit({ clientId: true }).extend({
  /** Shown in the sync list: the head's name and address as the round showed them (no ID number). */
  label: z.string().max(200).optional(),
});

export const recordVisitOffline = defineOutboxKind({
  kind: 'visits.record',
  title: { 'zh-CN': '入户走访记录', en: 'Household visit' },
  payload: VisitOutboxPayloadSchema,
  describe: (visit) => {
    const day = shanghaiDate(new Date(visit.visitedAt));
    const who = visit.label ?? `#${visit.householdId}`;
    return { 'zh-CN': `${who} · ${day} 走访`, en: `${who} · visit on ${day}` };
  },
  send: ({ label: _label, ...visit }, { clientId, client }) => client.visits.record.mutate({ ...visit, clientId }),
});
