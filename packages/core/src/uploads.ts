/**
 * One upload: a file arrives once through the HTTP edge (`POST /upload/<plugin>/<purpose>`,
 * streaming multipart), is checked against what the plugin declared for that purpose (size,
 * accepted types, permission), sniffed by its magic bytes, stored in `core.uploads` and referred to
 * by id afterwards (an import's preview and commit). Only the uploader may use it, and only for the
 * county it was uploaded for. Work on an upload reports its progress in `core.upload_progress`, so
 * a poll on any server instance answers.
 */
import { createHash, randomUUID } from 'node:crypto';
import { uploadProgress, uploads, type Database, type Executor } from '@zhenxing/db';
import { and, eq, isNull, lt } from 'drizzle-orm';
import { appendAudit } from './audit.ts';
import type { Logger, SessionUser } from './context.ts';
import { errors, ZxError } from './errors.ts';
import type { Localized } from './i18n.ts';
import type { JobDefinition } from './plugin-manifest.ts';
import { countyOf, isWithinRegion, REGION_CODE_PATTERN } from './regions.ts';
import { IMAGE_UPLOAD_TYPES, UPLOAD_TYPES, type UploadDeclaration, type UploadType } from './upload-types.ts';
import type { HostRuntime } from './runtime.ts';

/** How long an unused upload is kept before `core.purge-uploads` deletes it. */
export const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

const TYPE_LABELS: Record<UploadType, string> = {
  xlsx: 'Excel（.xlsx）',
  xls: '旧版 Excel（.xls）',
  csv: 'CSV',
  jpeg: 'JPEG 照片（.jpg）',
  png: 'PNG 图片（.png）',
  webp: 'WebP 图片（.webp）',
};
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The extensions a phone or camera gives each image type. */
const EXTENSION_TYPES: Record<string, UploadType> = { jpg: 'jpeg', jpeg: 'jpeg' };

/**
 * A JPEG without its EXIF block(s) (APP1 segments starting `Exif\0\0`), where phones write the
 * position the photo was taken at (GPS), the device and the time. Every other segment, and the image
 * data from the start-of-scan on, is copied unchanged. A file whose segments cannot be walked is
 * returned as it is (the sniffing already said it starts like a JPEG).
 */
export function withoutJpegExif(content: Buffer): Buffer {
  if (!content.subarray(0, 3).equals(JPEG_MAGIC)) return content;
  const parts: Buffer[] = [content.subarray(0, 2)];
  let offset = 2;
  let removed = false;
  while (offset + 4 <= content.length) {
    if (content[offset] !== 0xff) return content;
    const marker = content[offset + 1] as number;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) {
      parts.push(content.subarray(offset));
      return removed ? Buffer.concat(parts) : content;
    }
    const length = content.readUInt16BE(offset + 2);
    if (length < 2 || offset + 2 + length > content.length) return content;
    const segment = content.subarray(offset, offset + 2 + length);
    if (marker === 0xe1 && segment.subarray(4, 10).toString('latin1') === 'Exif\0\0') removed = true;
    else parts.push(segment);
    offset += 2 + length;
  }
  return content;
}

/** Whether a type is a photo (a declaration of images, a refusal worded for photos). */
export function isImageType(type: UploadType): boolean {
  return (IMAGE_UPLOAD_TYPES as readonly string[]).includes(type);
}

/** The type a file's name claims (by extension), or null for any other name. */
export function uploadTypeOfName(fileName: string): UploadType | null {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase() ?? '';
  if (EXTENSION_TYPES[extension]) return EXTENSION_TYPES[extension];
  return (UPLOAD_TYPES as readonly string[]).includes(extension) ? (extension as UploadType) : null;
}

/**
 * The type a file's content is, from its first bytes: a JPEG, PNG or WebP image, a zip container
 * (xlsx), an OLE2 compound file (xls), or text (csv: no NUL byte, valid UTF-8 or GB18030); null for
 * anything else.
 */
