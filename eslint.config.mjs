// Lint for every project, `.svelte` files included. Module boundaries follow the Nx tags in each
// package.json: api/cli/web may use shared libraries; shared libraries use only shared libraries.
import { createProjectGraphAsync } from '@nx/devkit';
import nx from '@nx/eslint-plugin';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

// The boundary rule reads Nx's cached project graph and is skipped (a warning only) without one:
// `npx eslint .` run by hand or by an editor builds it first. Under Nx the task runner has built it.
if (!process.env.NX_TASK_TARGET_PROJECT) await createProjectGraphAsync({ exitOnError: true });

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/data/**', 'e2e/artifacts/**'] },
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    // `<script lang="ts">` and `.svelte.ts` modules (runes) go through the TypeScript parser.
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    // Stores keep `$state.raw` values that are replaced, never mutated: a plain Date or Set in them
    // (or formatted on the spot) is right, and a SvelteSet would track what nothing reads.
    rules: { 'svelte/prefer-svelte-reactivity': 'off' },
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.mjs', '**/*.js', '**/*.svelte'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            // scope:testing (@podium/test-support) is for tests only: the rule below keeps it out of src.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared', 'scope:testing'] },
            { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:cli', 'scope:shared', 'scope:testing'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared', 'scope:testing'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing'] },
            { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Shipped code never starts API processes or polls: test helpers stay in tests and benches.
    files: ['apps/*/src/**', 'libs/*/src/**'],
    ignores: ['**/*.spec.ts', 'libs/test-support/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: '@podium/test-support', message: 'test helpers belong in tests and benches' }] }] },
  },
  {
    // Tool configs sit outside any project's source and may share the root Vitest settings.
    files: ['**/vitest.config.ts', '**/vitest.*.config.ts', '**/vite.config.ts', 'vitest.shared.ts', 'vite.apps.shared.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
