import type { z } from 'zod';
import type { Localized } from '../i18n.ts';
import { newClientId, OutboxItemSchema, type OfflineDatabase, type OutboxError, type OutboxItem } from './database.ts';

/**
 * The offline outbox: mutations a person made without network, kept in IndexedDB and sent later,
 * in the order they were made, each exactly once as far as the server can tell (every attempt
 * carries the item's client id and the server dedupes on it).
 *
 * An item is `pending` (waiting), `syncing` (being sent), `failed` (the server refused it, with its
 * message) or `conflict` (the server answered 409: someone else changed the same thing). Only the
 * server's acceptance or the user's explicit discard removes an item: a refusal keeps it, with the
 * server's words, until the user retries or discards it.
 */

/** How one attempt ended when it did not succeed. */
export type SendFailure =
  /** No answer (offline, server or proxy down, rate limited): the item stays pending; replay stops. */
  | { outcome: 'unreachable' }
  /** The session is gone or stale (401, CSRF): the item stays pending until the user signs in again; replay stops. */
  | { outcome: 'signed-out' }
  /** 409: the item conflicts with the server's data; the user decides. Replay goes on with the next item. */
  | { outcome: 'conflict'; error: OutboxError }
  /** Any other refusal (validation, permission, not found, an internal error): kept with the server's message. */
  | { outcome: 'failed'; error: OutboxError };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isLocalized(value: unknown): value is Localized {
  return isRecord(value) && typeof value['zh-CN'] === 'string' && typeof value.en === 'string';
}

/**
 * Reads a thrown tRPC error (or anything else) as an outbox outcome. An error without the host's
 * `data` (a failed fetch, a TypeError, a proxy's HTML page) means the server never answered.
 */
export function classifySendError(error: unknown): SendFailure {
  const data =
    isRecord(error) && isRecord(error.data) ? error.data : isRecord(error) && isRecord(error.shape) && isRecord(error.shape.data) ? error.shape.data : null;
  if (!data) return { outcome: 'unreachable' };
  const httpStatus = typeof data.httpStatus === 'number' ? data.httpStatus : null;
  const code = typeof data.code === 'string' ? data.code : null;
  const reason = typeof data.reason === 'string' ? data.reason : (code ?? 'error');
  if (httpStatus === 401 || code === 'UNAUTHORIZED' || reason === 'csrf') return { outcome: 'signed-out' };
  if (httpStatus === 429 || httpStatus === 502 || httpStatus === 503 || httpStatus === 504) return { outcome: 'unreachable' };
  const described: OutboxError = { reason, code, httpStatus, localized: isLocalized(data.localized) ? data.localized : null };
  if (httpStatus === 409 || code === 'CONFLICT') return { outcome: 'conflict', error: described };
  return { outcome: 'failed', error: described };
}

export interface ReplayResult {
  /** Items the server accepted (and that left the outbox). */
  sent: number;
  /** Items refused in this run (now `failed` or `conflict`). */
  refused: number;
  /** Why the run ended before the last pending item, if it did. */
  stoppedBy: 'unreachable' | 'signed-out' | null;
}

export interface OutboxOptions {
  database: OfflineDatabase;
  /** The signed-in user: only their items are listed and sent. */
  userId: number;
  /** Sends one item (its kind's mutation, with `item.id` as the client id); throws what the client throws. */
  send(item: OutboxItem): Promise<void>;
  now?: () => Date;
  /**
   * Runs a replay under a lock shared by every tab of the app, so two tabs never send the same item
   * at once. Default: the Web Locks API where the browser has it.
   */
  lock?: <T>(run: () => Promise<T>) => Promise<T>;
}

const LOCK_NAME = 'zhenxing-outbox';

async function defaultLock<T>(run: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? await locks.request(LOCK_NAME, run) : await run();
}

export class Outbox {
  private readonly listeners = new Set<() => void>();
  private running: Promise<ReplayResult> | null = null;
  private readonly now: () => Date;
  private readonly lock: <T>(run: () => Promise<T>) => Promise<T>;

