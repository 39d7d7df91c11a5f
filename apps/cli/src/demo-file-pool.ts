// Worker threads that build the simulator's demo files, so building a sarcopenia zip (seconds of
// CPU each) never blocks the event loop that sends the other teams' submissions on time.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DemoSubmissionOptions } from '@podium/demo';

export type DemoFileRequest = Omit<DemoSubmissionOptions, 'truth'>;

export interface DemoFileResult {
  id: number;
  fileName: string;
  bytes: Uint8Array;
  /** The worker's thread (never 0, the main thread's). */
  threadId: number;
}

interface Job {
  id: number;
  request: DemoFileRequest;
  resolve: (result: DemoFileResult) => void;
  reject: (error: Error) => void;
}

/** From sources (tests, `npm run demo:simulate`) the worker is `.ts` and needs the same loader. */
function workerEntry(): { url: URL; execArgv: string[]; env: NodeJS.ProcessEnv } {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(fromSource ? './demo-file.worker.ts' : './demo-file.worker.js', import.meta.url);
  if (!fromSource) return { url, execArgv: [], env: process.env };
  const project = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
  return { url, execArgv: ['--conditions=podium-source', '--import', '@swc-node/register/esm-register'], env: { ...process.env, SWC_NODE_PROJECT: project } };
}

export class DemoFilePool {
  private readonly idle: Worker[] = [];
  private readonly workers: Worker[] = [];
  private readonly running = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private nextId = 1;

  /** Workers start with the first file asked for: a run without heavy files starts none. */
  constructor(private readonly size = Math.max(1, availableParallelism() - 1)) {}

  private spawn(): void {
    const entry = workerEntry();
    for (let i = 0; i < this.size; i++) {
      const worker = new Worker(entry.url, { execArgv: entry.execArgv, env: entry.env });
      worker.on('message', (message: DemoFileResult | { id: number; error: string }) => this.finish(worker, message));
      worker.on('error', (error) => this.fail(worker, error));
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  build(request: DemoFileRequest): Promise<DemoFileResult> {
    if (this.workers.length === 0) this.spawn();
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) job.reject(new Error('demo file pool closed'));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.running.set(worker, job);
      worker.postMessage({ id: job.id, request: job.request });
    }
  }

  private finish(worker: Worker, message: DemoFileResult | { id: number; error: string }): void {
    const job = this.running.get(worker);
    this.running.delete(worker);
    this.idle.push(worker);
    if (job) {
      if ('error' in message) job.reject(new Error(`building ${job.request.task} file: ${message.error}`));
      else job.resolve({ ...message, bytes: new Uint8Array(message.bytes) });
    }
    this.dispatch();
  }

  private fail(worker: Worker, error: Error): void {
    const job = this.running.get(worker);
    this.running.delete(worker);
    job?.reject(error);
  }
}
