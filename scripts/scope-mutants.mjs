#!/usr/bin/env node
// Scope mutation testing (issue 24): removes, one at a time, every region check a plugin's server
// code makes — `….access.where(…)` (the row filter), `….assertRegion(…)` and `….canSee(…)` — and
// runs the specs that should notice (the leak matrix and the plugin's own specs). A mutant the
// specs do not kill is a scope check no test depends on.
//
//   node scripts/scope-mutants.mjs                 every call site of every plugin (hours: nightly)
//   node scripts/scope-mutants.mjs --plugin visits one plugin
//   node scripts/scope-mutants.mjs --sample 5      a deterministic spread of 5 sites (CI-sized)
//   node scripts/scope-mutants.mjs --list          the call sites only, no runs
//
// Each mutant replaces only the callee, so the arguments are still evaluated and the file still
// parses: `x.access.where(a, b)` answers `undefined` (drizzle's and()/where() then drop the filter),
// `x.assertRegion(code)` returns without throwing, `x.canSee(code)` answers true. vitest runs the
// TypeScript through esbuild without type checks, so the mutant runs as written. The file is
// restored after each run (and on Ctrl-C). Exit 1 when any mutant survives; the report is written
// to scope-mutants.json.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const onlyPlugin = option('--plugin');
const sample = option('--sample') ? Number(option('--sample')) : undefined;
const listOnly = args.includes('--list');

const MUTATIONS = [
  { pattern: /\b([\w.]+\.access\.where)\(/g, replacement: '((..._scopeMutant) => undefined)(', what: 'row filter removed' },
  { pattern: /\b([\w.]+\.assertRegion)\(/g, replacement: '((..._scopeMutant) => undefined)(', what: 'region assertion removed' },
  { pattern: /\b([\w.]+\.canSee)\(/g, replacement: '((..._scopeMutant) => true)(', what: 'visibility check answers true' },
];

function* sourceFiles(directory) {
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) yield path;
  }
}

/** Every call site: file, line, column, the callee text and the mutation. */
function callSites() {
  const sites = [];
  const pluginsDirectory = join(root, 'plugins');
  for (const plugin of readdirSync(pluginsDirectory).sort()) {
    if (onlyPlugin && plugin !== onlyPlugin) continue;
    const serverDirectory = join(pluginsDirectory, plugin, 'src', 'server');
    try {
      statSync(serverDirectory);
    } catch {
      continue;
    }
    for (const file of [...sourceFiles(serverDirectory)].sort()) {
      const text = readFileSync(file, 'utf8');
      for (const mutation of MUTATIONS) {
        for (const match of text.matchAll(mutation.pattern)) {
          const line = text.slice(0, match.index).split('\n').length;
          const lineText = text.split('\n')[line - 1].trim();
          if (lineText.startsWith('//') || lineText.startsWith('*')) continue;
          sites.push({ plugin, file, index: match.index, length: match[0].length, callee: match[1], line, mutation });
        }
      }
    }
  }
  return sites;
}

function pick(sites) {
  if (!sample || sample >= sites.length) return sites;
  // Evenly spread over the list (every plugin gets its share), the same sites on every run.
  const step = sites.length / sample;
  return Array.from({ length: sample }, (_, index) => sites[Math.floor(index * step)]);
}

const sites = pick(callSites());
if (listOnly) {
  for (const site of sites) console.log(`${relative(root, site.file)}:${site.line}  ${site.callee}(…)  → ${site.mutation.what}`);
  console.log(`${sites.length} call sites`);
  process.exit(0);
}

let restore = null;
process.on('SIGINT', () => {
  restore?.();
  process.exit(130);
});

const results = [];
for (const [number, site] of sites.entries()) {
  const original = readFileSync(site.file, 'utf8');
  const mutated = original.slice(0, site.index) + site.mutation.replacement + original.slice(site.index + site.length);
  restore = () => writeFileSync(site.file, original);
  writeFileSync(site.file, mutated);
  const where = `${relative(root, site.file)}:${site.line}`;
  console.log(`\n[${number + 1}/${sites.length}] ${where} ${site.callee}(…): ${site.mutation.what}`);
  const started = Date.now();
  let run;
  try {
    run = spawnSync('pnpm', ['exec', 'vitest', 'run', '--bail=1', '--reporter=dot', 'apps/server/test/leak-matrix.test.ts', `plugins/${site.plugin}/test`], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, ZX_TEST_DRIVER: process.env.ZX_TEST_DRIVER ?? 'pglite' },
    });
  } finally {
    restore();
    restore = null;
  }
  const killed = run.status !== 0;
  results.push({ site: where, callee: site.callee, mutation: site.mutation.what, killed, seconds: Math.round((Date.now() - started) / 1000) });
  console.log(killed ? '  killed ✓' : '  SURVIVED ✗ — no spec noticed this check removed');
}

const killed = results.filter((result) => result.killed).length;
writeFileSync(join(root, 'scope-mutants.json'), `${JSON.stringify({ date: new Date().toISOString(), killed, total: results.length, results }, null, 2)}\n`);
console.log(`\n${killed} of ${results.length} scope mutants killed`);
for (const result of results.filter((item) => !item.killed)) console.log(`  survived: ${result.site} ${result.callee}`);
process.exit(killed === results.length ? 0 : 1);
