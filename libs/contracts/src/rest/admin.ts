import type { ProblemDetails } from '../problem.js';

/** A team token, shown once: only in the answer of the call that created or rotated it. */
export interface TeamTokenBody {
  slug: string;
  token: string;
}

/** `201` answer of `POST /api/admin/events` (body: the event bundle zip). */
export interface ImportEventResponse {
  slug: string;
  /** False when an event with this slug existed and was updated. */
  created: boolean;
  /** Tokens of the teams this import created; existing teams keep theirs. */
  teams: TeamTokenBody[];
}

/**
 * `202` answer of `POST /api/admin/events?async=true` (or with `Prefer: respond-async`), and the
 * answer of `GET /api/admin/imports/:id` (its `Location`): where a large import is.
 */
export interface ImportJobResponse {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  /** `validating`: the bundle is unzipped and checked (off the event loop); `writing`: the rows are written, in one transaction. */
  phase: 'validating' | 'writing' | 'done';
  /** Answer-key rows written so far, of all tasks (total known once validated). */
  rows: { done: number; total: number };
  startedAt: string;
  finishedAt: string | null;
  /** Succeeded: what the synchronous `201` answers (tokens of new teams: shown to the admin only). */
  result: ImportEventResponse | null;
  /** Failed: the problem the synchronous call answers (e.g. 422 with every problem of the bundle). */
  error: ProblemDetails | null;
}

/** `POST /api/admin/teams/:event/:team/token`: the new token; the old one stops working. */
export interface RotateTeamTokenResponse {
  event: string;
  team: string;
  token: string;
}
