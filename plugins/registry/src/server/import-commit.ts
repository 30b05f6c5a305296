/**
 * Household import, step 3 of 3 — commit: write a plan without problems, all or nothing, in the
 * transaction that planned it (see import-plan.ts for the staging it relies on).
 */
import { queryRows, type Executor } from '@zhenxing/db';
import { sql } from 'drizzle-orm';
import type { ImportPlanCounts } from '../index.ts';
import { bulkLoad, type BulkColumn } from './bulk.ts';
import type { ParsedHousehold, ParsedMember } from './import-parse.ts';
import {
  CHANGES,
  columnList,
  HOUSEHOLD_FIELDS,
  INCOME_FIELDS,
  MEMBER_FIELDS,
  MEMBER_STAGE,
  NEW_MEMBERS,
  run,
  STAGE_HOUSEHOLDS,
  STAGE_MEMBERS,
  type ImportPlan,
} from './import-plan.ts';

export interface CommitOutcome {
  counts: ImportPlanCounts;
  householdIds: number[];
}

/**
 * Writes a plan with no problems, in the transaction that planned it. Fresh households go in by
 * COPY with ids reserved from their sequences (see insertFresh); households the county already
 * has are merged set-based from the staging tables (see mergeExisting). Every created or changed
 * household gets one history row — the same change records as an edit by hand.
 */
export async function commitImport(db: Executor, plan: ImportPlan, countyCode: string, at: Date, username: string | null): Promise<CommitOutcome> {
  if (plan.parsed.households.length === 0) return { counts: plan.counts, householdIds: [] };
  if (plan.plannedOn !== db || plan.countyCode !== countyCode) throw new Error('commitImport must run in the transaction (and county) that ran planImport.');
  if (plan.problems.length > 0) throw new Error('commitImport refuses a plan with problems.');
  const stamp = at.toISOString();
  const written: WrittenHousehold[] = [];
  if (plan.existing.length > 0) written.push(...(await mergeExisting(db, plan, countyCode, stamp, username)));
  if (plan.fresh.length > 0) written.push(...(await insertFresh(db, plan.fresh, countyCode, stamp, username)));
  written.sort((a, b) => a.row - b.row);
  return { counts: plan.counts, householdIds: written.map((household) => household.id) };
}

interface WrittenHousehold {
  id: number;
  /** The head's row in the file. */
  row: number;
}

/**
 * Households the county already has, from the staging tables: one UPDATE … FROM per table,
 * touching only rows whose fields differ and returning before/after for the history; new members
 * by INSERT … SELECT; incomes upserted by (household, year); one INSERT … SELECT of history rows.
 */
