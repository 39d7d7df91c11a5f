// Worker-thread entry: scores submissions off the API's event loop. Messages are
// `{ id, request }`, `{ id, preload }`, `{ id, shard }` or `{ id, combine }` -> `{ id, outcome }`
// or `{ id, error }` (a bug in scoring, reported as data).
import { parentPort } from 'node:worker_threads';
import {
  AnswerKeyCache,
  type CombineRequest,
  preloadKey,
  type PreloadRequest,
  runCombine,
  runScoring,
  runShard,
  type ScoringRequest,
  type ShardRequest,
} from './scoring-task.js';

/**
 * `request` scores a submission; `preload` parses an answer key ahead of its submissions;
 * `shard` and `combine` score one large mask zip on several workers (see `ScoringPool`).
 */
export type ScoringWorkerBody = { request: ScoringRequest } | { preload: PreloadRequest } | { shard: ShardRequest } | { combine: CombineRequest };
export type ScoringWorkerMessage = { id: number } & ScoringWorkerBody;

const cache = new AnswerKeyCache();

// Tells the pool the module graph is loaded (terminating a worker mid-load can abort the process).
parentPort?.postMessage({ ready: true });

parentPort?.on('message', (message: ScoringWorkerMessage | { close: true }) => {
  // Leaving by an empty event loop: `worker.terminate()` on a thread with loader hooks (tests
  // run the worker from sources) can crash the whole process on Node 20.
  if ('close' in message) return parentPort!.close();
  try {
    parentPort!.postMessage({ id: message.id, outcome: handle(message) });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});

function handle(message: ScoringWorkerMessage): unknown {
  if ('preload' in message) return preloadKey(message.preload, cache);
  if ('shard' in message) return runShard(message.shard, cache);
  if ('combine' in message) return runCombine(message.combine, cache);
  return runScoring(message.request, cache);
}
