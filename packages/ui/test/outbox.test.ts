import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  forgetOtherUsersReads,
  loadSessionSnapshot,
  openOfflineDatabase,
  saveSessionSnapshot,
  wipeOfflineData,
  type OfflineDatabase,
  type OutboxItem,
} from '../src/offline/database.ts';
import { classifySendError, defineOutboxKind, Outbox, sendThroughKind, type OutboxKind } from '../src/offline/outbox.ts';
import { loadRead, withOfflineRead } from '../src/offline/read-cache.ts';

/** What tRPC throws for a server answer: the host's error `data`. */
function serverError(httpStatus: number, code: string, reason: string) {
  return Object.assign(new Error(reason), {
    name: 'TRPCClientError',
    data: { httpStatus, code, reason, localized: { 'zh-CN': `服务器：${reason}`, en: `Server: ${reason}` } },
  });
}
/** What tRPC throws when fetch fails (offline): no `data`. */
const networkError = () => Object.assign(new Error('Failed to fetch'), { name: 'TRPCClientError' });

let opened: OfflineDatabase[] = [];
let counter = 0;
async function freshDatabase(name = `outbox-test-${(counter += 1)}`) {
  const database = await openOfflineDatabase(name);
  opened.push(database);
  return { database, name };
}
afterEach(() => {
  for (const database of opened) database.close();
  opened = [];
});

/** A fake server: records every attempt and answers from a script (default: accept). */
function fakeServer(script: (item: OutboxItem, attempt: number) => Error | null = () => null) {
  const attempts: { clientId: string; payload: unknown }[] = [];
  const accepted = new Set<string>();
  return {
    attempts,
    accepted,
    send: async (item: OutboxItem) => {
      attempts.push({ clientId: item.id, payload: item.payload });
      const error = script(item, attempts.length);
      if (error) throw error;
      accepted.add(item.id); // the server dedupes on the client id
    },
  };
}

