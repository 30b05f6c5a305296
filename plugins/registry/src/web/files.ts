/** Files in the browser: choosing one for upload, naming it, saving a server-made file. */
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

/** A file chosen in the browser, sent once to the upload route when first needed. */
export interface ChosenFile {
  fileName: string;
  size: number;
  file: File;
}

export type FileRefusal = 'format' | 'empty' | 'too-large';

/** Why a file cannot be sent, before sending it; null when it may be (the server checks again, and the content). */
export function refuseFile(file: { name: string; size: number }): FileRefusal | null {
  if (!formatOfName(file.name)) return 'format';
  if (file.size === 0) return 'empty';
  if (file.size > MAX_FILE_BYTES) return 'too-large';
  return null;
}
