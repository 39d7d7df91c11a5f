// Right after listen, a few loopback requests through the real HTTP stack: the parser, the router,
// Nest's guards and exception filter, and an upload route's body path. After a restart the first
// team's upload otherwise runs all of that for the first time, in a fresh process, while
// `/api/health` and everyone else wait. bench:submissions (masks, first upload after a restart,
// health probed from another process): health p99 46-74 ms without (6 runs), 29-43 ms with (5);
// end to end unchanged. Nothing is written: the health route reads nothing on the embedded
// database, and the uploads carry no token, so the team guard refuses them before any lookup
// (and records no failed attempt).
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const HEALTH_REQUESTS = 5;
const UPLOAD_REQUESTS = 3;
/** Enough body for the upload path to stream several chunks. */
const UPLOAD_BYTES = 256 * 1024;
const TIMEOUT_MS = 5_000;
/** Any upload route: the guard answers 401 before the event or task is looked up. */
export const WARMUP_UPLOAD_PATH = '/api/events/warm-up/tasks/warm-up/submissions';

export interface HttpWarmupResult {
  /** Status of each request, in order (health first). */
  statuses: number[];
}

/** Sends the warm-up requests to the server's own address; a request that fails is skipped. */
export async function warmHttpPath(server: Server): Promise<HttpWarmupResult> {
  const address = server.address() as AddressInfo | null;
  if (!address) return { statuses: [] };
  // A server bound to every interface answers on loopback.
  const host = address.address === '::' ? '::1' : address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
  const body = Buffer.alloc(UPLOAD_BYTES, 0x2c);
  const statuses: number[] = [];
  for (let i = 0; i < HEALTH_REQUESTS; i++) statuses.push(await send(host, address.port, 'GET', '/api/health'));
  for (let i = 0; i < UPLOAD_REQUESTS; i++) statuses.push(await send(host, address.port, 'POST', WARMUP_UPLOAD_PATH, body));
  return { statuses };
}

function send(host: string, port: number, method: string, path: string, body?: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const headers = body ? { 'content-type': 'application/octet-stream', 'content-length': body.length, 'x-file-name': 'warm-up.csv' } : {};
    const req = request({ host, port, method, path, headers, agent: false, timeout: TIMEOUT_MS }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('timeout', () => req.destroy());
    // The server may answer before reading the whole body (401) and close: that is expected.
    req.on('error', () => resolve(0));
    req.end(body);
  });
}
