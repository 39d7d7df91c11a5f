// REST shapes of submissions, team standings and leaderboard exports.
import type { Problem, ProblemDetails } from '../problem.js';
import type { TaskClock, TeamPublicView } from '../live/event-view.js';
import type { TeamDisqualificationNotice } from './jury.js';

/**
 * Life of a submission: `queued` -> `scoring` -> `scored` | `rejected` (its content is invalid,
 * the team must fix it) | `failed` (our side broke: a crash, a bug, a lost worker). The one list:
 * the rules, the entity and the REST answers all use it.
 */
export const SUBMISSION_STATUSES = ['queued', 'scoring', 'scored', 'rejected', 'failed'] as const;
export type SubmissionStatusName = (typeof SUBMISSION_STATUSES)[number];

/**
 * `202` answer of `POST /api/events/:event/tasks/:task/submissions`: the file and its row are
 * durable. A retry with the same `Idempotency-Key` (or the same bytes shortly after) gets this
 * same answer back, with header `Idempotent-Replayed: true`.
 */
export interface SubmissionAccepted {
  id: string;
  status: 'queued';
  received_at: string;
  sha256: string;
}

/** `GET /api/submissions/:id` (the owning team only) and the items of `GET /api/teams/me`. */
export interface SubmissionDetails {
  id: string;
  event: string;
  task: string;
  team: string;
  status: SubmissionStatusName;
  receivedAt: string;
  /** When it was scored or rejected; null while queued/scoring. */
  settledAt: string | null;
  fileName: string;
  size: number;
  sha256: string;
  /** Public-split scores by score name, once scored; null otherwise. */
  scores: Record<string, number | null> | null;
  /** Why the file was rejected (every problem, up to the scoring library's cap); empty otherwise. */
  problems: Problem[];
  /** Tolerated issues (partial submissions: each missing mask scored 0). */
  warnings: Problem[];
  /** Received after the task's freeze: the public sees it only as "received after the freeze". */
  afterFreeze: boolean;
  /** Whether it represents the team on the live public-split leaderboard (best/last policy). */
  counted: boolean;
  /** Set when the jury disqualified this submission: it counts on no board. */
  disqualified?: TeamDisqualificationNotice | null;
}

export interface QuotaState {
  /** Submissions allowed per window; null = unlimited. */
  limit: number | null;
  perMinutes: number | null;
  used: number;
  /** null = unlimited. */
  remaining: number | null;
  /** When the next slot frees (only when none is free now). */
  nextSlotAt: string | null;
  retryAfterSeconds: number;
}

export interface TeamTaskStanding {
  task: string;
  clock: TaskClock;
  /** Rank on the public leaderboard (the frozen one during a freeze); null when not ranked. */
  rank: number | null;
  /** Public scores of the submission that represents the team now (post-freeze ones included). */
  bestScores: Record<string, number | null> | null;
  bestSubmissionId: string | null;
  quota: QuotaState;
  /** Newest first. */
  submissions: SubmissionDetails[];
}

/** `GET /api/teams/me` (team token). */
export interface TeamMeResponse {
  event: string;
  team: TeamPublicView;
  tasks: TeamTaskStanding[];
  /** Set when the jury disqualified the team: it is on no board; the reason is shown to it. */
  disqualified?: TeamDisqualificationNotice | null;
  serverTime: string;
}

/**
 * The 429 body (`type` `/problems/quota-exceeded`): the RFC 9457 members plus extension members
 * saying when to try again. `nextSlotAt` and `retryAfterSeconds` are null when the task allows no
 * submission at all (limit 0). The same instant is sent as `Retry-After` and `Podium-Next-Slot-At`.
 */
export interface QuotaExceededProblem extends ProblemDetails {
  limit: number;
  perMinutes: number;
  /** ISO 8601 instant the oldest counted submission leaves the window. */
  nextSlotAt: string | null;
  /** Whole seconds until `nextSlotAt` (at least 1). */
  retryAfterSeconds: number | null;
}

/** The problem `type`s a submission request can answer with (RFC 9457 `type` member). */
export const SUBMISSION_PROBLEM_TYPES = {
  notOpen: '/problems/submission-window-not-open',
  closed: '/problems/submission-window-closed',
  quota: '/problems/quota-exceeded',
  rejectedUploads: '/problems/rejected-uploads-limit',
  tooLarge: '/problems/payload-too-large',
  noFile: '/problems/submission-file-missing',
  unauthorized: '/problems/unauthorized',
} as const;

export function submissionsPath(event: string, task: string): string {
  return `/api/events/${encodeURIComponent(event)}/tasks/${encodeURIComponent(task)}/submissions`;
}

export function submissionPath(id: string): string {
  return `/api/submissions/${encodeURIComponent(id)}`;
}

export function leaderboardPath(event: string, task: string): string {
  return `/api/events/${encodeURIComponent(event)}/tasks/${encodeURIComponent(task)}/leaderboard`;
}
