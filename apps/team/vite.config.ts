import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defaultClientConditions, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { podiumAliases } from '../../vitest.shared.js';

const api = process.env.PODIUM_API ?? 'http://localhost:3000';

/** Prints the JavaScript a phone downloads, gzipped (e2e/src/bundle-size.spec.ts asserts the budget). */
function printGzippedJs(): Plugin {
  let outDir = 'dist';
  return {
    name: 'podium-gzipped-js',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const dir = join(outDir, 'assets');
      const js = readdirSync(dir).filter((file) => file.endsWith('.js'));
      const total = js.reduce((sum, file) => sum + gzipSync(readFileSync(join(dir, file)), { level: 9 }).length, 0);
      console.info(`team view JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (${js.length} file${js.length === 1 ? '' : 's'})`);
    },
  };
}

// Served by the API at /team; `vite build` output is plain static files for any web server.
export default defineConfig({
  base: '/team/',
  plugins: [svelte(), svelteTesting(), printGzippedJs()],
  resolve: {
    conditions: ['podium-source', ...defaultClientConditions],
    alias: process.env.VITEST
      ? [
          { find: '@podium/live-client/testing', replacement: fileURLToPath(new URL('../../libs/live-client/src/testing/index.ts', import.meta.url)) },
          ...Object.entries(podiumAliases).map(([find, replacement]) => ({ find, replacement })),
        ]
      : [],
  },
  server: {
    proxy: {
      '/api': api,
      '/socket.io': { target: api, ws: true },
    },
  },
  build: {
    target: 'es2022',
    reportCompressedSize: true,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    passWithNoTests: false,
  },
});
