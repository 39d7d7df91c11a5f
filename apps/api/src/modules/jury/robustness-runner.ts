// Runs bootstraps in one worker thread of their own, one job at a time, so a jury's 10,000
// resamples neither block the event loop nor take the scoring pool's threads from submissions.
// The thread starts on first use and stays (idle, unref'd) for the next one: ending threads
// early can crash a process running from sources on Node 20 (see scoring-pool.ts). A thread
// that dies fails its job; the next job starts a new one.
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../common/workers/worker-entry.js';
import type { RobustnessOutcome, RobustnessRequest } from './robustness-task.js';
import type { RobustnessWorkerMessage } from './robustness.worker.js';

interface Thread {
  worker: Worker;
  ready: Promise<void>;
  current?: { id: number; resolve: (outcome: RobustnessOutcome) => void; reject: (error: Error) => void };
}

export class RobustnessRunner {
  private thread: Thread | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private nextId = 1;

  /** Queued behind the jobs already asked for (FIFO). */
  run(request: RobustnessRequest): Promise<RobustnessOutcome> {
    const job = this.tail.then(() => this.send(request));
    this.tail = job.catch(() => undefined);
    return job;
  }

  private spawn(): Thread {
    const entry = workerEntry(import.meta.url, 'robustness.worker');
    const worker = new Worker(entry.url, { execArgv: entry.execArgv, env: entry.env });
    let markReady!: () => void;
    const thread: Thread = { worker, ready: new Promise<void>((resolve) => (markReady = resolve)) };
    worker.on('message', (message: { id?: number; ready?: true; outcome?: RobustnessOutcome; error?: string }) => {
      if (message.ready) return markReady();
      const current = thread.current;
      if (!current || current.id !== message.id) return;
      thread.current = undefined;
      if (message.error !== undefined) current.reject(new Error(message.error));
      else current.resolve(message.outcome!);
    });
    const die = (error: Error) => {
      markReady();
      if (this.thread === thread) this.thread = undefined;
      const current = thread.current;
      thread.current = undefined;
      current?.reject(error);
    };
    worker.on('error', die);
    worker.on('exit', (code) => die(new Error(`robustness worker exited with code ${code}`)));
    worker.unref();
    return thread;
  }

  private async send(request: RobustnessRequest): Promise<RobustnessOutcome> {
    const thread = (this.thread ??= this.spawn());
    await thread.ready;
    if (this.thread !== thread) throw new Error('robustness worker stopped while starting');
    const id = this.nextId++;
    return new Promise<RobustnessOutcome>((resolve, reject) => {
      thread.current = { id, resolve, reject };
      // Referenced while it works, so a process waits for the answer it asked for.
      thread.worker.ref();
      thread.worker.postMessage({ id, request } satisfies RobustnessWorkerMessage);
    }).finally(() => thread.worker.unref());
  }
}

let shared: RobustnessRunner | undefined;

/** One runner per process, shared by every app instance in it (tests boot several apps). */
export function sharedRobustnessRunner(): RobustnessRunner {
  return (shared ??= new RobustnessRunner());
}