describe('the offline outbox', () => {
  test('enqueued items get a client id (UUID) and their order, and survive a reload', async () => {
    const { database, name } = await freshDatabase();
    const outbox = new Outbox({ database, userId: 7, send: fakeServer().send });
    const first = await outbox.enqueue('visits.record', { householdId: 1 });
    const second = await outbox.enqueue('visits.record', { householdId: 2 });
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second.id).not.toBe(first.id);
    expect(second.sequence).toBeGreaterThan(first.sequence);
    database.close();

    const reopened = await openOfflineDatabase(name);
    opened.push(reopened);
    const items = await new Outbox({ database: reopened, userId: 7, send: fakeServer().send }).items();
    expect(items.map((item) => [item.id, item.state, item.payload])).toEqual([
      [first.id, 'pending', { householdId: 1 }],
      [second.id, 'pending', { householdId: 2 }],
    ]);
  });

  test('replay sends every pending item once, oldest first, with its client id, and empties the outbox', async () => {
    const { database } = await freshDatabase();
    const server = fakeServer();
    const outbox = new Outbox({ database, userId: 7, send: server.send });
    const ids = [];
    for (const householdId of [3, 1, 2]) ids.push((await outbox.enqueue('visits.record', { householdId })).id);
    expect(await outbox.replay()).toEqual({ sent: 3, refused: 0, stoppedBy: null });
    expect(server.attempts.map((attempt) => attempt.clientId)).toEqual(ids);
    expect(server.attempts.map((attempt) => attempt.payload)).toEqual([{ householdId: 3 }, { householdId: 1 }, { householdId: 2 }]);
    expect(await outbox.items()).toEqual([]);
    expect(await outbox.replay()).toEqual({ sent: 0, refused: 0, stoppedBy: null });
    expect(server.attempts).toHaveLength(3);
  });

  test('without network the replay stops, keeps the rest pending, and resumes with the same client ids', async () => {
    const { database } = await freshDatabase();
    let offline = true;
    const server = fakeServer(() => (offline ? networkError() : null));
    const outbox = new Outbox({ database, userId: 7, send: server.send });
    const a = await outbox.enqueue('visits.record', { n: 1 });
    const b = await outbox.enqueue('visits.record', { n: 2 });
    expect(await outbox.replay()).toEqual({ sent: 0, refused: 0, stoppedBy: 'unreachable' });
    expect(server.attempts).toHaveLength(1); // it did not hammer the rest
    const waiting = await outbox.items();
    expect(waiting.map((item) => [item.id, item.state, item.attempts])).toEqual([
      [a.id, 'pending', 1],
      [b.id, 'pending', 0],
    ]);

    offline = false;
    expect(await outbox.replay()).toEqual({ sent: 2, refused: 0, stoppedBy: null });
    expect(server.attempts.map((attempt) => attempt.clientId)).toEqual([a.id, a.id, b.id]);
    expect([...server.accepted]).toEqual([a.id, b.id]);
  });

  test('a refusal is kept with the server’s message (failed, or conflict on 409) and the next item is still sent; never dropped', async () => {
    const { database } = await freshDatabase();
    const server = fakeServer((item) => {
      const n = (item.payload as { n: number }).n;
      return n === 1 ? serverError(400, 'BAD_REQUEST', 'invalid-visit-date') : n === 2 ? serverError(409, 'CONFLICT', 'visit-already-recorded') : null;
    });
    const outbox = new Outbox({ database, userId: 7, send: server.send });
    for (const n of [1, 2, 3]) await outbox.enqueue('visits.record', { n });
    expect(await outbox.replay()).toEqual({ sent: 1, refused: 2, stoppedBy: null });
    const kept = await outbox.items();
    expect(kept.map((item) => [item.payload, item.state, item.error?.reason, item.error?.localized?.['zh-CN']])).toEqual([
      [{ n: 1 }, 'failed', 'invalid-visit-date', '服务器：invalid-visit-date'],
      [{ n: 2 }, 'conflict', 'visit-already-recorded', '服务器：visit-already-recorded'],
    ]);
    // A later replay does not resend refused items on its own: only the user's retry does.
    await outbox.replay();
    expect(server.attempts).toHaveLength(3);
    expect(await outbox.items()).toHaveLength(2);
  });

  test('the user retries a failed item (sent again, same client id) and discards a conflicting one explicitly', async () => {
    const { database } = await freshDatabase();
    let refuse = true;
    const server = fakeServer(() => (refuse ? serverError(409, 'CONFLICT', 'visit-already-recorded') : null));
    const outbox = new Outbox({ database, userId: 7, send: server.send });
    const kept = await outbox.enqueue('visits.record', { n: 1 });
    const dropped = await outbox.enqueue('visits.record', { n: 2 });
    await outbox.replay();
    expect((await outbox.items()).map((item) => item.state)).toEqual(['conflict', 'conflict']);

    refuse = false;
    expect(await outbox.retry(kept.id)).toEqual({ sent: 1, refused: 0, stoppedBy: null });
    expect(server.attempts.filter((attempt) => attempt.clientId === kept.id)).toHaveLength(2);
    expect(await outbox.discard(dropped.id)).toBe(true);
    expect(await outbox.items()).toEqual([]);
    expect(server.accepted.has(dropped.id)).toBe(false);
  });

  test('a lost session (401 or a stale CSRF token) leaves items pending and stops, until the user signs in again', async () => {
    const { database } = await freshDatabase();
    const server = fakeServer(() => serverError(401, 'UNAUTHORIZED', 'unauthenticated'));
    const outbox = new Outbox({ database, userId: 7, send: server.send });
    await outbox.enqueue('visits.record', { n: 1 });
    await outbox.enqueue('visits.record', { n: 2 });
    expect(await outbox.replay()).toEqual({ sent: 0, refused: 0, stoppedBy: 'signed-out' });
    expect((await outbox.items()).map((item) => [item.state, item.error])).toEqual([
      ['pending', null],
      ['pending', null],
    ]);
  });

  test('an item left syncing by a closed tab is pending again after a reload (resending is safe: same client id)', async () => {
    const { database } = await freshDatabase();
    const outbox = new Outbox({ database, userId: 7, send: () => new Promise<void>(() => {}) });
    const item = await outbox.enqueue('visits.record', { n: 1 });
    void outbox.replay(); // never answers: the tab "closes" mid-send
    await expect.poll(async () => (await outbox.items())[0]?.state).toBe('syncing');
    const server = fakeServer();
    const afterReload = new Outbox({ database, userId: 7, send: server.send });
    await afterReload.recover();
    expect((await afterReload.items())[0]?.state).toBe('pending');
    await afterReload.replay();
    expect(server.attempts.map((attempt) => attempt.clientId)).toEqual([item.id]);
  });

  test('items belong to the user who made them: another user on the device neither sees nor sends them', async () => {
    const { database } = await freshDatabase();
    const cadre = new Outbox({ database, userId: 7, send: fakeServer().send });
    await cadre.enqueue('visits.record', { n: 1 });
    const otherServer = fakeServer();
    const other = new Outbox({ database, userId: 8, send: otherServer.send });
    expect(await other.items()).toEqual([]);
    expect(await other.replay()).toEqual({ sent: 0, refused: 0, stoppedBy: null });
    expect(otherServer.attempts).toEqual([]);
    expect(await cadre.items()).toHaveLength(1);
  });

  test('replays started together share one run: nothing is sent twice', async () => {
    const { database } = await freshDatabase();
    const server = fakeServer();
    const outbox = new Outbox({ database, userId: 7, send: server.send });
    for (const n of [1, 2, 3]) await outbox.enqueue('visits.record', { n });
    await Promise.all([outbox.replay(), outbox.replay(), outbox.replay()]);
    expect(server.attempts).toHaveLength(3);
    expect(new Set(server.attempts.map((attempt) => attempt.clientId)).size).toBe(3);
  });

  test('an item whose kind is gone or whose payload no longer fits fails with a message and does not block the queue', async () => {
    const { database } = await freshDatabase();
    const sent: { clientId: string; client: unknown; payload: unknown }[] = [];
    const recordVisit = defineOutboxKind({
      kind: 'visits.record',
      title: { 'zh-CN': '入户走访', en: 'Visit' },
      payload: z.object({ householdId: z.int().positive() }),
      send: async (payload, { clientId, client }) => void sent.push({ clientId, client, payload }),
    });
    const kinds = new Map<string, OutboxKind>([[recordVisit.kind, recordVisit]]);
    const outbox = new Outbox({ database, userId: 7, send: (item) => sendThroughKind(kinds, item, 'the-client') });
    await outbox.enqueue('retired.kind', { x: 1 });
    await outbox.enqueue('visits.record', { householdId: -1 });
    const good = await outbox.enqueue('visits.record', { householdId: 5 });
    expect(await outbox.replay()).toEqual({ sent: 1, refused: 2, stoppedBy: null });
    expect((await outbox.items()).map((item) => [item.state, item.error?.reason])).toEqual([
      ['failed', 'outbox-unknown-kind'],
      ['failed', 'outbox-invalid-payload'],
    ]);
    expect(sent).toEqual([{ clientId: good.id, client: 'the-client', payload: { householdId: 5 } }]);
    expect(() => defineOutboxKind({ kind: 'NoDot', title: recordVisit.title, payload: z.object({}), send: async () => null })).toThrow(/<plugin id>\.<name>/);
  });

  test('sign-out wipes the outbox, saved reads and the session snapshot; a new user forgets the previous user’s reads', async () => {
    const { database } = await freshDatabase();
    await new Outbox({ database, userId: 7, send: fakeServer().send }).enqueue('visits.record', { n: 1 });
    await database.put('reads', { key: '7:["a"]', userId: 7, savedAt: new Date().toISOString(), data: [1] });
    await database.put('reads', { key: '8:["a"]', userId: 8, savedAt: new Date().toISOString(), data: [2] });
    await saveSessionSnapshot(database, 7, { user: { id: 7 } });
    await forgetOtherUsersReads(database, 8);
    expect((await database.getAll('reads')).map((read) => read.userId)).toEqual([8]);
    expect(await loadSessionSnapshot(database)).toMatchObject({ userId: 7 });

    await wipeOfflineData(database);
    expect(await database.count('outbox')).toBe(0);
    expect(await database.count('reads')).toBe(0);
    expect(await loadSessionSnapshot(database)).toBeNull();
  });
});

