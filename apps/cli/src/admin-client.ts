// The CLI's side of `POST /api/admin/events`. Every outcome is a value: the command decides
// what to print and which exit code to return.
import type { ImportEventResponse, ImportJobResponse, Problem, ProblemDetails, TeamTokenBody } from '@podium/contracts';

export type ImportOutcome =
  | { kind: 'imported'; status: number; event: ImportEventResponse }
  | { kind: 'rejected'; status: number; title: string; detail?: string; problems: Problem[] }
  | { kind: 'unreachable'; message: string };

const IMPORT_TIMEOUT_MS = 5 * 60 * 1000;
/** How often a `202` import is asked where it is. */
const IMPORT_POLL_MS = 500;

export interface ImportOptions {
  /** Hears each progress answer of an import the server took asynchronously (`202`). */
  onProgress?: (job: ImportJobResponse) => void;
  pollMs?: number;
}

/**
 * Uploads the bundle asking for an asynchronous import (`Prefer: respond-async`): a server that
 * takes it answers `202` and the import is followed at its `Location` until it ends (a
 * 2-million-row key takes minutes; no request stays open that long); a server that does not
 * answers `201` as before.
 */
export async function postEventBundle(
  fetchImpl: typeof fetch,
  server: URL,
  token: string,
  zip: Uint8Array,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const url = new URL('api/admin/events', server.href.endsWith('/') ? server : `${server.href}/`);
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json, application/problem+json' };
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/zip', prefer: 'respond-async' },
      body: zip,
      signal: AbortSignal.timeout(IMPORT_TIMEOUT_MS),
    });
  } catch (error) {
    return { kind: 'unreachable', message: networkReason(error) };
  }
  const text = await response.text().catch(() => '');
  const body = parseJson(text);
  if (response.status === 202) {
    const job = body as Partial<ImportJobResponse> | undefined;
    const location = response.headers.get('location') ?? (typeof job?.id === 'string' ? `/api/admin/imports/${job.id}` : null);
    if (!location) return { kind: 'rejected', status: 202, title: 'Unexpected answer from the server', detail: `202 without an import id: ${text.slice(0, 300)}`, problems: [] };
    return followImport(fetchImpl, new URL(location, url), headers, options);
  }
  return importOutcome(response, text, body);
}

async function followImport(fetchImpl: typeof fetch, url: URL, headers: Record<string, string>, options: ImportOptions): Promise<ImportOutcome> {
  for (;;) {
    let response: Response;
    try {
      response = await fetchImpl(url, { headers, signal: AbortSignal.timeout(IMPORT_TIMEOUT_MS) });
    } catch (error) {
      return { kind: 'unreachable', message: networkReason(error) };
    }
    const text = await response.text().catch(() => '');
    const body = parseJson(text);
    if (!response.ok) return importOutcome(response, text, body);
    const job = body as ImportJobResponse;
    options.onProgress?.(job);
    if (job.status === 'succeeded' && job.result) return { kind: 'imported', status: 201, event: job.result };
    if (job.status === 'failed') {
      const error = job.error;
      return { kind: 'rejected', status: error?.status ?? 500, title: error?.title ?? 'Import failed', detail: error?.detail, problems: error?.problems ?? [] };
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? IMPORT_POLL_MS));
  }
}

function importOutcome(response: Response, text: string, body: unknown): ImportOutcome {
  if (response.ok) {
    const event = asImportEventResponse(body, response.status);
    if (event) return { kind: 'imported', status: response.status, event };
    return { kind: 'rejected', status: response.status, title: 'Unexpected answer from the server', detail: `expected { slug, teams }, got: ${text.slice(0, 300)}`, problems: [] };
  }
  const details = (body ?? {}) as Partial<ProblemDetails>;
  return {
    kind: 'rejected',
    status: response.status,
    title: typeof details.title === 'string' ? details.title : response.statusText || `HTTP ${response.status}`,
    detail: typeof details.detail === 'string' ? details.detail : body === undefined ? text.slice(0, 300) || undefined : undefined,
    problems: Array.isArray(details.problems) ? details.problems : [],
  };
}

function asImportEventResponse(body: unknown, status: number): ImportEventResponse | undefined {
  const value = body as Partial<ImportEventResponse> | undefined;
  if (!value || typeof value.slug !== 'string' || !Array.isArray(value.teams)) return undefined;
  const teams = value.teams.filter((t): t is TeamTokenBody => typeof t?.slug === 'string' && typeof t?.token === 'string');
  return { slug: value.slug, created: typeof value.created === 'boolean' ? value.created : status === 201, teams };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${IMPORT_TIMEOUT_MS / 60000} minutes`;
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}
