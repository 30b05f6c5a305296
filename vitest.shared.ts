import { defineProject } from 'vitest/config';

/**
 * Every package's vitest project: tests beside the code (`src/**\/*.test.ts`) or in `test/`.
 * Database-backed tests open PGlite (seconds on a cold start), hence the generous hook timeout.
 */
export function packageProject(name: string, overrides: { include?: string[]; testTimeout?: number } = {}) {
  return defineProject({
    test: {
      name,
      include: overrides.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: overrides.testTimeout ?? 30_000,
      hookTimeout: 120_000,
    },
  });
}
