// Worker thread of DemoFilePool: builds demo submission files (a sarcopenia zip is seconds of
// CPU) away from the simulator's event loop, which keeps sending on time meanwhile.
import { parentPort, threadId } from 'node:worker_threads';
import { buildDemoSubmission, DEMO_SEED, demoTruth } from '@podium/demo';
import type { DemoFileRequest, DemoFileResult } from './demo-file-pool.js';

const truth = demoTruth(DEMO_SEED);

parentPort!.on('message', (message: { id: number; request: DemoFileRequest } | { close: true }) => {
  if ('close' in message) {
    parentPort!.close();
    return;
  }
  try {
    const file = buildDemoSubmission({ ...message.request, truth });
    const result: DemoFileResult = { id: message.id, fileName: file.fileName, bytes: file.bytes, threadId };
    parentPort!.postMessage(result, [file.bytes.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
