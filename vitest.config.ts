import { defineConfig } from 'vitest/config';

// Projects that never touch a database: the PostgreSQL half of the suite leaves them out.
const DATABASE_FREE_PROJECTS = ['packages/rules', 'packages/ui', 'apps/admin'];
const onPostgres = process.env.ZX_TEST_DRIVER === 'postgres';
const projects = ['packages/*', 'plugins/*', 'apps/*', ...(onPostgres ? DATABASE_FREE_PROJECTS.map((path) => `!${path}`) : [])];

// One vitest process for the whole repo: on 2 cores a single worker pool beats one process per
// package. PGlite instances cost ~1 GB each, so at most two test files run at once.
export default defineConfig({
  test: {
    projects,
    globalSetup: ['packages/testing/test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['packages/rules/src/**/*.ts'],
      exclude: ['**/*.test.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { 'packages/rules/src/**/*.ts': { lines: 95 } },
    },
  },
});
