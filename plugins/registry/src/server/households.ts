/**
 * Household and member services behind the router: list (server-side paging, sort, filter),
 * search, detail with history, create / edit / move, members and incomes. Scope checks are the
 * caller's `AccessScope`; personal data is masked here unless the reader may see it.
 */
import type { AccessScope, ModuleContext } from '@zhenxing/core';
import { errors, ZxError } from '@zhenxing/core';
import { queryRows, regions, type Executor } from '@zhenxing/db';
import { maskIdNumber, normalizeIdNumber, perCapitaNetIncome, idNumberSearch, validateIdNumber } from '@zhenxing/rules';
import { and, asc, desc, eq, inArray, like, ne, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CreateHouseholdInputSchema,
  HouseholdFieldsSchema,
  HouseholdRecord,
  IncomeInput,
  IncomeRecord,
  ListHouseholdsInputSchema,
  MemberInputSchema,
  MemberView,
} from '../index.ts';
import { diff, writeHistory } from './history.ts';
import { householdRecord, incomeRecord, maskChanges, maskMember, memberRecord } from './records.ts';
import { householdHistory, households, incomes, members } from './schema.ts';

/** A registry read: the core context's scope and day, and whether the reader may see personal data. */
export type Reader = Pick<ModuleContext, 'access' | 'today'> & {
  /** Holds registry.pii.view: sees ID numbers, birth dates and health data unmasked (else an age from `today`). */
  pii: boolean;
};

/** A registry write: a reader with the write's transaction and actor, and one instant for all its rows. */
export type Writer = Reader & Pick<ModuleContext, 'db' | 'actor'> & { now: Date };

const HOUSEHOLD = { 'zh-CN': '该农户', en: 'The household' };
const MEMBER = { 'zh-CN': '该家庭成员', en: 'The household member' };

export interface HouseholdListItem extends HouseholdRecord {
  headName: string;
  headIdNumber: string;
  memberCount: number;
}

function memberCountSql(): SQL<number> {
  return sql<number>`(select count(*)::int from registry.members as m where m.household_id = registry.households.id)`;
}

/**
 * Households matching a search, as a set of ids every arm of which an index serves: a 12-digit
 * village code (equality), an ID number (18 characters: equality; 6–17 digits: prefix) of the
 * household key or any member, or text — a member's name prefix, a village whose name contains
 * it (regions is small), or an address prefix. Substring search on names and addresses would need
 * pg_trgm, which PGlite lacks; prefixes behave the same on both databases.
 */
interface SearchSql {
  /** `households.id IN (ids)`: a semi-join, good when the candidates are few. */
  where: SQL;
  /** The scoped candidate household ids (UNION ALL of index-only arms); null for a village code. */
  ids: SQL | null;
  /** The same test row by row (EXISTS / column tests): good when candidates are dense, for a walk in id order. */
  rowWise: SQL;
}

