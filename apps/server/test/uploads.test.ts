import type { AddressInfo, Socket } from 'node:net';
import { createHost, createSession, defineModule, definePlugin, keepUpload, readKeptUpload } from '@zhenxing/core';
import { auditLog, uploads } from '@zhenxing/db';
import { registryPlugin } from '../../../plugins/registry/src/server/plugin.ts';
import { sampleImportCsv as importCsv } from '../../../plugins/registry/src/testing.ts';
import { createTestApp, openSecondHandle, type TestApp } from '@zhenxing/testing';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { buildServer, CSRF_HEADER, SESSION_COOKIE } from '../src/http.ts';

/** A plugin that accepts only small CSV files, so the size limit can be crossed cheaply. */
const notesPlugin = definePlugin({
  module: defineModule({ id: 'notes', title: { 'zh-CN': '便签', en: 'Notes' }, permissions: { 'note.attach': ['county_admin'] }, events: {} }),
  version: '1.0.0',
  settings: z.object({}),
  router: ({ router }) => router({}),
  uploads: {
    attachment: { maxBytes: 1024, types: ['csv'], permission: 'note.attach' },
    photo: { maxBytes: 2048, types: ['jpeg', 'png', 'webp'], permission: 'note.attach' },
  },
});

const plugins = [registryPlugin, notesPlugin] as const;

