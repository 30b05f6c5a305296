// Copies the screenshots the user guide references from the end-to-end run into the guide.
//
//   node scripts/user-guide-screenshots.mjs [source-directory]
//
// The Chromium specs (apps/admin/e2e/*.e2e.test.ts) save their screenshots to artifacts/e2e/ (see
// apps/admin/e2e/support/browser.ts). Every image that docs/user-guide/*.md links as images/<name>
// is copied from the source directory (default artifacts/e2e/) to docs/user-guide/images/<name>
// under the same name. A referenced image the run did not produce is reported, and the script
// exits with status 1. Plain Node ESM, no dependencies.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const guide = join(root, 'docs', 'user-guide');
const target = join(guide, 'images');
const source = resolve(process.argv[2] ?? join(root, 'artifacts', 'e2e'));

/** `![caption](images/name.png)` and `<img src="images/name.png">`; the name is what matters. */
const IMAGE_LINK = /!\[[^\]]*\]\(\s*<?images\/([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|<img\s[^>]*src=["']images\/([^"']+)["']/g;

function referencedImages() {
  const images = new Map();
  for (const file of readdirSync(guide)
    .filter((name) => name.endsWith('.md'))
    .sort()) {
    const text = readFileSync(join(guide, file), 'utf8');
    for (const match of text.matchAll(IMAGE_LINK)) {
      const name = decodeURIComponent(match[1] ?? match[2]);
      if (name !== basename(name)) throw new Error(`${file}: images/${name} — the guide keeps its images flat in images/`);
      images.set(name, [...(images.get(name) ?? []), file]);
    }
  }
  return images;
}

if (!existsSync(source) || !statSync(source).isDirectory()) {
  console.error(`No screenshots at ${source}: run the end-to-end specs first (pnpm test), or name the directory that holds them.`);
  process.exit(1);
}

const images = referencedImages();
mkdirSync(target, { recursive: true });
const missing = [];
let copied = 0;
for (const [name, pages] of images) {
  const from = join(source, name);
  if (!existsSync(from)) {
    missing.push(`  ${name} (in ${pages.join(', ')})`);
    continue;
  }
  copyFileSync(from, join(target, name));
  copied += 1;
}

/** A path as the reader typed it: relative inside the repository, absolute outside it. */
const shown = (path) => (path.startsWith(root + sep) ? relative(root, path) : path);
console.log(`${copied} of ${images.size} referenced screenshots copied from ${shown(source)} to ${shown(target)}.`);
if (missing.length > 0) {
  console.error(`${missing.length} referenced screenshot(s) not produced by the end-to-end run:\n${missing.join('\n')}`);
  process.exit(1);
}