async function mergeExisting(db: Executor, plan: ImportPlan, countyCode: string, stamp: string, username: string | null): Promise<WrittenHousehold[]> {
  const householdColumns = HOUSEHOLD_FIELDS.map(([, column]) => column);
  const memberColumns = MEMBER_FIELDS.map(([, column]) => column);
  const oldColumns = (alias: string, fields: readonly (readonly [string, string])[]): string =>
    fields.map(([, column]) => `${alias}.${column} as old_${column}`).join(', ');
  const diffOldNew = (fields: readonly (readonly [string, string])[], after: string, prefix?: string): string =>
    fields
      .map(([key, column]) => {
        const old = `o.old_${column}`;
        return `(case when ${old} is distinct from ${after}.${column} then jsonb_build_object(${prefix ?? "''"} || '${key}', jsonb_build_array(${old}, ${after}.${column})) else '{}'::jsonb end)`;
      })
      .join(' || ');

  for (const table of [NEW_MEMBERS, CHANGES]) await run(db, `drop table if exists ${table}`);
  await run(
    db,
    `create temp table ${NEW_MEMBERS.replace('pg_temp.', '')} (id bigint, household_id bigint, ${MEMBER_STAGE.filter((column) =>
      memberColumns.includes(column.name as never),
    )
      .map((column) => `${column.name} ${column.type}`)
      .join(', ')}) on commit drop`,
  );
  await run(db, `create temp table ${CHANGES.replace('pg_temp.', '')} (household_id bigint, changes jsonb) on commit drop`);

  // Changed households: the FROM list holds the values before the update.
  if (plan.counts.householdsUpdated > 0)
    await run(
      db,
      sql`
    with upd as (
      update registry.households h
      set ${sql.raw(householdColumns.map((column) => `${column} = o.${column}`).join(', '))}, updated_at = ${stamp}::timestamptz
      from (
        select s.*, e.id as existing_id, ${sql.raw(oldColumns('e', HOUSEHOLD_FIELDS))}
        from ${sql.raw(STAGE_HOUSEHOLDS)} s join registry.households e on e.county_code = ${countyCode} and e.household_key = s.household_key
      ) o
      where h.id = o.existing_id and (${sql.raw(HOUSEHOLD_FIELDS.map(([, column]) => `o.old_${column}`).join(', '))}) is distinct from (${sql.raw(columnList('o', HOUSEHOLD_FIELDS))})
      returning h.id, ${sql.raw(diffOldNew(HOUSEHOLD_FIELDS, 'h'))} as changes
    )
    insert into ${sql.raw(CHANGES)} (household_id, changes) select id, changes from upd`,
    );

  // A household that moved village takes all its members and incomes along (as households.move
  // does), also those not listed in the file: scope filters read village_code on every table.
  if (plan.counts.householdsUpdated > 0) {
    for (const table of ['members', 'incomes']) {
      await run(
        db,
        sql`
        update ${sql.raw(`registry.${table}`)} t set village_code = h.village_code
        from ${sql.raw(STAGE_HOUSEHOLDS)} s join registry.households h on h.county_code = ${countyCode} and h.household_key = s.household_key
        where t.household_id = h.id and t.village_code <> h.village_code`,
      );
    }
  }

  // New members, in file order, with their household's id and village.
  await run(
    db,
    sql`
    with ins as (
      insert into registry.members (household_id, county_code, village_code, ${sql.raw(memberColumns.join(', '))})
      select h.id, ${countyCode}, h.village_code, ${sql.raw(columnList('s', MEMBER_FIELDS))}
      from ${sql.raw(STAGE_MEMBERS)} s join registry.households h on h.county_code = ${countyCode} and h.household_key = s.household_key
      where not exists (select 1 from registry.members e where e.county_code = ${countyCode} and e.id_number = s.id_number)
      order by s.row
      returning id, household_id, ${sql.raw(memberColumns.join(', '))}
    )
    insert into ${sql.raw(NEW_MEMBERS)} (id, household_id, ${sql.raw(memberColumns.join(', '))}) select * from ins`,
  );

  // Changed members (fields, or the village after their household moved).
  if (plan.membersToWrite > 0)
    await run(
      db,
      sql`
    with upd as (
      update registry.members m
      set village_code = o.new_village_code, ${sql.raw(memberColumns.map((column) => `${column} = o.${column}`).join(', '))}
      from (
        select s.*, h.village_code as new_village_code, e.id as existing_id, e.village_code as old_village_code, ${sql.raw(oldColumns('e', MEMBER_FIELDS))}
        from ${sql.raw(STAGE_MEMBERS)} s
        join registry.members e on e.county_code = ${countyCode} and e.id_number = s.id_number
        join registry.households h on h.county_code = ${countyCode} and h.household_key = s.household_key
      ) o
      where m.id = o.existing_id
        and (o.old_village_code, ${sql.raw(MEMBER_FIELDS.map(([, column]) => `o.old_${column}`).join(', '))}) is distinct from (o.new_village_code, ${sql.raw(columnList('o', MEMBER_FIELDS))})
      returning m.id, m.household_id, ${sql.raw(diffOldNew(MEMBER_FIELDS, 'm', "'member:' || m.id || '.'"))} as changes
    )
    insert into ${sql.raw(CHANGES)} (household_id, changes) select household_id, changes from upd where changes <> '{}'::jsonb`,
    );

  await run(
    db,
    sql`
    insert into registry.incomes as i (household_id, county_code, village_code, year, ${sql.raw(INCOME_FIELDS.join(', '))})
    select h.id, ${countyCode}, h.village_code, s.income_year, ${sql.raw(INCOME_FIELDS.map((column) => `s.${column}`).join(', '))}
    from ${sql.raw(STAGE_HOUSEHOLDS)} s join registry.households h on h.county_code = ${countyCode} and h.household_key = s.household_key
    where s.income_year is not null
    on conflict (household_id, year) do update set ${sql.raw(INCOME_FIELDS.map((column) => `${column} = excluded.${column}`).join(', '))}
    where (${sql.raw(INCOME_FIELDS.map((column) => `i.${column}`).join(', '))}) is distinct from (${sql.raw(INCOME_FIELDS.map((column) => `excluded.${column}`).join(', '))})`,
  );

  // One history row per household with any change: changed records [before, after] per field,
  // created members their snapshot. json (text) aggregates, cast to jsonb once per household.
  const snapshot = `json_build_object(${MEMBER_FIELDS.map(([key, column]) => `'${key}', n.${column}`).join(', ')})`;
  await run(
    db,
    sql`
    insert into registry.household_history (household_id, county_code, village_code, at, username, action, changes)
    select h.id, ${countyCode}, h.village_code, ${stamp}::timestamptz, ${username}, 'import',
      (coalesce(f.changes, '{}'::jsonb) || coalesce(n.changes::jsonb, '{}'::jsonb))::json
    from (
      select household_id as id from ${sql.raw(CHANGES)}
      union select household_id from ${sql.raw(NEW_MEMBERS)}
    ) t
    join registry.households h on h.id = t.id
    left join (
      select household_id, jsonb_object_agg(item.key, item.value) as changes
      from ${sql.raw(CHANGES)}, jsonb_each(changes) as item group by household_id
    ) f on f.household_id = t.id
    left join (
      select n.household_id, json_object_agg('member:' || n.id, json_build_array(null, ${sql.raw(snapshot)})) as changes
      from ${sql.raw(NEW_MEMBERS)} n group by n.household_id
    ) n on n.household_id = t.id`,
  );

  const ids = await queryRows<{ id: number | string; row: number }>(
    db,
    sql`
    select h.id, s.row from ${sql.raw(STAGE_HOUSEHOLDS)} s join registry.households h on h.county_code = ${countyCode} and h.household_key = s.household_key`,
  );
  return ids.map((row) => ({ id: Number(row.id), row: Number(row.row) }));
}

