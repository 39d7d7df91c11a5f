// Plumbing shared by the live benches (bench-live.ts, bench-cluster.ts): roles forked from a
// bench file and driven over IPC, the client processes' niceness, percentiles, polling.
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { waitFor as waitUntil } from '@podium/test-support';

type Msg = { id: number; cmd: string; [k: string]: unknown };
type Reply = { id: number; ok: boolean; value?: unknown; error?: string };

export function rpc(child: ChildProcess): (cmd: string, args?: Record<string, unknown>) => Promise<unknown> {
  let next = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (raw: Reply) => {
    const w = waiting.get(raw.id);
    if (!w) return;
    waiting.delete(raw.id);
    if (raw.ok) w.resolve(raw.value);
    else w.reject(new Error(raw.error));
  });
  return (cmd, args = {}) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      child.send({ id, cmd, ...args });
    });
}

export function serve(handlers: Record<string, (msg: Msg) => unknown>): void {
  process.on('message', (msg: Msg) => {
    void (async () => {
      try {
        const handler = handlers[msg.cmd];
        if (!handler) throw new Error(`unknown command ${msg.cmd}`);
        process.send!({ id: msg.id, ok: true, value: await handler(msg) } satisfies Reply);
      } catch (error) {
        process.send!({ id: msg.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies Reply);
      }
    })();
  });
}

export const children: ChildProcess[] = [];

/** Forks `entry` (a bench file) as `--role=<role>`; the child answers over IPC (see serve). */
export function spawnRole(entry: string, role: string, extraArgs: string[] = []): ChildProcess {
  const child = fork(entry, [`--role=${role}`, ...extraArgs], {
    execArgv: [
      '--expose-gc',
      '--conditions=podium-source',
      '--import',
      '@swc-node/register/esm-register',
      // BENCH_LIVE_PROFILE=dir: V8 CPU profiles of the server process and of the first client
      // process (`--profiled` among its arguments), to see where time goes on both ends.
      ...((role === 'server' || extraArgs.includes('--profiled')) && process.env['BENCH_LIVE_PROFILE']
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_LIVE_PROFILE']}`]
        : []),
    ],
    env: { ...process.env, SWC_NODE_PROJECT: process.env['SWC_NODE_PROJECT'] ?? 'apps/api/tsconfig.json' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // The load generator yields to the server: in a venue the clients are thousands of devices,
  // not processes stealing the server's two cores. Their decode time still counts (receipt is
  // stamped in the client once the message is decoded). BENCH_LIVE_CLIENT_NICE=0: same priority.
  if (role === 'clients' && process.env['BENCH_LIVE_CLIENT_NICE'] !== '0') setPriority(child.pid!, Number(process.env['BENCH_LIVE_CLIENT_NICE'] ?? 10));
  children.push(child);
  return child;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function fmt(values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50)} ms, p99 ${percentile(s, 99)} ms, max ${s.at(-1)} ms (n=${s.length})`;
}

/** The shared waitFor, probing every 200 ms: each probe is an IPC round to every client process. */
export function waitFor(check: () => Promise<boolean>, what: string | (() => string), timeoutMs: number): Promise<true> {
  return waitUntil(check, what, { timeoutMs, intervalMs: 200 });
}

/**
 * A bench file's entry: its forked roles (`--role=<name>`, see spawnRole) run their function; the
 * controller runs otherwise and, if it throws, prints why and stops every forked role.
 */
export async function runBench(roles: Record<string, () => Promise<void>>, controller: () => Promise<void>): Promise<void> {
  const role = process.argv.find((a) => a.startsWith('--role='))?.slice('--role='.length);
  const serveRole = role === undefined ? undefined : roles[role];
  if (serveRole) {
    process.on('disconnect', () => process.exit(0));
    return serveRole();
  }
  try {
    await controller();
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    for (const child of children) child.kill();
    process.exit(1);
  }
}

export const cpuMs = (u: { user: number; system: number }) => (u.user + u.system) / 1000;
