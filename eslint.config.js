// Lint rules for the whole repository (`pnpm lint`, run by `pnpm test`). typescript-eslint's
// recommended set without type information keeps the run fast on 2 cores; `tsc --strict` already
// does the type-aware part. Formatting is Prettier's job (eslint-config-prettier switches off the
// rules that would fight it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Everything git ignores (builds such as dist-e2e/, data, artifacts) is not ours to lint.
  { ignores: ['**/node_modules/', '**/dist/', '**/dist-*/', '**/.turbo/', 'artifacts/', 'data/', '**/data/', 'coverage/', '**/coverage/', '**/*.d.mts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused names are dead code; a leading underscore marks a deliberately ignored one.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Type-only imports stay type-only, so the runtime import graph is what it looks like.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // A module merges its events into the core's EventMap with `interface EventMap extends ModuleEvents<…> {}`.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.tsx', 'apps/admin/src/**/*.ts', 'plugins/*/src/web/**/*.ts', 'packages/ui/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  prettier,
);
