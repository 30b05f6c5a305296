import type { QueryKey } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { forgetOtherUsersReads, offlineDatabase, type OfflineDatabase, type OutboxItem } from './database.ts';
import { Outbox, sendThroughKind, type OutboxKind, type ReplayResult } from './outbox.ts';
import { withOfflineRead, type OfflineReadCache } from './read-cache.ts';

interface OfflineContextValue {
  outbox: Outbox | null;
  readCache: OfflineReadCache | null;
  kinds: ReadonlyMap<string, OutboxKind>;
  /** This user's outbox items, in replay order. */
  items: readonly OutboxItem[];
  /** The browser's network state (`navigator.onLine`, `online`/`offline` events). */
  online: boolean;
  /** A replay is running. */
  syncing: boolean;
  /** Sends what is pending now (when online and the session allows it). */
  syncNow(): Promise<ReplayResult | null>;
  /** IndexedDB could not be opened (private mode in some browsers): nothing can be kept offline. */
  unavailable: boolean;
}

const OfflineContext = createContext<OfflineContextValue | null>(null);

function browserOnline(): boolean {
  return typeof navigator === 'undefined' ? true : navigator.onLine;
}

export interface OfflineProviderProps {
  /** The signed-in user: their outbox and saved reads only. */
  userId: number;
  /** Every installed plugin's outbox kinds (`webPlugins.flatMap((plugin) => plugin.outbox ?? [])`). */
  kinds: readonly OutboxKind[];
  /** The app's tRPC client, handed to each kind's `send`. */
  client: unknown;
  /**
   * The session is confirmed by the server (not the offline snapshot), so requests carry a valid
   * CSRF token: only then is anything sent.
   */
  canSync: boolean;
  children: ReactNode;
}

/**
 * Gives the signed-in shell its offline outbox and read cache. Replays the outbox when the app
 * starts, when the browser comes back online, when the session is confirmed again, right after an
 * enqueue, and when the user asks (`syncNow`, retry).
 */
export function OfflineProvider({ userId, kinds, client, canSync, children }: OfflineProviderProps) {
  const [database, setDatabase] = useState<OfflineDatabase | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [items, setItems] = useState<readonly OutboxItem[]>([]);
  const [online, setOnline] = useState(browserOnline);
  const [syncing, setSyncing] = useState(false);
  const kindMap = useMemo(() => new Map(kinds.map((kind) => [kind.kind, kind])), [kinds]);

  useEffect(() => {
    let cancelled = false;
    offlineDatabase().then(
      async (opened) => {
        await forgetOtherUsersReads(opened, userId).catch(() => undefined);
        if (!cancelled) setDatabase(opened);
      },
      () => !cancelled && setUnavailable(true),
    );
    return () => {
      cancelled = true;
    };
  }, [userId]);

  const outbox = useMemo(
    () => (database ? new Outbox({ database, userId, send: (item) => sendThroughKind(kindMap, item, client) }) : null),
    [database, userId, kindMap, client],
  );
  const readCache = useMemo<OfflineReadCache | null>(() => (database ? { database, userId } : null), [database, userId]);

  const syncNow = useCallback(async (): Promise<ReplayResult | null> => {
    if (!outbox || !canSync || !browserOnline()) return null;
    setSyncing(true);
    try {
      return await outbox.replay();
    } finally {
      setSyncing(false);
    }
  }, [outbox, canSync]);

  useEffect(() => {
    if (!outbox) return;
    const refresh = () => void outbox.items().then(setItems, () => undefined);
    const unsubscribe = outbox.subscribe(refresh);
    void outbox.recover().then(refresh);
    return unsubscribe;
  }, [outbox]);

  // On start, and whenever the session is confirmed again (back online, signed in again).
  useEffect(() => {
    void syncNow();
  }, [syncNow]);

  useEffect(() => {
    const wentOnline = () => {
      setOnline(true);
      void syncNow();
    };
    const wentOffline = () => setOnline(false);
    window.addEventListener('online', wentOnline);
    window.addEventListener('offline', wentOffline);
    return () => {
      window.removeEventListener('online', wentOnline);
      window.removeEventListener('offline', wentOffline);
    };
  }, [syncNow]);

  const value = useMemo<OfflineContextValue>(
    () => ({ outbox, readCache, kinds: kindMap, items, online, syncing, syncNow, unavailable }),
    [outbox, readCache, kindMap, items, online, syncing, syncNow, unavailable],
  );
  // Pages wait for the store (milliseconds): a query that started before it was open would neither be
  // saved for offline reading nor served from it.
  if (!database && !unavailable) return null;
  return <OfflineContext.Provider value={value}>{children}</OfflineContext.Provider>;
}

