// The main thread's side of the embedded database: statements go to PGlite in its own worker
// thread (pglite.worker.ts) and come back as PGlite's results, so the event loop only waits.
// Values are prepared here the way node-postgres prepares them (Dates, arrays and objects to
// text) before they cross the thread boundary, which keeps nothing but strings and bytes.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../common/workers/worker-entry.js';

export type PGliteThreadRequest =
  | { id: number; kind: 'open'; dataDir: string }
  | { id: number; kind: 'query'; sql: string; params?: unknown[] }
  | { id: number; kind: 'ping' }
  | { id: number; kind: 'close' };
export type PGliteThreadReply = { id: number; result: unknown } | { id: number; error: Record<string, unknown> & { message: string } };

const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(value: unknown): string | Buffer | null };

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * Threads whose database was closed, kept for the next one: a thread is never ended from here,
 * because a worker thread ending while native code is loaded in it (the TypeScript loader when
 * running from sources) can crash the whole process; reusing it also saves its start-up.
 */
const idleThreads: Worker[] = [];

export class PGliteThread {
  /** Settles once PGlite has opened its directory (rejects when it cannot). */
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped: Error | null = null;

  constructor(dataDir: string) {
    this.worker = idleThreads.pop() ?? startThread();
    this.worker.on('message', this.onReply);
    this.worker.on('error', this.onError);
    this.worker.on('exit', this.onExit);
    this.ready = this.send({ id: this.nextId++, kind: 'open', dataDir }).then(
      () => undefined,
      (error: Error) => {
        throw new Error(`the embedded database could not open ${dataDir}: ${error.message}`);
      },
    );
  }

  /** One statement (several when `params` is empty: migrations); PGlite's result (`rows`, `fields`, `affectedRows`). */
  async query<T>(sql: string, params?: readonly unknown[]): Promise<T> {
    await this.ready;
    const prepared = params && params.length > 0 ? params.map((value) => prepareValue(value)) : undefined;
    return (await this.send({ id: this.nextId++, kind: 'query', sql, params: prepared })) as T;
  }

  /**
   * Answered by the thread between two statements, whatever session holds the database: that the
   * embedded database is open and working, without waiting for a transaction in progress.
   */
  async ping(): Promise<void> {
    await this.ready;
    await this.send({ id: this.nextId++, kind: 'ping' });
  }

  /** Closes PGlite (its files are then free) and keeps the thread for the next database. */
  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    await this.send({ id: this.nextId++, kind: 'close' });
    this.worker.off('message', this.onReply);
    this.worker.off('error', this.onError);
    this.worker.off('exit', this.onExit);
    this.stopped = new Error('the embedded database is closed');
    idleThreads.push(this.worker);
  }

  private readonly onReply = (reply: PGliteThreadReply) => {
    const pending = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (!pending) return;
    if ('error' in reply) pending.reject(Object.assign(new Error(reply.error.message), reply.error));
    else pending.resolve(reply.result);
  };

  private readonly onError = (error: Error) => this.stop(new Error(`the embedded database thread failed: ${error.message}`));
  private readonly onExit = (code: number) => this.stop(new Error(`the embedded database thread exited (code ${code})`));

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  /**
   * Sends one request. The thread holds the process open only while a request is in flight: an
   * idle database keeps no CLI or test process alive, as PGlite on the main thread did not.
   */
  private send(request: PGliteThreadRequest): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      const settle = () => {
        if (this.pending.size === 0) this.worker.unref();
      };
      this.pending.set(request.id, {
        resolve: (value) => {
          resolve(value);
          settle();
        },
        reject: (error) => {
          reject(error);
          settle();
        },
      });
      this.worker.postMessage(request);
    });
  }
}

function startThread(): Worker {
  const entry = workerEntry(import.meta.url, 'pglite.worker');
  const worker = new Worker(entry.url, { execArgv: entry.execArgv, env: entry.env });
  // A thread that fails is never reused (its database, if any, hears of it through its own listeners).
  const forget = () => {
    const at = idleThreads.indexOf(worker);
    if (at >= 0) idleThreads.splice(at, 1);
  };
  worker.on('error', forget);
  worker.on('exit', forget);
  worker.unref();
  return worker;
}
