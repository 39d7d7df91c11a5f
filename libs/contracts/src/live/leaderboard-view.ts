// A task's leaderboard as one audience sees it: full rows (never a diff) plus what moved.
import type { TeamPublicView } from './event-view.js';

export type MovementKind = 'up' | 'down' | 'same' | 'new';

export interface RowMovement {
  kind: MovementKind;
  /** Rank in the previous leaderboard frame of this audience; null when the team was not ranked. */
  previousRank: number | null;
  /** Places gained (positive) or lost (negative); 0 for `same` and `new`. */
  places: number;
}

export interface LeaderboardRow {
  /** 1-based; ties share the best rank (1, 1, 3). Null for a team with no ranked submission yet (listed last). */
  rank: number | null;
  team: TeamPublicView;
  /** Score values by score name (ScoreColumnView.name); null when the score is missing. */
  scores: Record<string, number | null>;
  /** Multi-score tasks: rank of the team on each score, by score name. */
  scoreRanks?: Record<string, number>;
  /** Multi-score tasks: aggregated points (rank sum or mean rank); null for single-score tasks. */
  points: number | null;
  /**
   * Submissions counted for this audience. For a frozen public board: only those received
   * before frozenAt (a post-freeze count would leak activity).
   */
  submissions: number;
  /** Same freeze rule as `submissions`. */
  lastSubmissionAt: string | null;
  /** Null on unranked rows. */
  movement: RowMovement | null;
}

export interface RankMove {
  team: string;
  from: number | null;
  to: number;
}

export interface LeaderboardMovements {
  /** Teams that gained places (or entered the board), best new rank first. */
  up: RankMove[];
  down: RankMove[];
  /** Set when rank 1 changed hands in this frame. */
  newLeader: { team: string; previous: string | null } | null;
}

export interface LeaderboardData {
  task: string;
  rows: LeaderboardRow[];
  movements: LeaderboardMovements;
  frozen: boolean;
  frozenAt: string | null;
  /** When the board was computed (not when it was sent). */
  computedAt: string;
}
