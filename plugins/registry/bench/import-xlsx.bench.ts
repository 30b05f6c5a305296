/**
 * The .xlsx import against the same baseline as the CSV import (issue 21): the very same rows,
 * written as the county's workbook (the template layout, shared strings, exceljs' writer), go
 * through the real import service end to end — unzip, scan, validate, plan, commit with history —
 * in rounds interleaved with raw `COPY FROM STDIN` of the converted rows into the registry's own
 * indexed tables. Ratio = COPY seconds ÷ import seconds per round, median over the rounds.
 */
import { writeXlsx } from '../src/server/spreadsheet.ts';
import { copyIntoRegistry, emptyRegistry, generate, importOnce, templateRows, TEMPLATE_COLUMNS, type ImportTiming } from './import.bench.ts';
import { median, peakRssMb, round, withScratchDatabase } from './scratch.ts';

export interface XlsxImportBenchResult {
  name: string;
  database: 'postgres';
  format: 'xlsx';
  rows: number;
  households: number;
  fileBytes: number;
  rounds: number;
  importRowsPerSecond: number;
  copyRowsPerSecond: number;
  /** Median of each round's COPY ÷ import: the share of PostgreSQL's own bulk-load speed kept. */
  ratio: number;
  phasesMs: { parse: number; plan: number; commit: number };
  peakRssMb: number;
}

export async function benchXlsxImport({
  databaseUrl,
  rows = 100_000,
  rounds = 5,
}: {
  databaseUrl: string;
  rows?: number;
  rounds?: number;
}): Promise<XlsxImportBenchResult> {
  const generated = generate(rows, 11);
  const lines = templateRows(generated);
  const workbook = await writeXlsx('农户', TEMPLATE_COLUMNS, lines);
  const warmUpLines = lines.slice(0, Math.min(20_000, lines.length));
  while (warmUpLines.length > 1 && warmUpLines[warmUpLines.length - 1]!.household === lines[warmUpLines.length]?.household) warmUpLines.pop();
  const warmUp = await writeXlsx('农户', TEMPLATE_COLUMNS, warmUpLines);

  return withScratchDatabase(databaseUrl, async (scratch) => {
    const client = await scratch.handle.pool!.connect();
    try {
      await importOnce(scratch, warmUp, 'xlsx');
      await emptyRegistry(scratch);
      const imports: ImportTiming[] = [];
      const copies: number[] = [];
      for (let index = 0; index < rounds; index += 1) {
        // Alternate the order so drift on a shared machine hits both alike.
        for (const step of index % 2 === 0 ? ['copy', 'import'] : ['import', 'copy']) {
          await emptyRegistry(scratch);
          if (step === 'copy') copies.push(await copyIntoRegistry(client, generated));
          else imports.push(await importOnce(scratch, workbook, 'xlsx'));
        }
      }
      const importSeconds = median(imports.map((item) => item.seconds));
      const middle = imports.find((item) => item.seconds === importSeconds) as ImportTiming;
      return {
        name: 'registry import (.xlsx buffer → unzip, scan, validate, plan, commit with history) vs raw COPY FROM STDIN of the same rows into the same tables',
        database: 'postgres' as const,
        format: 'xlsx' as const,
        rows: lines.length,
        households: generated.length,
        fileBytes: workbook.length,
        rounds,
        importRowsPerSecond: round(lines.length / importSeconds),
        copyRowsPerSecond: round(lines.length / median(copies)),
        ratio: round(median(imports.map((item, index) => (copies[index] as number) / item.seconds)), 3),
        phasesMs: { parse: middle.parseMs, plan: middle.planMs, commit: middle.commitMs },
        peakRssMb: peakRssMb(),
      };
    } finally {
      client.release();
    }
  });
}
