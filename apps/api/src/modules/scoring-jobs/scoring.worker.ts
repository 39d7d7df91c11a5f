// Worker-thread entry: scores submissions off the API's event loop. Messages are
// `{ id, request }` or `{ id, preload }` -> `{ id, outcome }` or `{ id, error }` (a bug in
// scoring, reported as data).
import { parentPort } from 'node:worker_threads';
import { AnswerKeyCache, preloadKey, type PreloadRequest, runScoring, type ScoringRequest } from './scoring-task.js';

/** `request` scores a submission; `preload` parses an answer key ahead of its submissions. */
export type ScoringWorkerBody = { request: ScoringRequest } | { preload: PreloadRequest };
export type ScoringWorkerMessage = { id: number } & ScoringWorkerBody;

const cache = new AnswerKeyCache();

// Tells the pool the module graph is loaded (terminating a worker mid-load can abort the process).
parentPort?.postMessage({ ready: true });

parentPort?.on('message', (message: ScoringWorkerMessage | { close: true }) => {
  // Leaving by an empty event loop: `worker.terminate()` on a thread with loader hooks (tests
  // run the worker from sources) can crash the whole process on Node 20.
  if ('close' in message) return parentPort!.close();
  try {
    const outcome = 'preload' in message ? preloadKey(message.preload, cache) : runScoring(message.request, cache);
    parentPort!.postMessage({ id: message.id, outcome });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
