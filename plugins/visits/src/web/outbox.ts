/**
 * The visit form's offline mutation: a visit is kept in the device's outbox (IndexedDB) with the
 * outbox's client id and sent as `visits.record` when the network allows. The server dedupes on
 * the client id, so a replay after a lost answer records nothing twice; a refusal (a conflict with
 * a newer visit, a changed household) stays in the outbox for the cadre to retry or discard.
 */
import { shanghaiDate } from '@zhenxing/rules';
import { pluginOutbox, uploadFile } from '@zhenxing/ui';
import { z } from 'zod';
import { MAX_PHOTOS, RecordVisitInputSchema } from '../index.ts';
import type { visitsPlugin } from '../server/plugin.ts';

const { defineOutboxKind } = pluginOutbox<typeof visitsPlugin>();

/** A photo taken without network: the image itself (IndexedDB keeps Blobs), checked on the device (web/photos.ts). */
export const OfflinePhotoSchema = z.object({
  name: z.string().max(200),
  type: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  blob: z.instanceof(Blob),
  /** The household's village: the upload route's scope, as for an online upload. */
  regionCode: z.string().max(12),
});
export type OfflinePhoto = z.infer<typeof OfflinePhotoSchema>;

/** What is stored: the whole visit input except the client id (the outbox item's id is it). */
export const VisitOutboxPayloadSchema = RecordVisitInputSchema.omit({ clientId: true })
  .extend({
    /** Shown in the sync list: the head's name and address as the round showed them (no ID number). */
    label: z.string().max(200).optional(),
    /** Photos taken offline, uploaded through the core upload store just before the visit is sent. */
    offlinePhotos: z.array(OfflinePhotoSchema).max(MAX_PHOTOS).optional(),
  })
  .refine((visit) => visit.photoUploadIds.length + (visit.offlinePhotos?.length ?? 0) <= MAX_PHOTOS, { path: ['offlinePhotos'] });

export const recordVisitOffline = defineOutboxKind({
  kind: 'visits.record',
  title: { 'zh-CN': '入户走访记录', en: 'Household visit' },
  payload: VisitOutboxPayloadSchema,
  describe: (visit) => {
    const day = shanghaiDate(new Date(visit.visitedAt));
    const who = visit.label ?? `#${visit.householdId}`;
    return { 'zh-CN': `${who} · ${day} 走访`, en: `${who} · visit on ${day}` };
  },
  /**
   * Offline photos go up first (each `POST /upload/visits/photo`), then the visit names them. A
   * replay after a lost answer uploads them again, but the server answers with the first visit
   * (same client id) and its photos; the extra uploads are never kept and the daily purge removes
   * them. A refused photo (the server's size/type check) fails the item with the server's message.
   */
  send: async ({ label: _label, offlinePhotos = [], ...visit }, { clientId, client }) => {
    const uploaded: string[] = [];
    for (const photo of offlinePhotos) {
      uploaded.push(
        await uploadFile(new File([photo.blob], photo.name, { type: photo.type }), { plugin: 'visits', purpose: 'photo', regionCode: photo.regionCode }),
      );
    }
    return client.visits.record.mutate({ ...visit, photoUploadIds: [...visit.photoUploadIds, ...uploaded], clientId });
  },
});
