import { defineConfig } from 'vitest/config';
import { podiumAliases } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { alias: podiumAliases },
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    passWithNoTests: false,
    // Booting PGlite and running the migrations takes seconds on a busy 2-core machine.
    hookTimeout: 120_000,
    testTimeout: 60_000,
  },
});
