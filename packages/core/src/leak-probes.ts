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
  /** Uploads a file as a user of the victim county (default its admin), as `POST /upload/<plugin>/<purpose>` does; returns its id. */
  upload(target: { plugin: string; purpose: string }, fileName: string, content: Buffer, username?: string): Promise<string>;
  /**
   * Waits until every event emitted so far has been handled. Events reach other plugins after the
   * commit (on PostgreSQL later than on PGlite), so a probe that relies on another plugin having
   * seen an event (projects learning an allocation from `funds.allocated`) settles first.
   */
  settle(): Promise<void>;
}

/** Procedure path inside the plugin (`'households.get'`) → the input that targets the victim. */
export type LeakProbes = (context: LeakProbeContext) => Promise<Record<string, unknown>>;

/**
 * One update procedure's probe for the platform's update contract
 * (`apps/server/test/update-contract.test.ts`): an update that sends one field changes only that
 * field, in the plugin's tables and in the history. Exported by each plugin as `updateProbes` from
 * `./testing`, keyed by procedure path inside the plugin; an update procedure (a mutation named
 * `update…`, `patch…` or `edit…`) without a probe fails the contract.
 */
export interface UpdateProbe {
  /** The input with no patch field sent: identifiers, required fields at their stored values, empty nested patch objects (`{ id, patch: {} }`). */
  input: Record<string, unknown>;
  /**
   * For every optional field of the input schema (by path, `address` or `patch.employment`): what to
   * send (merged into `input`) and — when not just the field itself — the stored fields it changes
   * (`[]` for a field that must agree with stored data, such as a birth date derived from the ID).
   * Applied one after another in this order; each value must differ from the stored one.
   */
  fields: Record<string, { send: Record<string, unknown>; changes?: readonly string[] }>;
  /** The entity's stored row, keyed by the input's field names. */
  read(): Promise<Record<string, unknown>>;
  /** The entity's history entries, oldest first: an id and the fields each says changed (the plugin's history table, or the core audit log where it has none). */
  history(): Promise<{ id: string | number; fields: string[] }[]>;
  /** Stored fields any update touches (e.g. `updatedAt`); not compared. */
  volatile?: readonly string[];
  /** Who makes the update: the victim county's admin by default; `'province'` for province-managed data. */
  caller?: string;
}

export type UpdateProbes = (context: LeakProbeContext) => Promise<Record<string, UpdateProbe>>;