export function searchCondition(query: string, reader: Reader): SearchSql | undefined {
  const text = query.trim();
  if (text === '') return undefined;
  if (/^\d{12}$/.test(text)) {
    const where = eq(households.villageCode, text);
    return { where, ids: null, rowWise: where };
  }
  // Each arm is scoped itself so that it starts from its index (index-only: ids are in the index).
  const householdScope = reader.access.where(households.countyCode, households.villageCode);
  const memberScope = reader.access.where(members.countyCode, members.villageCode);
  // Scoped too, so that a hashed form of the subquery still starts from the member indexes.
  const memberOf = (test: SQL): SQL => sql`exists (select 1 from ${members} where ${members.householdId} = ${households.id} and ${memberScope} and ${test})`;
  let ids: SQL;
  let rowWise: SQL;
  if (/^\d{6,17}[\dX]?$/.test(normalizeIdNumber(text))) {
    const id = idNumberSearch(normalizeIdNumber(text), reader.pii);
    const match =
      'exact' in id
        ? { key: eq(households.householdKey, id.exact), member: eq(members.idNumber, id.exact) }
        : { key: like(households.householdKey, id.like), member: like(members.idNumber, id.like) };
    ids = sql`select ${households.id} from ${households} where ${householdScope} and ${match.key}
      union all select ${members.householdId} from ${members} where ${memberScope} and ${match.member}`;
    rowWise = sql`(${match.key} or ${memberOf(match.member)})`;
  } else {
    const prefix = `${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    const villages = sql`select ${regions.code} from ${regions} where ${regions.level} = 5 and ${regions.name} like ${`%${prefix}`}`;
    ids = sql`select ${members.householdId} from ${members} where ${memberScope} and ${members.name} like ${prefix}
      union all select ${households.id} from ${households} where ${householdScope} and ${households.address} like ${prefix}
      union all select ${households.id} from ${households} where ${householdScope} and ${households.villageCode} in (${villages})`;
    rowWise = sql`(${memberOf(like(members.name, prefix))} or ${households.address} like ${prefix} or ${households.villageCode} in (${villages}))`;
  }
  return { where: sql`${households.id} in (${ids})`, ids, rowWise };
}

/** Lists stop counting here: `total` is exact below it; above it `totalCapped` is true ("10,000+"). */
export const LIST_COUNT_CAP = 10_000;
/** Index entries a search reads at most to size its candidates (≥ LIST_COUNT_CAP × people per household). */
const CANDIDATE_ROW_LIMIT = 16 * LIST_COUNT_CAP;

export async function listHouseholds(
  db: Executor,
  reader: Reader,
  input: z.output<typeof ListHouseholdsInputSchema>,
  limits = { countCap: LIST_COUNT_CAP, candidateRows: CANDIDATE_ROW_LIMIT },
) {
  const { countCap, candidateRows } = limits;
  const scope = reader.access.where(households.countyCode, households.villageCode);
  const conditions = [scope];
  if (input.status) conditions.push(eq(households.status, input.status));
  const search = input.search ? searchCondition(input.search, reader) : undefined;
  if (search) conditions.push(search.where);
  const where = and(...conditions);
  const sortColumn = {
    id: households.id,
    villageCode: households.villageCode,
    address: households.address,
    status: households.status,
    memberCount: memberCountSql(),
    updatedAt: households.updatedAt,
  }[input.sort];
  const order = input.order === 'desc' ? desc(sortColumn) : asc(sortColumn);
  const tie = input.order === 'desc' ? desc(households.id) : asc(households.id);
  const offset = (input.page - 1) * input.pageSize;
  const direction = sql.raw(input.order === 'desc' ? 'desc' : 'asc');
  let total: number;
  let totalCapped: boolean;
  let pageWhere: SQL | undefined = where;
  let pageOffset = offset;
  if (search?.ids) {
    // Probe the candidates from the indexes alone, reading at most candidateRows entries.
    const [probe] = await queryRows<{ rows: number; value: number }>(
      db,
      sql`
      with arm as materialized (select candidates.id from (${search.ids}) as candidates(id) limit ${candidateRows})
      select (select count(*) from arm)::int as rows, (select count(*) from (select distinct id from arm limit ${countCap + 1}) as d)::int as value`,
    );
    const dense = Number(probe?.rows ?? 0) >= candidateRows || Number(probe?.value ?? 0) > countCap;
    if (dense) {
      // Many matches: walk households in order and test each (a page fills after a few rows).
      pageWhere = and(...conditions.slice(0, -1), search.rowWise);
      const [counted] = input.status
        ? await queryRows<{ value: number }>(
            db,
            sql`select count(*)::int as value from (select 1 from ${households} where ${pageWhere} limit ${countCap + 1}) as matches`,
          )
        : [{ value: countCap + 1 }];
      total = Math.min(Number(counted?.value ?? 0), countCap);
      totalCapped = Number(counted?.value ?? 0) > countCap;
    } else if (!input.status) {
      // Few matches, already scoped: count the distinct ids; pick the page among them by id.
      total = Number(probe?.value ?? 0);
      totalCapped = false;
      if (input.sort === 'id') {
        pageWhere = and(
          scope,
          sql`${households.id} in (select distinct candidates.id from (${search.ids}) as candidates(id) order by candidates.id ${direction} limit ${input.pageSize} offset ${offset})`,
        );
        pageOffset = 0;
      }
    } else {
      const [counted] = await queryRows<{ value: number }>(
        db,
        sql`select count(*)::int as value from (select 1 from ${households} where ${where} limit ${countCap + 1}) as matches`,
      );
      total = Math.min(Number(counted?.value ?? 0), countCap);
      totalCapped = Number(counted?.value ?? 0) > countCap;
    }
  } else {
    // A bounded count: at most countCap + 1 index entries are visited, whatever the table size.
    const [counted] = await queryRows<{ value: number }>(
      db,
      sql`select count(*)::int as value from (select 1 from ${households} where ${where} limit ${countCap + 1}) as matches`,
    );
    total = Math.min(Number(counted?.value ?? 0), countCap);
    totalCapped = Number(counted?.value ?? 0) > countCap;
  }
  const rows = await db
    .select({
      household: households,
      headName: sql<string | null>`(select m.name from registry.members as m where m.household_id = registry.households.id and m.relation = 'head' limit 1)`,
      memberCount: memberCountSql(),
    })
    .from(households)
    .where(pageWhere)
    .orderBy(...(input.sort === 'id' ? [order] : [order, tie]))
    .limit(input.pageSize)
    .offset(pageOffset);
  const items: HouseholdListItem[] = rows.map((row) => ({
    ...householdRecord(row.household),
    headName: row.headName ?? '',
    headIdNumber: reader.pii ? row.household.householdKey : maskIdNumber(row.household.householdKey),
    householdKey: reader.pii ? row.household.householdKey : maskIdNumber(row.household.householdKey),
    memberCount: Number(row.memberCount),
  }));
  return { total, totalCapped, page: input.page, pageSize: input.pageSize, items };
}

export interface SearchHit {
  householdId: number;
  memberId: number;
  name: string;
  idNumber: string;
  relation: string;
  villageCode: string;
  address: string;
}

/**
 * People by name prefix, ID number (see idNumberSearch: without the PII permission never by birth digits) or 12-digit village code: at
 * most `limit` hits. Ordered by the index that finds them (`USING ~<~` is the text_pattern_ops
 * order, i.e. code point order), so a query stops after `limit` index entries however many match.
 */
export async function searchPeople(db: Executor, reader: Reader, query: string, limit: number): Promise<SearchHit[]> {
  const text = query.trim();
  if (text === '') return [];
  const scope = reader.access.where(members.countyCode, members.villageCode);
  let condition: SQL;
  let order: SQL[];
  if (/^\d{12}$/.test(text)) {
    condition = eq(members.villageCode, text);
    order = [sql`${members.name} using ~<~`, asc(members.id)];
  } else if (/^\d{6,17}[\dX]?$/.test(normalizeIdNumber(text))) {
    const id = idNumberSearch(normalizeIdNumber(text), reader.pii);
    condition = 'exact' in id ? eq(members.idNumber, id.exact) : like(members.idNumber, id.like);
    order = [sql`${members.idNumber} using ~<~`, asc(members.id)];
  } else {
    condition = like(members.name, `${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
    order = [sql`${members.name} using ~<~`, asc(members.id)];
  }
  const rows = await db
    .select({ member: members, address: households.address })
    .from(members)
    .innerJoin(households, eq(households.id, members.householdId))
    .where(and(scope, condition))
    .orderBy(...order)
    .limit(limit);
  return rows.map(({ member, address }) => ({
    householdId: member.householdId,
    memberId: member.id,
    name: member.name,
    idNumber: reader.pii ? member.idNumber : maskIdNumber(member.idNumber),
    relation: member.relation,
    villageCode: member.villageCode,
    address,
  }));
}

async function loadVisible(db: Executor, access: AccessScope, householdId: number) {
  const [row] = await db.select().from(households).where(eq(households.id, householdId));
  if (!row || !access.canSee(row.villageCode)) throw errors.notFound(HOUSEHOLD);
  return row;
}

export interface HouseholdDetail {
  household: HouseholdRecord;
  members: (MemberView & { alsoInCounties: string[] })[];
  incomes: (IncomeRecord & { perCapitaFen: number; totalNetIncomeFen: number })[];
  history: { id: number; at: string; username: string | null; action: string; changes: Record<string, [unknown, unknown]> }[];
}

export async function householdDetail(db: Executor, reader: Reader, householdId: number): Promise<HouseholdDetail> {
  const row = await loadVisible(db, reader.access, householdId);
  const household = householdRecord(row);
  if (!reader.pii) household.householdKey = maskIdNumber(household.householdKey);
  const people = await db.select().from(members).where(eq(members.householdId, householdId)).orderBy(asc(members.id));
  const ids = people.map((person) => person.idNumber);
  const elsewhere =
    ids.length === 0
      ? []
      : await db
          .selectDistinct({ idNumber: members.idNumber, countyCode: members.countyCode })
          .from(members)
          .where(and(inArray(members.idNumber, ids), ne(members.countyCode, row.countyCode)));
  const size = Math.max(people.length, 1);
  const incomeRows = (await db.select().from(incomes).where(eq(incomes.householdId, householdId)).orderBy(desc(incomes.year))).map(incomeRecord);
  const history = await db
    .select()
    .from(householdHistory)
    .where(eq(householdHistory.householdId, householdId))
    .orderBy(desc(householdHistory.at), desc(householdHistory.id));
  return {
    household,
    members: people.map((person) => {
      const record = memberRecord(person, reader.today);
      return {
        ...(reader.pii ? record : maskMember(record, reader.today)),
        alsoInCounties: elsewhere.filter((item) => item.idNumber === person.idNumber).map((item) => item.countyCode),
      };
    }),
    incomes: incomeRows.map((income) => {
      const { perCapitaFen, totalNetIncomeFen } = perCapitaNetIncome({ components: income, householdSize: size });
      return { ...income, perCapitaFen, totalNetIncomeFen };
    }),
    history: history.map((entry) => ({
      id: entry.id,
      at: entry.at.toISOString(),
      username: entry.username,
      action: entry.action,
      changes: reader.pii ? entry.changes : maskChanges(entry.changes),
    })),
  };
}

type MemberInputValue = z.output<typeof MemberInputSchema>;

interface CheckedMember extends Omit<MemberInputValue, 'birthDate' | 'sex'> {
  idNumber: string;
  birthDate: string;
  sex: 'male' | 'female';
}

/** Validates one member with the rules' validateIdNumber; birth date and sex agree with the ID. */
export function checkMember(member: MemberInputValue, today: string, label = ''): CheckedMember {
  const validation = validateIdNumber(member.idNumber, { asOf: today });
  if (!validation.valid) {
    throw errors.invalid(
      {
        'zh-CN': `${label}身份证号无效：${validation.reasons.map((reason) => reason.message['zh-CN']).join('；')}`,
        en: `${label}invalid ID number: ${validation.reasons.map((reason) => reason.message.en).join('; ')}`,
      },
      { field: 'idNumber', reasons: validation.reasons.map((reason) => reason.code) },
    );
  }
  if (member.birthDate && member.birthDate !== validation.birthDate) {
    throw errors.invalid({ 'zh-CN': `${label}出生日期与身份证号不一致`, en: `${label}the birth date disagrees with the ID number` }, { field: 'birthDate' });
  }
  if (member.sex && member.sex !== validation.sex) {
    throw errors.invalid({ 'zh-CN': `${label}性别与身份证号不一致`, en: `${label}sex disagrees with the ID number` }, { field: 'sex' });
  }
  return { ...member, idNumber: validation.idNumber, birthDate: validation.birthDate, sex: validation.sex };
}

/**
 * Refuses ID numbers already registered in the county (`householdId`: the household being edited,
 * for the wording). The holding household is named only when it lies inside `callerScope`: a
 * village cadre learns that the number is taken, not where.
 */
async function assertIdsFree(
  db: Executor,
  countyCode: string,
  ids: readonly string[],
  callerScope: string,
  options: { exceptMemberId?: number; householdId?: number } = {},
): Promise<void> {
  if (ids.length === 0) return;
  const { exceptMemberId, householdId } = options;
  const taken = await db
    .select({ id: members.id, idNumber: members.idNumber, householdId: members.householdId, villageCode: members.villageCode })
    .from(members)
    .where(
      and(eq(members.countyCode, countyCode), inArray(members.idNumber, [...ids]), exceptMemberId === undefined ? undefined : ne(members.id, exceptMemberId)),
    );
  const first = taken[0];
  if (!first) return;
  const masked = maskIdNumber(first.idNumber);
  const visible = first.villageCode.startsWith(callerScope);
  const message =
    first.householdId === householdId
      ? {
          'zh-CN': `身份证号 ${masked} 已是本户的成员。一个身份证号只能属于一个人。`,
          en: `ID number ${masked} already belongs to a member of this household. One ID number belongs to one person.`,
        }
      : visible
        ? {
            'zh-CN': `身份证号 ${masked} 已登记在本县（区）的另一户（编号 ${first.householdId}）。一个身份证号只能属于一个人。`,
            en: `ID number ${masked} is already registered in household ${first.householdId} of this county. One ID number belongs to one person.`,
          }
        : {
            'zh-CN': `身份证号 ${masked} 已登记在本县（区）您管辖范围以外的另一户。一个身份证号只能属于一个人；请联系县级管理员核实。`,
            en: `ID number ${masked} is already registered in another household of this county, outside your area. One ID number belongs to one person; ask a county admin.`,
          };
  throw new ZxError('CONFLICT', 'id-number-taken', message, visible ? { householdId: first.householdId, field: 'idNumber' } : { field: 'idNumber' });
}

function memberSnapshot(member: typeof members.$inferSelect): Record<string, unknown> {
  const { id: _id, householdId: _household, countyCode: _county, villageCode: _village, ...rest } = member;
  return rest;
}

export async function createHousehold(writer: Writer, input: z.output<typeof CreateHouseholdInputSchema>): Promise<{ id: number }> {
  const { db, access } = writer;
  access.assertRegion(input.villageCode);
  const countyCode = input.villageCode.slice(0, 6);
  const checked = input.members.map((member, index) => checkMember(member, writer.today, `第${index + 1}位成员：`));
  const heads = checked.filter((member) => member.relation === 'head');
  if (heads.length !== 1) throw errors.invalid({ 'zh-CN': '每户须有且只有一位户主。', en: 'A household needs exactly one head (户主).' });
  const ids = checked.map((member) => member.idNumber);
  if (new Set(ids).size !== ids.length) throw errors.invalid({ 'zh-CN': '同一户内身份证号重复。', en: 'An ID number repeats within the household.' });
  if (input.status === 'left-poverty' && input.yearLeftPoverty === null) {
    throw errors.invalid({ 'zh-CN': '脱贫户须填写脱贫年度。', en: 'A household that left poverty needs the year it left.' }, { field: 'yearLeftPoverty' });
  }
  await assertIdsFree(db, countyCode, ids, writer.access.userScope);
  const head = heads[0] as CheckedMember;
  const [existing] = await db
    .select({ id: households.id, villageCode: households.villageCode })
    .from(households)
    .where(and(eq(households.countyCode, countyCode), eq(households.householdKey, head.idNumber)));
  if (existing) {
    // Its id only for a caller who may open it.
    const details = existing.villageCode.startsWith(writer.access.userScope) ? { householdId: existing.id } : undefined;
    throw new ZxError(
      'CONFLICT',
      'household-exists',
      { 'zh-CN': '以该户主身份证号登记的农户已存在。', en: 'A household with this head already exists.' },
      details,
    );
  }
  const fields = {
    villageCode: input.villageCode,
    address: input.address,
    status: input.status,
    yearLeftPoverty: input.yearLeftPoverty,
    labourCapacity: input.labourCapacity,
  };
  const [row] = await db
    .insert(households)
    .values({ countyCode, householdKey: head.idNumber, ...fields, createdAt: writer.now, updatedAt: writer.now })
    .returning();
  const household = row as typeof households.$inferSelect;
  const inserted = await db
    .insert(members)
    .values(checked.map((member) => ({ householdId: household.id, countyCode, villageCode: input.villageCode, ...member })))
    .returning();
  const changes = diff(null, { householdKey: head.idNumber, ...fields });
  for (const member of inserted) changes[`member:${member.id}`] = [null, memberSnapshot(member)];
  if (input.income) {
    await db.insert(incomes).values({ householdId: household.id, countyCode, villageCode: input.villageCode, ...input.income });
    changes[`income:${input.income.year}`] = [null, input.income];
  }
  await writeHistory(
    db,
    [{ householdId: household.id, countyCode, villageCode: input.villageCode, action: 'create', changes }],
    writer.now,
    writer.actor.username,
  );
  return { id: household.id };
}

type HouseholdPatch = Partial<Omit<z.output<typeof HouseholdFieldsSchema>, 'villageCode'>>;

export async function updateHousehold(writer: Writer, householdId: number, patch: HouseholdPatch) {
  const before = await loadVisible(writer.db, writer.access, householdId);
  writer.access.assertRegion(before.villageCode);
  const next = { address: before.address, status: before.status, yearLeftPoverty: before.yearLeftPoverty, labourCapacity: before.labourCapacity, ...patch };
  if (next.status === 'left-poverty' && next.yearLeftPoverty === null) {
    throw errors.invalid({ 'zh-CN': '脱贫户须填写脱贫年度。', en: 'A household that left poverty needs the year it left.' }, { field: 'yearLeftPoverty' });
  }
  const changes = diff(
    { address: before.address, status: before.status, yearLeftPoverty: before.yearLeftPoverty, labourCapacity: before.labourCapacity },
    next,
  );
  if (Object.keys(changes).length > 0) {
    await writer.db
      .update(households)
      .set({ ...next, updatedAt: writer.now })
      .where(eq(households.id, householdId));
    await writeHistory(
      writer.db,
      [{ householdId, countyCode: before.countyCode, villageCode: before.villageCode, action: 'update', changes }],
      writer.now,
      writer.actor.username,
    );
  }
  return { before: householdRecord(before), changes };
}

/** Moves a household (and its members and incomes) to another village, possibly another county. */
export async function moveHousehold(writer: Writer, householdId: number, villageCode: string, address: string | undefined) {
  const { db, access } = writer;
  const before = await loadVisible(db, access, householdId);
  access.assertRegion(before.villageCode);
  access.assertRegion(villageCode);
  const [village] = await db
    .select({ code: regions.code })
    .from(regions)
    .where(and(eq(regions.code, villageCode), eq(regions.level, 5)));
  if (!village) throw errors.invalid({ 'zh-CN': `村代码 ${villageCode} 不存在。`, en: `There is no village ${villageCode}.` }, { field: 'villageCode' });
  const countyCode = villageCode.slice(0, 6);
  if (countyCode !== before.countyCode) {
    const people = await db.select({ idNumber: members.idNumber }).from(members).where(eq(members.householdId, householdId));
    await assertIdsFree(
      db,
      countyCode,
      people.map((person) => person.idNumber),
      access.userScope,
    );
  }
  const next = { countyCode, villageCode, address: address ?? before.address };
  await db
    .update(households)
    .set({ ...next, updatedAt: writer.now })
    .where(eq(households.id, householdId));
  await db.update(members).set({ countyCode, villageCode }).where(eq(members.householdId, householdId));
  await db.update(incomes).set({ countyCode, villageCode }).where(eq(incomes.householdId, householdId));
  const changes = diff({ countyCode: before.countyCode, villageCode: before.villageCode, address: before.address }, next);
  await writeHistory(db, [{ householdId, countyCode, villageCode, action: 'move', changes }], writer.now, writer.actor.username);
  return { before: householdRecord(before), after: next };
}

export async function addMember(writer: Writer, householdId: number, input: MemberInputValue) {
  const household = await loadVisible(writer.db, writer.access, householdId);
  writer.access.assertRegion(household.villageCode);
  const member = checkMember(input, writer.today);
  if (member.relation === 'head')
    throw errors.invalid({ 'zh-CN': '该户已有户主；如需更换户主请修改成员关系。', en: 'The household already has a head.' }, { field: 'relation' });
  await assertIdsFree(writer.db, household.countyCode, [member.idNumber], writer.access.userScope, { householdId: household.id });
  const [row] = await writer.db
    .insert(members)
    .values({ householdId, countyCode: household.countyCode, villageCode: household.villageCode, ...member })
    .returning();
  const inserted = row as typeof members.$inferSelect;
  await writeHistory(
    writer.db,
    [
      {
        householdId,
        countyCode: household.countyCode,
        villageCode: household.villageCode,
        action: 'member.add',
        changes: { [`member:${inserted.id}`]: [null, memberSnapshot(inserted)] },
      },
    ],
    writer.now,
    writer.actor.username,
  );
  return { household, member: inserted };
}

export async function updateMember(writer: Writer, memberId: number, patch: Partial<MemberInputValue>) {
  const [current] = await writer.db.select().from(members).where(eq(members.id, memberId));
  if (!current || !writer.access.canSee(current.villageCode)) throw errors.notFound(MEMBER);
  writer.access.assertRegion(current.villageCode);
  // Only the fields sent: an absent (or undefined) field keeps its stored value.
  const sent = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  const merged = checkMember({ ...memberSnapshot(current), ...sent } as MemberInputValue, writer.today);
  if (merged.idNumber !== current.idNumber)
    await assertIdsFree(writer.db, current.countyCode, [merged.idNumber], writer.access.userScope, {
      exceptMemberId: memberId,
      householdId: current.householdId,
    });
  const changes = diff(memberSnapshot(current), merged as unknown as Record<string, unknown>, `member:${memberId}.`);
  if (Object.keys(changes).length > 0) {
    await writer.db.update(members).set(merged).where(eq(members.id, memberId));
    await writeHistory(
      writer.db,
      [{ householdId: current.householdId, countyCode: current.countyCode, villageCode: current.villageCode, action: 'member.update', changes }],
      writer.now,
      writer.actor.username,
    );
  }
  return { member: current, changes };
}

export async function recordIncome(writer: Writer, householdId: number, income: IncomeInput) {
  const household = await loadVisible(writer.db, writer.access, householdId);
  writer.access.assertRegion(household.villageCode);
  const [previous] = await writer.db
    .select()
    .from(incomes)
    .where(and(eq(incomes.householdId, householdId), eq(incomes.year, income.year)));
  await writer.db
    .insert(incomes)
    .values({ householdId, countyCode: household.countyCode, villageCode: household.villageCode, ...income })
    .onConflictDoUpdate({ target: [incomes.householdId, incomes.year], set: income });
  const changes = { [`income:${income.year}`]: [previous ? incomeRecord(previous) : null, { householdId, ...income }] as [unknown, unknown] };
  await writeHistory(
    writer.db,
    [{ householdId, countyCode: household.countyCode, villageCode: household.villageCode, action: 'income.record', changes }],
    writer.now,
    writer.actor.username,
  );
  return { household };
}

/**
 * Members of the reader's counties whose ID number is also registered in another county of the
 * reader's scope. Counties outside it are neither named nor hinted at, so a county admin (whose
 * scope is one county) sees none; a city or province admin sees those among its counties.
 */
export async function listCrossCountyDuplicates(db: Executor, reader: Reader, limit: number) {
  const otherCounties = sql<
    string | null
  >`(select string_agg(distinct other.county_code, ',') from registry.members as other where other.id_number = registry.members.id_number and other.county_code <> registry.members.county_code and other.county_code like ${`${reader.access.userScope}%`})`;
  const rows = await db
    .select({ member: members, otherCounties })
    .from(members)
    .where(and(reader.access.where(members.countyCode, members.villageCode), sql`${otherCounties} is not null`))
    .orderBy(asc(members.idNumber))
    .limit(limit);
  return rows.map(({ member, otherCounties: others }) => ({
    memberId: member.id,
    householdId: member.householdId,
    name: member.name,
    idNumber: reader.pii ? member.idNumber : maskIdNumber(member.idNumber),
    countyCode: member.countyCode,
    villageCode: member.villageCode,
    otherCounties: (others ?? '').split(','),
  }));
}