/**
 * `count` ids from the serial sequence of `table`, in order: one nextval per id, so ids stay unique
 * beside concurrent inserts (they need not be contiguous). Returned as one string: 100k rows would
 * cost more to transfer than to draw.
 */
async function reserveIds(db: Executor, table: string, count: number): Promise<number[]> {
  // The sequence is looked up first: inside the query the planner would repeat the lookup per row.
  const [sequence] = await queryRows<{ name: string }>(db, sql`select pg_get_serial_sequence(${table}, 'id') as name`);
  const [row] = await queryRows<{ ids: string | null }>(
    db,
    sql`
    select string_agg(nextval(${sequence?.name ?? ''}::regclass)::text, ',') as ids from generate_series(1, ${count})`,
  );
  const ids = (row?.ids ?? '').split(',').map(Number);
  if (ids.length !== count || ids.some((id) => !Number.isSafeInteger(id))) throw new Error(`could not reserve ${count} ids for ${table}`);
  return ids;
}

const FRESH_HOUSEHOLD_COLUMNS: readonly BulkColumn[] = [
  { name: 'id', type: 'bigint' },
  { name: 'county_code', type: 'text' },
  { name: 'household_key', type: 'text' },
  { name: 'village_code', type: 'text' },
  { name: 'address', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'year_left_poverty', type: 'smallint' },
  { name: 'labour_capacity', type: 'text' },
  { name: 'created_at', type: 'timestamptz' },
  { name: 'updated_at', type: 'timestamptz' },
];
const FRESH_MEMBER_COLUMNS: readonly BulkColumn[] = [
  { name: 'id', type: 'bigint' },
  { name: 'household_id', type: 'bigint' },
  { name: 'county_code', type: 'text' },
  { name: 'village_code', type: 'text' },
  ...MEMBER_STAGE.filter((column) => MEMBER_FIELDS.some(([, name]) => name === column.name)),
];
const FRESH_INCOME_COLUMNS: readonly BulkColumn[] = [
  { name: 'household_id', type: 'bigint' },
  { name: 'county_code', type: 'text' },
  { name: 'village_code', type: 'text' },
  { name: 'year', type: 'integer' },
  ...INCOME_FIELDS.map((name) => ({ name, type: 'bigint' })),
];
const HISTORY_COLUMNS: readonly BulkColumn[] = [
  { name: 'household_id', type: 'bigint' },
  { name: 'county_code', type: 'text' },
  { name: 'village_code', type: 'text' },
  { name: 'at', type: 'timestamptz' },
  { name: 'username', type: 'text' },
  { name: 'action', type: 'text' },
  { name: 'changes', type: 'json' },
];

