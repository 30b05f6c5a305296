import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { z } from 'zod';

/**
 * The browser's offline store (IndexedDB, database `zhenxing-offline`): the outbox of mutations
 * waiting for the network, the reads a plugin marked available offline, and the last session seen
 * (so a reload without network still opens the shell). Everything in it belongs to one signed-in
 * user and is wiped at sign-out (`wipeOfflineData`). Nothing here is in the service worker's cache.
 *
 * IndexedDB is a boundary: whatever is read back is parsed with the schemas below, because another
 * version of the app (or a person with devtools) may have written it.
 */
export const OFFLINE_DATABASE_NAME = 'zhenxing-offline';
const VERSION = 1;

export const OUTBOX_STATES = ['pending', 'syncing', 'failed', 'conflict'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

const LocalizedSchema = z.object({ 'zh-CN': z.string(), en: z.string() });

/** Why the server refused an item, as it said it (kept until the user retries or discards). */
export const OutboxErrorSchema = z.object({
  reason: z.string(),
  code: z.string().nullable(),
  httpStatus: z.number().int().nullable(),
  /** The server's message in both languages; null when it gave none (the UI then says something generic). */
  localized: LocalizedSchema.nullable(),
});
export type OutboxError = z.infer<typeof OutboxErrorSchema>;

export const OutboxItemSchema = z.object({
  /** The client id (a UUID made when the item was enqueued), sent with every attempt; the server dedupes on it. */
  id: z.uuid(),
  /** Replay order: strictly increasing per browser profile. */
  sequence: z.number().int().nonnegative(),
  /** The user who enqueued it: only their session ever sends it. */
  userId: z.number().int(),
  /** `<plugin id>.<name>`, e.g. `visits.record`. */
  kind: z.string().min(1),
  payload: z.unknown(),
  state: z.enum(OUTBOX_STATES),
  createdAt: z.iso.datetime(),
  attempts: z.number().int().nonnegative(),
  lastAttemptAt: z.iso.datetime().nullable(),
  error: OutboxErrorSchema.nullable(),
});
export type OutboxItem<TPayload = unknown> = Omit<z.infer<typeof OutboxItemSchema>, 'payload'> & { payload: TPayload };

export const SavedReadSchema = z.object({
  /** `<userId>:<query key as JSON>`. */
  key: z.string(),
  userId: z.number().int(),
  savedAt: z.iso.datetime(),
  data: z.unknown(),
});
export type SavedRead = z.infer<typeof SavedReadSchema>;

interface OfflineSchema extends DBSchema {
  outbox: { key: string; value: z.infer<typeof OutboxItemSchema>; indexes: { sequence: number } };
  reads: { key: string; value: SavedRead; indexes: { userId: number } };
  /** One record, key `last`: the last session the server confirmed (never its CSRF token). */
  session: { key: string; value: SavedRead };
}

export type OfflineDatabase = IDBPDatabase<OfflineSchema>;

/** Opens (and on first use creates) the offline store. `name` is for tests. */
export function openOfflineDatabase(name = OFFLINE_DATABASE_NAME): Promise<OfflineDatabase> {
  return openDB<OfflineSchema>(name, VERSION, {
    upgrade(database) {
      const outbox = database.createObjectStore('outbox', { keyPath: 'id' });
      outbox.createIndex('sequence', 'sequence', { unique: true });
      const reads = database.createObjectStore('reads', { keyPath: 'key' });
      reads.createIndex('userId', 'userId');
      database.createObjectStore('session', { keyPath: 'key' });
    },
  });
}

/** Sign-out: every outbox item and every saved read of every user on this device, gone. */
export async function wipeOfflineData(database: OfflineDatabase): Promise<void> {
  const transaction = database.transaction(['outbox', 'reads', 'session'], 'readwrite');
  await Promise.all([
    transaction.objectStore('outbox').clear(),
    transaction.objectStore('reads').clear(),
    transaction.objectStore('session').clear(),
    transaction.done,
  ]);
}

const SESSION_KEY = 'last';

/**
 * The last signed-in session the server confirmed, so that a reload without network can still open
 * the shell for the same person (read-only facts: who, role, scope, permissions). The caller strips
 * anything secret (the CSRF token) before saving.
 */
export async function saveSessionSnapshot(database: OfflineDatabase, userId: number, data: unknown, now = new Date()): Promise<void> {
  await database.put('session', { key: SESSION_KEY, userId, savedAt: now.toISOString(), data });
}

export async function loadSessionSnapshot(database: OfflineDatabase): Promise<SavedRead | null> {
  const parsed = SavedReadSchema.safeParse(await database.get('session', SESSION_KEY));
  return parsed.success ? parsed.data : null;
}

export async function clearSessionSnapshot(database: OfflineDatabase): Promise<void> {
  await database.delete('session', SESSION_KEY);
}

let shared: Promise<OfflineDatabase> | null = null;

/** The app's one connection to the offline store (opened on first use; rejects where IndexedDB is unavailable). */
export function offlineDatabase(): Promise<OfflineDatabase> {
  shared ??= openOfflineDatabase().catch((error: unknown) => {
    shared = null;
    throw error;
  });
  return shared;
}

/**
 * A new user signed in on this device: the previous users' saved reads are theirs, not this user's,
 * and go. (Their unsent outbox items stay, never shown to or sent by anyone else, until they sign in
 * again or someone signs out explicitly.)
 */
export async function forgetOtherUsersReads(database: OfflineDatabase, userId: number): Promise<void> {
  const transaction = database.transaction('reads', 'readwrite');
  for (let cursor = await transaction.store.openCursor(); cursor; cursor = await cursor.continue()) {
    if (cursor.value.userId !== userId) await cursor.delete();
  }
  await transaction.done;
}

/** A client id for a new item: `crypto.randomUUID` where the page is a secure context, else the same from `getRandomValues`. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
