import { defineConfig } from 'vitest/config';
import { podiumAliases } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { alias: podiumAliases },
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    passWithNoTests: false,
  },
});
