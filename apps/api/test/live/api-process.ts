// A real API process (`src/main.ts` from sources), for multi-node and restart tests.
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

export class ApiProcess {
  private child: ChildProcessWithoutNullStreams | null = null;
  private log = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get output(): string {
    return this.log;
  }

  async start(timeoutMs = 90_000): Promise<void> {
    const child = spawn(process.execPath, ['--conditions=podium-source', '--import', '@swc-node/register/esm-register', 'src/main.ts'], {
      cwd: apiDir,
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json', HOST: '127.0.0.1', PORT: String(this.port), PODIUM_DEMO: 'off', ...this.env },
    });
    this.child = child;
    child.stdout.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (child.exitCode !== null) throw new Error(`API process exited early:\n${this.log}`);
      try {
        if ((await fetch(`${this.url}/api/health`)).status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no /api/health on ${this.url} within ${timeoutMs} ms:\n${this.log}`);
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
