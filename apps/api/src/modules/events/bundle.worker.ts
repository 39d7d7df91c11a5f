// Worker-thread entry: prepares event bundles off the API's event loop. Messages are
// `{ id, zip }` -> `{ id, preparation }` or `{ id, error }` (a bug, reported as data).
import { parentPort } from 'node:worker_threads';
import { prepareBundle } from './bundle-preparation.js';

parentPort?.postMessage({ ready: true });

parentPort?.on('message', (message: { id: number; zip: Uint8Array } | { close: true }) => {
  // Leaving by an empty event loop (terminate() with loader hooks can crash Node 20).
  if ('close' in message) return parentPort!.close();
  try {
    parentPort!.postMessage({ id: message.id, preparation: prepareBundle(message.zip) });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
