// One worker thread for bundle preparation, started on the first import and kept (starting a
// thread from sources costs seconds; imports come in bursts while an organiser fixes a bundle).
// Bundles are prepared one at a time. A thread that dies fails the import it was preparing, is
// replaced on the next one, and never takes the process with it.
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../common/workers/worker-entry.js';
import type { Preparation } from './bundle-preparation.js';

type Pending = { resolve: (p: Preparation) => void; reject: (e: Error) => void };

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();
/** Preparations run one after the other: a second bundle waits for the first. */
let chain: Promise<unknown> = Promise.resolve();

function thread(): Worker {
  if (worker) return worker;
  const entry = workerEntry(import.meta.url, 'bundle.worker');
  const w = new Worker(entry.url, { execArgv: entry.execArgv, env: entry.env });
  const fail = (error: Error) => {
    if (worker === w) worker = null;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  w.on('message', (message: { id?: number; ready?: true; preparation?: Preparation; error?: string }) => {
    if (message.id === undefined) return;
    const p = pending.get(message.id);
    pending.delete(message.id);
    if (message.preparation) p?.resolve(message.preparation);
    else p?.reject(new Error(`bundle preparation failed: ${message.error}`));
  });
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`bundle worker exited with code ${code}`)));
  // An idle worker must not keep a CLI or a test process alive.
  w.unref();
  worker = w;
  return w;
}

export function prepareBundleOffLoop(zip: Uint8Array): Promise<Preparation> {
  const run = chain.then(
    () =>
      new Promise<Preparation>((resolve, reject) => {
        const w = thread();
        const id = nextId++;
        pending.set(id, { resolve, reject });
        w.ref(); // keep the process alive while it works
        w.postMessage({ id, zip });
      }).finally(() => worker?.unref()),
  );
  chain = run.catch(() => undefined);
  return run;
}
