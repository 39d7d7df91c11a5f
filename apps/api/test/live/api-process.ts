// Real API processes (`src/main.ts` from sources), for process-start, fault, multi-node and restart tests.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

const apiDir = fileURLToPath(new URL('../..', import.meta.url));

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

/** True when something accepts TCP connections at host:port (PostgreSQL, Redis). */
export function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/** A spawned API process with its combined stdout/stderr and its exit code. */
export interface SpawnedApi {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `src/main.ts` from sources with `env` on top of this process's environment. */
export function spawnApiFromSources(env: Record<string, string>): SpawnedApi {
  const child = spawn(process.execPath, ['--conditions=podium-source', '--import', '@swc-node/register/esm-register', 'src/main.ts'], {
    cwd: apiDir,
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export class ApiProcess {
  private child: ChildProcessWithoutNullStreams | null = null;
  private spawned: SpawnedApi | null = null;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get output(): string {
    return this.spawned?.output() ?? '';
  }

  async start(timeoutMs = 90_000): Promise<void> {
    this.spawned = spawnApiFromSources({ HOST: '127.0.0.1', PORT: String(this.port), PODIUM_DEMO: 'off', ...this.env });
    const child = this.spawned.child;
    this.child = child;
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (child.exitCode !== null) throw new Error(`API process exited early:\n${this.output}`);
      try {
        if ((await fetch(`${this.url}/api/health`)).status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no /api/health on ${this.url} within ${timeoutMs} ms:\n${this.output}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
