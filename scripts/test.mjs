#!/usr/bin/env node
// The whole test suite, as the README and CI run it:
//   1. typecheck every package (turbo);
//   2. the suite on PGlite (embedded, with coverage of packages/rules);
//   3. when TEST_DATABASE_URL is set, the database-backed suite again on that PostgreSQL server.
// Each half must run tests; the log names both halves with their counts and ends with one
// "N passed, N failed" line for the whole run.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const extraArgs = process.argv.slice(2);
const reportDirectory = join(tmpdir(), `zx-test-report-${process.pid}`);
mkdirSync(reportDirectory, { recursive: true });

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function half(name, env, args) {
  const report = join(reportDirectory, `${name}.json`);
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  console.log(`\n━━ ${name} ━━`);
  const status = run(
    'pnpm',
    ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args, ...extraArgs],
    { ...env, ZX_TEST_RUN_ID: runId },
  );
  let counts = { passed: 0, failed: 0, skipped: 0, total: 0 };
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    counts = {
      passed: json.numPassedTests,
      failed: json.numFailedTests,
      skipped: json.numPendingTests + json.numTodoTests,
      total: json.numTotalTests,
    };
  } catch {
    console.error(`${name}: no test report was written`);
  }
  return { name, status, ...counts };
}

if (!process.env.ZX_SKIP_TYPECHECK) {
  console.log('━━ typecheck ━━');
  if (run('pnpm', ['exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only']) !== 0) {
    console.error('typecheck failed');
    process.exit(1);
  }
}

const halves = [half('PGlite half', { ZX_TEST_DRIVER: 'pglite' }, ['--coverage'])];
if (process.env.TEST_DATABASE_URL) {
  // vitest.config.ts leaves out the database-free projects (rules, browser tests) in this half.
  halves.push(half('PostgreSQL half', { ZX_TEST_DRIVER: 'postgres' }, []));
} else {
  console.log('\n(TEST_DATABASE_URL is not set: the PostgreSQL half is skipped. CI sets it.)');
}
rmSync(reportDirectory, { recursive: true, force: true });

console.log('\n━━ summary ━━');
let failed = false;
for (const result of halves) {
  console.log(`${result.name}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped (exit ${result.status})`);
  if (result.status !== 0 || result.failed > 0) failed = true;
  if (result.passed === 0) {
    console.error(`${result.name} ran no tests: that is a failure, not a pass.`);
    failed = true;
  }
}
const passed = halves.reduce((sum, result) => sum + result.passed, 0);
const failures = halves.reduce((sum, result) => sum + result.failed, 0);
console.log(`${passed} passed, ${failures} failed`);
process.exit(failed ? 1 : 0);
