/**
 * Registry benchmarks, called by the lead's `pnpm bench` (apps/server/bench/run.ts). Each run
 * creates its own database next to `databaseUrl` (unique name), migrates it, measures, drops it.
 *
 * - benchImport: rows/s of the real import service end to end — parse + validate an in-memory
 *   CSV buffer, plan, commit in one transaction (households, members, incomes and the change
 *   history) — against PostgreSQL's raw `COPY … FROM STDIN` of the very same rows into the very
 *   same tables (the registry's own, with their indexes), in the same run: ratio = import ÷ COPY,
 *   median of interleaved rounds. For information, also COPY of the CSV lines into an unindexed
 *   table of text columns (what the disk and COPY parser alone allow),
 *   and re-imports (unchanged, and with changes).
 * - benchSearch: see search.bench.ts.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { EMPLOYMENT_LABELS, HOUSEHOLD_STATUS_LABELS, LABOUR_CAPACITY_LABELS, RELATION_LABELS, SCHOOLING_LABELS, SERIOUS_ILLNESS_LABELS } from '../src/index.ts';
import { generateHouseholds, type GeneratedHousehold } from '../src/server/generator.ts';
import { commitImport } from '../src/server/import-commit.ts';
import { parseImportFile } from '../src/server/import-parse.ts';
import { planImport } from '../src/server/import-plan.ts';
import { IMPORT_COLUMNS } from '../src/server/import-template.ts';
import { copyField } from '../src/server/bulk.ts';
import { writeCsv, type SheetColumn } from '../src/server/spreadsheet.ts';
import { copyIn, COUNTY, median, peakRssMb, round, VILLAGES, withScratchDatabase, type Scratch } from './scratch.ts';

export { benchSearch, type SearchBenchResult } from './search.bench.ts';

export interface TemplateRow {
  household: GeneratedHousehold;
  member: GeneratedHousehold['members'][number];
}

const GRADE_LABELS = { 1: '一级', 2: '二级', 3: '三级', 4: '四级' } as const;

/** Every template column filled the way a county fills it (household columns on the head's row). */
export const TEMPLATE_COLUMNS: SheetColumn<TemplateRow>[] = IMPORT_COLUMNS.map((column) => ({
  header: column.header,
  value: ({ household, member }: TemplateRow): string | number | null => {
    const head = member.relation === 'head';
    const income = household.income;
    switch (column.key) {
      case 'householdKey':
        return household.householdKey;
      case 'villageCode':
        return head ? household.villageCode : null;
      case 'address':
        return head ? household.address : null;
      case 'status':
        return head ? HOUSEHOLD_STATUS_LABELS[household.status] : null;
      case 'yearLeftPoverty':
        return head ? household.yearLeftPoverty : null;
      case 'labourCapacity':
        return head ? LABOUR_CAPACITY_LABELS[household.labourCapacity] : null;
      case 'name':
        return member.name;
      case 'idNumber':
        return member.idNumber;
      case 'relation':
        return RELATION_LABELS[member.relation];
      case 'birthDate':
        return member.birthDate;
      case 'sex':
        return member.sex === 'male' ? '男' : '女';
      case 'disabilityGrade':
        return member.disabilityGrade === null ? '无' : GRADE_LABELS[member.disabilityGrade];
      case 'seriousIllness':
        return SERIOUS_ILLNESS_LABELS[member.seriousIllness];
      case 'healthNote':
        return member.healthNote;
      case 'schooling':
        return SCHOOLING_LABELS[member.schooling];
      case 'employment':
        return EMPLOYMENT_LABELS[member.employment];
      case 'incomeYear':
        return head ? income.year : null;
      case 'wages':
        return head ? income.wagesFen / 100 : null;
      case 'business':
        return head ? income.businessFen / 100 : null;
      case 'property':
        return head ? income.propertyFen / 100 : null;
      case 'transfers':
        return head ? income.transfersFen / 100 : null;
      case 'productionCosts':
        return head ? income.productionCostsFen / 100 : null;
      default:
        return null;
    }
  },
}));

/** Generated households holding at least `rows` people. */
export function generate(rows: number, seed: number): GeneratedHousehold[] {
  const generated: GeneratedHousehold[] = [];
  let people = 0;
  for (const household of generateHouseholds({ villages: VILLAGES, count: Math.ceil(rows / 2), seed })) {
    generated.push(household);
    people += household.members.length;
    if (people >= rows) break;
  }
  return generated;
}

export const templateRows = (households: readonly GeneratedHousehold[]): TemplateRow[] =>
  households.flatMap((household) => household.members.map((member) => ({ household, member })));

const SCOPE = { countyCode: COUNTY, villages: new Set(VILLAGES), asOf: '2026-03-02' };

