import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreRouterNames } from '@zhenxing/core';
import { openDatabase, queryRows } from '@zhenxing/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pluginIdProblem } from '../src/scaffold/index.ts';
import { QUOTED_SQL_KEYWORDS } from '../src/scaffold/sql-keywords.ts';

const REPOSITORY_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** A hyphenated id on purpose: it exercises the tRPC bracket access and PostgreSQL's quoting. */
const NEW_ID = 'field-visits';
const MINUTES = 60_000;
// eslint-disable-next-line no-control-regex -- the escape character is what is being removed
const stripColours = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('plugin ids the scaffold refuses', () => {
  it('takes kebab-case ids only', () => {
    expect(pluginIdProblem('field-visits', [])).toBeNull();
    for (const id of ['Visits', 'field_visits', 'field--visits', '-visits', '1visits', '']) expect(pluginIdProblem(id, [])).toMatch(/kebab-case/);
  });

  it('refuses every core router name, read from the core, and an existing plugin folder', () => {
    expect(coreRouterNames).toContain('auth');
    for (const name of coreRouterNames) expect(pluginIdProblem(name, [])).toMatch(/core API name/);
    expect(pluginIdProblem('funds', ['funds', 'registry'])).toMatch(/already exists/);
  });

  it('refuses an id PostgreSQL would quote as a schema name (its keywords other than unreserved ones)', async () => {
    for (const id of ['order', 'user', 'table', 'json']) expect(pluginIdProblem(id, [])).toMatch(/PostgreSQL keyword/);
    expect(pluginIdProblem('visits', [])).toBeNull();
    const handle = await openDatabase({ driver: 'pglite' });
    try {
      const quoted = await queryRows<{ word: string }>(handle.db, "select word from pg_get_keywords() where catcode <> 'U'");
      expect(quoted.length).toBeGreaterThan(50);
      expect(quoted.map((row) => row.word).filter((word) => !QUOTED_SQL_KEYWORDS.has(word))).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});

/**
 * `pnpm zx plugin new <id>` in a throw-away copy of this workspace (HEAD plus the uncommitted
 * changes, so it tests the current code): the generated module passes typecheck, lint, the plugin
 * contract, the leak and PII matrices, the schema fingerprint and its own spec as generated, and
 * adding it changes only plugins/<id>/ and pnpm-lock.yaml.
 */
describe('pnpm zx plugin new in a temporary workspace', () => {
  let copy: string;
  // The outer vitest's variables would make the inner runs think they are its workers; the inner
  // runs get their own test-run id, so the copy's global setup drops their own databases.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS' && key !== 'ZX_TEST_RUN_ID'),
  );
  const run = (command: string, args: readonly string[], cwd = copy, options: ExecFileSyncOptions = {}) =>
    execFileSync(command, args, {
      cwd,
      env: { ...env, CI: 'true', NO_COLOR: '1' },
      encoding: 'utf8',
      stdio: 'pipe',
      maxBuffer: 64 * 1024 * 1024,
      ...options,
    }).toString();
  const git = (...args: string[]) => run('git', ['-c', 'user.name=scaffold spec', '-c', 'user.email=scaffold@example.invalid', ...args]);
  const install = () => {
    try {
      run('pnpm', ['install', '--offline', '--frozen-lockfile=false']);
    } catch {
      // The offline store may lack a package's metadata; then the ordinary cache-first install.
      run('pnpm', ['install', '--prefer-offline', '--frozen-lockfile=false']);
    }
  };

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'zx-scaffold-'));
    const head = run('git', ['rev-parse', 'HEAD'], REPOSITORY_ROOT).trim();
    run('git', ['clone', '--quiet', '--shared', '--no-checkout', REPOSITORY_ROOT, copy], tmpdir());
    git('checkout', '--quiet', '--detach', head);
    // The working changes: tracked edits as a patch, untracked (not ignored) files copied.
    const patch = run('git', ['diff', 'HEAD', '--binary'], REPOSITORY_ROOT);
    if (patch.trim() !== '') run('git', ['apply', '--whitespace=nowarn'], copy, { input: patch });
    for (const file of run('git', ['ls-files', '--others', '--exclude-standard', '-z'], REPOSITORY_ROOT).split('\0').filter(Boolean)) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      cpSync(join(REPOSITORY_ROOT, file), join(copy, file));
    }
    git('add', '--all');
    git('commit', '--quiet', '--allow-empty', '-m', 'the workspace under test');
    install();
    git('diff', '--quiet', '--exit-code');
    run('pnpm', ['zx', 'plugin', 'new', NEW_ID]);
    install();
  }, 15 * MINUTES);

  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('changes only plugins/<id>/ and pnpm-lock.yaml', () => {
    const changed = git('status', '--porcelain', '--untracked-files=normal')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3));
    expect(changed.sort()).toEqual([`plugins/${NEW_ID}/`, 'pnpm-lock.yaml']);
    expect(
      git('diff', '--stat')
        .split('\n')
        .filter(Boolean)
        .slice(0, -1)
        .map((line) => line.trim().split(/\s+/)[0]),
    ).toEqual(['pnpm-lock.yaml']);
  });

  it(
    'typechecks and lints',
    () => {
      run('pnpm', [
        'exec',
        'turbo',
        'run',
        'typecheck',
        '--output-logs=errors-only',
        `--filter=@zhenxing/plugin-${NEW_ID}`,
        '--filter=@zhenxing/server',
        '--filter=@zhenxing/admin',
      ]);
      run('pnpm', ['lint']);
      run('pnpm', ['exec', 'prettier', '--check', `plugins/${NEW_ID}`]);
    },
    15 * MINUTES,
  );

  it(
    'passes the plugin contract, the leak and PII matrices and the schema fingerprint',
    () => {
      const specs = ['plugin-contract', 'leak-matrix', 'pii-matrix', 'migrations'].map((name) => `apps/server/test/${name}.test.ts`);
      const output = run('pnpm', ['exec', 'vitest', 'run', '--project', 'server', ...specs]);
      expect(stripColours(output)).toMatch(/Test Files\s+4 passed/);
      // The new module is really among those checked: discovery put it in the server's list.
      expect(readFileSync(join(copy, 'apps', 'server', 'src', 'plugins.generated.ts'), 'utf8')).toContain(`plugins/${NEW_ID}/src/server/plugin.ts`);
    },
    15 * MINUTES,
  );

  it(
    'passes its own spec',
    () => {
      const output = run('pnpm', ['exec', 'vitest', 'run', '--project', NEW_ID]);
      expect(stripColours(output)).toMatch(/Test Files\s+1 passed/);
    },
    10 * MINUTES,
  );
});
