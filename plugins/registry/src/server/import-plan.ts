/**
 * Household import, step 2 of 3 — plan: compare the parsed file with the registry (what would be
 * created, updated or left unchanged; which ID numbers are taken) and stage what exists for
 * import-commit.ts. Re-importing the same file is idempotent: households are matched by 户主身份证号
 * (the household key) within the county, members by ID number; nothing is ever deleted.
 */
import { queryRows, type Executor } from '@zhenxing/db';
import { sql, type SQL } from 'drizzle-orm';
import type { ImportPlanCounts, RowProblem } from '../index.ts';
import { bulkLoad, type BulkColumn, type BulkValue } from './bulk.ts';
import { HEADER_BY_KEY } from './import-template.ts';
import type { ParsedHousehold, ParsedImport } from './import-parse.ts';

// ── Planning and committing: COPY for what is new, set-based SQL for what exists ─────────────────
//
// planImport looks the file's household keys and ID numbers up in two queries and splits the
// households: fresh ones (key unknown in the county) are written by commitImport with COPY straight
// into the registry's tables, ids reserved from the sequences — PostgreSQL's own bulk path, so a
// county's first import runs at about half the speed of a bare COPY of the same rows (docs/
// benchmarks.md). Households the county already has are bulk-loaded into two temporary tables
// (COPY FROM STDIN on PostgreSQL, COPY FROM '/dev/blob' on PGlite; see bulk.ts), compared in
// set-based queries, and merged with one statement per kind of change — UPDATE … FROM of changed
// rows (RETURNING gives before/after), INSERT … SELECT of new members, an income upsert, one
// INSERT … SELECT of history rows. No statement runs per row. Plan and commit must run in the same
// transaction (the temporary tables are `on commit drop`).

export const STAGE_HOUSEHOLDS = 'pg_temp.zx_import_households';
export const STAGE_MEMBERS = 'pg_temp.zx_import_members';
export const NEW_MEMBERS = 'pg_temp.zx_import_new_members';
export const CHANGES = 'pg_temp.zx_import_changes';

const HOUSEHOLD_STAGE: readonly BulkColumn[] = [
  { name: 'household_key', type: 'text' },
  { name: 'row', type: 'integer' },
  { name: 'village_code', type: 'text' },
  { name: 'address', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'year_left_poverty', type: 'smallint' },
  { name: 'labour_capacity', type: 'text' },
  { name: 'income_year', type: 'integer' },
  { name: 'wages_fen', type: 'bigint' },
  { name: 'business_fen', type: 'bigint' },
  { name: 'property_fen', type: 'bigint' },
  { name: 'transfers_fen', type: 'bigint' },
  { name: 'production_costs_fen', type: 'bigint' },
];

export const MEMBER_STAGE: readonly BulkColumn[] = [
  { name: 'household_key', type: 'text' },
  { name: 'row', type: 'integer' },
  { name: 'name', type: 'text' },
  { name: 'id_number', type: 'text' },
  { name: 'relation', type: 'text' },
  { name: 'birth_date', type: 'date' },
  { name: 'sex', type: 'text' },
  { name: 'disability_grade', type: 'smallint' },
  { name: 'serious_illness', type: 'text' },
  { name: 'health_note', type: 'text' },
  { name: 'schooling', type: 'text' },
  { name: 'employment', type: 'text' },
];

/** Household fields compared and recorded: [history key, column]. */
export const HOUSEHOLD_FIELDS = [
  ['villageCode', 'village_code'],
  ['address', 'address'],
  ['status', 'status'],
  ['yearLeftPoverty', 'year_left_poverty'],
  ['labourCapacity', 'labour_capacity'],
] as const;

/** Member fields compared and recorded (as memberFieldsOf): [history key, column]. */
export const MEMBER_FIELDS = [
  ['name', 'name'],
  ['idNumber', 'id_number'],
  ['relation', 'relation'],
  ['birthDate', 'birth_date'],
  ['sex', 'sex'],
  ['disabilityGrade', 'disability_grade'],
  ['seriousIllness', 'serious_illness'],
  ['healthNote', 'health_note'],
  ['schooling', 'schooling'],
  ['employment', 'employment'],
] as const;

export const INCOME_FIELDS = ['wages_fen', 'business_fen', 'property_fen', 'transfers_fen', 'production_costs_fen'] as const;

export const columnList = (alias: string, fields: readonly (readonly [string, string])[]): string =>
  fields.map(([, column]) => `${alias}.${column}`).join(', ');

export interface ImportPlan {
  counts: ImportPlanCounts;
  problems: RowProblem[];
  /** ID numbers that also exist in another county (kept; listed under duplicates). */
  crossCountyDuplicates: number;
  parsed: ParsedImport;
  /** Existing members of the file's households whose fields or village change (updates to run). */
  membersToWrite: number;
  countyCode: string;
  /** Households whose key the county does not have yet: written by COPY straight into the tables. */
  fresh: ParsedHousehold[];
  /** Households the county already has: staged and merged set-based (updates, history of changes). */
  existing: ParsedHousehold[];
  /** The executor (transaction) that planned (and holds the staging tables); commitImport must use the same. */
  plannedOn: Executor;
}