/**
 * Households the county does not have yet (the plan proved their keys and ID numbers free): ids
 * reserved from the sequences in file order, then COPY straight into households, members, incomes
 * and history — PostgreSQL's own bulk path, with no staging or merge. The history row records the
 * creation as an edit by hand would: every household field and each member's snapshot.
 */
async function insertFresh(
  db: Executor,
  fresh: readonly ParsedHousehold[],
  countyCode: string,
  stamp: string,
  username: string | null,
): Promise<WrittenHousehold[]> {
  const households = [...fresh].sort((a, b) => a.row - b.row);
  const members = households.flatMap((household) => household.members.map((member) => ({ household, member }))).sort((a, b) => a.member.row - b.member.row);
  const householdIds = await reserveIds(db, 'registry.households', households.length);
  const memberIds = await reserveIds(db, 'registry.members', members.length);
  const idOf = new Map(households.map((household, index) => [household, householdIds[index] as number]));
  const memberIdOf = new Map(members.map(({ member }, index) => [member, memberIds[index] as number]));

  await bulkLoad(
    db,
    'registry.households',
    FRESH_HOUSEHOLD_COLUMNS,
    (function* () {
      for (const household of households) {
        const { fields } = household;
        yield [
          idOf.get(household) as number,
          countyCode,
          household.key,
          fields.villageCode,
          fields.address,
          fields.status,
          fields.yearLeftPoverty,
          fields.labourCapacity,
          stamp,
          stamp,
        ];
      }
    })(),
  );
  await bulkLoad(
    db,
    'registry.members',
    FRESH_MEMBER_COLUMNS,
    (function* () {
      for (const { household, member } of members) {
        yield [
          memberIdOf.get(member) as number,
          idOf.get(household) as number,
          countyCode,
          household.fields.villageCode,
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
    })(),
  );
  await bulkLoad(
    db,
    'registry.incomes',
    FRESH_INCOME_COLUMNS,
    (function* () {
      for (const household of households) {
        const { income } = household;
        if (income)
          yield [
            idOf.get(household) as number,
            countyCode,
            household.fields.villageCode,
            income.year,
            income.wagesFen,
            income.businessFen,
            income.propertyFen,
            income.transfersFen,
            income.productionCostsFen,
          ];
      }
    })(),
  );
  await bulkLoad(
    db,
    'registry.household_history',
    HISTORY_COLUMNS,
    (function* () {
      for (const household of households)
        yield [
          idOf.get(household) as number,
          countyCode,
          household.fields.villageCode,
          stamp,
          username,
          'import',
          JSON.stringify(creationChanges(household, memberIdOf)),
        ];
    })(),
  );
  return households.map((household) => ({ id: idOf.get(household) as number, row: household.row }));
}

/** A created household's history record: `[null, value]` per non-empty field and member snapshot. */
function creationChanges(household: ParsedHousehold, memberIdOf: ReadonlyMap<ParsedMember, number>): Record<string, [null, unknown]> {
  const changes: Record<string, [null, unknown]> = { householdKey: [null, household.key] };
  for (const [key] of HOUSEHOLD_FIELDS) {
    const value = household.fields[key];
    if (value !== null) changes[key] = [null, value];
  }
  for (const member of household.members) {
    const snapshot: Record<string, unknown> = {};
    for (const [key] of MEMBER_FIELDS) snapshot[key] = member[key];
    changes[`member:${memberIdOf.get(member) as number}`] = [null, snapshot];
  }
  return changes;
}
