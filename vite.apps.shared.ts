// One Vite + Vitest config for the three browser apps (big screen, team view, jury console): they
// differ only by where the API mounts them.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defaultClientConditions, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { podiumAliases } from './vitest.shared.js';

/** Prints the JavaScript a browser downloads, gzipped (e2e/src/bundle-size.spec.ts asserts the budgets). */
function printGzippedJs(app: string): Plugin {
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
      console.info(`${app} JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (${js.length} file${js.length === 1 ? '' : 's'})`);
    },
  };
}

/** `mount`: the path the API serves the app at (`/screen`, `/team`, `/jury`). */
export function browserAppConfig(app: string, mount: `/${string}`) {
  const api = process.env.PODIUM_API ?? 'http://localhost:3000';
  return defineConfig({
    base: `${mount}/`,
    plugins: [svelte(), svelteTesting(), printGzippedJs(app)],
    resolve: {
      // Workspace libraries are bundled from their TypeScript sources: no library build needed.
      conditions: ['podium-source', ...defaultClientConditions],
      // Tests resolve workspace libraries to their sources; the testing entry must match first.
      alias: process.env.VITEST
        ? [
            { find: '@podium/live-client/testing', replacement: fileURLToPath(new URL('./libs/live-client/src/testing/index.ts', import.meta.url)) },
            ...Object.entries(podiumAliases).map(([find, replacement]) => ({ find, replacement })),
          ]
        : [],
    },
    // `vite` and `vite preview` forward the API (PODIUM_API to point at another port).
    server: {
      proxy: {
        '/api': api,
        '/socket.io': { target: api, ws: true },
      },
    },
    build: {
      target: 'es2022',
      reportCompressedSize: true,
      chunkSizeWarningLimit: 400,
    },
    test: {
      environment: 'jsdom',
      include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
      passWithNoTests: false,
    },
  });
}
