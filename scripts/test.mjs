#!/usr/bin/env node
// The whole test suite, as the README and CI run it:
//   0. make sure the browser tests can run (Debian's chromium + CJK fonts; see ensure-browser.mjs);
//   1. typecheck every package (turbo), then lint (ESLint) and check formatting (Prettier);
//   2. the suite on PGlite (embedded, with coverage of packages/rules);
//   3. when TEST_DATABASE_URL is set, the database-backed suite again on that PostgreSQL server.
// Each half must run tests; the log names both halves with their counts and ends with one
// "N passed, N failed" line for the whole run, where a test file that failed outside any test
// (a crash, a failing hook, an import error) counts as one failure.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGenerated } from './discover-plugins.mjs';
import { ensureBrowser } from './ensure-browser.mjs';
import { countResults, summarize } from './test-report.mjs';

// The plugin lists are generated (gitignored); refresh them so a plugin added since the last
// `pnpm install` is type-checked and tested too.
writeGenerated();

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
  const status = run('pnpm', ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args, ...extraArgs], {
    ...env,
    ZX_TEST_RUN_ID: runId,
  });
  let counts = { passed: 0, failed: 0, skipped: 0, total: 0, crashedFiles: [] };
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    counts = countResults(json);
  } catch {
    console.error(`${name}: no test report was written`);
  }
  return { name, status, ...counts };
}

const browserProblem = ensureBrowser();
if (browserProblem) {
  console.error(browserProblem);
  process.exit(1);
}

if (!process.env.ZX_SKIP_TYPECHECK) {
  console.log('━━ typecheck ━━');
  if (run('pnpm', ['exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only']) !== 0) {
    console.error('typecheck failed');
    process.exit(1);
  }
}

console.log('━━ lint ━━');
if (run('pnpm', ['exec', 'eslint', '.', '--max-warnings=0']) !== 0) {
  console.error('lint failed: fix the errors above (`pnpm exec eslint . --fix` fixes some of them)');
  process.exit(1);
}

console.log('━━ format ━━');
if (run('pnpm', ['exec', 'prettier', '--check', '.', '--log-level=warn']) !== 0) {
  console.error('format check failed: run `pnpm format` (prettier --write .) and commit the result');
  process.exit(1);
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
const summary = summarize(halves);
for (const line of summary.lines) console.log(line);
for (const line of summary.problems) console.error(line);
console.log(`${summary.passed} passed, ${summary.failed} failed`);
process.exit(summary.ok ? 0 : 1);