function useOfflineContext(): OfflineContextValue {
  const value = useContext(OfflineContext);
  if (!value) throw new Error('Offline hooks must be used inside the admin shell (OfflineProvider)');
  return value;
}

export interface OfflineOutboxApi<TPayload> {
  /**
   * Validates the payload, keeps it in the outbox (`pending`, with a new client id) and sends it at
   * once if the network allows. Resolves when it is stored, not when it is sent.
   */
  enqueue(payload: TPayload): Promise<OutboxItem<TPayload>>;
  /** This kind's items still in the outbox (sent items leave it), oldest first. */
  items: readonly OutboxItem<TPayload>[];
  /** Sends a failed or conflicting item again. */
  retry(id: string): Promise<void>;
  /** Gives an item up (the user's explicit choice). */
  discard(id: string): Promise<void>;
  /** False until the offline store is open. */
  ready: boolean;
  online: boolean;
}

/**
 * A plugin page's handle on its offline mutations:
 *
 * ```ts
 * const visits = useOfflineOutbox(recordVisit);      // recordVisit = defineOutboxKind({...}), listed in defineWebPlugin({ outbox })
 * await visits.enqueue({ householdId, visitedOn, note });
 * visits.items.filter((item) => item.state === 'failed');
 * ```
 */
export function useOfflineOutbox<TPayload>(kind: OutboxKind<TPayload>): OfflineOutboxApi<TPayload> {
  const { outbox, kinds, items, online, syncNow } = useOfflineContext();
  if (kinds.get(kind.kind) !== (kind as OutboxKind)) {
    throw new Error(`Outbox kind "${kind.kind}" is not declared: list it in the web plugin's \`outbox\``);
  }
  const enqueue = useCallback(
    async (payload: TPayload) => {
      if (!outbox) throw new Error('The offline store is not open yet');
      const item = await outbox.enqueue(kind.kind, kind.parse(payload));
      void syncNow();
      return item;
    },
    [outbox, kind, syncNow],
  );
  const retry = useCallback(async (id: string) => void (outbox && (await outbox.retry(id))), [outbox]);
  const discard = useCallback(async (id: string) => void (outbox && (await outbox.discard(id))), [outbox]);
  // Items were parsed with the item schema; their payloads were validated by this kind when enqueued.
  const own = useMemo(() => items.filter((item) => item.kind === kind.kind) as OutboxItem<TPayload>[], [items, kind.kind]);
  return { enqueue, items: own, retry, discard, ready: outbox !== null, online };
}

/** The whole outbox of the signed-in user, for the sync badge and list. */
export function useOfflineStatus() {
  const { outbox, items, online, syncing, syncNow, kinds, unavailable } = useOfflineContext();
  const retry = useCallback(async (id: string) => void (outbox && (await outbox.retry(id))), [outbox]);
  const discard = useCallback(async (id: string) => void (outbox && (await outbox.discard(id))), [outbox]);
  return { items, online, syncing, syncNow, retry, discard, kinds, unavailable };
}

/**
 * Marks a query available offline: `useQuery(useOfflineQueryOptions(trpc.visits.assigned.queryOptions({ regionCode })))`.
 * Each answer is saved for this user; without network the last saved answer is served.
 */
export function useOfflineQueryOptions<TOptions extends { queryKey: QueryKey; queryFn?: unknown }>(options: TOptions): TOptions {
  const context = useContext(OfflineContext);
  return withOfflineRead(options, context?.readCache ?? null);
}