export function sniffUploadType(content: Buffer): UploadType | null {
  if (content.subarray(0, 3).equals(JPEG_MAGIC)) return 'jpeg';
  if (content.subarray(0, 8).equals(PNG_MAGIC)) return 'png';
  if (content.subarray(0, 4).toString('latin1') === 'RIFF' && content.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  if (content.subarray(0, 4).equals(ZIP_MAGIC)) return 'xlsx';
  if (content.subarray(0, 8).equals(OLE2_MAGIC)) return 'xls';
  if (content.length === 0 || content.includes(0)) return null;
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      new TextDecoder(encoding, { fatal: true }).decode(content);
      return 'csv';
    } catch {
      // not this encoding; try the next
    }
  }
  return null;
}

const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

/**
 * A password-protected Office file: Excel and WPS wrap an encrypted .xlsx in an OLE2 compound file
 * whose directory names an `EncryptedPackage` stream (MS-OFFCRYPTO), so it is neither a zip nor an
 * ordinary .xls.
 */
export function isEncryptedOfficeFile(content: Buffer): boolean {
  return content.subarray(0, 8).equals(OLE2_MAGIC) && content.includes(ENCRYPTED_PACKAGE);
}

/** Refuses a file whose name, content and the declaration's accepted types do not agree. */
export function checkUploadContent(fileName: string, content: Buffer, declaration: UploadDeclaration): UploadType {
  const accepted = declaration.types.map((type) => TYPE_LABELS[type]).join('、');
  const claimed = uploadTypeOfName(fileName);
  if (!claimed || !declaration.types.includes(claimed)) {
    throw new ZxError(
      'BAD_REQUEST',
      'upload-type',
      { 'zh-CN': `只接受以下文件：${accepted}。`, en: `Only these files are accepted: ${declaration.types.join(', ')}.` },
      { fileName },
    );
  }
  if (content.length === 0) throw new ZxError('BAD_REQUEST', 'upload-empty', { 'zh-CN': '文件为空。', en: 'The file is empty.' });
  if (isEncryptedOfficeFile(content)) {
    throw new ZxError(
      'BAD_REQUEST',
      'upload-encrypted',
      {
        'zh-CN': '文件设置了打开密码（已加密），无法读取。请在 WPS 或 Excel 中取消密码后另存为 .xlsx 再上传。',
        en: 'The workbook is password-protected (encrypted) and cannot be read. Remove the password in WPS or Excel, save it as .xlsx and upload again.',
      },
      { fileName },
    );
  }
  const sniffed = sniffUploadType(content);
  if (sniffed !== claimed && isImageType(claimed)) {
    throw new ZxError(
      'BAD_REQUEST',
      'upload-content-mismatch',
      {
        'zh-CN': `文件名是 .${claimed === 'jpeg' ? 'jpg' : claimed}，但内容不是${TYPE_LABELS[claimed]}。请直接拍照或选择手机相册中的照片（只接受 ${accepted}）。`,
        en: `The file is named as a ${claimed} image but its content is ${sniffed ?? 'not an image'}. Take a photo or choose one from the phone's gallery (${declaration.types.join(', ')} only).`,
      },
      { fileName, claimed, sniffed },
    );
  }
  if (sniffed !== claimed) {
    const actually = sniffed ? TYPE_LABELS[sniffed] : null;
    throw new ZxError(
      'BAD_REQUEST',
      'upload-content-mismatch',
      {
        'zh-CN': `文件名是 .${claimed}，但内容${actually ? `是${actually}` : '不是可识别的表格或文本'}。请在 WPS 或 Excel 中另存为${TYPE_LABELS[claimed]}后重新上传。`,
        en: `The file is named .${claimed} but its content is ${sniffed ?? 'not a spreadsheet or text'}. Save it as ${claimed} in WPS or Excel and upload again.`,
      },
      { fileName, claimed, sniffed },
    );
  }
  return sniffed;
}

