import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { podiumAliases } from '../../vitest.shared.js';

const api = process.env.PODIUM_API ?? 'http://localhost:3000';

// Served by the API at /jury; `vite build` output is plain static files for any web server.
export default defineConfig({
  base: '/jury/',
  plugins: [svelte(), svelteTesting()],
  resolve: {
    // Workspace libraries are bundled from their TypeScript sources: no library build needed.
    conditions: ['podium-source', ...defaultClientConditions],
    // Tests resolve workspace libraries to their sources; the testing entry must match first.
    alias: process.env.VITEST
      ? [
          { find: '@podium/live-client/testing', replacement: fileURLToPath(new URL('../../libs/live-client/src/testing/index.ts', import.meta.url)) },
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
