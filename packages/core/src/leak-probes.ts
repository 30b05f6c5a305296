import type { Executor } from '@zhenxing/db';

/**
 * Test-support contract every plugin fulfils in `src/testing.ts` (package export `./testing`):
 * for each of its procedures, an input aimed at another county's data. The platform's leak-matrix
 * test calls every procedure with it as an outsider, as a user of a county without the module,
 * as a user lacking the permission and with no session, and requires every call to be refused.
 */
export interface LeakProbeContext {
  db: Executor;
  /** The county whose data the probes aim at (Xushui). */
  victimCounty: string;
  /** A village in the victim county. */
  victimVillage: string;
  /** Calls any procedure (`'registry.households.create'`) as a user of the victim county (default its admin). */
  call(path: string, input: unknown, username?: string): Promise<unknown>;
}

/** Procedure path inside the plugin (`'households.get'`) → the input that targets the victim. */
export type LeakProbes = (context: LeakProbeContext) => Promise<Record<string, unknown>>;
