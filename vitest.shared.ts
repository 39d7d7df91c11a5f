// Shared Vitest settings: workspace libraries resolve to their TypeScript sources, so tests never
// depend on a previous build; one config shape serves every Node-side project.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const lib = (name: string) => fileURLToPath(new URL(`./libs/${name}/src/index.ts`, import.meta.url));

export const podiumAliases = {
  '@podium/contracts': lib('contracts'),
  '@podium/scoring': lib('scoring'),
  '@podium/demo': lib('demo'),
  '@podium/rules': lib('rules'),
  '@podium/event-bundle': lib('event-bundle'),
  '@podium/live-client/testing': fileURLToPath(new URL('./libs/live-client/src/testing/index.ts', import.meta.url)),
  '@podium/live-client': lib('live-client'),
  '@podium/ui': lib('ui'),
  '@podium/test-support': lib('test-support'),
};

/**
 * Vitest config for a Node-side project. Timeouts are generous because CI runs two suites at once
 * on a 2-core machine; tests assert behaviour, never speed (benchmarks do that).
 */
export function nodeProjectConfig(options: { testTimeout?: number; hookTimeout?: number } = {}) {
  return defineConfig({
    resolve: { alias: podiumAliases },
    test: {
      include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
      passWithNoTests: false,
      testTimeout: options.testTimeout ?? 30_000,
      hookTimeout: options.hookTimeout ?? 60_000,
    },
  });
}
