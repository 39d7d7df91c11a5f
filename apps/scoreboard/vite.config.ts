import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { podiumAliases } from '../../vitest.shared.js';

// Served by the API at /screen; `vite build` output is plain static files for any web server.
export default defineConfig({
  base: '/screen/',
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
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
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
