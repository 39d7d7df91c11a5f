import { defineConfig } from 'vitest/config';
import { podiumAliases } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { alias: podiumAliases },
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    passWithNoTests: false,
    // Golden and property tests run big inputs; a loaded 2-core CI machine needs room.
    testTimeout: 60_000,
  },
});
