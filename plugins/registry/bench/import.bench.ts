/**
 * Registry benchmarks (called by the lead's scripts/bench.mjs; not wired to `pnpm bench` here).
 * Each run creates a throw-away database next to `databaseUrl`, migrates it, measures, drops it.
 * - benchImport: rows/s of the real import service (parse → validate → plan → commit) against
 *   PostgreSQL's own `COPY` of the same rows in the same run (ratio = import / copy).
 * - benchSearch: household search p95 and peak RSS with `households` generated and loaded by COPY.
 * COPY reads a temporary file on the server side (the server must share this machine's /tmp and
 * the role must be allowed `COPY FROM file`, e.g. a superuser) — no extra client library needed.
 */
import { AccessScope, createHost } from '@zhenxing/core';
import { openDatabase, regions, type DatabaseHandle } from '@zhenxing/db';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { generateHouseholds, type GeneratedHousehold } from '../src/server/generator.ts';
import { listHouseholds, searchPeople } from '../src/server/households.ts';
import { commitImport, parseImportFile, planImport } from '../src/server/import.ts';
import { IMPORT_COLUMNS } from '../src/server/import-template.ts';
import { registryPlugin } from '../src/server/plugin.ts';
import { writeCsv } from '../src/server/spreadsheet.ts';
import { HOUSEHOLD_STATUS_LABELS, LABOUR_CAPACITY_LABELS, RELATION_LABELS } from '../src/index.ts';

const COUNTY = '130609';
const VILLAGES = Array.from({ length: 40 }, (_, index) => `${COUNTY}100${String(index + 1).padStart(3, '0')}`);

