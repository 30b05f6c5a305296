import type { QueryFunction, QueryFunctionContext, QueryKey } from '@tanstack/react-query';
import { classifySendError } from './outbox.ts';
import { SavedReadSchema, type OfflineDatabase, type SavedRead } from './database.ts';

/**
 * Reads a plugin marks available offline (a village cadre's assigned households): each successful
 * answer is saved in IndexedDB under the signed-in user, and when the server cannot be reached the
 * last saved answer is served instead. Saved reads are wiped at sign-out and when another user
 * signs in on the device (`database.ts`). Mark only what the person needs in the field.
 */
export interface OfflineReadCache {
  database: OfflineDatabase;
  userId: number;
}

export function readKey(userId: number, queryKey: QueryKey): string {
  return `${userId}:${JSON.stringify(queryKey)}`;
}

export async function saveRead(cache: OfflineReadCache, queryKey: QueryKey, data: unknown, now = new Date()): Promise<void> {
  const record: SavedRead = { key: readKey(cache.userId, queryKey), userId: cache.userId, savedAt: now.toISOString(), data };
  await cache.database.put('reads', record);
}

export async function loadRead(cache: OfflineReadCache, queryKey: QueryKey): Promise<SavedRead | null> {
  const parsed = SavedReadSchema.safeParse(await cache.database.get('reads', readKey(cache.userId, queryKey)));
  return parsed.success && parsed.data.userId === cache.userId ? parsed.data : null;
}

/** Query options whose answer is saved for offline use and served from the save when the server cannot be reached. */
export function withOfflineRead<TOptions extends { queryKey: QueryKey; queryFn?: unknown }>(options: TOptions, cache: OfflineReadCache | null): TOptions {
  const original = options.queryFn;
  if (!cache || typeof original !== 'function') return options;
  const fetcher = original as QueryFunction<unknown, QueryKey>;
  const queryFn = async (context: QueryFunctionContext<QueryKey>) => {
    try {
      const data = await fetcher(context);
      await saveRead(cache, options.queryKey, data).catch(() => undefined);
      return data;
    } catch (error) {
      if (classifySendError(error).outcome === 'unreachable') {
        const saved = await loadRead(cache, options.queryKey).catch(() => null);
        if (saved) return saved.data;
      }
      throw error;
    }
  };
  // 'always': TanStack Query would otherwise pause the query while the browser says it is offline,
  // and the saved answer would never be served.
  return { ...options, queryFn, networkMode: 'always' };
}
