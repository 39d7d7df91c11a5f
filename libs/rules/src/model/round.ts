// The full truth about one task of a live round, as the API holds it. Every view (public,
// team, jury) is computed from this with the functions in `visibility/`.
import type { LeaderboardPolicy, Problem } from '@podium/contracts';
import type { Direction, RankingSpec, SplitScores } from '@podium/scoring';
import type { QuotaRule } from '../quota/quota-status.js';
import type { TaskWindow } from '../window/task-window.js';
import type { SubmissionStatus } from './submission-status.js';

/** Which scores a board shows: the public split, the private split, or all cases. */
export type ScoreSplit = 'public' | 'private' | 'all';

export interface ScoreColumn {
  name: string;
  direction: Direction;
}

export interface RoundTeam {
  /** Internal id (what submissions reference). */
  id: string;
  slug: string;
  name: string;
  category?: string | null;
}

export interface RoundSubmission {
  id: string;
  teamId: string;
  /** When the server had the whole body (the instant quotas, freezes and boards use). */
  receivedAt: Date;
  status: SubmissionStatus;
  /** Scores by score name, once scored; null before. */
  scores: Record<string, SplitScores> | null;
  /** Why a `rejected` submission was refused (shown to its team and the jury only). */
  problems?: readonly Problem[];
  scoredAt?: Date | null;
}

/** How a task's board is built (event.yaml `leaderboard`, `scores`, `ranking`). */
export interface TaskScoring {
  policy: LeaderboardPolicy;
  /** In event.yaml order; the first one is the primary score when `ranking.tie_break` is absent. */
  scores: readonly ScoreColumn[];
  ranking?: RankingSpec;
}

export interface RoundTask extends TaskWindow, TaskScoring {
  slug: string;
  quota?: QuotaRule | null;
  /** Split of the final results, shown to the public once `reveal.privateRevealed` (default `private`). */
  finalSplit?: ScoreSplit;
}

/**
 * What the ceremony has revealed. Both false during the round.
 * - `privateRevealed`: final results (`finalSplit` scores) become public.
 * - `freezeLifted`: submissions received after `freezeAt` become public (defaults to `privateRevealed`);
 *   kept separate so a resolver-style ceremony can lift the freeze before showing private scores.
 */
export interface Reveal {
  privateRevealed: boolean;
  freezeLifted?: boolean;
}

export interface RoundTruth {
  task: RoundTask;
  teams: readonly RoundTeam[];
  /** Every submission to the task, any status, any time. */
  submissions: readonly RoundSubmission[];
  reveal: Reveal;
}