async function withScratchDatabase<T>(databaseUrl: string, run: (handle: DatabaseHandle, url: string) => Promise<T>): Promise<T> {
  const name = `zx_bench_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ driver: 'postgres', url: url.toString(), poolSize: 4 });
  try {
    await createHost({ database: handle, plugins: [registryPlugin] }).migrate();
    await handle.db
      .insert(regions)
      .values([
        { code: '13', name: '河北省', level: 1, parentCode: null },
        { code: '1306', name: '保定市', level: 2, parentCode: '13' },
        { code: COUNTY, name: '徐水区', level: 3, parentCode: '1306' },
        { code: `${COUNTY}100`, name: '安肃镇', level: 4, parentCode: COUNTY },
        ...VILLAGES.map((code, index) => ({ code, name: `合成${index + 1}村`, level: 5, parentCode: `${COUNTY}100` })),
      ])
      .onConflictDoNothing();
    return await run(handle, url.toString());
  } finally {
    await handle.close();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

interface TemplateRow {
  household: GeneratedHousehold;
  member: GeneratedHousehold['members'][number];
}

function templateRows(households: readonly GeneratedHousehold[]): TemplateRow[] {
  return households.flatMap((household) => household.members.map((member) => ({ household, member })));
}

function importCsv(rows: readonly TemplateRow[]): Buffer {
  const columns = IMPORT_COLUMNS.map((column) => ({
    header: column.header,
    value: ({ household, member }: TemplateRow): string | number | null => {
      const head = member.relation === 'head';
      switch (column.key) {
        case 'householdKey': return household.householdKey;
        case 'villageCode': return head ? household.villageCode : null;
        case 'address': return head ? household.address : null;
        case 'status': return head ? HOUSEHOLD_STATUS_LABELS[household.status] : null;
        case 'yearLeftPoverty': return head ? household.yearLeftPoverty : null;
        case 'labourCapacity': return head ? LABOUR_CAPACITY_LABELS[household.labourCapacity] : null;
        case 'name': return member.name;
        case 'idNumber': return member.idNumber;
        case 'relation': return RELATION_LABELS[member.relation];
        case 'birthDate': return member.birthDate;
        case 'disabilityGrade': return member.disabilityGrade ?? '无';
        case 'incomeYear': return head ? household.income.year : null;
        case 'wages': return head ? household.income.wagesFen / 100 : null;
        default: return null;
      }
    },
  }));
  return writeCsv(columns, rows);
}

async function copyFile(url: string, table: string, columns: string, content: string): Promise<number> {
  const directory = await mkdtemp(join(tmpdir(), 'zx-bench-'));
  const file = join(directory, 'rows.csv');
  try {
    await writeFile(file, content);
    await chmod(directory, 0o755);
    await chmod(file, 0o644);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const started = performance.now();
      await client.query(`copy ${table} (${columns}) from '${file}' with (format csv)`);
      return (performance.now() - started) / 1000;
    } finally {
      await client.end();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

const csvField = (value: string | number | null): string => (value === null ? '' : value === '' || /[",\n]/.test(String(value)) ? `"${String(value).replaceAll('"', '""')}"` : String(value));

export interface ImportBenchResult {
  rows: number;
  importRowsPerSecond: number;
  copyRowsPerSecond: number;
  /** import ÷ COPY: the share of raw COPY speed the full import reaches. */
  ratio: number;
}

/** Import of ~`rows` person rows through the import service vs COPY of the same rows. */
export async function benchImport({ databaseUrl, rows = 20_000 }: { databaseUrl: string; rows?: number }): Promise<ImportBenchResult> {
  const generated: GeneratedHousehold[] = [];
  let people = 0;
  for (const household of generateHouseholds({ villages: VILLAGES, count: Math.ceil(rows / 2), seed: 7 })) {
    generated.push(household);
    people += household.members.length;
    if (people >= rows) break;
  }
  const lines = templateRows(generated);
  const content = importCsv(lines);
  return withScratchDatabase(databaseUrl, async (handle, url) => {
    const started = performance.now();
    const parsed = await parseImportFile(content, 'csv', { countyCode: COUNTY, villages: new Set(VILLAGES), asOf: '2026-03-02' });
    if (parsed.problems.length > 0) throw new Error(`bench file has problems: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
    await handle.db.transaction(async (tx) => {
      const plan = await planImport(tx, parsed, COUNTY);
      await commitImport(tx, plan, COUNTY, new Date(), 'bench');
    });
    const importSeconds = (performance.now() - started) / 1000;

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`create table public.copy_target (${IMPORT_COLUMNS.map((_, index) => `c${index} text`).join(', ')})`);
    await client.end();
    const text = content.toString('utf8').replace(/^\ufeff[^\n]*\n/, '');
    const copySeconds = await copyFile(url, 'public.copy_target', IMPORT_COLUMNS.map((_, index) => `c${index}`).join(', '), text);
    const importRowsPerSecond = lines.length / importSeconds;
    const copyRowsPerSecond = lines.length / copySeconds;
    return { rows: lines.length, importRowsPerSecond, copyRowsPerSecond, ratio: importRowsPerSecond / copyRowsPerSecond };
  });
}

export interface SearchBenchResult {
  households: number;
  members: number;
  loadSeconds: number;
  searches: number;
  searchP95Ms: number;
  listP95Ms: number;
  peakRssMb: number;
}

/** Loads `households` synthetic households with COPY, then measures search and list latency. */
export async function benchSearch({ databaseUrl, households = 50_000, searches = 200 }: { databaseUrl: string; households?: number; searches?: number }): Promise<SearchBenchResult> {
  return withScratchDatabase(databaseUrl, async (handle, url) => {
    const loadStarted = performance.now();
    const now = new Date().toISOString();
    const batch = 100_000;
    let memberCount = 0;
    let householdId = 0;
    const samples: string[] = [];
    const generator = generateHouseholds({ villages: VILLAGES, count: households, seed: 11 });
    for (let done = 0; done < households; done += batch) {
      const householdLines: string[] = [];
      const memberLines: string[] = [];
      const incomeLines: string[] = [];
      for (let index = 0; index < batch && done + index < households; index += 1) {
        const next = generator.next();
        if (next.done) break;
        const household = next.value;
        householdId += 1;
        householdLines.push([householdId, COUNTY, household.villageCode, household.householdKey, household.address, household.status, household.yearLeftPoverty, household.labourCapacity, now, now].map(csvField).join(','));
        for (const member of household.members) {
          memberCount += 1;
          memberLines.push([householdId, COUNTY, household.villageCode, member.name, member.idNumber, member.relation, member.birthDate, member.sex, member.disabilityGrade, member.seriousIllness, member.healthNote, member.schooling, member.employment].map(csvField).join(','));
          if (samples.length < searches && memberCount % 97 === 0) samples.push(memberCount % 2 === 0 ? member.name.slice(0, 2) : member.idNumber);
        }
        const income = household.income;
        incomeLines.push([householdId, COUNTY, household.villageCode, income.year, income.wagesFen, income.businessFen, income.propertyFen, income.transfersFen, income.productionCostsFen].join(','));
      }
      await copyFile(url, 'registry.households', 'id, county_code, village_code, household_key, address, status, year_left_poverty, labour_capacity, created_at, updated_at', `${householdLines.join('\n')}\n`);
      await copyFile(url, 'registry.members', 'household_id, county_code, village_code, name, id_number, relation, birth_date, sex, disability_grade, serious_illness, health_note, schooling, employment', `${memberLines.join('\n')}\n`);
      await copyFile(url, 'registry.incomes', 'household_id, county_code, village_code, year, wages_fen, business_fen, property_fen, transfers_fen, production_costs_fen', `${incomeLines.join('\n')}\n`);
    }
    await handle.db.execute(sql.raw(`select setval('registry.households_id_seq', ${householdId})`));
    await handle.db.execute(sql.raw('analyze'));
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    const access = new AccessScope('registry', registryPlugin.title, COUNTY, COUNTY, [COUNTY], []);
    const reader = { access, pii: false };
    const searchTimes: number[] = [];
    const listTimes: number[] = [];
    for (const query of samples) {
      let started = performance.now();
      await searchPeople(handle.db, reader, query, 20);
      searchTimes.push(performance.now() - started);
      started = performance.now();
      await listHouseholds(handle.db, reader, { page: 1 + (searchTimes.length % 50), pageSize: 20, sort: 'id', order: 'asc', search: query });
      listTimes.push(performance.now() - started);
    }
    const p95 = (values: number[]): number => {
      const sorted = [...values].sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
    };
    return {
      households,
      members: memberCount,
      loadSeconds,
      searches: samples.length,
      searchP95Ms: p95(searchTimes),
      listP95Ms: p95(listTimes),
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  });
}