describe('one upload: POST /upload/<plugin>/<purpose>', () => {
  let app: TestApp<typeof plugins>;
  let server: FastifyInstance;
  let origin: string;
  /** Every connection the server accepted, to count the bytes it received. */
  const sockets = new Set<Socket>();
  const bytesReceived = () => [...sockets].reduce((sum, socket) => sum + socket.bytesRead, 0);

  beforeAll(async () => {
    app = await createTestApp({ plugins, enable: { '130609': ['registry', 'notes'], '130602': ['registry'] } });
    server = await buildServer({ config: { LOG_LEVEL: 'silent', ZX_ADMIN_DIST: '/nonexistent', cookieSecure: false }, host: app.host, logger: false });
    server.server.on('connection', (socket: Socket) => sockets.add(socket));
    await server.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  /** Signs `username` in (a real session row) and returns the headers the admin app would send. */
  async function signIn(username: string): Promise<Record<string, string>> {
    const { token, session } = await createSession(app.db, app.user(username).id, app.clock.now());
    return { cookie: `${SESSION_COOKIE}=${token}`, [CSRF_HEADER]: session.csrfToken, 'x-zx-client': '1' };
  }

  async function upload(headers: Record<string, string>, path: string, fileName: string, content: Buffer) {
    const form = new FormData();
    form.append('fileName', fileName);
    form.append('file', new Blob([content]), fileName);
    const response = await fetch(`${origin}/upload/${path}`, { method: 'POST', headers, body: form });
    return {
      status: response.status,
      body: (await response.json()) as { uploadId?: string; error?: { reason: string; localized: { 'zh-CN': string; en: string } } },
    };
  }

  async function call(headers: Record<string, string>, procedure: string, input: unknown) {
    const response = await fetch(`${origin}/trpc/${procedure}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    return {
      status: response.status,
      body: (await response.json()) as { result?: { data: Record<string, unknown> }; error?: { data: { code: string; reason: string } } },
    };
  }

  it('imports a file that crossed the wire once: upload, preview and commit receive about its size, not twice in base64', async () => {
    const file = importCsv(1500);
    expect(file.length).toBeGreaterThan(150_000);
    const headers = await signIn('xushui');
    const before = bytesReceived();
    const uploaded = await upload(headers, 'registry/import', '农户名册.csv', file);
    expect(uploaded.status).toBe(200);
    const uploadId = uploaded.body.uploadId as string;
    const preview = await call(headers, 'registry.import.preview', { uploadId });
    expect(preview.body.result?.data).toMatchObject({ fileName: '农户名册.csv', rows: 3000, valid: true });
    const commit = await call(headers, 'registry.import.commit', { uploadId });
    expect(commit.body.result?.data).toMatchObject({ committed: true, plan: { householdsCreated: 1500 } });
    const received = bytesReceived() - before;
    // Headers and multipart framing come on top; the old base64-in-JSON path sent 2 × 4/3 of the file.
    expect(received).toBeGreaterThanOrEqual(file.length);
    expect(received).toBeLessThan(file.length * 1.05 + 8_192);
    // Stored once, and deleted once committed.
    expect(await app.db.select({ id: uploads.id }).from(uploads).where(eq(uploads.id, uploadId))).toEqual([]);
  });

  it('sniffs the content: a .xlsx name on text is refused with a clear message, and nothing is stored', async () => {
    const headers = await signIn('xushui');
    const count = (await app.db.select({ id: uploads.id }).from(uploads)).length;
    const refused = await upload(headers, 'registry/import', '名册.xlsx', Buffer.from('户主身份证号,姓名\r\n', 'utf8'));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ reason: 'upload-content-mismatch', localized: { 'zh-CN': expect.stringContaining('内容是CSV') } });
    const binary = await upload(headers, 'registry/import', '名册.csv', Buffer.from([0x00, 0x01, 0x02, 0x03]));
    expect(binary.body.error?.reason).toBe('upload-content-mismatch');
    const oldExcel = await upload(headers, 'registry/import', '名册.xlsx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    expect(oldExcel.body.error?.localized['zh-CN']).toContain('旧版 Excel');
    const typeNotAccepted = await upload(headers, 'registry/import', '名册.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    expect(typeNotAccepted.body.error).toMatchObject({ reason: 'upload-type', localized: { 'zh-CN': expect.stringContaining('只接受') } });
    // GB18030 text (as older WPS saves CSV) is text too.
    const gbk = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x0d, 0x0a]); // 姓名\r\n in GB18030
    expect((await upload(headers, 'notes/attachment', '名单.csv', gbk)).status).toBe(200);
    expect((await app.db.select({ id: uploads.id }).from(uploads)).length).toBe(count + 1);
  });

  it("refuses a file above the plugin's declared size with 413 and a clear message, whether or not the length was announced", async () => {
    const headers = await signIn('xushui');
    const announced = await upload(headers, 'notes/attachment', 'big.csv', Buffer.alloc(200_000, 'a'));
    expect(announced.status).toBe(413);
    expect(announced.body.error).toMatchObject({ reason: 'upload-too-large', localized: { 'zh-CN': '文件超过 1 KB 的上限，请拆分后分批上传。' } });
    // Within the multipart slack, so only the streaming parser's limit catches it.
    const streamed = await upload(headers, 'notes/attachment', 'big.csv', Buffer.alloc(4_096, 'a'));
    expect(streamed.status).toBe(413);
    expect(streamed.body.error?.reason).toBe('upload-too-large');
    expect((await upload(headers, 'notes/attachment', 'small.csv', Buffer.alloc(1_024, 'a'))).status).toBe(200);
  });

  it('is the uploader’s alone: another user of the county, or a user of another county, cannot use the id', async () => {
    const owner = await signIn('xushui');
    const { body } = await upload(owner, 'registry/import', '农户.csv', importCsv(2));
    const uploadId = body.uploadId as string;
    const colleague = await call(await signIn('ansu'), 'registry.import.preview', { uploadId });
    expect(colleague.body.error?.data).toMatchObject({ code: 'NOT_FOUND', reason: 'upload-not-found' });
    const outsider = await call(await signIn('jingxiu'), 'registry.import.commit', { uploadId });
    expect(outsider.body.error?.data).toMatchObject({ code: 'NOT_FOUND', reason: 'upload-not-found' });
    expect((await call(owner, 'registry.import.preview', { uploadId })).body.result?.data).toMatchObject({ valid: true });
  });

  it('refuses the route itself without a session, without the CSRF token, without the permission, outside the scope, where the module is off, for an undeclared purpose', async () => {
    const file = importCsv(1);
    const xushui = await signIn('xushui');
    expect((await upload({}, 'registry/import', 'a.csv', file)).status).toBe(401);
    expect((await upload({ cookie: xushui.cookie as string }, 'registry/import', 'a.csv', file)).status).toBe(403);
    expect((await upload(await signIn('juwei'), 'registry/import', 'a.csv', file)).body.error?.reason).toBe('permission-denied');
    expect((await upload(xushui, 'registry/import?regionCode=130602', 'a.csv', file)).body.error?.reason).toBe('out-of-scope');
    expect((await upload(await signIn('jingxiu'), 'notes/attachment', 'a.csv', file)).body.error?.reason).toBe('module-not-enabled');
    expect((await upload(xushui, 'registry/photos', 'a.csv', file)).status).toBe(404);
    expect((await upload(xushui, 'nothing/import', 'a.csv', file)).status).toBe(404);
  });

  it('audits an upload by name, type, size and hash, never its content', async () => {
    const uploadId = await app.upload('xushui', { plugin: 'registry', purpose: 'import' }, '审计.csv', importCsv(1));
    const [row] = await app.db.select().from(auditLog).where(eq(auditLog.entityId, uploadId));
    expect(row).toMatchObject({
      plugin: 'registry',
      action: 'upload.create',
      after: { purpose: 'import', fileName: '审计.csv', type: 'csv', bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(JSON.stringify(row?.after)).not.toContain('甲0');
  });

  it('purges uploads older than a day by the core job, on whichever instance claims the tick', async () => {
    const old = await app.upload('xushui', { plugin: 'registry', purpose: 'import' }, '旧.csv', importCsv(1));
    app.clock.advance(25 * 60 * 60 * 1000);
    const fresh = await app.upload('xushui', { plugin: 'registry', purpose: 'import' }, '新.csv', importCsv(1));
    app.clock.advance(60 * 60 * 1000);
    const outcomes = await app.host.jobs.runDue();
    expect(outcomes.find((outcome) => outcome.job === 'core.purge-uploads')?.outcome).toBe('ran');
    const left = (await app.db.select({ id: uploads.id }).from(uploads)).map((row) => row.id);
    expect(left).not.toContain(old);
    expect(left).toContain(fresh);
    await expect(app.as('xushui').registry.import.preview({ uploadId: old })).rejects.toMatchObject({ reason: 'upload-not-found' });
  });

  describe('photos: a plugin that declares image types', () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF'), Buffer.alloc(100, 1)]);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 2)]);
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([100, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(100, 3)]);

    it('accepts JPEG (.jpg or .jpeg), PNG and WebP by their magic bytes', async () => {
      const headers = await signIn('xushui');
      for (const [name, content] of [
        ['现场.jpg', jpeg],
        ['现场.JPEG', jpeg],
        ['现场.png', png],
        ['现场.webp', webp],
      ] as const) {
        const stored = await upload(headers, 'notes/photo', name, content);
        expect(stored.status, name).toBe(200);
        const [row] = await app.db
          .select({ type: uploads.type })
          .from(uploads)
          .where(eq(uploads.id, stored.body.uploadId as string));
        expect(row?.type).toBe(name.endsWith('png') ? 'png' : name.endsWith('webp') ? 'webp' : 'jpeg');
      }
    });

    it('refuses a non-image (by name or by content) and a photo above the limit, each with a clear message, storing nothing', async () => {
      const headers = await signIn('xushui');
      const count = (await app.db.select({ id: uploads.id }).from(uploads)).length;
      const pdf = await upload(headers, 'notes/photo', '说明.pdf', Buffer.from('%PDF-1.4'));
      expect(pdf.body.error).toMatchObject({ reason: 'upload-type', localized: { 'zh-CN': expect.stringContaining('JPEG 照片') } });
      const disguised = await upload(headers, 'notes/photo', '现场.jpg', Buffer.from('户主身份证号,姓名\r\n', 'utf8'));
      expect(disguised.status).toBe(400);
      expect(disguised.body.error).toMatchObject({ reason: 'upload-content-mismatch', localized: { 'zh-CN': expect.stringContaining('内容不是JPEG 照片') } });
      const pngNamedJpg = await upload(headers, 'notes/photo', '现场.jpg', png);
      expect(pngNamedJpg.body.error?.reason).toBe('upload-content-mismatch');
      const csvHere = await upload(headers, 'notes/photo', '名单.csv', Buffer.from('a,b'));
      expect(csvHere.body.error?.reason).toBe('upload-type');
      const large = await upload(headers, 'notes/photo', '大图.jpg', Buffer.concat([jpeg, Buffer.alloc(300_000, 7)]));
      expect(large.status).toBe(413);
      expect(large.body.error).toMatchObject({
        reason: 'upload-too-large',
        localized: { 'zh-CN': '照片超过 2 KB 的上限，请在手机相机中选择较低的分辨率或压缩后重新上传。' },
      });
      expect((await app.db.select({ id: uploads.id }).from(uploads)).length).toBe(count);
    });

    it('drops the EXIF block (GPS position) of a JPEG and keeps the image', async () => {
      const gps = Buffer.from('GPSLatitude 38.9N GPSLongitude 115.4E', 'latin1');
      const exifBody = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), gps]);
      const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.from([0, exifBody.length + 2]), exifBody]);
      const app0 = Buffer.concat([Buffer.from([0xff, 0xe0, 0x00, 0x07]), Buffer.from('JFIF\0', 'latin1')]);
      const scan = Buffer.from([0xff, 0xda, 0x00, 0x02, 0x11, 0x22, 0x33, 0xff, 0xd9]);
      const photo = Buffer.concat([Buffer.from([0xff, 0xd8]), app0, app1, scan]);
      const uploadId = await app.upload('xushui', { plugin: 'notes', purpose: 'photo' }, '带位置.jpg', photo);
      const [row] = await app.db.select().from(uploads).where(eq(uploads.id, uploadId));
      expect(row?.content.equals(Buffer.concat([Buffer.from([0xff, 0xd8]), app0, scan]))).toBe(true);
      expect(row?.content.includes(Buffer.from('GPSLatitude'))).toBe(false);
      expect(row?.bytes).toBe(row?.content.length);
    });

    it('a kept upload survives the purge and can be read for a download; an unkept one goes; only the uploader can keep it', async () => {
      const owner = app.user('xushui');
      const kept = await app.upload('xushui', { plugin: 'notes', purpose: 'photo' }, '保留.jpg', jpeg);
      const dropped = await app.upload('xushui', { plugin: 'notes', purpose: 'photo' }, '丢弃.jpg', jpeg);
      expect(await readKeptUpload(app.db, { uploadId: kept, plugin: 'notes', purpose: 'photo' })).toBeNull();
      await expect(
        keepUpload(app.db, { uploadId: kept, plugin: 'notes', purpose: 'photo', userId: app.user('ansu').id, countyCode: '130609' }, app.clock.now()),
      ).rejects.toMatchObject({ reason: 'upload-not-found' });
      await expect(
        keepUpload(app.db, { uploadId: kept, plugin: 'notes', purpose: 'attachment', userId: owner.id, countyCode: '130609' }, app.clock.now()),
      ).rejects.toMatchObject({ reason: 'upload-not-found' });
      expect(
        await keepUpload(app.db, { uploadId: kept, plugin: 'notes', purpose: 'photo', userId: owner.id, countyCode: '130609' }, app.clock.now()),
      ).toMatchObject({
        id: kept,
        type: 'jpeg',
      });
      app.clock.advance(3 * 24 * 60 * 60 * 1000);
      await app.host.jobs.runDue();
      const left = (await app.db.select({ id: uploads.id }).from(uploads)).map((row) => row.id);
      expect(left).toContain(kept);
      expect(left).not.toContain(dropped);
      expect((await readKeptUpload(app.db, { uploadId: kept, plugin: 'notes', purpose: 'photo' }))?.content.equals(jpeg)).toBe(true);
      expect(await readKeptUpload(app.db, { uploadId: kept, plugin: 'registry', purpose: 'photo' })).toBeNull();
    });
  });

  it('answers the progress of an import from a second server instance on the same database', async () => {
    const second = await openSecondHandle(app.database);
    try {
      const otherInstance = createHost({ database: second, plugins, clock: app.clock });
      const asXushuiThere = otherInstance.createCaller({ user: app.user('xushui'), csrfVerified: true });
      const uploadId = await app.upload('xushui', { plugin: 'registry', purpose: 'import' }, '进度.csv', importCsv(400));
      await app.as('xushui').registry.import.commit({ uploadId });
      await vi.waitFor(async () =>
        expect(await asXushuiThere.registry.import.progress({ uploadId })).toEqual({
          phase: 'done',
          rowsDone: 800,
          rowsTotal: 800,
          percent: 100,
          problems: 0,
          error: null,
        }),
      );
      const asJingxiuThere = otherInstance.createCaller({ user: app.user('jingxiu'), csrfVerified: true });
      expect(await asJingxiuThere.registry.import.progress({ regionCode: '130602', uploadId })).toBeNull();
    } finally {
      await second.close();
    }
  });
});
