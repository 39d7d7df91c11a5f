// Board shapes. Rows are the wire contract's (`@podium/contracts` LeaderboardRow): a team with no
// ranked submission is a row too (rank and movement null), listed after the ranked.
import type { LeaderboardMovements, LeaderboardPolicy, LeaderboardRow, RowMovement, TeamPublicView } from '@podium/contracts';
import type { ScoreSplit } from '../model/round.js';

export type { LeaderboardMovements, LeaderboardRow, RowMovement, TeamPublicView };

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
