// Pure rules of the team view: what it reads from the address, which board rows it shows, how a
// rank change and an upload answer are worded. The server decides ranks and order; nothing here
// re-ranks or re-filters - it only picks rows by their position in the server's list.
import type { LeaderboardRow, Problem, QuotaExceededProblem, SubmissionAccepted } from '@podium/contracts';
import { SUBMISSION_PROBLEM_TYPES } from '@podium/contracts';
import type { UploadResult } from '@podium/ui';
import type { MessageKey } from './messages.js';

/** A message to show: a key and its parameters (translated by the component, in the chosen language). */
export interface Said {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** `#token=...` (a QR or a link): the token, and the fragment left once it is taken out. */
export function tokenFromFragment(hash: string): { token: string | null; rest: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token')?.trim() || null;
  params.delete('token');
  const rest = params.toString();
  return { token, rest: rest ? `#${rest}` : '' };
}

export interface AroundRow {
  row: LeaderboardRow;
  you: boolean;
  leader: boolean;
  /** Rows were skipped between the previous shown row and this one. */
  gapBefore: boolean;
}

/**
 * The leader, the team's row and `span` rows above and below it, in the server's order. A team
 * not on the board sees the first rows.
 */
export function boardAround(rows: readonly LeaderboardRow[], team: string, span = 1): AroundRow[] {
  const at = rows.findIndex((row) => row.team.slug === team);
  const picked = new Set<number>();
  if (rows.length > 0) picked.add(0);
  if (at === -1) for (let i = 0; i < Math.min(rows.length, 1 + 2 * span); i++) picked.add(i);
  else for (let i = Math.max(0, at - span); i <= Math.min(rows.length - 1, at + span); i++) picked.add(i);
  const indices = [...picked].sort((a, b) => a - b);
  return indices.map((index, i) => ({
    row: rows[index]!,
    you: index === at,
    leader: index === 0 && rows[0]!.rank !== null,
    gapBefore: i > 0 && index !== indices[i - 1]! + 1,
  }));
}

export type RankChange = { kind: 'up' | 'down' | 'entered'; rank: number };

/** A change worth telling the team: a new server rank, better or worse, or a first one. */
export function rankChange(previous: number | null | undefined, next: number | null | undefined): RankChange | null {
  if (next === null || next === undefined) return null;
  if (previous === null || previous === undefined) return { kind: 'entered', rank: next };
  if (next < previous) return { kind: 'up', rank: next };
  if (next > previous) return { kind: 'down', rank: next };
  return null;
}

/** Movement since the last visit (ranks remembered on the device). */
export function sinceLastVisit(previous: number | null | undefined, now: number | null): Said | null {
  if (now === null) return null;
  if (previous === undefined) return null; // first visit on this device
  if (previous === null) return { key: 'task.sinceVisit.new' };
  if (now < previous) return { key: 'task.sinceVisit.up', params: { n: previous - now } };
  if (now > previous) return { key: 'task.sinceVisit.down', params: { n: now - previous } };
  return { key: 'task.sinceVisit.same' };
}

export interface ProblemGroup {
  code: string;
  problems: Problem[];
}

/** Problems grouped by code, in order of first appearance (the server's order within a group). */
export function groupProblems(problems: readonly Problem[]): ProblemGroup[] {
  const groups = new Map<string, Problem[]>();
  for (const problem of problems) {
    const list = groups.get(problem.code) ?? [];
    list.push(problem);
    groups.set(problem.code, list);
  }
  return [...groups].map(([code, list]) => ({ code, problems: list }));
}

/** Where a problem is ("line 4 · column probability · case L003"), as labelled parts. */
export function problemWhere(problem: Problem, uploadedFile?: string): Said[] {
  const parts: Said[] = [];
  // The uploaded file's own name says nothing new; a file inside a zip does.
  if (problem.file && problem.file !== uploadedFile) parts.push({ key: 'problem.file', params: { name: problem.file } });
  if (problem.line !== undefined) parts.push({ key: 'problem.line', params: { n: problem.line } });
  if (problem.column !== undefined) parts.push({ key: 'problem.column', params: { name: String(problem.column) } });
  if (problem.caseId) parts.push({ key: 'problem.case', params: { id: problem.caseId } });
  return parts;
}

/** What was expected and what was found, when the server says. */
export function problemWhat(problem: Problem): Said[] {
  const parts: Said[] = [];
  if (problem.expected) parts.push({ key: 'problem.expected', params: { value: problem.expected } });
  if (problem.found) parts.push({ key: 'problem.found', params: { value: problem.found } });
  return parts;
}

/** How an upload's answer reads; `time` formats an instant on the venue's clock. */
export function describeUpload(result: UploadResult<SubmissionAccepted>, time: (iso: string) => string): Said {
  if (result.ok) return { key: 'upload.accepted', params: { time: time(result.value.receivedAt) } };
  if (result.kind === 'network') return { key: 'upload.dropped' };
  const problem = result.problem;
  const detail = problem?.detail || problem?.title || '';
  if (result.status === 401) return { key: 'upload.unauthorized' };
  if (result.status === 429) {
    const quota = problem as QuotaExceededProblem | null;
    const next = quota?.nextSlotAt ?? result.header('Podium-Next-Slot-At');
    return next ? { key: 'upload.quota', params: { time: time(next) } } : { key: 'upload.quotaNever' };
  }
  if (result.status === 413) return { key: 'upload.tooLarge', params: { detail } };
  if (result.status === 403 && (problem?.type === SUBMISSION_PROBLEM_TYPES.notOpen || problem?.type === SUBMISSION_PROBLEM_TYPES.closed)) {
    const at = instantIn(problem) ?? null;
    const suffix = at ? `(${time(at)})` : '';
    return { key: problem.type === SUBMISSION_PROBLEM_TYPES.notOpen ? 'upload.notOpen' : 'upload.closed', params: { time: suffix ? ` ${suffix}` : '' } };
  }
  return { key: 'upload.other', params: { status: result.status, detail } };
}

/** The opening/closing instant a window problem carries (an extension member, else in its detail). */
function instantIn(problem: object): string | undefined {
  const p = problem as Record<string, unknown>;
  for (const name of ['opensAt', 'closesAt', 'opens_at', 'closes_at']) if (typeof p[name] === 'string') return p[name] as string;
  const match = typeof p.detail === 'string' ? /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z/.exec(p.detail) : null;
  return match?.[0];
}

/** "42 s", "5 min", "2 h": how old the shown state is. */
export function ageSaid(seconds: number): Said {
  if (seconds < 90) return { key: 'age.seconds', params: { n: Math.max(0, Math.round(seconds)) } };
  if (seconds < 90 * 60) return { key: 'age.minutes', params: { n: Math.round(seconds / 60) } };
  return { key: 'age.hours', params: { n: Math.round(seconds / 3600) } };
}
