import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'regions', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
