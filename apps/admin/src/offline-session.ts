import { clearSessionSnapshot, loadSessionSnapshot, offlineDatabase, saveSessionSnapshot, wipeOfflineData } from '@zhenxing/ui';
import { z } from 'zod';
import type { SessionInfo } from './trpc.ts';

/**
 * The last session the server confirmed, kept in the offline store so that a reload without
 * network still opens the shell for the same person (their outbox and the reads marked available
 * offline). It never holds the CSRF token: nothing can be sent until the server confirms the
 * session again. Wiped at sign-out with the rest of the offline store.
 */
const SnapshotSchema = z
  .object({
    user: z
      .object({
        id: z.number().int(),
        username: z.string(),
        displayName: z.string(),
        role: z.string(),
        roleTitle: z.object({ 'zh-CN': z.string(), en: z.string() }),
        scopeCode: z.string().regex(/^\d+$/),
        locale: z.enum(['zh-CN', 'en']),
        permissions: z.array(z.string()),
      })
      .loose(),
    totpEnrollmentRequired: z.boolean(),
  })
  .loose();

/** Sessions served from the snapshot (not confirmed by the server in this page load). */
const offlineSessions = new WeakSet<object>();

export function isOfflineSession(session: SessionInfo | null | undefined): boolean {
  return !!session && offlineSessions.has(session);
}

/** A changed copy of a remembered session (the locale switched offline) is still a remembered one. */
export function keepOfflineMark(from: SessionInfo, to: SessionInfo): SessionInfo {
  if (offlineSessions.has(from)) offlineSessions.add(to);
  return to;
}

/** After a fresh auth.me: remember a live session (without its CSRF token), forget one the server ended. */
export async function rememberSession(session: SessionInfo | null): Promise<void> {
  try {
    const database = await offlineDatabase();
    if (session && !session.totpEnrollmentRequired) await saveSessionSnapshot(database, session.user.id, { ...session, csrfToken: '' });
    else await clearSessionSnapshot(database);
  } catch {
    // No IndexedDB (some private windows): the app simply does not open offline.
  }
}

/** The remembered session when the server cannot be reached, or null. */
export async function offlineSession(): Promise<SessionInfo | null> {
  try {
    const saved = await loadSessionSnapshot(await offlineDatabase());
    const parsed = SnapshotSchema.safeParse(saved?.data);
    if (!parsed.success) return null;
    // The snapshot was written from this app's own auth.me answer (checked above for what the shell reads).
    const session = { ...parsed.data, csrfToken: '' } as unknown as SessionInfo;
    offlineSessions.add(session);
    return session;
  } catch {
    return null;
  }
}

/** Sign-out: the outbox, the saved reads and the session snapshot of this device, gone. */
export async function wipeOfflineStore(): Promise<void> {
  try {
    await wipeOfflineData(await offlineDatabase());
  } catch {
    // Nothing was stored.
  }
}