function* householdStageRows(households: readonly ParsedHousehold[]): Generator<BulkValue[]> {
  for (const household of households) {
    const { fields, income } = household;
    yield [
      household.key,
      household.row,
      fields.villageCode,
      fields.address,
      fields.status,
      fields.yearLeftPoverty,
      fields.labourCapacity,
      income ? income.year : null,
      income ? income.wagesFen : null,
      income ? income.businessFen : null,
      income ? income.propertyFen : null,
      income ? income.transfersFen : null,
      income ? income.productionCostsFen : null,
    ];
  }
}

function* memberStageRows(households: readonly ParsedHousehold[]): Generator<BulkValue[]> {
  for (const household of households) {
    for (const member of household.members) {
      yield [
        household.key,
        member.row,
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
      ];
    }
  }
}

const createTable = (table: string, columns: readonly BulkColumn[]): string =>
  `create temp table ${table.replace('pg_temp.', '')} (${columns.map((column) => `${column.name} ${column.type}`).join(', ')}) on commit drop`;

export async function run(db: Executor, statement: string | SQL): Promise<void> {
  await db.execute(typeof statement === 'string' ? sql.raw(statement) : statement);
}

/** Loads the parsed records into the staging tables of this transaction (replacing earlier ones). */
async function stage(db: Executor, households: readonly ParsedHousehold[]): Promise<void> {
  // Sorts and hashes over a whole file stay in memory (reset at the end of the transaction).
  await run(db, `set local work_mem = '64MB'`);
  // The staging tables have no statistics; JIT compiling for their guessed sizes costs more than it saves.
  await run(db, `set local jit = off`);
  for (const table of [STAGE_HOUSEHOLDS, STAGE_MEMBERS]) await run(db, `drop table if exists ${table}`);
  await run(db, createTable(STAGE_HOUSEHOLDS, HOUSEHOLD_STAGE));
  await run(db, createTable(STAGE_MEMBERS, MEMBER_STAGE));
  await bulkLoad(db, STAGE_HOUSEHOLDS, HOUSEHOLD_STAGE, householdStageRows(households));
  await bulkLoad(db, STAGE_MEMBERS, MEMBER_STAGE, memberStageRows(households));
  await run(db, `create index on ${STAGE_HOUSEHOLDS} (household_key)`);
}

const EMPTY_COUNTS: ImportPlanCounts = {
  householdsCreated: 0,
  householdsUpdated: 0,
  householdsUnchanged: 0,
  membersCreated: 0,
  membersUpdated: 0,
  membersUnchanged: 0,
  incomesWritten: 0,
};

/**
 * Compares the parsed file with the database: what would be created, updated or left unchanged,
 * and which ID numbers are already registered to another household of the county.
 *
 * Two lookups by key split the file: households the county does not have yet ("fresh": a county's
 * first import is all fresh) need no comparison, only the check that none of their ID numbers is
 * taken in the county; households it has ("existing") are staged in temporary tables and compared
 * set-based, and stay staged in the transaction for commitImport.
 */
export async function planImport(db: Executor, parsed: ParsedImport, countyCode: string, callerScope: string): Promise<ImportPlan> {
  if (parsed.households.length === 0) {
    return {
      counts: { ...EMPTY_COUNTS },
      problems: [],
      crossCountyDuplicates: 0,
      membersToWrite: 0,
      parsed,
      countyCode,
      fresh: [],
      existing: [],
      plannedOn: db,
    };
  }
  const keys = parsed.households.map((household) => household.key);
  const knownKeys = new Set(
    (
      await queryRows<{ household_key: string }>(
        db,
        sql`
      select household_key from registry.households
      where county_code = ${countyCode} and household_key = any(${sql.param(keys)}::text[])`,
      )
    ).map((row) => row.household_key),
  );
  const idNumbers = parsed.households.flatMap((household) => household.members.map((member) => member.idNumber));
  // Only rows the caller may see: their county, and other counties only inside their own scope (a
  // county's preview must not count people registered in a county it cannot see).
  const registered = await queryRows<{ id_number: string; county_code: string; village_code: string; household_id: number | string }>(
    db,
    sql`
    select id_number, county_code, village_code, household_id from registry.members
    where id_number = any(${sql.param(idNumbers)}::text[]) and (county_code = ${countyCode} or county_code like ${`${callerScope}%`})`,
  );
  const inCounty = new Map<string, { householdId: number; villageCode: string }>();
  const elsewhere = new Set<string>();
  for (const row of registered) {
    if (row.county_code === countyCode) inCounty.set(row.id_number, { householdId: Number(row.household_id), villageCode: row.village_code });
    else elsewhere.add(row.id_number);
  }

  const fresh = parsed.households.filter((household) => !knownKeys.has(household.key));
  const existing = parsed.households.filter((household) => knownKeys.has(household.key));
  const problems: RowProblem[] = [];
  // A fresh household's member may not already be registered anywhere in the county.
  for (const household of fresh) {
    for (const member of household.members) {
      const holder = inCounty.get(member.idNumber);
      if (holder !== undefined) problems.push(takenProblem(member.row, member.idNumber, holder, callerScope));
    }
  }
  const counts: ImportPlanCounts = {
    ...EMPTY_COUNTS,
    householdsCreated: fresh.length,
    membersCreated: fresh.reduce((sum, household) => sum + household.members.length, 0),
    incomesWritten: fresh.filter((household) => household.income !== null).length,
  };
  let membersToWrite = 0;
  if (existing.length > 0) {
    const compared = await compareExisting(db, existing, countyCode, callerScope);
    problems.push(...compared.problems);
    for (const key of Object.keys(counts) as (keyof ImportPlanCounts)[]) counts[key] += compared.counts[key];
    membersToWrite = compared.membersToWrite;
  }
  problems.sort((a, b) => a.row - b.row);
  return { counts, problems, crossCountyDuplicates: elsewhere.size, membersToWrite, parsed, countyCode, fresh, existing, plannedOn: db };
}

