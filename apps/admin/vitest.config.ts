import { defineProject } from 'vitest/config';

/**
 * The admin app's end-to-end tests: the built app in headless Chromium against a real server on a
 * fresh PGlite database. `pnpm exec vitest run --project e2e` from the repository root.
 */
export default defineProject({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // A sign-in (argon2 + first page load) can take seconds on a busy 2-core CI machine;
    // vitest's default of one second for expect.poll made the stories flaky.
    expect: { poll: { timeout: 20_000, interval: 100 } },
  },
});
