// The admin app's end-to-end tests drive Debian's Chromium (never a downloaded browser) and need
// CJK fonts for readable screenshots. `pnpm test` calls this first, so the README's second line
// works on a fresh machine: as root with apt-get it installs what is missing; anywhere else it
// stops at once with one line naming the command to run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const DEBIAN_PACKAGES = ['chromium', 'fonts-noto-cjk'];

function chromiumPath() {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

// fontconfig's fc-list may itself be absent on a fresh machine; fall back to the package's file.
function hasCjkFont() {
  const result = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  if (result.status === 0 && /noto sans cjk/i.test(result.stdout)) return true;
  return existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');
}

function commandExists(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** What is missing, as Debian package names. */
export function missingPackages() {
  const missing = [];
  if (!existsSync(chromiumPath())) missing.push('chromium');
  if (!hasCjkFont()) missing.push('fonts-noto-cjk');
  return missing;
}

/** Installs what is missing, or returns the one-line reason it cannot (null when all is there). */
export function ensureBrowser({ log = console.log } = {}) {
  const missing = missingPackages();
  if (missing.length === 0) return null;
  const installCommand = `apt-get install -y --no-install-recommends ${DEBIAN_PACKAGES.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.env.CHROMIUM_PATH && missing.includes('chromium')) {
    return `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist: point it at a Chromium binary, or unset it and run \`sudo ${installCommand}\`.`;
  }
  if (!isRoot || !commandExists('apt-get')) {
    return `The browser tests need ${missing.join(' and ')}: run \`sudo apt-get update && sudo ${installCommand}\` (or set CHROMIUM_PATH), then \`pnpm test\` again.`;
  }
  log(`Installing ${missing.join(', ')} from Debian's packages (the browser tests need them) …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install =
    update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...DEBIAN_PACKAGES], { stdio: 'inherit', env }) : update;
  if (install.status !== 0)
    return `Installing ${DEBIAN_PACKAGES.join(' ')} failed (apt-get exit ${install.status}): run \`${installCommand}\` by hand and read its error.`;
  const stillMissing = missingPackages();
  return stillMissing.length === 0 ? null : `After apt-get, still missing: ${stillMissing.join(', ')}.`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problem = ensureBrowser();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
