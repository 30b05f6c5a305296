export interface FileCounts {
  passed: number;
  failed: number;
  skipped: number;
  total: number;
  crashedFiles: string[];
}
export interface HalfResult extends Omit<FileCounts, 'total'> {
  name: string;
  status: number;
}
export function countResults(json: unknown): FileCounts;
export function summarize(halves: readonly HalfResult[]): { lines: string[]; problems: string[]; passed: number; failed: number; ok: boolean };
