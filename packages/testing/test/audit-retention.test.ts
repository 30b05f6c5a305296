import { appendAudit, purgeAuditLog, verifyAuditChains, verifyAuditLog, writeAuditCheckpoints } from '@zhenxing/core';
import { auditCheckpoints, auditLog, queryRows } from '@zhenxing/db';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSuperuserBypassingTriggers, createTestApp, STANDARD_USERS, type TestApp } from '../src/index.ts';
import { notesPlugin } from './fixtures/notes/plugin.ts';

const DAY = 86_400_000;
/** The database's own now(): the retention floor is measured against it, not the test clock. */
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

/** The database's refusal, whether the driver reports it directly or wrapped by drizzle. */
async function refusedByDatabase(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => null,
    (failure: unknown) => failure,
  );
  const messages = [error, (error as { cause?: unknown } | null)?.cause].map((item) => (item instanceof Error ? item.message : ''));
  return messages.join(' | ');
}

describe('audit log: append-only, retention ≥ 180 days, signed checkpoints', () => {
  let app: TestApp<[typeof notesPlugin]>;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [notesPlugin], users: [...STANDARD_USERS, { username: 'auditor', role: 'audit_admin', scopeCode: '13' }] });
  });
  afterAll(() => app?.close());

  const write = (chainRegion: string, at: Date, action = 'note.create') =>
    app.db.transaction((tx) => appendAudit(tx, { userId: null, username: 'spec' }, { plugin: 'notes', action, regionCode: chainRegion }, at));
  const chain = (chainKey: string) => app.db.select().from(auditLog).where(eq(auditLog.chainKey, chainKey)).orderBy(asc(auditLog.sequence));

  it('refuses UPDATE, DELETE and TRUNCATE of audit entries at the database, even old ones', async () => {
    await write('130609100002', daysAgo(400));
    const [entry] = await chain('130609');
    if (!entry) throw new Error('expected an entry');
    expect(await refusedByDatabase(app.db.execute(sql`update core.audit_log set action = 'forged' where id = ${entry.id}`))).toMatch(/append-only/);
    expect(await refusedByDatabase(app.db.execute(sql`delete from core.audit_log where id = ${entry.id}`))).toMatch(/append-only/);
    expect(await refusedByDatabase(app.db.execute(sql`truncate core.audit_log`))).toMatch(/append-only/);
    // Setting the purge flag by hand does not let a young entry go.
    await write('130609100002', daysAgo(1));
    expect(
      await refusedByDatabase(
        app.db.transaction(async (tx) => {
          await tx.execute(sql`select set_config('zx.audit_purge', 'on', true)`);
          await tx.execute(sql`delete from core.audit_log where chain_key = '130609' and at > now() - interval '30 days'`);
        }),
      ),
    ).toMatch(/append-only/);
    expect((await chain('130609')).length).toBe(2);
  });

  it('purges only entries past the retention (never under 180 days), keeps each head, records the purge, and still verifies', async () => {
    for (const age of [300, 250, 200, 179, 90, 5]) await write('130602001', daysAgo(age));
    await expect(app.db.transaction((tx) => purgeAuditLog(tx, 30, new Date()))).rejects.toThrow();
    // Called directly with a shorter retention, the database function still keeps 180 days.
    await app.db.transaction((tx) => tx.execute(sql`select * from core.purge_audit_log(1)`));
    const kept = (await chain('130602')).map((entry) => entry.sequence);
    expect(kept).toEqual([4, 5, 6]);
    expect((await chain('130602')).every((entry) => entry.at.getTime() > daysAgo(181).getTime())).toBe(true);

    for (const age of [500, 450]) await write('130102001', daysAgo(age));
    const purged = await app.db.transaction((tx) => purgeAuditLog(tx, 365, new Date()));
    // The chain's head survives even when it is past the retention, so its sequence continues.
    expect(purged).toContainEqual({ chainKey: '130102', throughSequence: 1, removed: 1 });
    expect((await chain('130102')).map((entry) => entry.sequence)).toEqual([2]);
    const [record] = await app.db.select().from(auditLog).where(eq(auditLog.action, 'audit.purge'));
    expect(record?.after).toMatchObject({ retentionDays: 365, chains: expect.arrayContaining([{ chainKey: '130102', throughSequence: 1, removed: 1 }]) });
    await write('130102001', new Date());
    expect((await verifyAuditChains(app.db)).problems).toEqual([]);
  });

  it('reports a chain as truncated when its newest entries are deleted behind the trigger’s back', async () => {
    const key = app.host.runtime.auditCheckpointKey;
    for (let index = 0; index < 5; index += 1) await write('130609100002', new Date());
    await app.as('auditor').audit.checkpoint();
    expect(await verifyAuditLog(app.db, key)).toMatchObject({ problems: [] });
    expect(await app.as('auditor').audit.verify()).toMatchObject({ intact: true });

    const head = (await chain('130609')).at(-1);
    if (!head) throw new Error('expected a head');
    // Deleting the last 3 entries leaves a chain that is intact in itself…
    await asSuperuserBypassingTriggers(app.db, (tx) =>
      tx.delete(auditLog).where(and(eq(auditLog.chainKey, '130609'), gt(auditLog.sequence, head.sequence - 3))),
    );
    expect((await verifyAuditChains(app.db)).problems).toEqual([]);
    // …but no longer reaches its signed checkpoint.
    expect((await verifyAuditLog(app.db, key)).problems).toContainEqual({ chainKey: '130609', sequence: head.sequence, problem: 'truncated' });
    expect(await app.as('auditor').audit.verify()).toMatchObject({ intact: false, problems: [{ chainKey: '130609', problem: 'truncated' }] });
  });

  it('rejects a checkpoint written without the key, and refuses to change stored checkpoints', async () => {
    const key = app.host.runtime.auditCheckpointKey;
    const [latest] = await queryRows<{ id: number; sequence: number }>(
      app.db,
      sql`select id, sequence from core.audit_checkpoints where chain_key = '130609' order by id desc limit 1`,
    );
    if (!latest) throw new Error('expected a checkpoint');
    expect(await refusedByDatabase(app.db.execute(sql`delete from core.audit_checkpoints where id = ${latest.id}`))).toMatch(/append-only/);
    const [surviving] = await chain('130609').then((rows) => rows.slice(-1));
    if (!surviving) throw new Error('expected entries');
    await app.db
      .insert(auditCheckpoints)
      .values({ chainKey: '130609', sequence: surviving.sequence, hash: surviving.hash, entryCount: 1, at: new Date(), signature: '0'.repeat(64) });
    expect((await verifyAuditLog(app.db, key)).problems).toContainEqual({ chainKey: '130609', sequence: surviving.sequence, problem: 'checkpoint-forged' });
    // The next checkpoint run does not paper over the forgery: verify still reports it.
    await writeAuditCheckpoints(app.db, key, new Date());
    expect((await verifyAuditLog(app.db, key)).problems).toContainEqual({ chainKey: '130609', sequence: surviving.sequence, problem: 'checkpoint-forged' });
  });

  it('never signs over a truncation: new entries and checkpoint runs after it leave it (and the forgery) reported', async () => {
    const key = app.host.runtime.auditCheckpointKey;
    // The chain of 130609 was cut behind the trigger's back above, and a forged checkpoint names its cut head.
    const before = (await verifyAuditLog(app.db, key)).problems.filter((problem) => problem.chainKey === '130609');
    expect(before.map((problem) => problem.problem).sort()).toEqual(['checkpoint-forged', 'truncated']);
    for (let index = 0; index < 4; index += 1) await write('130609100002', new Date());
    expect((await writeAuditCheckpoints(app.db, key, new Date())).map((head) => head.chainKey)).not.toContain('130609');
    await app.as('auditor').audit.checkpoint();
    const after = (await verifyAuditLog(app.db, key)).problems.filter((problem) => problem.chainKey === '130609');
    expect(after).toEqual(expect.arrayContaining(before));
    // Other chains are signed as usual.
    await write('130602001002', new Date());
    expect((await writeAuditCheckpoints(app.db, key, new Date())).map((head) => head.chainKey)).toContain('130602');
  });
});
