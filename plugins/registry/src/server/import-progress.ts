/**
 * Progress of the imports running in this server process, so the admin app can show how far a
 * large file has got while its preview or commit request is still open. Keyed by an upload id the
 * client generates; only the user who started an import can read it. In memory on purpose: progress
 * is transient, and a poll that lands on another server instance simply gets null (the page then
 * shows an indeterminate bar) — the import itself is unaffected.
 */
import type { ImportProgress, ImportPhase } from '../index.ts';

interface Entry extends ImportProgress {
  username: string;
  updatedAt: number;
}

const KEEP_MS = 10 * 60_000;
const entries = new Map<string, Entry>();

function prune(now: number): void {
  for (const [key, entry] of entries) if (now - entry.updatedAt > KEEP_MS) entries.delete(key);
}

/** One import's reporter: rows read so far and the share of the file read (when known). */
export class ProgressReporter {
  private lastReport = 0;
  private rowsRead = 0;
  constructor(private readonly uploadId: string | undefined, private readonly username: string) {
    if (uploadId) this.set({ phase: 'reading', rowsRead: 0, percent: 0 });
  }

  /** Cheap enough to call per row: updates the shared entry at most every 100 ms. */
  reading(rowsRead: number, percent: number | null): void {
    const now = Date.now();
    this.rowsRead = rowsRead;
    if (!this.uploadId || now - this.lastReport < 100) return;
    this.lastReport = now;
    this.set({ phase: 'reading', rowsRead, percent });
  }

  /** A new phase; rows read so far are kept unless given (the final count once reading ends). */
  phase(phase: ImportPhase, rowsRead = this.rowsRead): void {
    this.rowsRead = rowsRead;
    if (this.uploadId) this.set({ phase, rowsRead, percent: phase === 'done' ? 100 : null });
  }

  private set(progress: ImportProgress): void {
    if (!this.uploadId) return;
    const now = Date.now();
    prune(now);
    entries.set(this.uploadId, { ...progress, username: this.username, updatedAt: now });
  }
}

/** The progress of `uploadId` if `username` started it. */
export function progressOf(uploadId: string, username: string): ImportProgress | null {
  const entry = entries.get(uploadId);
  if (!entry || entry.username !== username) return null;
  return { phase: entry.phase, rowsRead: entry.rowsRead, percent: entry.percent };
}
