// The real built API (`node apps/api/dist/main.js`, what `npm start` runs) as a child process in
// its own process group, on a free port, with embedded PGlite in a temporary directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportEventResponse } from '@podium/contracts';
import { API_ENTRY, REPO_ROOT } from './paths.js';

export const E2E_ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdefghijkl';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export class ApiProcess {
  private child: ChildProcess | null = null;
  private log = '';

  private constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Everything the process printed (all runs), for failure messages. */
  output(): string {
    return this.log;
  }

  static async start(): Promise<ApiProcess> {
    const api = new ApiProcess(await freePort(), mkdtempSync(join(tmpdir(), 'podium-e2e-')));
    await api.boot();
    return api;
  }

  /** Starts (again) on the same port and data directory. */
  async boot(timeoutMs = 120_000): Promise<number> {
    if (this.child) throw new Error('API already running');
    const started = Date.now();
    const child = spawn(process.execPath, [API_ENTRY], {
      cwd: REPO_ROOT,
      detached: true, // own process group: kill() reaches anything it starts
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        PODIUM_DATA_DIR: this.dataDir,
        PODIUM_DEMO: 'off',
        PODIUM_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
        PODIUM_PUBLIC_URL: this.url,
        DATABASE_URL: '', // the embedded default, even when CI exports PostgreSQL
        REDIS_URL: '',
      },
    });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    child.on('exit', () => {
      if (this.child === child) this.child = null;
    });
    while (Date.now() - started < timeoutMs) {
      if (child.exitCode !== null) throw new Error(`API exited during start (code ${child.exitCode}):\n${this.log}`);
      try {
        if ((await fetch(`${this.url}/api/health`)).status === 200) return Date.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`API not healthy within ${timeoutMs} ms:\n${this.log}`);
  }

  /** Kills the whole process group (SIGKILL by default: a crash, not a shutdown) and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
    await exited;
    this.child = null;
  }

  async dispose(): Promise<void> {
    await this.kill('SIGKILL');
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async importBundle(zip: Uint8Array): Promise<ImportEventResponse> {
    const res = await fetch(`${this.url}/api/admin/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${E2E_ADMIN_TOKEN}`, 'Content-Type': 'application/zip' },
      body: new Uint8Array(zip), // an ArrayBuffer-backed copy, as fetch types want
    });
    const body = await res.text();
    if (res.status !== 201 && res.status !== 200) throw new Error(`bundle import answered ${res.status}: ${body}`);
    return JSON.parse(body) as ImportEventResponse;
  }
}
