// `npm start` as a newcomer or a service manager runs it: a SIGTERM (or Ctrl-C's SIGINT) sent to
// the npm process must reach the server and stop it, not leave it running orphaned.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '@podium/test-support';

const root = fileURLToPath(new URL('../../..', import.meta.url));

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'podium-npm-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each(['SIGTERM', 'SIGINT'] as const)('stops the server when npm gets %s', async (signal) => {
    const port = await freePort();
    const npm = spawn('npm', ['start'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PODIUM_DATA_DIR: dataDir, PODIUM_DEMO: 'off', DATABASE_URL: '', NX_DAEMON: 'false' },
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => healthy(port), () => `npm start to answer /api/health:\n${output}`, { timeoutMs: 240_000, intervalMs: 250 });
      npm.kill(signal);
      await exited;
      // The server itself (not only npm) must be gone: nothing answers on its port any more.
      await waitFor(async () => !(await healthy(port)), () => `the server to stop answering after ${signal} to npm:\n${output}`, { timeoutMs: 15_000, intervalMs: 250 });
      expect(output).toContain(`${signal} received: closing`);
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
    }
  }, 300_000);
});
