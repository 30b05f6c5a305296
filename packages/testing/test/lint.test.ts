import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `pnpm test` runs `eslint .` with the repository's config before the suite and stops on any error;
// these cases prove that config catches what it is there to catch.
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: repositoryRoot });

async function rulesBroken(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('the lint step of pnpm test', () => {
  it('refuses an unused variable in server code', async () => {
    expect(await rulesBroken('const unused = 1;\nexport const used = 2;\n', 'packages/core/src/lint-probe.ts')).toContain('@typescript-eslint/no-unused-vars');
  });

  it('refuses a value import used only as a type', async () => {
    const code = "import { Executor } from '@zhenxing/db';\nexport function run(db: Executor): Executor {\n  return db;\n}\n";
    expect(await rulesBroken(code, 'packages/core/src/lint-probe.ts')).toContain('@typescript-eslint/consistent-type-imports');
  });

  it('refuses a hook called conditionally in the admin app', async () => {
    const code = "import { useState } from 'react';\nexport function Page({ on }: { on: boolean }) {\n  if (on) useState(0);\n  return null;\n}\n";
    expect(await rulesBroken(code, 'apps/admin/src/pages/LintProbe.tsx')).toContain('react-hooks/rules-of-hooks');
  });

  it('accepts clean code', async () => {
    expect(await rulesBroken('export const answer = 42;\n', 'packages/core/src/lint-probe.ts')).toEqual([]);
  });
});
