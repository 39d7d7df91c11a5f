// A stand-in for the Podium API on a free local port: records every request and answers as the
// test scripted, so commands run against real HTTP without a server.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type ApiHandler = (req: ReceivedRequest, res: ServerResponse) => void;

/** JSON answer; `application/problem+json` for errors, as the API sends them. */
export function replyJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export class ScriptedApi {
  readonly received: ReceivedRequest[] = [];
  handler: ApiHandler = (_req, res) => replyJson(res, 404, {});
  private server?: Server;

  /** Answers every request with the same JSON. */
  replyAlways(status: number, body: unknown): void {
    this.handler = (_req, res) => replyJson(res, status, body);
  }

  /** Starts listening; returns the server's base URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        // Recorded before the handler runs, so a handler can count the requests so far.
        const received = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) };
        this.received.push(received);
        this.handler(received, res);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
