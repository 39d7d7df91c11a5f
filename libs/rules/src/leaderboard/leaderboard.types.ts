// Board shapes. A row is the wire contract's (`@podium/contracts` LeaderboardRow), where a team
// with no ranked submission is a row too (rank and movement null), listed after the ranked; the
// jury's row adds the internal links.
import type { LeaderboardMovements, LeaderboardPolicy, LeaderboardRow as WireRow, RowMovement, TeamPublicView } from '@podium/contracts';
import type { ScoreSplit } from '../model/round.js';

export type { LeaderboardMovements, RowMovement, TeamPublicView };

/** One row as any audience may see it. Teams are keyed by slug (unique in an event). */
export interface LeaderboardRow extends Omit<WireRow, 'rank' | 'movement' | 'scoreRanks'> {
  /** Shared by tied teams (1, 1, 3); null for a team with no ranked submission yet. */
  rank: number | null;
  /** Multi-score tasks only: rank on each score, by score name. */
  scoreRanks?: Record<string, number>;
  /** Against the previous board of the same audience (all `new` without one); null on unranked rows. */
  movement: RowMovement | null;
}

/** Row with the internal links (jury only). */
export interface JuryLeaderboardRow extends LeaderboardRow {
  teamId: string;
  /** The submission that represents the team on this board. */
  bestSubmissionId: string | null;
}

export interface Leaderboard<Row extends LeaderboardRow = LeaderboardRow> {
  split: ScoreSplit;
  policy: LeaderboardPolicy;
  /** ISO cut-off: only submissions received at or before it are on the board; null = none. */
  asOf: string | null;
  /** Ranked rows by rank (ties: who reached the score first), then unranked teams by slug. */
  rows: Row[];
  /** Against the previous board given (every ranked team `new` without one). */
  movements: LeaderboardMovements;
  /** A team is at rank 1 that was not before (`movements.newLeader` is set). */
  leaderChanged: boolean;
}

export type JuryLeaderboard = Leaderboard<JuryLeaderboardRow>;