  constructor(private readonly options: OutboxOptions) {
    this.now = options.now ?? (() => new Date());
    this.lock = options.lock ?? defaultLock;
  }

  /** Called on every change (enqueue, state change, send, discard), in this tab. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Adds an item at the end of the queue, `pending`, with a new client id; returns it. */
  async enqueue<TPayload>(kind: string, payload: TPayload): Promise<OutboxItem<TPayload>> {
    const { database, userId } = this.options;
    const transaction = database.transaction('outbox', 'readwrite');
    const last = await transaction.store.index('sequence').openCursor(null, 'prev');
    const item: OutboxItem<TPayload> = {
      id: newClientId(),
      sequence: last ? last.value.sequence + 1 : 0,
      userId,
      kind,
      payload,
      state: 'pending',
      createdAt: this.now().toISOString(),
      attempts: 0,
      lastAttemptAt: null,
      error: null,
    };
    await transaction.store.add(item);
    await transaction.done;
    this.changed();
    return item;
  }

  /** This user's items in replay order. A record that does not parse (written by another version) is left alone and not shown. */
  async items(): Promise<OutboxItem[]> {
    const rows = await this.options.database.getAllFromIndex('outbox', 'sequence');
    return rows.flatMap((row) => {
      const parsed = OutboxItemSchema.safeParse(row);
      return parsed.success && parsed.data.userId === this.options.userId ? [parsed.data] : [];
    });
  }

  /** After a reload: an item left `syncing` (the tab closed mid-send) is pending again — resending it is safe. */
  async recover(): Promise<void> {
    let touched = false;
    for (const item of await this.items()) {
      if (item.state === 'syncing') {
        await this.options.database.put('outbox', { ...item, state: 'pending' });
        touched = true;
      }
    }
    if (touched) this.changed();
  }

