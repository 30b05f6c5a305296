/**
 * benchSearch: `households.search` and `households.list` latency at scale on PostgreSQL. Loads
 * `households` synthetic households (≈3.5 people each, with incomes) by COPY FROM STDIN — secondary
 * indexes dropped during the load and rebuilt from their own definitions — then times the real
 * service functions (the same code the tRPC procedures run) over a mix of queries, against a
 * baseline measured in the same run: a primary-key lookup of one household through the same
 * drizzle/pg path (ratio = p95 ÷ baseline p95). Reports data size and the peak RSS of this process.
 */
import { AccessScope } from '@zhenxing/core';
import { queryRows } from '@zhenxing/db';
import { eq, sql } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import { generateHouseholds } from '../src/server/generator.ts';
import { listHouseholds, searchPeople, type Reader } from '../src/server/households.ts';
import { registryPlugin } from '../src/server/plugin.ts';
import { households as householdsTable } from '../src/server/schema.ts';
import { copyField } from '../src/server/bulk.ts';
import { copyIn, COUNTY, p95, peakRssMb, round, VILLAGES, withScratchDatabase } from './scratch.ts';

type Kind = 'name' | 'surname' | 'idNumber' | 'idPrefix' | 'village' | 'villageName' | 'none' | 'status';

interface Sample {
  kind: Kind;
  query: string;
}

export interface SearchBenchResult {
  name: string;
  database: 'postgres';
  households: number;
  members: number;
  loadSeconds: number;
  dataMb: { database: number; households: number; members: number; incomes: number };
  searches: number;
  /** households.search (searchPeople): p95 over the whole mix, and per kind of query. */
  searchP95Ms: number;
  searchP95ByKindMs: Partial<Record<Kind, number>>;
  /** households.list (page of 20, bounded count): p95 over the whole mix, and per kind. */
  listP95Ms: number;
  listP95ByKindMs: Partial<Record<Kind, number>>;
  /** Baseline in the same run: one household by primary key through the same drizzle/pg path. */
  baselineP95Ms: number;
  searchRatio: number;
  listRatio: number;
  peakRssMb: number;
}

