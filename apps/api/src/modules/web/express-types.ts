// The few Express members these routes use (Express 5 ships no types and @types/express is not
// installed; Nest's platform-express runs Express underneath).
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface WebRequest extends IncomingMessage {
  /** Path below the mount point, not decoded. */
  path: string;
  query: Record<string, unknown>;
}

export interface SendFileError extends Error {
  status?: number;
  statusCode?: number;
  code?: string;
}

export interface SendFileOptions {
  root: string;
  dotfiles?: 'allow' | 'deny' | 'ignore';
  cacheControl?: boolean;
  maxAge?: number | string;
  immutable?: boolean;
}

export interface WebResponse extends ServerResponse {
  sendFile(path: string, options: SendFileOptions, callback: (error?: SendFileError) => void): void;
}

export type WebHandler = (request: WebRequest, response: WebResponse, next: (error?: unknown) => void) => void;

export interface ExpressLike {
  get(path: string, handler: WebHandler): unknown;
  use(path: string, handler: WebHandler): unknown;
}