  /**
   * Sends every pending item of this user, oldest first, one at a time. Stops (leaving the rest
   * pending) when the server cannot be reached or the session is gone; a refused item is kept as
   * failed/conflict and the next one is sent. Concurrent calls share one run.
   */
  replay(): Promise<ReplayResult> {
    this.running ??= this.lock(() => this.drain()).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drain(): Promise<ReplayResult> {
    const result: ReplayResult = { sent: 0, refused: 0, stoppedBy: null };
    for (;;) {
      const item = (await this.items()).find((candidate) => candidate.state === 'pending');
      if (!item) return result;
      const attempt: OutboxItem = { ...item, state: 'syncing', attempts: item.attempts + 1, lastAttemptAt: this.now().toISOString() };
      await this.options.database.put('outbox', attempt);
      this.changed();
      try {
        await this.options.send(attempt);
        await this.options.database.delete('outbox', attempt.id);
        result.sent += 1;
        this.changed();
      } catch (error) {
        const failure = classifySendError(error);
        if (failure.outcome === 'unreachable' || failure.outcome === 'signed-out') {
          await this.options.database.put('outbox', { ...attempt, state: 'pending' });
          this.changed();
          result.stoppedBy = failure.outcome;
          return result;
        }
        await this.options.database.put('outbox', { ...attempt, state: failure.outcome, error: failure.error });
        result.refused += 1;
        this.changed();
      }
    }
  }

  /** The user asks to send a failed or conflicting item again (after fixing the cause): pending, then a replay. */
  async retry(id: string): Promise<ReplayResult> {
    const item = (await this.items()).find((candidate) => candidate.id === id);
    if (item && (item.state === 'failed' || item.state === 'conflict')) {
      await this.options.database.put('outbox', { ...item, state: 'pending', error: null });
      this.changed();
    }
    return this.replay();
  }

  /** The user gives an item up, explicitly. A `syncing` item cannot be discarded (its answer is on its way). */
  async discard(id: string): Promise<boolean> {
    const item = (await this.items()).find((candidate) => candidate.id === id);
    if (!item || item.state === 'syncing') return false;
    await this.options.database.delete('outbox', id);
    this.changed();
    return true;
  }
}

/**
 * One kind of offline mutation, as a plugin writes it. `payload` validates what is enqueued and what
 * is read back from IndexedDB before it is sent.
 */
export interface OutboxKindSpec<TPayload, TClient> {
  /** `<plugin id>.<name>`, stable across releases: stored items name it. */
  kind: string;
  /** What the user sees in the sync list, e.g. 入户走访记录 / Household visit. */
  title: Localized;
  payload: z.ZodType<TPayload>;
  /** One line identifying an item in the sync list (a household's name and the visit date, never an ID number). */
  describe?: (payload: TPayload) => Localized | string;
  /** Sends it: call your mutation with `clientId` (the server dedupes on it). Throw what the client throws. */
  send(payload: TPayload, context: { clientId: string; client: TClient }): Promise<unknown>;
}

/** A declared kind, typed by its payload; list it in `defineWebPlugin({ outbox: [...] })` and pass it to `useOfflineOutbox`. */
export interface OutboxKind<TPayload = unknown> {
  readonly kind: string;
  readonly title: Localized;
  /** Parses a payload (throws a ZodError when it does not fit). */
  parse(payload: unknown): TPayload;
  describe(payload: unknown): Localized | string | null;
  /** `client` is the app's tRPC client (typed for the plugin in its spec's `send`). */
  send(payload: unknown, context: { clientId: string; client: unknown }): Promise<unknown>;
}

const KIND_PATTERN = /^[a-z][a-z0-9-]*\.[a-z][a-zA-Z0-9.-]*$/;

/** Declares an offline mutation kind; `TClient` is what `send` receives as `client` (see `pluginOutbox`). */
export function defineOutboxKind<TPayload, TClient = unknown>(spec: OutboxKindSpec<TPayload, TClient>): OutboxKind<TPayload> {
  if (!KIND_PATTERN.test(spec.kind)) throw new Error(`Outbox kind "${spec.kind}" must be "<plugin id>.<name>"`);
  const parse = (payload: unknown): TPayload => spec.payload.parse(payload);
  return {
    kind: spec.kind,
    title: spec.title,
    parse,
    describe: (payload) => {
      const parsed = spec.payload.safeParse(payload);
      return parsed.success && spec.describe ? spec.describe(parsed.data) : null;
    },
    // The app hands its one tRPC client to every kind; the plugin typed it over its own router.
    send: (payload, { clientId, client }) => spec.send(parse(payload), { clientId, client: client as TClient }),
  };
}

/**
 * A refusal made in the browser before anything was sent (the kind is no longer installed, the
 * stored payload no longer fits its schema): shaped like the host's errors so it ends as `failed`
 * with a message, never as "unreachable" (which would block the queue behind it).
 */
export class OutboxLocalError extends Error {
  readonly data: { code: string; httpStatus: null; reason: string; localized: Localized };

  constructor(reason: string, localized: Localized) {
    super(localized.en);
    this.name = 'OutboxLocalError';
    this.data = { code: 'BAD_REQUEST', httpStatus: null, reason, localized };
  }
}

/** Sends an item through its declared kind; an unknown kind or a payload that no longer parses is a local refusal. */
export async function sendThroughKind(kinds: ReadonlyMap<string, OutboxKind>, item: OutboxItem, client: unknown): Promise<void> {
  const kind = kinds.get(item.kind);
  if (!kind) {
    throw new OutboxLocalError('outbox-unknown-kind', {
      'zh-CN': `此记录所属的功能（${item.kind}）已不可用，无法同步。`,
      en: `The feature this record belongs to (${item.kind}) is no longer available; it cannot be sent.`,
    });
  }
  let payload: unknown;
  try {
    payload = kind.parse(item.payload);
  } catch {
    throw new OutboxLocalError('outbox-invalid-payload', {
      'zh-CN': '此记录的内容已不符合当前版本的要求，无法同步，请核对后重新录入。',
      en: 'This record no longer fits the current version; it cannot be sent. Check it and enter it again.',
    });
  }
  await kind.send(payload, { clientId: item.id, client });
}
