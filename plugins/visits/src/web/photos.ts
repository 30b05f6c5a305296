/**
 * A photo picked without network: checked on the device as the server's upload store would check
 * it (JPEG, PNG or WebP by magic bytes — the name and the browser's type are not trusted — and at
 * most MAX_PHOTO_BYTES), then kept in the visit's outbox item and uploaded when the visit is sent.
 */
import type { Localized } from '@zhenxing/ui';
import { MAX_PHOTO_BYTES } from '../index.ts';

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The image type of the first bytes, or null when they are not a JPEG, PNG or WebP. */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | null {
  const starts = (prefix: readonly number[], at = 0) => prefix.every((byte, index) => bytes[at + index] === byte);
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

/** The photo's type, or the zh-CN/en message that refuses it (too large, or not an image). */
export async function checkOfflinePhoto(file: Blob): Promise<{ type: PhotoType } | { refusal: Localized }> {
  if (file.size > MAX_PHOTO_BYTES) {
    const mb = MAX_PHOTO_BYTES / 1024 / 1024;
    return { refusal: { 'zh-CN': `照片超过 ${mb} MB，请压缩或重新拍照。`, en: `The photo is larger than ${mb} MB; compress it or take it again.` } };
  }
  const type = sniffPhotoType(new Uint8Array(await file.slice(0, 12).arrayBuffer()));
  if (!type) {
    return { refusal: { 'zh-CN': '这不是 JPEG、PNG 或 WebP 图片，请选择照片。', en: 'This is not a JPEG, PNG or WebP image; choose a photo.' } };
  }
  return { type };
}
