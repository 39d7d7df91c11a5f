// Worker-thread entry: scores submissions off the API's event loop. Messages are
// `{ id, request }` -> `{ id, outcome }` or `{ id, error }` (a bug in scoring, reported as data).
import { parentPort } from 'node:worker_threads';
import { AnswerKeyCache, runScoring, type ScoringRequest } from './scoring-task.js';

export interface ScoringWorkerMessage {
  id: number;
  request: ScoringRequest;
}

const cache = new AnswerKeyCache();

parentPort?.on('message', (message: ScoringWorkerMessage) => {
  try {
    parentPort!.postMessage({ id: message.id, outcome: runScoring(message.request, cache) });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
