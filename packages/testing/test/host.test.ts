import { auditLog, eventOutbox } from '@zhenxing/db';
import { createHost, defineModule, definePlugin, JobScheduler, PluginGraphError, READ_ROLES, type AnyPlugin } from '@zhenxing/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, openSecondHandle, type TestApp } from '../src/index.ts';
import { echoOutage, echoPlugin, notesPlugin } from './fixtures/notes/plugin.ts';
import { jobLog, notes, received } from './fixtures/notes/schema.ts';

const minimal = (id: string, dependsOn: string[] = []): AnyPlugin =>
  definePlugin({
    module: defineModule({ id, title: { 'zh-CN': id, en: id }, permissions: { read: READ_ROLES }, events: {} }),
    version: '1.0.0',
    dependsOn,
    settings: z.object({}),
    router: ({ router, procedure }) => router({ ping: procedure.meta({ permission: 'read' }).query(() => id) }),
  });

describe('the host refuses to start with a broken plugin list', () => {
  const database = { db: {} as never, driver: 'pglite' as const, close: async () => {} };
  const start = (plugins: AnyPlugin[]) => () => createHost({ database, plugins });

  it('names a missing dependency', () => {
    expect(start([minimal('monitoring', ['registry'])])).toThrow(/"monitoring" depends on "registry", which is not in the plugin list/);
  });
  it('names the plugins of a cycle', () => {
    expect(start([minimal('a', ['b']), minimal('b', ['c']), minimal('c', ['a'])])).toThrow(/cycle: a → b → c → a/);
  });
  it('refuses duplicate ids', () => {
    expect(start([minimal('funds'), minimal('funds')])).toThrow(PluginGraphError);
  });
  it('refuses settings without defaults', () => {
    const plugin = { ...minimal('strict'), settings: z.object({ slaDays: z.number() }) };
    expect(start([plugin])).toThrow(/settings.parse\(\{\}\) fails/);
  });
  it('refuses a procedure that declares no permission', () => {
    const plugin: AnyPlugin = {
      ...minimal('careless'),
      // @ts-expect-error the tools' type already demands `.meta({ permission })` first; this proves the host refuses it at run time too
      router: ({ router, procedure }) => router({ open: procedure.query(() => 1) }),
    };
    expect(start([plugin])).toThrow(/procedure "open" declares no permission/);
  });
  it('orders dependencies first, keeping the given order otherwise', () => {
    const host = createHost({ database, plugins: [minimal('c', ['b']), minimal('a'), minimal('b', ['a'])] });
    expect(host.plugins.map((plugin) => plugin.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('a plugin in a running host', () => {
  let app: TestApp<[typeof notesPlugin, typeof echoPlugin]>;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [notesPlugin, echoPlugin], enable: { '130609': ['notes', 'echo'], '130602': ['notes'] } });
  });
  afterAll(() => app?.close());

  it('mounts its router at its id and runs an audited write', async () => {
    const note = await app.as('juwei').notes.create({ villageCode: '130609100002', text: '入户走访' });
    expect(note.countyCode).toBe('130609');
    const [entry] = await app.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.entityId} = ${String(note.id)}`);
    expect(entry).toMatchObject({ plugin: 'notes', action: 'note.create', username: 'juwei', chainKey: '130609' });
  });

  it('rolls back a mutation that wrote no audit entry', async () => {
    const before = await app.db.select().from(notes);
    await expect(app.as('xushui').notes.unaudited({ villageCode: '130609100002' })).rejects.toThrow();
    expect(await app.db.select().from(notes)).toEqual(before);
  });

  it('shows each user only their own region', async () => {
    await app.as('jingxiu').notes.create({ villageCode: '130602001002', text: '竞秀' });
    const xushui = await app.as('xushui').notes.list({});
    expect(xushui.length).toBeGreaterThan(0);
    expect(xushui.every((note) => note.countyCode === '130609')).toBe(true);
    const baoding = await app.as('baoding').notes.list({});
    expect(new Set(baoding.map((note) => note.countyCode))).toEqual(new Set(['130609', '130602']));
  });

  it('refuses another county, a disabled module, a missing permission and no session', async () => {
    await expect(app.as('jingxiu').notes.create({ villageCode: '130609100002', text: 'x' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(app.as('jingxiu').notes.list({ regionCode: '130609' })).rejects.toThrow(/outside your area/);
    await expect(app.as('changan').notes.list({})).rejects.toThrow(/has not enabled the "Test notes" module/);
    await expect(app.as('inspector').notes.create({ villageCode: '130609100002', text: 'x' })).rejects.toThrow(/permission "notes.note.write"/);
    await expect(app.anonymous().notes.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('validates per-county settings before the resolver uses them', async () => {
    await app.host.runtime.modules.updateSettings(app.db, 'notes', '130609', { maxLength: 5 }, null);
    await expect(app.as('xushui').notes.create({ villageCode: '130609100002', text: 'far too long' })).rejects.toThrow(/too long/);
    await expect(app.host.runtime.modules.updateSettings(app.db, 'notes', '130609', { maxLength: 0 }, null)).rejects.toMatchObject({
      reason: 'invalid-settings',
      details: { fieldErrors: { maxLength: [expect.any(String)] } },
    });
    await app.host.runtime.modules.updateSettings(app.db, 'notes', '130609', {}, null);
  });

  it('delivers events after commit, in order, only to counties that enabled the subscriber', async () => {
    await app.db.delete(received);
    const created: number[] = [];
    for (const text of ['一', '二', '三']) created.push((await app.as('xushui').notes.create({ villageCode: '130609100002', text })).id);
    await app.as('jingxiu').notes.create({ villageCode: '130602001002', text: 'echo is off here' });
    await app.settle();
    const rows = await app.db.select().from(received).orderBy(received.id);
    expect(rows.map((row) => row.noteId)).toEqual(created);
    expect(app.host.runtime.events.deliveries.at(-1)).toMatchObject({ plugin: 'echo', outcome: 'skipped-module-disabled' });
  });

  it('keeps an event whose handler failed in the outbox, and delivers it once on redelivery', async () => {
    await app.db.delete(received);
    echoOutage.texts.add('回声暂停');
    const note = await app.as('xushui').notes.create({ villageCode: '130609100002', text: '回声暂停' });
    await app.settle();
    expect(app.host.runtime.events.deliveries.at(-1)).toMatchObject({ plugin: 'echo', outcome: 'failed', error: 'echo is down' });
    expect(await app.db.select().from(eventOutbox)).toEqual([
      expect.objectContaining({
        name: 'notes.created',
        source: 'notes',
        attempts: 1,
        deliveredTo: [],
        lastError: 'echo is down',
        payload: { countyCode: '130609', noteId: note.id, text: '回声暂停' },
      }),
    ]);
    echoOutage.texts.clear();
    expect(await app.host.runtime.events.redeliver(0)).toBe(1);
    await app.settle();
    expect(await app.db.select().from(received)).toEqual([expect.objectContaining({ noteId: note.id, receivedBy: 'echo' })]);
    expect(await app.db.select().from(eventOutbox)).toEqual([]);
    expect(await app.host.runtime.events.redeliver(0)).toBe(0);
  });

  it('delivers what a crash left between commit and delivery, once, however many instances retry', async () => {
    await app.db.delete(received);
    // As a crashed process leaves it: the write and its event committed, nothing delivered.
    const [note] = await app.db.insert(notes).values({ countyCode: '130609', villageCode: '130609100002', text: '崩溃之前' }).returning();
    await app.db.transaction((tx) =>
      app.host.runtime.events.record(tx, [{ name: 'notes.created', payload: { countyCode: '130609', noteId: note!.id, text: note!.text }, source: 'notes' }]),
    );
    const second = await openSecondHandle(app.database);
    const seenBefore = app.host.runtime.events.deliveries.length;
    try {
      const other = createHost({ database: second, plugins: [notesPlugin, echoPlugin], clock: app.clock });
      await Promise.all([app.host.runtime.events.redeliver(0), other.runtime.events.redeliver(0)]);
      await Promise.all([app.settle(), other.runtime.events.idle()]);
      const outcomes = [...app.host.runtime.events.deliveries.slice(seenBefore), ...other.runtime.events.deliveries].map((item) => item.outcome);
      // Exactly one delivery. The other instance either waited on the row lock and found it
      // delivered, or looked after the outbox row was already gone (then it records nothing).
      expect(outcomes.filter((outcome) => outcome !== 'already-delivered')).toEqual(['delivered']);
    } finally {
      await second.close();
    }
    expect(await app.db.select().from(received)).toEqual([expect.objectContaining({ noteId: note!.id })]);
    expect(await app.db.select().from(eventOutbox)).toEqual([]);
  });

  it('keeps data when a module is disabled and shows it again when re-enabled', async () => {
    const before = await app.as('xushui').notes.list({});
    await app.disable('130609', 'echo');
    await app.disable('130609', 'notes');
    await expect(app.as('xushui').notes.list({})).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await app.enable('130609', 'notes');
    expect(await app.as('xushui').notes.list({})).toEqual(before);
    await app.enable('130609', 'echo');
  });

  it('runs a job once per tick across two server instances, only for enabled counties', async () => {
    const second = await openSecondHandle(app.database);
    try {
      const other = createHost({ database: second, plugins: [notesPlugin, echoPlugin], clock: app.clock });
      app.clock.set('2026-03-02T02:15:00Z');
      const outcomes = await Promise.all([app.host.jobs.runDue(), other.jobs.runDue()]);
      const flat = outcomes
        .flat()
        .filter((outcome) => !outcome.job.startsWith('core.'))
        .map((outcome) => outcome.outcome)
        .sort();
      expect(flat).toEqual(['ran', 'taken-by-another-instance']);
      // The same tick again does nothing; the next tick runs once more.
      expect((await app.host.jobs.runDue()).length).toBe(0);
      app.clock.advance(15 * 60_000);
      await Promise.all([app.host.jobs.runDue(), other.jobs.runDue()]);
      const log = await app.db.select().from(jobLog).orderBy(jobLog.tick);
      expect(log.map((row) => row.tick.toISOString())).toEqual(['2026-03-02T02:15:00.000Z', '2026-03-02T02:30:00.000Z']);
      expect(log[0]?.counties).toBe('130602,130609');
      expect(other.jobs).toBeInstanceOf(JobScheduler);
    } finally {
      await second.close();
    }
  });

  it('registers indicators by plugin', () => {
    expect([...app.host.indicators.keys()]).toEqual(['notes.note-count']);
  });
});
