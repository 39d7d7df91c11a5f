// The CLI's side of `POST /api/admin/events`. Every outcome is a value: the command decides
// what to print and which exit code to return.
import type { ImportEventResponse, Problem, ProblemDetails, TeamTokenBody } from '@podium/contracts';

export type ImportOutcome =
  | { kind: 'imported'; status: number; event: ImportEventResponse }
  | { kind: 'rejected'; status: number; title: string; detail?: string; problems: Problem[] }
  | { kind: 'unreachable'; message: string };

const IMPORT_TIMEOUT_MS = 5 * 60 * 1000;

export async function postEventBundle(
  fetchImpl: typeof fetch,
  server: URL,
  token: string,
  zip: Uint8Array,
): Promise<ImportOutcome> {
  const url = new URL('api/admin/events', server.href.endsWith('/') ? server : `${server.href}/`);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/zip', authorization: `Bearer ${token}`, accept: 'application/json, application/problem+json' },
      body: zip,
      signal: AbortSignal.timeout(IMPORT_TIMEOUT_MS),
    });
  } catch (error) {
    return { kind: 'unreachable', message: networkReason(error) };
  }
  const text = await response.text().catch(() => '');
  const body = parseJson(text);
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