describe('reads available offline', () => {
  test('an answer is saved for the user; without network the saved answer is served; a refusal is never masked', async () => {
    const { database } = await freshDatabase();
    const cache = { database, userId: 7 };
    let answer: () => Promise<unknown> = async () => [{ householdId: 1, head: '张三' }];
    const options = withOfflineRead({ queryKey: [['visits', 'assigned'], { input: { regionCode: '130609100002' } }], queryFn: () => answer() }, cache);
    expect(options).toMatchObject({ networkMode: 'always' });
    const run = () => (options.queryFn as (context: never) => Promise<unknown>)({} as never);

    expect(await run()).toEqual([{ householdId: 1, head: '张三' }]);
    answer = () => Promise.reject(networkError());
    expect(await run()).toEqual([{ householdId: 1, head: '张三' }]);
    answer = () => Promise.reject(serverError(403, 'FORBIDDEN', 'forbidden'));
    await expect(run()).rejects.toThrow('forbidden');

    // Another user on the device never gets this user's saved answer.
    const other = withOfflineRead({ queryKey: options.queryKey, queryFn: () => Promise.reject(networkError()) }, { database, userId: 8 });
    await expect((other.queryFn as (context: never) => Promise<unknown>)({} as never)).rejects.toThrow('Failed to fetch');
    expect(await loadRead({ database, userId: 8 }, options.queryKey)).toBeNull();
  });
});

describe('classifySendError', () => {
  test.each([
    ['a failed fetch', networkError(), 'unreachable'],
    ['a TypeError', new TypeError('NetworkError when attempting to fetch resource.'), 'unreachable'],
    ['rate limited', serverError(429, 'TOO_MANY_REQUESTS', 'rate-limited'), 'unreachable'],
    ['a proxy without its server', serverError(502, 'BAD_GATEWAY', 'bad-gateway'), 'unreachable'],
    ['a lost session', serverError(401, 'UNAUTHORIZED', 'unauthenticated'), 'signed-out'],
    ['a stale CSRF token', serverError(403, 'FORBIDDEN', 'csrf'), 'signed-out'],
    ['a conflict', serverError(409, 'CONFLICT', 'duplicate'), 'conflict'],
    ['a validation error', serverError(400, 'BAD_REQUEST', 'invalid-value'), 'failed'],
    ['a permission refusal', serverError(403, 'FORBIDDEN', 'forbidden'), 'failed'],
    ['an internal error', serverError(500, 'INTERNAL_SERVER_ERROR', 'internal'), 'failed'],
  ])('%s → %s', (_name, error, outcome) => {
    expect(classifySendError(error).outcome).toBe(outcome);
  });
});
