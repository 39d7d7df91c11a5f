import { defineConfig } from 'vitest/config';
import { podiumAliases } from '../vitest.shared.js';

// The fault suite (`npm run test:faults`): one cluster of real processes (nginx, two API nodes, a
// scoring worker, PostgreSQL, Redis) per file, files one after another. Not part of `npm test`:
// it needs nginx, PostgreSQL and Redis on the machine (.ci/run installs and starts them).
export default defineConfig({
  resolve: { alias: podiumAliases },
  test: {
    include: ['cluster/**/*.spec.ts'],
    passWithNoTests: false,
    fileParallelism: false,
    hookTimeout: 240_000,
    testTimeout: 300_000,
  },
});
