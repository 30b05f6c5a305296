#!/usr/bin/env node
// `pnpm bench`: server benchmarks (ratios against same-run baselines), plugin benchmarks, and the
// admin app's initial-load JavaScript budget. BENCH_DATABASE_URL runs database benchmarks on PostgreSQL.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', env: process.env }).status ?? 1;
let failed = 0;
failed |= run('pnpm', ['--filter', '@zhenxing/server', 'exec', 'tsx', 'bench/run.ts']);
if (existsSync('apps/admin/scripts/bundle-budget.mjs')) {
  failed |= run('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@zhenxing/admin', '--output-logs=errors-only']);
  failed |= run('node', ['apps/admin/scripts/bundle-budget.mjs']);
}
process.exit(failed ? 1 : 0);
