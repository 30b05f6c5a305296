/**
 * A visit's photo for a reader who may see the visit: the visit is read in the reader's scope
 * (another county's, or outside their villages, is NOT_FOUND, as a visit is), the upload must be
 * one of that visit's photos and kept by the core. Served as a data URL through tRPC, so the
 * session, CSRF and scope checks are the procedures' own.
 */
import { readKeptUpload, type ModuleContext } from '@zhenxing/core';
import type { VisitPhoto } from '../index.ts';
import { visitNotFound } from './errors.ts';
import { getVisit } from './prefill.ts';

const MIME: Record<VisitPhoto['type'], string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

export async function visitPhoto(context: Pick<ModuleContext, 'db' | 'access' | 'today'>, visitId: number, uploadId: string): Promise<VisitPhoto> {
  const row = await getVisit(context, visitId);
  if (!row.photoIds.includes(uploadId)) throw visitNotFound();
  const upload = await readKeptUpload(context.db, { uploadId, plugin: 'visits', purpose: 'photo' });
  if (!upload || upload.countyCode !== row.countyCode || !(upload.type in MIME)) throw visitNotFound();
  const type = upload.type as VisitPhoto['type'];
  return {
    visitId: row.id,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    uploadId,
    type,
    bytes: upload.bytes,
    dataUrl: `data:${MIME[type]};base64,${upload.content.toString('base64')}`,
  };
}
