// A fixed pool of worker threads that run `runScoring`, so parsing and metrics (a 500-mask zip
// takes seconds of CPU) never block the API's event loop. Jobs wait in a FIFO when every worker is
// busy. A worker that dies fails its current job and is replaced.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../common/workers/worker-entry.js';
import { answerKeyId, type AnswerKeyFiles, type ScoringOutcome, type ScoringRequest } from './scoring-task.js';
import type { ScoringWorkerMessage } from './scoring.worker.js';

export type ScoringPoolRequest = Omit<ScoringRequest, 'keyFiles'>;

interface Slot {
  worker: Worker;
  /** Keys this worker has parsed (a hint: its cache may evict, then it asks again). */
  keys: Set<string>;
  busy: boolean;
  /** Resolves when the worker has loaded its modules (or died trying). */
  ready: Promise<void>;
  current?: { id: number; resolve: (outcome: ScoringOutcome) => void; reject: (error: Error) => void };
}

interface Pending {
  request: ScoringPoolRequest;
  loadKey: () => Promise<AnswerKeyFiles>;
  resolve: (outcome: ScoringOutcome) => void;
  reject: (error: Error) => void;
}

/** Default size: every core but one for the event loop, at least one. */
export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

export class ScoringPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number = defaultPoolSize()) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Jobs waiting for a worker plus jobs running. */
  get load(): number {
    return this.queue.length + this.slots.filter((s) => s.busy).length;
  }

  /** Scores in a worker; `loadKey` is called only when the chosen worker lacks the answer key. */
  score(request: ScoringPoolRequest, loadKey: () => Promise<AnswerKeyFiles>): Promise<ScoringOutcome> {
    if (this.closed) return Promise.reject(new Error('scoring pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, loadKey, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('scoring pool is closed'));
    await Promise.all(
      this.slots.map(async (s) => {
        s.worker.ref();
        await Promise.race([s.ready, new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
        const exited = new Promise((resolve) => s.worker.once('exit', resolve));
        s.worker.postMessage({ close: true });
        // A worker busy in a long computation is stopped the hard way after a while.
        const timer = setTimeout(() => void s.worker.terminate(), 10_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  private spawn(): Slot {
    const entry = workerEntry(import.meta.url, 'scoring.worker');
    const worker = new Worker(entry.url, { execArgv: entry.execArgv, env: entry.env });
    let markReady!: () => void;
    const slot: Slot = { worker, keys: new Set(), busy: false, ready: new Promise<void>((resolve) => (markReady = resolve)) };
    worker.once('exit', () => markReady());
    worker.on('message', (message: { id: number; ready?: true; outcome?: ScoringOutcome; error?: string }) => {
      if (message.ready) return markReady();
      const current = slot.current;
      if (!current || current.id !== message.id) return;
      slot.current = undefined;
      if (message.error !== undefined) current.reject(new Error(message.error));
      else current.resolve(message.outcome!);
    });
    const die = (error: Error) => {
      const current = slot.current;
      slot.current = undefined;
      current?.reject(error);
      if (this.closed) return;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.spawn();
      this.dispatch();
    };
    worker.on('error', die);
    worker.on('exit', (code) => {
      if (!this.closed) die(new Error(`scoring worker exited with code ${code}`));
    });
    // An idle pool must not keep a CLI or a test process alive.
    worker.unref();
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy) continue;
      const job = this.queue.shift()!;
      slot.busy = true;
      this.run(slot, job).finally(() => {
        slot.busy = false;
        this.dispatch();
      });
    }
  }

  private async run(slot: Slot, job: Pending): Promise<void> {
    try {
      const id = answerKeyId(job.request.key);
      let outcome: ScoringOutcome;
      if (slot.keys.has(id)) {
        outcome = await this.send(slot, job.request);
        if (outcome.kind !== 'need_key') return job.resolve(outcome);
      }
      outcome = await this.send(slot, { ...job.request, keyFiles: await job.loadKey() });
      if (outcome.kind === 'scored' || outcome.kind === 'rejected') slot.keys.add(id);
      job.resolve(outcome);
    } catch (error) {
      job.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private send(slot: Slot, request: ScoringRequest): Promise<ScoringOutcome> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.current = { id, resolve, reject };
      // Keep the worker referenced while it works so the process waits for the answer.
      slot.worker.ref();
      slot.worker.postMessage({ id, request } satisfies ScoringWorkerMessage);
    }).finally(() => slot.worker.unref()) as Promise<ScoringOutcome>;
  }
}

const shared = new Map<number, ScoringPool>();

/**
 * One pool per process and size, shared by every app instance in it (tests boot several apps in
 * one process). Never closed: its idle threads are unref'd and end with the process. Ending
 * threads early is avoided on purpose: under a module loader (sources in tests) a worker thread
 * exiting can crash the process on Node 20.
 */
export function sharedScoringPool(size: number): ScoringPool {
  let pool = shared.get(size);
  if (!pool) {
    pool = new ScoringPool(size);
    shared.set(size, pool);
  }
  return pool;
}