/** The holder's household is named only when it lies inside the caller's scope. */
function takenProblem(row: number, idNumber: string, holder: { householdId: number; villageCode: string }, callerScope: string): RowProblem {
  const reason = holder.villageCode.startsWith(callerScope)
    ? {
        'zh-CN': `此身份证号已登记在本县另一户（户编号 ${holder.householdId}），请先在系统中调整`,
        en: `this ID number is already registered in another household of the county (id ${holder.householdId}); change that first`,
      }
    : {
        'zh-CN': '此身份证号已登记在本县您管辖范围以外的另一户，请联系县级管理员调整',
        en: 'this ID number is already registered in another household of the county, outside your area; ask a county admin to change that first',
      };
  return { row, column: HEADER_BY_KEY.idNumber, value: idNumber, reason };
}

/** Stages the households the county already has and compares them with the registry, set-based. */
async function compareExisting(
  db: Executor,
  existing: readonly ParsedHousehold[],
  countyCode: string,
  callerScope: string,
): Promise<{ counts: ImportPlanCounts; problems: RowProblem[]; membersToWrite: number }> {
  await stage(db, existing);
  const conflicts = await queryRows<{ row: number; id_number: string; household_id: number; village_code: string }>(
    db,
    sql`
    select s.row, s.id_number, e.household_id, e.village_code
    from ${sql.raw(STAGE_MEMBERS)} s
    join registry.members e on e.county_code = ${countyCode} and e.id_number = s.id_number
    join registry.households h on h.county_code = ${countyCode} and h.household_key = s.household_key
    where e.household_id <> h.id
    order by s.row`,
  );
  const problems = conflicts.map((conflict) =>
    takenProblem(Number(conflict.row), conflict.id_number, { householdId: Number(conflict.household_id), villageCode: conflict.village_code }, callerScope),
  );
  const householdsChanged = `(${columnList('e', HOUSEHOLD_FIELDS)}) is distinct from (${columnList('s', HOUSEHOLD_FIELDS)})`;
  const membersChanged = `(${columnList('e', MEMBER_FIELDS)}) is distinct from (${columnList('s', MEMBER_FIELDS)})`;
  const [counts] = await queryRows<Record<string, number>>(
    db,
    sql`
    with h as (
      select s.household_key, s.village_code, e.id as existing_id, ${sql.raw(householdsChanged)} as changed, s.income_year is not null as has_income
      from ${sql.raw(STAGE_HOUSEHOLDS)} s
      join registry.households e on e.county_code = ${countyCode} and e.household_key = s.household_key
    ), m as (
      select e.id as current_id, e.household_id = h.existing_id as same_household, e.id is not null and ${sql.raw(membersChanged)} as changed,
        e.village_code is distinct from h.village_code as moved
      from ${sql.raw(STAGE_MEMBERS)} s
      join h on h.household_key = s.household_key
      left join registry.members e on e.county_code = ${countyCode} and e.id_number = s.id_number
    )
    select
      (select count(*) filter (where changed) from h)::int as households_updated,
      (select count(*) filter (where not changed) from h)::int as households_unchanged,
      (select count(*) filter (where has_income) from h)::int as incomes_written,
      (select count(*) filter (where current_id is null) from m)::int as members_created,
      (select count(*) filter (where same_household and changed) from m)::int as members_updated,
      (select count(*) filter (where same_household and not changed) from m)::int as members_unchanged,
      (select count(*) filter (where same_household and (changed or moved)) from m)::int as members_to_write`,
  );
  const count = (name: string): number => Number(counts?.[name] ?? 0);
  return {
    counts: {
      householdsCreated: 0,
      householdsUpdated: count('households_updated'),
      householdsUnchanged: count('households_unchanged'),
      membersCreated: count('members_created'),
      membersUpdated: count('members_updated'),
      membersUnchanged: count('members_unchanged'),
      incomesWritten: count('incomes_written'),
    },
    problems,
    membersToWrite: count('members_to_write'),
  };
}