/** 20 MB, 1.5 MB, 64 KB: a limit as people read it. */
function sizeText(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  return megabytes >= 1 ? `${Math.round(megabytes * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** The refusal of a file above its declaration's limit (HTTP 413 at the upload route). */
export function tooLargeError(declaration: UploadDeclaration): ZxError {
  const size = sizeText(declaration.maxBytes);
  if (declaration.types.every(isImageType)) {
    return new ZxError(
      'BAD_REQUEST',
      'upload-too-large',
      {
        'zh-CN': `照片超过 ${size} 的上限，请在手机相机中选择较低的分辨率或压缩后重新上传。`,
        en: `The photo exceeds the limit of ${size}; choose a lower resolution in the camera or compress it and upload again.`,
      },
      { maxBytes: declaration.maxBytes },
    );
  }
  return new ZxError(
    'BAD_REQUEST',
    'upload-too-large',
    {
      'zh-CN': `文件超过 ${size} 的上限，请拆分后分批上传。`,
      en: `The file exceeds the limit of ${size}; split it and upload it in parts.`,
    },
    { maxBytes: declaration.maxBytes },
  );
}

export interface UploadTarget {
  plugin: string;
  purpose: string;
  /** The region the upload is for (default the user's scope); fixes its county. */
  regionCode?: string;
}

/**
 * Everything about an upload that is known before its bytes arrive: the declaration, the
 * permission, the region inside the user's scope, the module enabled in its county. The HTTP edge
 * calls this first, so a refused upload is refused before it is read.
 */
export async function authorizeUpload(
  db: Executor,
  runtime: HostRuntime,
  user: SessionUser,
  target: UploadTarget,
): Promise<{ declaration: UploadDeclaration; countyCode: string | null }> {
  const plugin = runtime.plugins.get(target.plugin);
  const declaration = plugin?.uploads?.[target.purpose];
  if (!plugin || !declaration) throw errors.notFound({ 'zh-CN': '该上传入口', en: 'This upload endpoint' });
  const permission = `${plugin.id}.${declaration.permission}`;
  if (!user.permissions.has(permission)) throw errors.permissionDenied(permission);
  const regionCode = target.regionCode ?? user.scopeCode;
  if (!REGION_CODE_PATTERN.test(regionCode)) throw errors.invalid({ 'zh-CN': '区划代码格式不正确。', en: 'The region code is not valid.' });
  if (!isWithinRegion(regionCode, user.scopeCode)) throw errors.outOfScope(regionCode);
  const countyCode = countyOf(regionCode) ?? null;
  if (countyCode) {
    const states = await runtime.modules.countyStates(db, plugin.id, countyCode);
    if (!states.some((state) => state.countyCode === countyCode && state.enabled)) throw errors.moduleNotEnabled(plugin.id, plugin.title, countyCode);
  }
  return { declaration, countyCode };
}

export interface NewUpload extends UploadTarget {
  fileName: string;
  content: Buffer;
}

/**
 * Checks and stores one uploaded file and audits it (name, type, size and hash; never the content),
 * in one transaction. Returns the id the plugin's procedures take instead of the file.
 */
export async function storeUpload(database: Database, runtime: HostRuntime, user: SessionUser, upload: NewUpload, at: Date): Promise<{ uploadId: string }> {
  return database.transaction(async (tx) => {
    const { declaration, countyCode } = await authorizeUpload(tx, runtime, user, upload);
    if (upload.content.length > declaration.maxBytes) throw tooLargeError(declaration);
    const type = checkUploadContent(upload.fileName, upload.content, declaration);
    // A phone's photo carries where it was taken: the EXIF block is not kept (PNG/WebP metadata is, for now).
    const content = type === 'jpeg' ? withoutJpegExif(upload.content) : upload.content;
    const uploadId = randomUUID();
    const sha256 = createHash('sha256').update(content).digest('hex');
    const fileName = upload.fileName.trim().slice(0, 200);
    await tx.insert(uploads).values({
      id: uploadId,
      plugin: upload.plugin,
      purpose: upload.purpose,
      userId: user.id,
      countyCode,
      fileName,
      type,
      bytes: content.length,
      sha256,
      content,
      createdAt: at,
    });
    await appendAudit(
      tx,
      { userId: user.id, username: user.username },
      {
        plugin: upload.plugin,
        action: 'upload.create',
        regionCode: upload.regionCode ?? user.scopeCode,
        entityType: 'upload',
        entityId: uploadId,
        after: { purpose: upload.purpose, fileName, type, bytes: content.length, sha256 },
      },
      at,
    );
    return { uploadId };
  });
}

export interface StoredUpload {
  id: string;
  fileName: string;
  type: UploadType;
  bytes: number;
  sha256: string;
  content: Buffer;
  countyCode: string | null;
}

export interface UploadClaim {
  uploadId: string;
  plugin: string;
  purpose: string;
  /** The user using it: only the uploader may. */
  userId: number;
  /** The county the work is for: must be the one the file was uploaded for. */
  countyCode: string | null;
  /** Lock the row for the rest of the transaction (a commit), so a second use of it waits. */
  forUpdate?: boolean;
}

/**
 * The upload `uploadId`, if this user uploaded it for this plugin, purpose and county. Anything
 * else — another user's id, another county's, a deleted or unknown one — is "not found": an id
 * never tells an outsider that it exists.
 */
export async function claimUpload(db: Executor, claim: UploadClaim): Promise<StoredUpload> {
  const query = db
    .select()
    .from(uploads)
    .where(and(eq(uploads.id, claim.uploadId), eq(uploads.plugin, claim.plugin), eq(uploads.purpose, claim.purpose), eq(uploads.userId, claim.userId)));
  const [row] = claim.forUpdate ? await query.for('update') : await query;
  if (!row || row.countyCode !== claim.countyCode) {
    throw new ZxError('NOT_FOUND', 'upload-not-found', {
      'zh-CN': '找不到上传的文件（可能已导入、已过期或不属于您），请重新选择文件上传。',
      en: 'The uploaded file was not found (it may have been imported already, expired, or belong to someone else); choose the file again.',
    });
  }
  return {
    id: row.id,
    fileName: row.fileName,
    type: row.type as UploadType,
    bytes: row.bytes,
    sha256: row.sha256,
    content: row.content,
    countyCode: row.countyCode,
  };
}

/**
 * Keeps an upload for good once the plugin attached it to a record (a visit's photo): the same
 * checks as `claimUpload` (this user's, this plugin, purpose and county, else NOT_FOUND), then the
 * purge leaves it. In the caller's transaction, so a record that is refused keeps nothing.
 * Returns the upload without its content.
 */
export async function keepUpload(db: Executor, claim: UploadClaim, at: Date): Promise<Omit<StoredUpload, 'content'>> {
  const { content: _content, ...upload } = await claimUpload(db, { ...claim, forUpdate: true });
  await db
    .update(uploads)
    .set({ keptAt: at })
    .where(and(eq(uploads.id, claim.uploadId), isNull(uploads.keptAt)));
  return upload;
}

/**
 * A kept upload of this plugin and purpose, for a download the plugin has already authorized (the
 * reader may see the record it is attached to). null when it is not kept, not this plugin's, or gone.
 */
export async function readKeptUpload(db: Executor, target: { uploadId: string; plugin: string; purpose: string }): Promise<StoredUpload | null> {
  const [row] = await db
    .select()
    .from(uploads)
    .where(and(eq(uploads.id, target.uploadId), eq(uploads.plugin, target.plugin), eq(uploads.purpose, target.purpose)));
  if (!row || !row.keptAt) return null;
  return {
    id: row.id,
    fileName: row.fileName,
    type: row.type as UploadType,
    bytes: row.bytes,
    sha256: row.sha256,
    content: row.content,
    countyCode: row.countyCode,
  };
}

/** Deletes an upload once its work is done (the import committed). Its progress row stays until purged. */
export async function deleteUpload(db: Executor, uploadId: string): Promise<void> {
  await db.delete(uploads).where(eq(uploads.id, uploadId));
}

/** Deletes uploads (not kept ones) and progress rows older than `before`; returns how many of each. */
export async function purgeExpiredUploads(db: Executor, before: Date): Promise<{ uploads: number; progress: number }> {
  const files = await db
    .delete(uploads)
    .where(and(lt(uploads.createdAt, before), isNull(uploads.keptAt)))
    .returning({ id: uploads.id });
  const progress = await db.delete(uploadProgress).where(lt(uploadProgress.updatedAt, before)).returning({ id: uploadProgress.uploadId });
  return { uploads: files.length, progress: progress.length };
}

/** The core job: every hour, uploads (and progress) older than a day go, except uploads a plugin kept. */
export const purgeUploadsJob: JobDefinition = {
  id: 'purge-uploads',
  cron: '17 * * * *',
  async run({ db, clock, audit }) {
    const purged = await purgeExpiredUploads(db, new Date(clock.now().getTime() - UPLOAD_TTL_MS));
    if (purged.uploads + purged.progress > 0) await audit({ action: 'upload.purge', regionCode: null, entityType: 'upload', after: purged });
  },
};

export interface UploadProgress {
  phase: string;
  rowsDone: number;
  /** Known once the file has been read. */
  rowsTotal: number | null;
  /** Share of the file read, 0–100, while reading; 100 when done; null when not known. */
  percent: number | null;
  problems: number;
  error: Localized | null;
}

/** This user's progress on `uploadId` (null: nothing reported, or not theirs). Any instance answers. */
export async function readUploadProgress(db: Executor, uploadId: string, userId: number): Promise<UploadProgress | null> {
  const [row] = await db
    .select()
    .from(uploadProgress)
    .where(and(eq(uploadProgress.uploadId, uploadId), eq(uploadProgress.userId, userId)));
  if (!row) return null;
  return { phase: row.phase, rowsDone: row.rowsDone, rowsTotal: row.rowsTotal, percent: row.percent, problems: row.problems, error: row.error ?? null };
}

/**
 * Writes an upload's progress while work on it runs inside a request's transaction. Writes go
 * through the database itself, outside that transaction, so other connections — other server
 * instances — see them at once on PostgreSQL. They are never awaited by the work: a write in flight
 * holds back only the next one, which then carries the latest state (states in between are
 * dropped). On PGlite, whose one connection the open transaction holds, they land when it ends.
 */
export class UploadProgressWriter {
  private latest: UploadProgress | null = null;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly database: Database,
    private readonly uploadId: string,
    private readonly userId: number,
    private readonly clock: { now(): Date },
    private readonly logger: Logger,
  ) {}

  report(progress: UploadProgress): void {
    this.latest = progress;
    if (!this.writing) this.writing = this.drain();
  }

  /** Resolves once every reported state is written (tests; never inside the work's transaction on PGlite). */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.latest) {
        const state = this.latest;
        this.latest = null;
        const row = { ...state, userId: this.userId, updatedAt: this.clock.now() };
        await this.database
          .insert(uploadProgress)
          .values({ uploadId: this.uploadId, ...row })
          .onConflictDoUpdate({ target: uploadProgress.uploadId, set: row })
          .catch((error: unknown) =>
            this.logger.warn({ uploadId: this.uploadId, err: error instanceof Error ? error.message : String(error) }, 'upload progress not written'),
          );
      }
    } finally {
      this.writing = null;
    }
  }
}
