import type { PGlite } from '@electric-sql/pglite';
import { openDatabase, type DatabaseHandle } from '@zhenxing/db';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { testDriver, testRunId } from './environment.ts';

/**
 * Opens a fresh, migrated database for one test app.
 * - PGlite: a cold open costs 3–4 s and ~1 GB, so the migrated state is snapshotted once per
 *   plugin set (`dumpDataDir`), kept on disk for the run, and every later app restores it (~0.5 s).
 * - PostgreSQL: the migrated state becomes a template database once per plugin set; each app gets
 *   `CREATE DATABASE … TEMPLATE …`, dropped again on close. Names carry the run id.
 */
export async function openTestDatabase(snapshotKey: string, migrate: (handle: DatabaseHandle) => Promise<void>): Promise<DatabaseHandle> {
  return testDriver() === 'postgres' ? openPostgres(snapshotKey, migrate) : openPglite(snapshotKey, migrate);
}

const memorySnapshots = new Map<string, Promise<Blob>>();

function snapshotDirectory(): string {
  return join(tmpdir(), `zx-test-${testRunId()}`);
}

async function openPglite(key: string, migrate: (handle: DatabaseHandle) => Promise<void>): Promise<DatabaseHandle> {
  let snapshot = memorySnapshots.get(key);
  if (!snapshot) {
    snapshot = loadOrBuildSnapshot(key, migrate);
    memorySnapshots.set(key, snapshot);
  }
  return openDatabase({ driver: 'pglite', loadDataDir: await snapshot });
}

/** A second, independent connection to the same database (a second server instance). */
export async function openSecondHandle(handle: DatabaseHandle): Promise<DatabaseHandle> {
  if (handle.driver === 'pglite' || !handle.url) return { ...handle, close: async () => {} };
  return openDatabase({ driver: 'postgres', url: handle.url, poolSize: 3 });
}

async function loadOrBuildSnapshot(key: string, migrate: (handle: DatabaseHandle) => Promise<void>): Promise<Blob> {
  const file = join(snapshotDirectory(), `${key}.tar`);
  if (existsSync(file)) return new Blob([await readFile(file)]);
  const handle = await openDatabase({ driver: 'pglite' });
  try {
    await migrate(handle);
    const blob = await (handle.pglite as PGlite).dumpDataDir('none');
    await mkdir(snapshotDirectory(), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, Buffer.from(await blob.arrayBuffer()));
    await rename(partial, file);
    return blob;
  } finally {
    await handle.close();
  }
}

const templates = new Map<string, Promise<string>>();
let databaseCounter = 0;

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function urlFor(database: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.pathname = `/${database}`;
  return url.toString();
}

async function openPostgres(key: string, migrate: (handle: DatabaseHandle) => Promise<void>): Promise<DatabaseHandle> {
  let template = templates.get(key);
  if (!template) {
    template = buildTemplate(key, migrate);
    templates.set(key, template);
  }
  const templateName = await template;
  databaseCounter += 1;
  const name = `zx_t_${testRunId()}_${process.pid}_${databaseCounter}`;
  await adminQuery(`create database "${name}" template "${templateName}"`);
  const url = urlFor(name);
  const handle = await openDatabase({ driver: 'postgres', url, poolSize: 5 });
  return {
    ...handle,
    url,
    async close() {
      await handle.close();
      await adminQuery(`drop database if exists "${name}" with (force)`);
    },
  };
}

async function buildTemplate(key: string, migrate: (handle: DatabaseHandle) => Promise<void>): Promise<string> {
  const name = `zx_tpl_${testRunId()}_${process.pid}_${key}`.slice(0, 63);
  await adminQuery(`create database "${name}"`);
  const handle = await openDatabase({ driver: 'postgres', url: urlFor(name), poolSize: 2 });
  try {
    await migrate(handle);
  } finally {
    await handle.close();
  }
  return name;
}

/** Drops every database this run created (templates included); called by the global teardown. */
export async function dropRunDatabases(runId: string): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) return;
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(`select datname from pg_database where datname like $1 or datname like $2`, [
      `zx_t_${runId}_%`,
      `zx_tpl_${runId}_%`,
    ]);
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
}
