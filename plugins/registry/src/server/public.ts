/**
 * The registry's public read service for other plugins (the monitoring plugin depends on it).
 * Stable API: add, never change. These functions are NOT scoped — the caller must check
 * `ctx.access.canSee(profile.household.villageCode)` (or pass only counties from `ctx.access`)
 * before showing anything, and must mask personal data itself for readers without pii.view.
 */
import type { Executor } from '@zhenxing/db';
import { monthlyVisitDuty, perCapitaNetIncome, type HouseholdMemberInput, type IsoMonth } from '@zhenxing/rules';
import { queryRows } from '@zhenxing/db';
import { and, asc, count, desc, eq, gt, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { HouseholdIncomeRow, HouseholdProfile, HouseholdRecord, HouseholdStatus, IncomeYear, MemberRecord, VisitDutyHousehold } from '../index.ts';
import { householdRecord, incomeRecord, memberRecord } from './records.ts';
import { households, incomes, members, visitDutyTallies as dutyTallies } from './schema.ts';

/** Whether the household's people count as 脱贫人口 (it left poverty, even if now monitored). */
export function isPovertyExited(household: Pick<HouseholdRecord, 'status' | 'yearLeftPoverty'>): boolean {
  return household.status === 'left-poverty' || household.yearLeftPoverty !== null;
}

/** Members in the shape of @zhenxing/rules' HouseholdMemberSchema; out-of-pocket costs default to 0. */
export function rulesMembersOf(
  household: Pick<HouseholdRecord, 'status' | 'yearLeftPoverty'>,
  people: readonly MemberRecord[],
  outOfPocketMedicalFen: ReadonlyMap<number, number> = new Map(),
): HouseholdMemberInput[] {
  const povertyExited = isPovertyExited(household);
  return people.map((member) => ({
    memberId: String(member.id),
    povertyExited,
    seriousIllness: member.seriousIllness ?? 'none',
    disabilityGrade: member.disabilityGrade,
    outOfPocketMedicalFen: outOfPocketMedicalFen.get(member.id) ?? 0,
  }));
}

/**
 * Household + members + latest two income years, unmasked, or null when there is no such household.
 * `today` (the caller's ctx.today, Asia/Shanghai) dates the members' ages.
 */
export async function getHouseholdProfile(db: Executor, householdId: number, today: string): Promise<HouseholdProfile | null> {
  const [row] = await db.select().from(households).where(eq(households.id, householdId));
  if (!row) return null;
  const household = householdRecord(row);
  const people = (await db.select().from(members).where(eq(members.householdId, householdId)).orderBy(asc(members.id))).map((person) =>
    memberRecord(person, today),
  );
  const years = (await db.select().from(incomes).where(eq(incomes.householdId, householdId)).orderBy(desc(incomes.year)).limit(2)).map(incomeRecord);
  const latestIncome = years[0] ?? null;
  const previousIncome = latestIncome && years[1] && years[1].year === latestIncome.year - 1 ? years[1] : null;
  const size = Math.max(people.length, 1);
  return {
    household,
    members: people,
    latestIncome,
    previousIncome,
    perCapita: latestIncome ? perCapitaNetIncome({ components: latestIncome, householdSize: size }) : null,
    previousPerCapita: previousIncome ? perCapitaNetIncome({ components: previousIncome, householdSize: size }) : null,
    rulesMembers: rulesMembersOf(household, people),
  };
}

/**
 * §3 monthly visit duty: households of these counties that must be visited in `month` (every 监测户
 * and every 脱贫户, decided by the rules' monthlyVisitDuty). Uses the current status.
 */
export async function listHouseholdsForVisitDuty(db: Executor, countyCodes: readonly string[], month: IsoMonth): Promise<VisitDutyHousehold[]> {
  if (countyCodes.length === 0) return [];
  const rows = await db
    .select({
      id: households.id,
      countyCode: households.countyCode,
      villageCode: households.villageCode,
      address: households.address,
      status: households.status,
      yearLeftPoverty: households.yearLeftPoverty,
      headName: members.name,
    })
    .from(households)
    .leftJoin(members, and(eq(members.householdId, households.id), eq(members.relation, 'head')))
    .where(and(inArray(households.countyCode, [...countyCodes]), inArray(households.status, ['left-poverty', 'monitored'])))
    .orderBy(asc(households.villageCode), asc(households.id));
  const duty = new Set(
    monthlyVisitDuty({
      month,
      households: rows.map((row) => ({
        householdId: String(row.id),
        povertyExited: isPovertyExited({ status: row.status as HouseholdStatus, yearLeftPoverty: row.yearLeftPoverty }),
        monitored: row.status === 'monitored',
      })),
    }).householdIds,
  );
  return rows
    .filter((row) => duty.has(String(row.id)))
    .map((row) => ({
      householdId: row.id,
      countyCode: row.countyCode,
      villageCode: row.villageCode,
      address: row.address,
      status: row.status as HouseholdStatus,
      headName: row.headName ?? '',
    }));
}

/** Which households `readHouseholdIncomes` reads: a set of counties or a list of ids, for one income year. */
export type HouseholdIncomeQuery = { year: number } & (
  | {
      countyCodes: readonly string[];
      /** Only 脱贫户 (status left-poverty, or monitored after leaving poverty). */
      povertyExitedOnly?: boolean;
      /**
       * Only households that may be low or fell: the year's net income below last year's, or at most
       * (perCapitaAtMostFen + 1) × members. A superset filter for callers that decide by the rules.
       */
      lowOrFell?: {
        perCapitaAtMostFen: number;
        /** Above this many households without an asked-year row, read every household's two years instead of by id (default 20,000). */
        absentByIdLimit?: number;
      };
    }
  | { householdIds: readonly number[] }
);

interface IncomeSqlRow {
  household_id: number | string;
  county_code: string;
  village_code: string;
  status: string;
  year_left_poverty: number | null;
  members: number | string;
  base_year: number | null;
  b_wages: number | string | null;
  b_business: number | string | null;
  b_property: number | string | null;
  b_transfers: number | string | null;
  b_costs: number | string | null;
  p_wages: number | string | null;
  p_business: number | string | null;
  p_property: number | string | null;
  p_transfers: number | string | null;
  p_costs: number | string | null;
}

function incomeYear(year: number | null, wages: unknown, business: unknown, property: unknown, transfers: unknown, costs: unknown): IncomeYear | null {
  if (year === null || wages === null) return null;
  return {
    year: Number(year),
    wagesFen: Number(wages),
    businessFen: Number(business),
    propertyFen: Number(property),
    transfersFen: Number(transfers),
    productionCostsFen: Number(costs),
  };
}

const NET = (alias: string) =>
  sql.raw(`(${alias}.wages_fen + ${alias}.business_fen + ${alias}.property_fen + ${alias}.transfers_fen - ${alias}.production_costs_fen)`);

/** The five components of one income year as SQL selects them (null when the row is missing). */
interface IncomeColumns {
  wages_fen: unknown;
  business_fen: unknown;
  property_fen: unknown;
  transfers_fen: unknown;
  production_costs_fen: unknown;
}

const net = (income: IncomeYear) => income.wagesFen + income.businessFen + income.propertyFen + income.transfersFen - income.productionCostsFen;

/** Income years of these households by id: the given year, or (`before`) the latest year before it. */
async function incomeYearsById(db: Executor, householdIds: readonly number[], year: number, mode: 'exactly' | 'before'): Promise<Map<number, IncomeYear>> {
  const found = new Map<number, IncomeYear>();
  if (householdIds.length === 0) return found;
  const ids = sql.param([...householdIds]);
  const rows = await queryRows<IncomeColumns & { household_id: number | string; year: number }>(
    db,
    mode === 'exactly'
      ? sql`select household_id, year, wages_fen, business_fen, property_fen, transfers_fen, production_costs_fen
          from registry.incomes where household_id = any(${ids}::bigint[]) and year = ${year}::int`
      : sql`select distinct on (household_id) household_id, year, wages_fen, business_fen, property_fen, transfers_fen, production_costs_fen
          from registry.incomes where household_id = any(${ids}::bigint[]) and year < ${year}::int
          order by household_id, year desc`,
  );
  for (const row of rows) {
    const income = incomeYear(Number(row.year), row.wages_fen, row.business_fen, row.property_fen, row.transfers_fen, row.production_costs_fen);
    if (income) found.set(Number(row.household_id), income);
  }
  return found;
}

/**
 * Bulk, set-based income read (no per-household round trips): each household of the counties (or of
 * the ids) with its member count (the stored `member_count`, kept by triggers), the asked year's
 * income (or the latest earlier year carried forward) and the year before. One statement over
 * households and the two years; a second, by id, only for households with neither year (their
 * latest earlier year), so the large read stays two hash joins with the filter before the sort.
 * With `lowOrFell` the large read is households ⋈ the asked year only — a fall is decided on the
 * stored `previous_net_fen` (drizzle/0006), the year before is then read by id for the few
 * households kept. Unscoped like the rest of this file: pass only counties from `ctx.access`, or
 * ids the caller may see.
 */
export async function readHouseholdIncomes(db: Executor, query: HouseholdIncomeQuery): Promise<HouseholdIncomeRow[]> {
  if ('countyCodes' in query && query.lowOrFell) return readLowOrFellIncomes(db, { ...query, lowOrFell: query.lowOrFell });
  const { year } = query;
  let householdFilter: SQL;
  const extra: SQL[] = [];
  if ('householdIds' in query) {
    if (query.householdIds.length === 0) return [];
    const ids = sql.param([...query.householdIds]);
    householdFilter = sql`h.id = any(${ids}::bigint[])`;
  } else {
    if (query.countyCodes.length === 0) return [];
    const counties = sql.param([...query.countyCodes]);
    householdFilter = sql`h.county_code = any(${counties}::text[])`;
    if (query.povertyExitedOnly) extra.push(POVERTY_EXITED);
  }
  const rows = await queryRows<IncomeSqlRow>(
    db,
    sql`select h.id as household_id, h.county_code, h.village_code, h.status, h.year_left_poverty,
        h.member_count as members,
        coalesce(c.year, p.year) as base_year, coalesce(c.wages_fen, p.wages_fen) as b_wages,
        coalesce(c.business_fen, p.business_fen) as b_business, coalesce(c.property_fen, p.property_fen) as b_property,
        coalesce(c.transfers_fen, p.transfers_fen) as b_transfers, coalesce(c.production_costs_fen, p.production_costs_fen) as b_costs,
        p.wages_fen as p_wages, p.business_fen as p_business, p.property_fen as p_property,
        p.transfers_fen as p_transfers, p.production_costs_fen as p_costs
      from registry.households h
      left join registry.incomes c on c.household_id = h.id and c.year = ${year}::int
      left join registry.incomes p on p.household_id = h.id and p.year = ${year - 1}::int
      where ${householdFilter} ${extra.length > 0 ? sql`and ${sql.join(extra, sql` and `)}` : sql``}
      order by h.id`,
  );
  const older = await incomeYearsById(
    db,
    rows.filter((row) => row.base_year === null).map((row) => Number(row.household_id)),
    year - 1,
    'before',
  );
  return rows.map((row) => {
    const householdId = Number(row.household_id);
    return incomeRowOf(
      row,
      row.base_year === null
        ? (older.get(householdId) ?? null)
        : incomeYear(row.base_year, row.b_wages, row.b_business, row.b_property, row.b_transfers, row.b_costs),
      incomeYear(row.p_wages === null ? null : year - 1, row.p_wages, row.p_business, row.p_property, row.p_transfers, row.p_costs),
    );
  });
}

/** 脱贫户: left poverty, or monitored after leaving it (the SQL of isPovertyExited over status and year). */
const POVERTY_EXITED = sql`(h.status = 'left-poverty' or (h.status = 'monitored' and h.year_left_poverty is not null))`;

function incomeRowOf(
  row: Pick<IncomeSqlRow, 'household_id' | 'county_code' | 'village_code' | 'status' | 'year_left_poverty' | 'members'>,
  base: IncomeYear | null,
  previous: IncomeYear | null,
): HouseholdIncomeRow {
  return {
    householdId: Number(row.household_id),
    countyCode: row.county_code,
    villageCode: row.village_code,
    status: row.status as HouseholdStatus,
    yearLeftPoverty: row.year_left_poverty === null ? null : Number(row.year_left_poverty),
    members: Number(row.members),
    base,
    previous,
  };
}

/** A household the ledger may flag: its base net income below the year before's, or at most `lowLimit` × members. */
const lowOrFell = (row: HouseholdIncomeRow, lowLimit: number): boolean =>
  row.base !== null && ((row.previous !== null && net(row.base) < net(row.previous)) || net(row.base) <= lowLimit * Math.max(row.members, 1));

/** Above this many households without an asked-year row (e.g. in January), one set-based read of all beats reading by id. */
const ABSENT_BY_ID_LIMIT = 20_000;

/**
 * The ledger's superset read: households whose asked-year net income is below the year before
 * (`previous_net_fen`) or at most (perCapitaAtMostFen + 1) × members, plus those without an
 * asked-year row whose carried-forward year is that low. One parallel hash join of households with
 * the asked year, filtered before the sort; then by id the year before of the households kept, and
 * the year before (or latest earlier year) of those without an asked-year row, decided here. When
 * many lack the asked year, the two-year read of every household is cheaper, filtered the same way.
 */
async function readLowOrFellIncomes(
  db: Executor,
  query: { year: number; countyCodes: readonly string[]; povertyExitedOnly?: boolean; lowOrFell: { perCapitaAtMostFen: number; absentByIdLimit?: number } },
): Promise<HouseholdIncomeRow[]> {
  const { year } = query;
  if (query.countyCodes.length === 0) return [];
  const lowLimit = query.lowOrFell.perCapitaAtMostFen + 1;
  const rows = await queryRows<Omit<IncomeSqlRow, 'p_wages' | 'p_business' | 'p_property' | 'p_transfers' | 'p_costs'>>(
    db,
    sql`select h.id as household_id, h.county_code, h.village_code, h.status, h.year_left_poverty, h.member_count as members,
        c.year as base_year, c.wages_fen as b_wages, c.business_fen as b_business, c.property_fen as b_property,
        c.transfers_fen as b_transfers, c.production_costs_fen as b_costs
      from registry.households h
      left join registry.incomes c on c.household_id = h.id and c.year = ${year}::int
      where h.county_code = any(${sql.param([...query.countyCodes])}::text[]) ${query.povertyExitedOnly ? sql`and ${POVERTY_EXITED}` : sql``}
        and (c.household_id is null or ${NET('c')} < c.previous_net_fen or ${NET('c')} <= ${lowLimit}::bigint * greatest(h.member_count, 1))
      order by h.id`,
  );
  const absent = rows.filter((row) => row.base_year === null).map((row) => Number(row.household_id));
  if (absent.length > (query.lowOrFell.absentByIdLimit ?? ABSENT_BY_ID_LIMIT)) {
    const { lowOrFell: _filter, ...everyone } = query;
    return (await readHouseholdIncomes(db, everyone)).filter((row) => lowOrFell(row, lowLimit));
  }
  const previous = await incomeYearsById(
    db,
    rows.map((row) => Number(row.household_id)),
    year - 1,
    'exactly',
  );
  const older = await incomeYearsById(
    db,
    absent.filter((id) => !previous.has(id)),
    year - 1,
    'before',
  );
  return rows
    .map((row) => {
      const householdId = Number(row.household_id);
      const before = previous.get(householdId) ?? null;
      const base =
        row.base_year !== null
          ? incomeYear(row.base_year, row.b_wages, row.b_business, row.b_property, row.b_transfers, row.b_costs)
          : (before ?? older.get(householdId) ?? null);
      return incomeRowOf(row, base, before);
    })
    .filter((row) => lowOrFell(row, lowLimit));
}

/** One village's §3 visit duty: how many of its households must be visited every month. */
export interface VisitDutyTally {
  countyCode: string;
  villageCode: string;
  households: number;
}

/**
 * §3 visit duty per village of these counties under `regionCode` (a province, city, county or
 * village code), from the stored tallies (drizzle/0004_visit_duty_tallies.sql) — the same
 * households `listHouseholdsForVisitDuty` lists, counted, without reading them. Villages with no
 * due household are left out; rows in county, village order.
 */
export async function visitDutyTallies(db: Executor, countyCodes: readonly string[], regionCode: string): Promise<VisitDutyTally[]> {
  if (countyCodes.length === 0) return [];
  return db
    .select({ countyCode: dutyTallies.countyCode, villageCode: dutyTallies.villageCode, households: dutyTallies.households })
    .from(dutyTallies)
    .where(and(inArray(dutyTallies.countyCode, [...countyCodes]), like(dutyTallies.villageCode, `${regionCode}%`), gt(dutyTallies.households, 0)))
    .orderBy(asc(dutyTallies.countyCode), asc(dutyTallies.villageCode));
}

/**
 * The same §3 duty per village as `visitDutyTallies`, as a subquery (fields countyCode, villageCode,
 * households) for a caller that aggregates it in its own statement — e.g. visits' province and city
 * compliance, which joins it with its own per-village tallies and sums per county in SQL, so ~100
 * county rows leave the database instead of every village's, and both tallies are read in one
 * snapshot. Not scoped either: pass only counties from the caller's `ctx.access`. `countyCodes` must
 * not be empty.
 */
export function visitDutyTalliesSubquery(db: Executor, countyCodes: readonly string[], regionCode: string) {
  return db
    .select({ countyCode: dutyTallies.countyCode, villageCode: dutyTallies.villageCode, households: dutyTallies.households })
    .from(dutyTallies)
    .where(and(inArray(dutyTallies.countyCode, [...countyCodes]), like(dutyTallies.villageCode, `${regionCode}%`), gt(dutyTallies.households, 0)))
    .as('visit_duty');
}

/** Members with this ID number in the given counties (usually one; more only across counties). */
export async function findMembersByIdNumber(db: Executor, countyCodes: readonly string[], idNumber: string, today: string): Promise<MemberRecord[]> {
  if (countyCodes.length === 0) return [];
  const rows = await db
    .select()
    .from(members)
    .where(and(eq(members.idNumber, idNumber.trim().toUpperCase()), inArray(members.countyCode, [...countyCodes])));
  return rows.map((row) => memberRecord(row, today));
}

/**
 * Each household's head name (户主姓名), for lists that name households rather than show their ids;
 * households without a head member are missing from the map. Not scoped: pass only ids of rows the
 * caller already read through its own `ctx.access`.
 */
export async function householdHeadNames(db: Executor, householdIds: readonly number[]): Promise<Map<number, string>> {
  if (householdIds.length === 0) return new Map();
  const rows = await db
    .select({ householdId: members.householdId, name: members.name })
    .from(members)
    .where(and(inArray(members.householdId, [...new Set(householdIds)]), eq(members.relation, 'head')))
    .orderBy(asc(members.id));
  const names = new Map<number, string>();
  for (const row of rows) if (!names.has(row.householdId)) names.set(row.householdId, row.name);
  return names;
}

export { setHouseholdStatus, type StatusChange } from './status.ts';

export { applyIncomeChange, type AppliedIncomeChange, type IncomeChange } from './income-change.ts';

/**
 * One page of household profiles in id order (bulk read for region-wide work such as monitoring's
 * what-if): the households of `countyCodes` whose village code starts with `regionPrefix`, with
 * id > `afterId`, at most `limit`, each exactly as getHouseholdProfile builds it. Three queries a
 * page, whatever its size. Not scoped: pass only counties from `ctx.access`.
 */
export async function householdProfilesPage(
  db: Executor,
  page: { countyCodes: readonly string[]; regionPrefix: string; afterId: number; limit: number },
  today: string,
): Promise<HouseholdProfile[]> {
  if (page.countyCodes.length === 0) return [];
  const rows = await db
    .select()
    .from(households)
    .where(and(inArray(households.countyCode, [...page.countyCodes]), like(households.villageCode, `${page.regionPrefix}%`), gt(households.id, page.afterId)))
    .orderBy(asc(households.id))
    .limit(page.limit);
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [memberRows, incomeRows] = await Promise.all([
    db.select().from(members).where(inArray(members.householdId, ids)).orderBy(asc(members.householdId), asc(members.id)),
    db.select().from(incomes).where(inArray(incomes.householdId, ids)).orderBy(asc(incomes.householdId), desc(incomes.year)),
  ]);
  const peopleOf = new Map<number, MemberRecord[]>();
  for (const person of memberRows) {
    const list = peopleOf.get(person.householdId) ?? [];
    list.push(memberRecord(person, today));
    peopleOf.set(person.householdId, list);
  }
  const yearsOf = new Map<number, ReturnType<typeof incomeRecord>[]>();
  for (const income of incomeRows) {
    const list = yearsOf.get(income.householdId) ?? [];
    if (list.length < 2) list.push(incomeRecord(income));
    yearsOf.set(income.householdId, list);
  }
  return rows.map((row) => {
    const household = householdRecord(row);
    const people = peopleOf.get(row.id) ?? [];
    const years = yearsOf.get(row.id) ?? [];
    const latestIncome = years[0] ?? null;
    const previousIncome = latestIncome && years[1] && years[1].year === latestIncome.year - 1 ? years[1] : null;
    const size = Math.max(people.length, 1);
    return {
      household,
      members: people,
      latestIncome,
      previousIncome,
      perCapita: latestIncome ? perCapitaNetIncome({ components: latestIncome, householdSize: size }) : null,
      previousPerCapita: previousIncome ? perCapitaNetIncome({ components: previousIncome, householdSize: size }) : null,
      rulesMembers: rulesMembersOf(household, people),
    };
  });
}

/** How many households householdProfilesPage would page through (same filter, no id bound). */
export async function countHouseholds(db: Executor, countyCodes: readonly string[], regionPrefix: string): Promise<number> {
  if (countyCodes.length === 0) return 0;
  const [row] = await db
    .select({ count: count() })
    .from(households)
    .where(and(inArray(households.countyCode, [...countyCodes]), like(households.villageCode, `${regionPrefix}%`)));
  return row?.count ?? 0;
}

/** The head of each household (name and unmasked ID number; the caller masks), by household id. */
export async function householdHeads(db: Executor, householdIds: readonly number[]): Promise<Map<number, { name: string; idNumber: string }>> {
  const heads = new Map<number, { name: string; idNumber: string }>();
  for (let start = 0; start < householdIds.length; start += 5000) {
    const ids = householdIds.slice(start, start + 5000);
    const rows = await db
      .select({ householdId: members.householdId, name: members.name, idNumber: members.idNumber })
      .from(members)
      .where(and(inArray(members.householdId, [...ids]), eq(members.relation, 'head')));
    for (const row of rows) heads.set(row.householdId, { name: row.name, idNumber: row.idNumber });
  }
  return heads;
}

/** One village's 脱贫 labour with one employment value, as `povertyExitedLabourByVillage` counts it. */
export interface LabourTally {
  villageCode: string;
  employment: MemberRecord['employment'];
  people: number;
}

/**
 * 稳岗就业 from the registry in one statement: members aged 16 or over on `today` (whole years, as
 * the rules' ageInYears counts them) of 脱贫户 — households left poverty, or monitored after leaving
 * it — of these counties under `regionPrefix`, counted per village and employment value. Replaces
 * reading every household's profile. Not scoped: pass only counties from `ctx.access`.
 */
export async function povertyExitedLabourByVillage(db: Executor, countyCodes: readonly string[], regionPrefix: string, today: string): Promise<LabourTally[]> {
  if (countyCodes.length === 0) return [];
  const day = sql`${today}::date`;
  const rows = await queryRows<{ village_code: string; employment: string; people: number | string }>(
    db,
    sql`select h.village_code, m.employment, count(*) as people
      from registry.members m join registry.households h on h.id = m.household_id
      where h.county_code = any(${sql.param([...countyCodes])}::text[]) and h.village_code like ${`${regionPrefix}%`}
        and (h.status = 'left-poverty' or (h.status = 'monitored' and h.year_left_poverty is not null))
        and extract(year from ${day}) - extract(year from m.birth_date)
          - case when to_char(${day}, 'MM-DD') < to_char(m.birth_date, 'MM-DD') then 1 else 0 end >= 16
      group by h.village_code, m.employment
      order by h.village_code, m.employment`,
  );
  return rows.map((row) => ({ villageCode: row.village_code, employment: row.employment as MemberRecord['employment'], people: Number(row.people) }));
}
