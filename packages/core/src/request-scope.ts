import type { Executor } from '@zhenxing/db';
import { sql } from 'drizzle-orm';

/** The database role API requests run as; tenant tables' row-level security applies to it. */
export const REQUEST_ROLE = 'zx_app';

/**
 * Row-level security scope for a caller: a county (or the city / province prefix) — the county is
 * the tenant, so users below it see their whole county at this wall; the region wall in
 * `ctx.access` narrows further. No user: no scope, so tenant tables show nothing.
 */
export function databaseScopeOf(scopeCode: string | null | undefined): string | null {
  if (!scopeCode) return null;
  return scopeCode.slice(0, 6);
}

/**
 * The second wall: at the start of a request's transaction, switch to the request role and set
 * `zx.scope` (both transaction-local, so a pooled connection carries nothing over).
 */
export async function enterRequestScope(tx: Executor, scopeCode: string | null | undefined): Promise<void> {
  const scope = databaseScopeOf(scopeCode);
  // 'none' is no region code's prefix: without a user, tenant tables answer nothing.
  await tx.execute(sql`select set_config('zx.scope', ${scope ?? 'none'}, true), set_config('role', ${REQUEST_ROLE}, true)`);
}
