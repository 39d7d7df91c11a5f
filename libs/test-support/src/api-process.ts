// The one way the API tests, the e2e suite and the benches start a real API process: `built` runs
// apps/api/dist/main.js (what `npm start` runs, from the repository root), `sources` runs
// src/main.ts through swc (from apps/api). Each process leads its own process group, so `kill`
// reaches anything it starts.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const API_DIR = fileURLToPath(new URL('../../../apps/api/', import.meta.url));

export type ApiEntry = 'built' | 'sources';

/** A spawned API process with its combined stdout/stderr and its exit code. */
export interface SpawnedApi {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts the API with `env` on top of this process's environment; does not wait for it. */
export function spawnApi(entry: ApiEntry, env: Record<string, string>): SpawnedApi {
  const [cwd, args, entryEnv] =
    entry === 'built'
      ? [REPO_ROOT, [`${API_DIR}dist/main.js`], {}]
      : [API_DIR, ['--conditions=podium-source', '--import', '@swc-node/register/esm-register', 'src/main.ts'], { SWC_NODE_PROJECT: 'tsconfig.json' }];
  const child = spawn(process.execPath, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...entryEnv, ...env } });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** For `waitFor`'s `giveUpIf`: stop waiting once the process has exited. */
export function exitedEarly(api: SpawnedApi): () => string | undefined {
  return () => (api.child.exitCode !== null ? `the API process exited (code ${api.child.exitCode}):\n${api.output()}` : undefined);
}

/** Waits for `GET /api/health` to answer 200; returns the milliseconds it took. */
export async function waitForHealth(url: string, api: SpawnedApi, timeoutMs: number): Promise<number> {
  const started = Date.now();
  await waitFor(async () => (await fetch(`${url}/api/health`)).status === 200, () => `/api/health on ${url}:\n${api.output()}`, {
    timeoutMs,
    intervalMs: 200,
    giveUpIf: exitedEarly(api),
  });
  return Date.now() - started;
}

/** An API on a fixed port that can be stopped, killed and started again (same port, same env). */
export class ApiProcess {
  private spawned: SpawnedApi | null = null;
  private log = '';

  constructor(
    readonly entry: ApiEntry,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Everything the process printed, over all its runs (for failure messages). */
  output(): string {
    return this.log + (this.spawned?.output() ?? '');
  }

  /** Starts (again) and waits until healthy; returns the milliseconds that took. */
  async boot(timeoutMs = 120_000): Promise<number> {
    if (this.spawned) throw new Error('API already running');
    const spawned = spawnApi(this.entry, { HOST: '127.0.0.1', PORT: String(this.port), PODIUM_DEMO: 'off', ...this.env });
    this.spawned = spawned;
    void spawned.exited.then(() => {
      if (this.spawned !== spawned) return;
      this.log += spawned.output();
      this.spawned = null;
    });
    return waitForHealth(this.url, spawned, timeoutMs);
  }

  /** Signals the whole process group (SIGKILL by default: a crash, not a shutdown) and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const spawned = this.spawned;
    if (!spawned || spawned.child.pid === undefined) return;
    try {
      process.kill(-spawned.child.pid, signal);
    } catch {
      // already gone
    }
    await spawned.exited;
  }

  /** A clean stop: SIGTERM, then SIGKILL if it has not exited within 10 s. */
  async stop(): Promise<void> {
    const spawned = this.spawned;
    if (!spawned) return;
    const timer = setTimeout(() => void this.kill('SIGKILL'), 10_000);
    await this.kill('SIGTERM');
    clearTimeout(timer);
  }
}