/** Loads `households` synthetic households with COPY, then measures search and list latency. */
export async function benchSearch({
  databaseUrl,
  households = 50_000,
  searches = 200,
}: {
  databaseUrl: string;
  households?: number;
  searches?: number;
}): Promise<SearchBenchResult> {
  return withScratchDatabase(databaseUrl, async ({ handle }) => {
    const client = await handle.pool!.connect();
    const loadStarted = performance.now();
    let memberCount = 0;
    const samples: Sample[] = [];
    // ≈3.5 people per household: sample every n-th person so the samples spread over the whole load.
    const every = Math.max(1, Math.floor((households * 3) / Math.max(searches, 1)));
    try {
      // Drop secondary indexes for the load; rebuild them from their own definitions afterwards.
      const indexes = await queryRows<{ name: string; definition: string }>(
        handle.db,
        sql`
        select i.indexname as name, i.indexdef as definition from pg_indexes i
        where i.schemaname = 'registry' and i.tablename in ('households', 'members', 'incomes') and i.indexname not like '%\_pkey'`,
      );
      for (const index of indexes) await client.query(`drop index registry."${index.name}"`);
      const now = new Date().toISOString();
      const generator = generateHouseholds({ villages: VILLAGES, count: households, seed: 11 });
      const batch = 25_000;
      let householdId = 0;
      for (let done = 0; done < households; done += batch) {
        const householdRows: string[] = [];
        const memberRows: string[] = [];
        const incomeRows: string[] = [];
        for (let index = 0; index < batch && done + index < households; index += 1) {
          const next = generator.next();
          if (next.done) break;
          const household = next.value;
          householdId += 1;
          householdRows.push(
            [
              householdId,
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
            memberCount += 1;
            memberRows.push(
              [
                householdId,
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
            if (memberCount % every === 0 && samples.length < searches)
              samples.push(sampleFor(samples.length, member.name, member.idNumber, household.villageCode));
          }
          const income = household.income;
          incomeRows.push(
            [
              householdId,
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
        }
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
      }
      await client.query(`select setval('registry.households_id_seq', ${Math.max(householdId, 1)})`);
      await client.query(`set maintenance_work_mem = '512MB'`);
      for (const index of indexes) await client.query(index.definition);
      await client.query('vacuum analyze registry.households, registry.members, registry.incomes');
    } finally {
      client.release();
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const sizes = await queryRows<Record<string, number>>(
      handle.db,
      sql`select
      pg_database_size(current_database()) as database,
      pg_total_relation_size('registry.households') as households,
      pg_total_relation_size('registry.members') as members,
      pg_total_relation_size('registry.incomes') as incomes`,
    );
    const mb = (name: string): number => round(Number(sizes[0]?.[name] ?? 0) / 1024 / 1024, 1);

    const reader: Reader = { access: new AccessScope('registry', registryPlugin.title, COUNTY, COUNTY, [COUNTY], []), pii: false, today: '2026-01-01' };
    const listSamples: Sample[] = [
      ...samples,
      ...samples.slice(0, Math.ceil(samples.length / 4)).map((_, index): Sample => ({ kind: index % 2 === 0 ? 'none' : 'status', query: '' })),
      ...samples.slice(0, Math.ceil(samples.length / 10)).map((_, index): Sample => ({ kind: 'villageName', query: `合成${(index % 40) + 1}村` })),
    ];
    const timeSearch = async (sample: Sample): Promise<number> => {
      const started = performance.now();
      await searchPeople(handle.db, reader, sample.query, 20);
      return performance.now() - started;
    };
    const timeList = async (sample: Sample, index: number): Promise<number> => {
      const started = performance.now();
      await listHouseholds(handle.db, reader, {
        page: sample.kind === 'none' ? 1 + (index % 50) : 1,
        pageSize: 20,
        sort: 'id',
        order: index % 3 === 0 ? 'desc' : 'asc',
        ...(sample.kind === 'status' ? { status: index % 2 === 0 ? ('monitored' as const) : ('left-poverty' as const) } : {}),
        ...(sample.query !== '' ? { search: sample.query } : {}),
      });
      return performance.now() - started;
    };
    const timeBaseline = async (index: number): Promise<number> => {
      const started = performance.now();
      await handle.db
        .select()
        .from(householdsTable)
        .where(eq(householdsTable.id, 1 + ((index * 7919) % households)));
      return performance.now() - started;
    };
    // Warm-up: one pass over a few of each, so all measurements run on a warm cache alike.
    for (const [index, sample] of samples.slice(0, 20).entries()) {
      await timeSearch(sample);
      await timeList(sample, index);
      await timeBaseline(index);
    }
    const searchTimes: { kind: Kind; ms: number }[] = [];
    const listTimes: { kind: Kind; ms: number }[] = [];
    const baselineTimes: number[] = [];
    // Interleaved so that drift on a shared machine hits every series alike.
    for (let index = 0; index < listSamples.length; index += 1) {
      baselineTimes.push(await timeBaseline(index));
      const sample = samples[index];
      if (sample) searchTimes.push({ kind: sample.kind, ms: await timeSearch(sample) });
      const listSample = listSamples[index] as Sample;
      listTimes.push({ kind: listSample.kind, ms: await timeList(listSample, index) });
    }
    const byKind = (times: { kind: Kind; ms: number }[]): Partial<Record<Kind, number>> => {
      const kinds = [...new Set(times.map((time) => time.kind))];
      return Object.fromEntries(kinds.map((kind) => [kind, round(p95(times.filter((time) => time.kind === kind).map((time) => time.ms)), 2)]));
    };
    const searchP95 = p95(searchTimes.map((time) => time.ms));
    const listP95 = p95(listTimes.map((time) => time.ms));
    const baselineP95 = p95(baselineTimes);
    return {
      name: 'registry households.search / households.list p95 vs primary-key lookup p95, same run',
      database: 'postgres' as const,
      households,
      members: memberCount,
      loadSeconds: round(loadSeconds, 1),
      dataMb: { database: mb('database'), households: mb('households'), members: mb('members'), incomes: mb('incomes') },
      searches: searchTimes.length,
      searchP95Ms: round(searchP95, 2),
      searchP95ByKindMs: byKind(searchTimes),
      listP95Ms: round(listP95, 2),
      listP95ByKindMs: byKind(listTimes),
      baselineP95Ms: round(baselineP95, 3),
      searchRatio: round(searchP95 / baselineP95, 1),
      listRatio: round(listP95 / baselineP95, 1),
      peakRssMb: peakRssMb(),
    };
  });
}

/** A query mix like a county office's: mostly names and ID numbers, some broad prefixes and villages. */
function sampleFor(index: number, name: string, idNumber: string, villageCode: string): Sample {
  switch (index % 10) {
    case 0:
    case 1:
    case 2:
      return { kind: 'name', query: name.slice(0, 2) };
    case 3:
      return { kind: 'surname', query: name.slice(0, 1) };
    case 4:
    case 5:
    case 6:
      return { kind: 'idNumber', query: idNumber };
    case 7:
      return { kind: 'idPrefix', query: idNumber.slice(0, 10) };
    case 8:
      return { kind: 'village', query: villageCode };
    default:
      return { kind: 'name', query: name };
  }
}
