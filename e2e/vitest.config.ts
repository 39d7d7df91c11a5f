import { defineConfig } from 'vitest/config';
import { podiumAliases } from '../vitest.shared.js';

// One real API process and one Chromium per file, files one after another: the machine has two
// cores, and timing measurements mean nothing when files compete for them.
export default defineConfig({
  resolve: { alias: podiumAliases },
  test: {
    include: ['src/**/*.spec.ts'],
    passWithNoTests: false,
    fileParallelism: false,
    globalSetup: ['src/harness/global-setup.ts'],
    hookTimeout: 180_000,
    testTimeout: 120_000,
  },
});
