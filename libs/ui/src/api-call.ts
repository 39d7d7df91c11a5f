// Authenticated JSON calls for the team view and the jury console: a token in the Authorization
// header, and every failure - problem+json, another body, no network - returned as data a screen
// can word, never thrown.
import type { ProblemDetails } from '@podium/contracts';
import type { Fetch } from './public-api.js';

export type ApiFailure =
  /** The server answered with an error status; `problem` is its problem+json body when it sent one. */
  | { kind: 'http'; status: number; problem: ProblemDetails | null; headers: Headers }
  /** No answer: offline, DNS, connection reset, aborted. */
  | { kind: 'network'; message: string };

export type ApiCallResult<T> = { ok: true; status: number; value: T; headers: Headers } | { ok: false; failure: ApiFailure };

export interface ApiCallOptions {
  method?: string;
  /** Bearer token (team token or jury session). */
  token?: string | null;
  /** JSON-encoded when not a BodyInit already (strings, blobs and form data go as they are). */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** A problem+json body, or null when `value` is not one (a proxy's HTML page, an empty body). */
export function asProblem(value: unknown): ProblemDetails | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.type !== 'string' || typeof v.status !== 'number') return null;
  return {
    ...(v as object),
    type: v.type,
    status: v.status,
    title: typeof v.title === 'string' ? v.title : '',
    detail: typeof v.detail === 'string' ? v.detail : '',
  } as ProblemDetails;
}

/** Decodes an error body: problem+json (or any JSON shaped like one), else null. */
export function problemFromText(text: string): ProblemDetails | null {
  if (text.trim() === '') return null;
  try {
    return asProblem(JSON.parse(text));
  } catch {
    return null;
  }
}

function isBodyInit(body: unknown): body is BodyInit {
  return (
    typeof body === 'string' ||
    (typeof Blob !== 'undefined' && body instanceof Blob) ||
    (typeof FormData !== 'undefined' && body instanceof FormData) ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body)
  );
}

export async function apiCall<T>(fetchFn: Fetch, path: string, options: ApiCallOptions = {}): Promise<ApiCallResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    if (isBodyInit(options.body)) body = options.body;
    else {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
  }
  let response: Response;
  try {
    response = await fetchFn(path, { method: options.method ?? 'GET', headers, body, signal: options.signal });
  } catch (error) {
    return { ok: false, failure: { kind: 'network', message: error instanceof Error ? error.message : String(error) } };
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return { ok: false, failure: { kind: 'network', message: error instanceof Error ? error.message : String(error) } };
  }
  if (!response.ok) return { ok: false, failure: { kind: 'http', status: response.status, problem: problemFromText(text), headers: response.headers } };
  try {
    return { ok: true, status: response.status, value: (text === '' ? null : JSON.parse(text)) as T, headers: response.headers };
  } catch {
    return { ok: false, failure: { kind: 'http', status: response.status, problem: null, headers: response.headers } };
  }
}
