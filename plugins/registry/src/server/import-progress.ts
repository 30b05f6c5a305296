/**
 * Progress of an import's preview or commit, kept per upload in the database
 * (core.upload_progress, through the core's UploadProgressWriter), so that a poll landing on any
 * server instance answers while the request runs; only the user who uploaded the file reads it.
 */
import { readUploadProgress, UploadProgressWriter, ZxError, type Logger } from '@zhenxing/core';
import type { Database, Executor } from '@zhenxing/db';
import { IMPORT_PHASES, type ImportPhase, type ImportProgress } from '../index.ts';

/** One import step's reporter: rows read so far and the share of the file read (when known). */
export class ProgressReporter {
  private lastReport = 0;
  private state: ImportProgress = { phase: 'reading', rowsDone: 0, rowsTotal: null, percent: 0, problems: 0, error: null };
  private readonly writer: UploadProgressWriter;

  constructor(database: Database, uploadId: string, userId: number, clock: { now(): Date }, logger: Logger) {
    this.writer = new UploadProgressWriter(database, uploadId, userId, clock, logger);
    this.writer.report(this.state);
  }

  /** Cheap enough to call per row: reports at most every 100 ms. */
  reading(rowsDone: number, percent: number | null): void {
    this.state = { ...this.state, phase: 'reading', rowsDone, percent };
    const now = Date.now();
    if (now - this.lastReport < 100) return;
    this.lastReport = now;
    this.writer.report(this.state);
  }

  /** A new phase; once reading has ended, `rowsTotal` is the file's row count. */
  phase(phase: ImportPhase, change: Partial<Pick<ImportProgress, 'rowsTotal' | 'problems' | 'error'>> = {}): void {
    const next = { ...this.state, ...change, phase };
    if (change.rowsTotal !== undefined && change.rowsTotal !== null) next.rowsDone = change.rowsTotal;
    next.percent = phase === 'done' ? 100 : phase === 'reading' ? next.percent : null;
    this.state = next;
    this.writer.report(this.state);
  }

  /** Marks the step failed, with the reason a person can act on when there is one. */
  failed(error: unknown): void {
    const localized = error instanceof ZxError ? error.localized : { 'zh-CN': '系统出错了，请稍后重试。', en: 'Something went wrong; try again later.' };
    const problemCount = error instanceof ZxError && typeof error.details?.['problemCount'] === 'number' ? error.details['problemCount'] : this.state.problems;
    this.phase('failed', { error: localized, problems: problemCount });
  }

  /** Resolves when every reported state is written (specs only; see UploadProgressWriter). */
  settled(): Promise<void> {
    return this.writer.settled();
  }
}

/** The progress of `uploadId` if `userId` uploaded it. */
export async function progressOf(db: Executor, uploadId: string, userId: number): Promise<ImportProgress | null> {
  const stored = await readUploadProgress(db, uploadId, userId);
  if (!stored) return null;
  const phase = (IMPORT_PHASES as readonly string[]).includes(stored.phase) ? (stored.phase as ImportPhase) : 'failed';
  return { ...stored, phase };
}
