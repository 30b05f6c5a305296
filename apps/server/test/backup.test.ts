import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHost, silentLogger } from '@zhenxing/core';
import { openDatabase, queryRows, regions } from '@zhenxing/db';
import { REGION_FIXTURE } from '@zhenxing/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { BackupError, backupDatabase, restoreDatabase, tableCounts, type BackupTarget, type TableCount } from '../src/backup.ts';
import { seedDemo } from '../src/bootstrap.ts';
import { pgliteLockFile } from '../src/pglite-lock.ts';
import { installedPlugins } from '../src/plugins.ts';

// The backup drill: a database with the demo's data (every plugin's rows and audit entries) is
// backed up, restored into a fresh database, and must come back with every row and an intact
// audit log — on the embedded PGlite, and on PostgreSQL in the suite's PostgreSQL half.

const SERVER_ROOT = fileURLToPath(new URL('../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'zx-backup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function seed(target: BackupTarget): Promise<TableCount[]> {
  const handle =
    target.driver === 'postgres'
      ? await openDatabase({ driver: 'postgres', url: target.url, poolSize: 2 })
      : await openDatabase({ driver: 'pglite', dataDir: target.dataDir });
  const host = createHost({ database: handle, plugins: installedPlugins, logger: silentLogger });
  try {
    await host.migrate();
    await handle.db
      .insert(regions)
      .values([...REGION_FIXTURE])
      .onConflictDoNothing();
    expect(await seedDemo(host, silentLogger, { households: 30, seed: 7 })).toBe(true);
    return await tableCounts(handle.db);
  } finally {
    await host.stop();
    await handle.close();
  }
}

const withRows = (counts: readonly TableCount[]) => counts.filter((count) => count.rows > 0).map((count) => count.table);

describe.runIf(process.env.ZX_TEST_DRIVER !== 'postgres')('backup and restore drill on PGlite', () => {
  const original: BackupTarget = { driver: 'pglite', dataDir: join(scratch, 'original') };
  const file = join(scratch, 'original.tar.gz');
  let before: TableCount[] = [];

  it('backs up a data directory with its committed rows', async () => {
    before = await seed(original);
    // The drill means something only if the demo wrote to every plugin's tables and the audit log.
    for (const table of ['core.audit_log', 'registry.households', 'monitoring.cases', 'funds.batches', 'projects.projects'])
      expect(withRows(before)).toContain(table);
    expect(await backupDatabase(original, file)).toEqual(before);
  }, 180_000);

  it('restores into a fresh directory with every row and an intact audit log', async () => {
    const report = await restoreDatabase(file, { driver: 'pglite', dataDir: join(scratch, 'restored') });
    expect(report.auditProblems).toEqual([]);
    expect(report.auditEntries).toBe(before.find((count) => count.table === 'core.audit_log')?.rows);
    expect(report.counts).toEqual(before);
  }, 120_000);

  it('never overwrites: a restore into a directory that holds data is refused, and nothing changes there', async () => {
    await expect(restoreDatabase(file, original)).rejects.toThrow(BackupError);
    const handle = await openDatabase({ driver: 'pglite', dataDir: original.dataDir });
    try {
      expect(await tableCounts(handle.db)).toEqual(before);
    } finally {
      await handle.close();
    }
  }, 60_000);

  it('refuses to back up a data directory a live server holds', async () => {
    writeFileSync(pgliteLockFile(original.dataDir), `${process.ppid}\n`);
    try {
      await expect(backupDatabase(original, join(scratch, 'refused.tar.gz'))).rejects.toThrow(/is running on/);
    } finally {
      rmSync(pgliteLockFile(original.dataDir));
    }
  });

  it('runs as `zx backup` and `zx restore`, exit 0 with the audit log verified', () => {
    const { DATABASE_URL: _server, ...environment } = process.env;
    const cli = (args: string[], dataDir: string) =>
      spawnSync('pnpm', ['exec', 'tsx', 'src/cli.ts', ...args], {
        cwd: SERVER_ROOT,
        encoding: 'utf8',
        env: { ...environment, ZX_DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      });
    const backup = cli(['backup', '--out', join(scratch, 'cli.tar.gz')], original.dataDir);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(backup.stdout).toMatch(/registry\.households\s+\d+/);
    const restore = cli(['restore', '--from', join(scratch, 'cli.tar.gz')], join(scratch, 'cli-restored'));
    expect(restore.status).toBe(0);
    expect(restore.stdout).toContain('audit log intact');
  }, 180_000);
});

describe.runIf(process.env.ZX_TEST_DRIVER === 'postgres' && process.env.TEST_DATABASE_URL)('backup and restore drill on PostgreSQL', () => {
  const base = process.env.TEST_DATABASE_URL as string;
  const names = [`zx_backup_${process.pid}_a`, `zx_backup_${process.pid}_b`];
  const urlOf = (name: string) => Object.assign(new URL(base), { pathname: `/${name}` }).toString();
  const admin = () => openDatabase({ driver: 'postgres', url: base, poolSize: 1 });

  afterAll(async () => {
    const handle = await admin();
    for (const name of names) await queryRows(handle.db, `drop database if exists "${name}" with (force)`);
    await handle.close();
  });

  it('pg_dump of a database restores into an empty one with every row and an intact audit log', async () => {
    const handle = await admin();
    for (const name of names) await queryRows(handle.db, `create database "${name}"`);
    await handle.close();
    const original: BackupTarget = { driver: 'postgres', url: urlOf(names[0] as string) };
    const before = await seed(original);
    const file = join(scratch, 'original.pgdump');
    expect(await backupDatabase(original, file)).toEqual(before);
    const report = await restoreDatabase(file, { driver: 'postgres', url: urlOf(names[1] as string) });
    expect(report.auditProblems).toEqual([]);
    expect(report.counts).toEqual(before);
    expect(withRows(report.counts)).toContain('monitoring.cases');
    // The source still has tables: a second restore there is refused.
    await expect(restoreDatabase(file, original)).rejects.toThrow(/already has tables/);
  }, 240_000);
});
