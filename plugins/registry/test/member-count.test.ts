import { appendAudit } from '@zhenxing/core';
import { queryRows } from '@zhenxing/db';
import { syntheticIdNumber } from '@zhenxing/rules';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemberInputSchema } from '../src/index.ts';
import { diff, writeHistory } from '../src/server/history.ts';
import { IMPORT_COLUMNS } from '../src/server/import-template.ts';
import { registryPlugin, repairMemberResets } from '../src/server/plugin.ts';
import { members } from '../src/server/schema.ts';
import { sampleHousehold, sampleImportCsv } from '../src/testing.ts';

/**
 * Issue 14: `registry.households.member_count` is stored state (read by readHouseholdIncomes instead
 * of counting 3 M members). It must equal a recount of the household's rows in `registry.members`
 * after every way members are written: by hand, by import (COPY and INSERT), by the repair, and by
 * any statement that inserts, deletes or moves members (drizzle/0005_household_member_count.sql).
 */
describe('a household’s stored member count equals a recount of its members', () => {
  let app: TestApp<[typeof registryPlugin]>;
  let sequence = 0;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [registryPlugin], enable: { '130609': ['registry'] } });
  });
  afterAll(() => app?.close());

  /** Households whose stored count differs from a recount: always none. */
  const drift = () =>
    queryRows<{ id: number; stored: number; counted: number }>(
      app.db,
      sql`select h.id::int as id, h.member_count as stored, coalesce(m.n, 0)::int as counted
        from registry.households h left join (select household_id, count(*) as n from registry.members group by household_id) m on m.household_id = h.id
        where h.member_count <> coalesce(m.n, 0) order by h.id`,
    );
  const storedCount = async (householdId: number) =>
    (await queryRows<{ n: number }>(app.db, sql`select member_count as n from registry.households where id = ${householdId}`))[0]?.n;

  /** A household written straight into the table (no members), for the statement-level cases. */
  async function bareHousehold(): Promise<number> {
    sequence += 1;
    const [row] = await queryRows<{ id: number }>(
      app.db,
      sql`insert into registry.households (county_code, village_code, household_key, address, status, year_left_poverty, labour_capacity)
        values ('130609', '130609100002', ${`K${sequence}`}, '合成路', 'left-poverty', 2019, 'has-labour') returning id::int as id`,
    );
    return (row as { id: number }).id;
  }
  /** `count` members of `householdId` in one INSERT statement (synthetic ID numbers). */
  async function insertMembers(householdId: number, count: number): Promise<void> {
    const first = sequence + 1;
    sequence += count;
    await app.db
      .execute(sql`insert into registry.members (household_id, county_code, village_code, name, id_number, relation, birth_date, sex, schooling, employment)
      select ${householdId}::bigint, '130609', '130609100002', '合成' || i, 'T' || lpad(i::text, 17, '0'), 'child', date '2001-01-01', 'male', 'none', 'none'
      from generate_series(${first}::int, ${sequence}::int) as i`);
  }

  it('counts the members of a household created by hand, and one added later', async () => {
    const created = await app.as('xushui').registry.households.create(sampleHousehold('130609100002', 301));
    const id = created.household.id;
    expect(await storedCount(id)).toBe(2);
    await app.as('xushui').registry.members.add({
      householdId: id,
      member: { name: '王小军', idNumber: sampleHousehold('130609100002', 302).members[0]!.idNumber, relation: 'child' },
    });
    expect(await storedCount(id)).toBe(3);
    expect(await drift()).toEqual([]);
  });

  it('counts imported members: a county’s first import (COPY) and a re-import that adds a member to a known household (INSERT)', async () => {
    const upload = (content: Buffer) => app.upload('xushui', { plugin: 'registry', purpose: 'import' }, '农户.csv', content);
    const csv = sampleImportCsv(30, '130609100003');
    await app.as('xushui').registry.import.commit({ uploadId: await upload(csv) });
    const imported = await queryRows<{ n: number; counts: number[] }>(
      app.db,
      sql`select count(*)::int as n, array_agg(distinct member_count) as counts from registry.households where village_code = '130609100003'`,
    );
    expect(imported[0]).toEqual({ n: 30, counts: [2] });
    expect(await drift()).toEqual([]);

    // The first household again, now with a child: the merge inserts one member into it.
    const head = csv.toString('utf8').split('\r\n')[1]!.split(',')[IMPORT_COLUMNS.findIndex((column) => column.key === 'householdKey')]!;
    const child = IMPORT_COLUMNS.map((column) =>
      column.key === 'householdKey'
        ? head
        : column.key === 'name'
          ? '甲小明'
          : column.key === 'idNumber'
            ? syntheticIdNumber({ regionCode: '130609', birthDate: '2012-05-06', sequence: 305 })
            : column.key === 'relation'
              ? '子女'
              : '',
    ).join(',');
    await app.as('xushui').registry.import.commit({ uploadId: await upload(Buffer.concat([csv, Buffer.from(`${child}\r\n`, 'utf8')])) });
    const [grown] = await queryRows<{ n: number }>(
      app.db,
      sql`select h.member_count as n from registry.households h where h.county_code = '130609' and h.household_key = ${head}`,
    );
    expect(grown?.n).toBe(3);
    expect(await drift()).toEqual([]);
  });

  it('keeps the count through the member-resets repair (a member’s fields restored, no member added or removed)', async () => {
    const created = await app.as('xushui').registry.households.create(sampleHousehold('130609100002', 304));
    const member = created.members.find((row) => row.relation === 'spouse')!;
    // What the old members.update wrote: every field not sent reset to its default, with history.
    const [row] = await app.db.select().from(members).where(eq(members.id, member.id));
    const { id: _id, householdId, countyCode, villageCode, ...snapshot } = row as typeof members.$inferSelect;
    const merged = { ...snapshot, ...MemberInputSchema.partial().parse({ employment: 'farming' }) };
    await app.db
      .update(members)
      .set(merged as Partial<typeof members.$inferInsert>)
      .where(eq(members.id, member.id));
    await writeHistory(
      app.db,
      [{ householdId, countyCode, villageCode, action: 'member.update', changes: diff(snapshot, merged, `member:${member.id}.`) }],
      new Date('2026-02-01T02:00:00Z'),
      'juwei',
    );
    const now = new Date('2026-03-02T01:00:00Z');
    const report = await app.db.transaction((tx) =>
      repairMemberResets(tx, {
        dryRun: false,
        now,
        username: 'system:repair',
        audit: (entry) => appendAudit(tx, { userId: null, username: 'system:repair' }, { ...entry, plugin: 'registry' }, now),
      }),
    );
    expect(report.restoredMembers).toBeGreaterThan(0);
    expect(await storedCount(householdId)).toBe(2);
    expect(await drift()).toEqual([]);
  });

  it('follows members deleted, moved between households (one row or many per statement, both ways at once), and members written before their household', async () => {
    const [a, b] = [await bareHousehold(), await bareHousehold()];
    expect([await storedCount(a), await storedCount(b)]).toEqual([0, 0]);
    await insertMembers(a, 3);
    await insertMembers(b, 1);
    expect([await storedCount(a), await storedCount(b)]).toEqual([3, 1]);
    await app.db.execute(sql`delete from registry.members where id = (select min(id) from registry.members where household_id = ${a})`);
    expect(await storedCount(a)).toBe(2);
    await app.db.execute(sql`update registry.members set household_id = ${b} where id = (select min(id) from registry.members where household_id = ${a})`);
    expect([await storedCount(a), await storedCount(b)]).toEqual([1, 2]);
    // One statement moving a's members to b and b's to a.
    await app.db.execute(
      sql`update registry.members set household_id = case when household_id = ${a} then ${b}::bigint else ${a}::bigint end where household_id in (${a}, ${b})`,
    );
    expect([await storedCount(a), await storedCount(b)]).toEqual([2, 1]);
    // A field change is not a move.
    await app.db.execute(sql`update registry.members set name = name || '改' where household_id = ${a}`);
    expect(await storedCount(a)).toBe(2);

    // Members naming a household id that does not exist yet; the household, inserted later with a
    // wrong count, counts them.
    const [{ next }] = (await queryRows<{ next: number }>(app.db, sql`select nextval('registry.households_id_seq')::int as next`)) as [{ next: number }];
    await insertMembers(next, 2);
    sequence += 1;
    await app.db.execute(sql`insert into registry.households (id, county_code, village_code, household_key, address, status, labour_capacity, member_count)
      values (${next}, '130609', '130609100002', ${`K${sequence}`}, '合成路', 'ordinary', 'has-labour', 7)`);
    expect(await storedCount(next)).toBe(2);
    expect(await drift()).toEqual([]);
  });

  it('property: after any sequence of member inserts, deletes and moves, every stored count equals a recount', async () => {
    const pool = [await bareHousehold(), await bareHousehold(), await bareHousehold()];
    const house = fc.integer({ min: 0, max: pool.length - 1 });
    const step = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), house, count: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('delete-one' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('delete-household' as const), house }),
      fc.record({ kind: fc.constant('move-one' as const), pick: fc.nat(), house }),
      fc.record({ kind: fc.constant('move-all' as const), from: house, to: house }),
      fc.record({ kind: fc.constant('swap' as const), from: house, to: house }),
      fc.record({ kind: fc.constant('rename' as const), house }),
    );
    const ids = async () =>
      (
        await queryRows<{ id: number }>(
          app.db,
          sql`select id::int as id from registry.members where household_id = any(${sql.param(pool)}::bigint[]) order by id`,
        )
      ).map((row) => row.id);
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 10 }), async (steps) => {
        for (const change of steps) {
          const on = (index: number) => pool[index] as number;
          switch (change.kind) {
            case 'insert':
              await insertMembers(on(change.house), change.count);
              break;
            case 'delete-one': {
              const all = await ids();
              if (all.length > 0) await app.db.execute(sql`delete from registry.members where id = ${all[change.pick % all.length]}`);
              break;
            }
            case 'delete-household':
              await app.db.execute(sql`delete from registry.members where household_id = ${on(change.house)}`);
              break;
            case 'move-one': {
              const all = await ids();
              if (all.length > 0)
                await app.db.execute(sql`update registry.members set household_id = ${on(change.house)} where id = ${all[change.pick % all.length]}`);
              break;
            }
            case 'move-all':
              await app.db.execute(sql`update registry.members set household_id = ${on(change.to)} where household_id = ${on(change.from)}`);
              break;
            case 'swap':
              await app.db.execute(
                sql`update registry.members set household_id = case when household_id = ${on(change.from)} then ${on(change.to)}::bigint else ${on(change.from)}::bigint end
                  where household_id in (${on(change.from)}, ${on(change.to)})`,
              );
              break;
            case 'rename':
              await app.db.execute(sql`update registry.members set name = name || '改' where household_id = ${on(change.house)}`);
              break;
          }
          expect(await drift()).toEqual([]);
        }
      }),
      { numRuns: 25 },
    );
  });
});