export interface ImportTiming {
  seconds: number;
  parseMs: number;
  planMs: number;
  commitMs: number;
}

/** The import service end to end on one buffer: parse + validate, then plan + commit in one transaction. */
export async function importOnce(scratch: Scratch, content: Buffer, format: 'csv' | 'xlsx'): Promise<ImportTiming & { counts: Record<string, number> }> {
  const started = performance.now();
  const parsed = await parseImportFile(content, format, SCOPE);
  const parsedAt = performance.now();
  if (parsed.problems.length > 0) throw new Error(`bench file has problems: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  let plannedAt = 0;
  let counts: Record<string, number> = {};
  await scratch.handle.db.transaction(async (tx) => {
    const plan = await planImport(tx, parsed, COUNTY, COUNTY);
    plannedAt = performance.now();
    if (plan.problems.length > 0) throw new Error(`bench plan has problems: ${JSON.stringify(plan.problems.slice(0, 3))}`);
    counts = { ...plan.counts };
    await commitImport(tx, plan, COUNTY, new Date(), 'bench');
  });
  const done = performance.now();
  return {
    seconds: (done - started) / 1000,
    parseMs: round(parsedAt - started),
    planMs: round(plannedAt - parsedAt),
    commitMs: round(done - plannedAt),
    counts,
  };
}

/** Raw COPY of the same CSV rows (header dropped) into a fresh unindexed table of text columns. */
async function copyOnce(client: pg.ClientBase, csv: Buffer, table: string): Promise<number> {
  const body = csv.subarray(csv.indexOf(0x0a) + 1);
  await client.query(`drop table if exists public.${table}`);
  await client.query(`create table public.${table} (${IMPORT_COLUMNS.map((_, index) => `c${index} text`).join(', ')})`);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < body.length; offset += 1 << 16) chunks.push(body.subarray(offset, offset + (1 << 16)));
  const started = performance.now();
  await copyIn(client, `public.${table}`, IMPORT_COLUMNS.map((_, index) => `c${index}`).join(', '), '(format csv)', chunks);
  const seconds = (performance.now() - started) / 1000;
  await client.query(`drop table public.${table}`);
  return seconds;
}

/**
 * The baseline: raw COPY of the same records, already converted (ids assigned, codes mapped),
 * straight into the registry's own indexed tables — what PostgreSQL itself needs to store these
 * rows, without any parsing, checks or history.
 */
export async function copyIntoRegistry(client: pg.ClientBase, generated: readonly GeneratedHousehold[]): Promise<number> {
  const now = new Date().toISOString();
  const householdRows: string[] = [];
  const memberRows: string[] = [];
  const incomeRows: string[] = [];
  generated.forEach((household, index) => {
    const id = index + 1;
    householdRows.push(
      [
        id,
        COUNTY,
        household.villageCode,
        household.householdKey,
        household.address,
        household.status,
        household.yearLeftPoverty,
        household.labourCapacity,
        now,
        now,
      ]
        .map(copyField)
        .join('\t'),
    );
    for (const member of household.members) {
      memberRows.push(
        [
          id,
          COUNTY,
          household.villageCode,
          member.name,
          member.idNumber,
          member.relation,
          member.birthDate,
          member.sex,
          member.disabilityGrade,
          member.seriousIllness,
          member.healthNote,
          member.schooling,
          member.employment,
        ]
          .map(copyField)
          .join('\t'),
      );
    }
    const income = household.income;
    incomeRows.push(
      [
        id,
        COUNTY,
        household.villageCode,
        income.year,
        income.wagesFen,
        income.businessFen,
        income.propertyFen,
        income.transfersFen,
        income.productionCostsFen,
      ].join('\t'),
    );
  });
  const started = performance.now();
  await client.query('begin');
  await copyIn(
    client,
    'registry.households',
    'id, county_code, village_code, household_key, address, status, year_left_poverty, labour_capacity, created_at, updated_at',
    '',
    [`${householdRows.join('\n')}\n`],
  );
  await copyIn(
    client,
    'registry.members',
    'household_id, county_code, village_code, name, id_number, relation, birth_date, sex, disability_grade, serious_illness, health_note, schooling, employment',
    '',
    [`${memberRows.join('\n')}\n`],
  );
  await copyIn(
    client,
    'registry.incomes',
    'household_id, county_code, village_code, year, wages_fen, business_fen, property_fen, transfers_fen, production_costs_fen',
    '',
    [`${incomeRows.join('\n')}\n`],
  );
  await client.query('commit');
  return (performance.now() - started) / 1000;
}

export async function emptyRegistry(scratch: Scratch): Promise<void> {
  await scratch.handle.db.execute(sql.raw('truncate registry.households, registry.members, registry.incomes, registry.household_history restart identity'));
  // Start each round from a clean WAL position when the role may (superuser or pg_checkpoint).
  await scratch.handle.db.execute(sql.raw('checkpoint')).catch(() => undefined);
}

export interface ImportBenchResult {
  name: string;
  database: 'postgres';
  format: 'csv';
  rows: number;
  households: number;
  fileBytes: number;
  rounds: number;
  /** Median over the rounds: file buffer → parsed, validated, planned, committed with history. */
  importRowsPerSecond: number;
  /** Median over the rounds: raw COPY FROM STDIN of the same rows into the registry's tables. */
  copyRowsPerSecond: number;
  /** Median of each round's import ÷ COPY: the share of PostgreSQL's own bulk-load speed the import keeps. */
  ratio: number;
  /** For information: COPY of the CSV lines into an unindexed table of text columns. */
  unindexedCopyRowsPerSecond: number;
  ratioToUnindexedCopy: number;
  phasesMs: { parse: number; plan: number; commit: number };
  reimportUnchangedRowsPerSecond: number;
  /** Re-import with a tenth of the people renamed (history rows written for their households). */
  reimportChangedRowsPerSecond: number;
  peakRssMb: number;
}

/** Import of ~`rows` person rows through the import service vs COPY of the same rows. */
export async function benchImport({
  databaseUrl,
  rows = 100_000,
  rounds = 5,
}: {
  databaseUrl: string;
  rows?: number;
  rounds?: number;
}): Promise<ImportBenchResult> {
  const generated = generate(rows, 7);
  const lines = templateRows(generated);
  const csv = writeCsv(TEMPLATE_COLUMNS, lines);
  const smallLines = lines.slice(0, Math.min(20_000, lines.length));
  // Cut at a household boundary so every household keeps its head.
  while (smallLines.length > 1 && smallLines[smallLines.length - 1]!.household === lines[smallLines.length]?.household) smallLines.pop();
  const smallHouseholds = [...new Set(smallLines.map((line) => line.household))];
  const smallCsv = writeCsv(TEMPLATE_COLUMNS, smallLines);

  return withScratchDatabase(databaseUrl, async (scratch) => {
    const client = await scratch.handle.pool!.connect();
    try {
      // Warm-up (catalog caches, JIT of the parser) on the small file, then empty tables.
      await importOnce(scratch, smallCsv, 'csv');
      await emptyRegistry(scratch);
      await copyIntoRegistry(client, smallHouseholds);
      await copyOnce(client, smallCsv, 'copy_warmup');
      const imports: ImportTiming[] = [];
      const copies: number[] = [];
      const unindexed: number[] = [];
      for (let index = 0; index < rounds; index += 1) {
        unindexed.push(await copyOnce(client, csv, `copy_target_${index}`));
        // Alternate the order so drift on a shared machine hits both alike.
        for (const step of index % 2 === 0 ? ['copy', 'import'] : ['import', 'copy']) {
          await emptyRegistry(scratch);
          if (step === 'copy') copies.push(await copyIntoRegistry(client, generated));
          else imports.push(await importOnce(scratch, csv, 'csv'));
        }
      }
      const unchanged = await importOnce(scratch, csv, 'csv');
      if (unchanged.counts.membersUnchanged !== lines.length) throw new Error(`re-import was not idempotent: ${JSON.stringify(unchanged.counts)}`);
      const changedLines = lines.map((line, index) => (index % 10 === 3 ? { ...line, member: { ...line.member, name: `${line.member.name}改` } } : line));
      const changed = await importOnce(scratch, writeCsv(TEMPLATE_COLUMNS, changedLines), 'csv');

      const importSeconds = median(imports.map((item) => item.seconds));
      const middle = imports.find((item) => item.seconds === importSeconds) as ImportTiming;
      return {
        name: 'registry import (CSV buffer → parse, validate, plan, commit with history) vs raw COPY FROM STDIN of the same rows into the same tables',
        database: 'postgres' as const,
        format: 'csv' as const,
        rows: lines.length,
        households: generated.length,
        fileBytes: csv.length,
        rounds,
        importRowsPerSecond: round(lines.length / importSeconds),
        copyRowsPerSecond: round(lines.length / median(copies)),
        ratio: round(median(imports.map((item, index) => (copies[index] as number) / item.seconds)), 3),
        unindexedCopyRowsPerSecond: round(lines.length / median(unindexed)),
        ratioToUnindexedCopy: round(median(unindexed) / importSeconds, 3),
        phasesMs: { parse: middle.parseMs, plan: middle.planMs, commit: middle.commitMs },
        reimportUnchangedRowsPerSecond: round(lines.length / unchanged.seconds),
        reimportChangedRowsPerSecond: round(lines.length / changed.seconds),
        peakRssMb: peakRssMb(),
      };
    } finally {
      client.release();
    }
  });
}
