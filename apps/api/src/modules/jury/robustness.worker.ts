// Worker-thread entry of the statistical-ties bootstrap (robustness-runner.ts): keeps the
// resampling off the API's event loop. `{ id, request }` -> `{ id, outcome }` or `{ id, error }`.
import { parentPort } from 'node:worker_threads';
import { AnswerKeyCache } from '../scoring-jobs/scoring-task.js';
import { runRobustness, type RobustnessRequest } from './robustness-task.js';

export interface RobustnessWorkerMessage {
  id: number;
  request: RobustnessRequest;
}

const cache = new AnswerKeyCache();

// Tells the runner the module graph is loaded.
parentPort?.postMessage({ ready: true });

parentPort?.on('message', (message: RobustnessWorkerMessage) => {
  try {
    parentPort!.postMessage({ id: message.id, outcome: runRobustness(message.request, cache) });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
