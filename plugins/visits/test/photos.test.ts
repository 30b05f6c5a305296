import { uploads } from '@zhenxing/db';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PHOTO_BYTES } from '../src/index.ts';
import { visits } from '../src/server/schema.ts';
import { syntheticJpeg } from '../src/testing.ts';
import { household, refusedFields, startApp, visit, type App } from './helpers.ts';

/** 2026-03-05 10:00 in Shanghai. */
const MORNING = '2026-03-05T02:00:00Z';
const photoTarget = { plugin: 'visits', purpose: 'photo' } as const;

describe('a visit’s photos: images only, kept once the visit is recorded, shown only to who may see the visit', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
    app.clock.set('2026-03-06T02:00:00Z');
  });
  afterAll(() => app?.close());

  const uploadRow = async (id: string) => (await app.db.select({ id: uploads.id, keptAt: uploads.keptAt }).from(uploads).where(eq(uploads.id, id)))[0];

  it('refuses a non-image and a photo above 5 MB with a clear message', async () => {
    await expect(app.upload('juwei', photoTarget, '现场.jpg', Buffer.from('户主,姓名\r\n', 'utf8'))).rejects.toMatchObject({
      reason: 'upload-content-mismatch',
      localized: { 'zh-CN': expect.stringContaining('内容不是JPEG 照片') },
    });
    await expect(app.upload('juwei', photoTarget, '名册.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04]))).rejects.toMatchObject({ reason: 'upload-type' });
    await expect(app.upload('juwei', photoTarget, '大图.jpg', syntheticJpeg(1, MAX_PHOTO_BYTES + 1))).rejects.toMatchObject({
      reason: 'upload-too-large',
      localized: { 'zh-CN': expect.stringContaining('照片超过 5 MB 的上限') },
    });
  });

  it('records a visit with a photo: the upload is kept and survives the purge; the county sees it, another county does not', async () => {
    const target = await household(app);
    const photoId = await app.upload('juwei', photoTarget, '现场.jpg', syntheticJpeg(7));
    const { visit: recorded } = await app.as('juwei').visits.record(visit(target, MORNING, { photoUploadIds: [photoId, photoId] }));
    expect(recorded.photoIds).toEqual([photoId]);
    expect((await uploadRow(photoId))?.keptAt).not.toBeNull();

    const stray = await app.upload('juwei', photoTarget, '未用.jpg', syntheticJpeg(8));
    app.clock.advance(3 * 24 * 60 * 60 * 1000);
    await app.host.jobs.runDue();
    expect(await uploadRow(photoId)).toBeDefined();
    expect(await uploadRow(stray)).toBeUndefined();

    const photo = await app.as('xushui').visits.photo({ visitId: recorded.id, uploadId: photoId });
    expect(photo).toMatchObject({ uploadId: photoId, type: 'jpeg' });
    expect(Buffer.from(photo.dataUrl.replace('data:image/jpeg;base64,', ''), 'base64').equals(syntheticJpeg(7))).toBe(true);
    expect((await app.as('juwei').visits.photo({ visitId: recorded.id, uploadId: photoId })).bytes).toBe(syntheticJpeg(7).length);

    // Another county's admin: the visit (and so its photo) does not exist for them.
    await expect(app.as('jingxiu').visits.photo({ regionCode: '130602', visitId: recorded.id, uploadId: photoId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // A kept upload is served only as the photo of the visit it belongs to.
    const other = await app.as('juwei').visits.record(visit(await household(app), '2026-03-09T02:00:00Z'));
    await expect(app.as('xushui').visits.photo({ visitId: other.visit.id, uploadId: photoId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a photo uploaded by someone else: a field error, nothing written, nothing kept', async () => {
    const target = await household(app);
    const foreign = await app.upload('xushui', photoTarget, '别人的.jpg', syntheticJpeg(9));
    const before = Number((await app.db.select({ n: count() }).from(visits))[0]?.n ?? 0);
    expect(await refusedFields(app.as('juwei').visits.record(visit(target, '2026-03-08T02:00:00Z', { photoUploadIds: [foreign] })))).toEqual([
      'photoUploadIds',
    ]);
    expect(Number((await app.db.select({ n: count() }).from(visits))[0]?.n ?? 0)).toBe(before);
    expect((await uploadRow(foreign))?.keptAt).toBeNull();
  });
});
