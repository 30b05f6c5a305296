/** Files in the browser: reading an upload as base64, naming it, saving a server-made file. */
import { downloadBase64 } from '@zhenxing/ui';
import { MAX_FILE_BYTES, type FileFormat } from '../index.ts';

/** The registry's file format of a name (.xlsx / .csv), or null. */
export function formatOfName(fileName: string): FileFormat | null {
  const lower = fileName.trim().toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv')) return 'csv';
  return null;
}

export const ACCEPTED_FILES = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';

const MIME: Record<FileFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv;charset=utf-8',
};

/** Saves a file a procedure returned as base64 (template, export). */
export function saveServerFile(file: { fileName: string; contentBase64: string }): void {
  downloadBase64(file.contentBase64, file.fileName, MIME[formatOfName(file.fileName) ?? 'xlsx']);
}

export interface ChosenFile {
  fileName: string;
  size: number;
  contentBase64: string;
}

export type FileRefusal = 'format' | 'empty' | 'too-large';

/** Why a file cannot be sent, before reading it; null when it may be. */
export function refuseFile(file: { name: string; size: number }): FileRefusal | null {
  if (!formatOfName(file.name)) return 'format';
  if (file.size === 0) return 'empty';
  if (file.size > MAX_FILE_BYTES) return 'too-large';
  return null;
}

/** The file's bytes as base64 (without the data: URL prefix). */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.onload = () => {
      const url = String(reader.result ?? '');
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

/**
 * A fresh RFC 4122 version-4 id for `import.progress`. crypto.randomUUID exists only in secure
 * contexts; a county intranet served over plain http still has crypto.getRandomValues.
 */
export function newUploadId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
