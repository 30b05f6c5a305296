import type { TRPCClient } from '@trpc/client';
import type { PluginAppRouter, PluginLike } from '../trpc.ts';
import { defineOutboxKind, type OutboxKind, type OutboxKindSpec } from './outbox.ts';

export {
  clearSessionSnapshot,
  loadSessionSnapshot,
  newClientId,
  offlineDatabase,
  openOfflineDatabase,
  OUTBOX_STATES,
  saveSessionSnapshot,
  wipeOfflineData,
  type OfflineDatabase,
  type OutboxError,
  type OutboxItem,
  type OutboxState,
} from './database.ts';
export {
  classifySendError,
  defineOutboxKind,
  Outbox,
  OutboxLocalError,
  type OutboxKind,
  type OutboxKindSpec,
  type ReplayResult,
  type SendFailure,
} from './outbox.ts';
export { withOfflineRead, type OfflineReadCache } from './read-cache.ts';
export { OfflineProvider, useOfflineOutbox, useOfflineQueryOptions, useOfflineStatus, type OfflineOutboxApi } from './react.tsx';
export { OfflineSyncStatus } from './SyncStatus.tsx';

/**
 * `defineOutboxKind` with `send`'s `client` typed over the plugin's own router, from a type-only
 * import of its server manifest (like `pluginTRPC`):
 *
 * ```ts
 * export const { defineOutboxKind } = pluginOutbox<typeof visitsPlugin>();
 * ```
 */
export function pluginOutbox<P extends PluginLike>(): {
  defineOutboxKind: <TPayload>(spec: OutboxKindSpec<TPayload, TRPCClient<PluginAppRouter<P>>>) => OutboxKind<TPayload>;
} {
  return { defineOutboxKind: (spec) => defineOutboxKind(spec) };
}
