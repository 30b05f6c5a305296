#!/usr/bin/env node
// Initial-load JavaScript budget of the admin app, measured on the production build.
//
//   node apps/admin/scripts/bundle-budget.mjs [distDir]     (default: apps/admin/dist)
//
// Reads Vite's manifest (dist/.vite/manifest.json), takes the entry chunk plus every chunk it
// imports statically (transitively) — what the browser must download before the first paint —
// and sums raw and gzip bytes (gzip level 9, as a server would send). Lazily loaded chunks (pages,
// charts, plugin pages) are reported separately and do not count. Prints one JSON object; exits 1
// when the initial gzip size is over the budget (ZX_BUNDLE_BUDGET_KB, default 400 kB gzip).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.argv[2] ?? join(here, '..', 'dist'));
const budgetKb = Number(process.env.ZX_BUNDLE_BUDGET_KB ?? 400);
const manifestPath = join(dist, '.vite', 'manifest.json');

if (!existsSync(manifestPath)) {
  console.error(JSON.stringify({ ok: false, error: `no Vite manifest at ${manifestPath}; run \`pnpm --filter @zhenxing/admin build\` first` }));
  process.exit(2);
}

/** @type {Record<string, { file: string; isEntry?: boolean; isDynamicEntry?: boolean; imports?: string[]; dynamicImports?: string[]; css?: string[]; name?: string; src?: string }>} */
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
if (entries.length !== 1) {
  console.error(JSON.stringify({ ok: false, error: `expected one entry chunk, found ${entries.length}` }));
  process.exit(2);
}
const [entryKey] = entries[0];

function sizes(file) {
  const bytes = readFileSync(join(dist, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** The chunk and everything it imports statically. */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) closure(imported, seen);
  return seen;
}

function measure(keys) {
  const js = [...keys].map((key) => sizes(manifest[key].file));
  const css = [...new Set([...keys].flatMap((key) => manifest[key].css ?? []))].map(sizes);
  const sum = (list, field) => list.reduce((total, item) => total + item[field], 0);
  return { js, css, raw: sum(js, 'raw'), gzip: sum(js, 'gzip'), cssRaw: sum(css, 'raw'), cssGzip: sum(css, 'gzip') };
}

const initialKeys = closure(entryKey);
const initial = measure(initialKeys);

// The first screen a signed-in user sees also loads the dashboard page: reported, not budgeted.
const dashboardKey = Object.keys(manifest).find((key) => key.endsWith('src/pages/Dashboard.tsx'));
const firstScreen = dashboardKey ? measure(new Set([...initialKeys, ...closure(dashboardKey)])) : null;

const lazy = Object.keys(manifest)
  .filter((key) => !initialKeys.has(key) && manifest[key].file.endsWith('.js'))
  .map((key) => ({ ...sizes(manifest[key].file), source: manifest[key].src ?? manifest[key].name ?? key }))
  .sort((a, b) => b.gzip - a.gzip);

const budgetBytes = budgetKb * 1000;
const report = {
  ok: initial.gzip <= budgetBytes,
  dist,
  budget: { initialJsGzipBytes: budgetBytes },
  initialJs: {
    chunks: initial.js.length,
    rawBytes: initial.raw,
    gzipBytes: initial.gzip,
    files: initial.js.sort((a, b) => b.gzip - a.gzip),
  },
  initialCss: { rawBytes: initial.cssRaw, gzipBytes: initial.cssGzip },
  firstScreenWithDashboard: firstScreen ? { rawBytes: firstScreen.raw, gzipBytes: firstScreen.gzip } : null,
  lazyChunks: { count: lazy.length, rawBytes: lazy.reduce((t, c) => t + c.raw, 0), gzipBytes: lazy.reduce((t, c) => t + c.gzip, 0), largest: lazy.slice(0, 5) },
};
console.log(JSON.stringify(report, null, 2));
if (!report.ok) {
  console.error(`initial-load JS is ${(initial.gzip / 1000).toFixed(1)} kB gzip, over the ${budgetKb} kB budget`);
  process.exit(1);
}
