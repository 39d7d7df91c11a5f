// One way for the browser apps to call the API: JSON in, JSON out, errors decoded from
// `application/problem+json` (RFC 9457) into data the screen can show - never a thrown exception.
import type { ProblemDetails } from '@podium/contracts';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiCallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Query parameters; undefined, null and '' are left out. */
  query?: Record<string, string | number | boolean | null | undefined>;
  /** Cookie sessions send it on every state-changing request (`X-CSRF-Token`). */
  csrfToken?: string | null;
  /** Scripts and the live feed use a bearer token instead of the cookie. */
  bearer?: string | null;
}

export interface ApiFailure {
  ok: false;
  /** HTTP status; null when the request never got an answer (network down, server gone). */
  status: number | null;
  /** The problem+json body when the server sent one. */
  problem: ProblemDetails | null;
  /** From `Retry-After` (seconds or an HTTP date), for 429 and 503. */
  retryAfterSeconds: number | null;
  /** One line for logs and fallbacks: the problem's detail, or what happened. */
  reason: string;
}

export type ApiOutcome<T> = { ok: true; status: number; value: T } | ApiFailure;

/** `path?a=1&b=x`, skipping empty values so a filter left blank is not sent. */
export function withQuery(path: string, query: ApiCallOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${text}`;
}

/** Seconds from a `Retry-After` value (delta-seconds or an HTTP date), null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

function isProblem(body: unknown): body is ProblemDetails {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.title === 'string' || typeof b.detail === 'string';
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function readBody(response: Response): Promise<unknown> {
  return parseBody(await response.text());
}

/** An error body's problem+json (or JSON shaped like one), else null: for answers read outside `apiCall` (uploads). */
export function problemFromText(text: string, status?: number): ProblemDetails | null {
  const body = parseBody(text);
  return isProblem(body) ? ({ ...body, status: body.status ?? status } as ProblemDetails) : null;
}

export async function apiCall<T>(fetchFn: Fetch, path: string, options: ApiCallOptions = {}): Promise<ApiOutcome<T>> {
  const url = withQuery(path, options.query);
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.csrfToken && method !== 'GET') headers['x-csrf-token'] = options.csrfToken;
  if (options.bearer) headers['authorization'] = `Bearer ${options.bearer}`;
  let response: Response;
  try {
    response = await fetchFn(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (error) {
    return { ok: false, status: null, problem: null, retryAfterSeconds: null, reason: `${method} ${url}: ${error instanceof Error ? error.message : String(error)}` };
  }
  let body: unknown;
  try {
    body = await readBody(response);
  } catch (error) {
    body = undefined;
    if (response.ok) return { ok: false, status: response.status, problem: null, retryAfterSeconds: null, reason: `${method} ${url}: unreadable answer (${String(error)})` };
  }
  if (response.ok) return { ok: true, status: response.status, value: body as T };
  const problem = isProblem(body) ? ({ ...body, status: body.status ?? response.status } as ProblemDetails) : null;
  return {
    ok: false,
    status: response.status,
    problem,
    retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after')),
    reason: problem?.detail || problem?.title || `${method} ${url} answered ${response.status}`,
  };
}
