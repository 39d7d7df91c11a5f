// A task's leaderboard as one audience may see it.
import type { LeaderboardData } from '@podium/contracts';
import { computeLeaderboard } from '../leaderboard/compute-leaderboard.js';
import type { JuryLeaderboardRow, LeaderboardRow } from '../leaderboard/leaderboard.types.js';
import type { RoundTruth, ScoreSplit } from '../model/round.js';
import { type Audience, frozenAtIso, publicBoardSplit, publicCutoff, publicFrozen } from './audience.js';

/** The wire `LeaderboardData`, with unranked teams as rows (rank and movement null). */
export interface VisibleLeaderboard<Row extends LeaderboardRow = LeaderboardRow> extends Omit<LeaderboardData, 'rows'> {
  rows: Row[];
  split: ScoreSplit;
  leaderChanged: boolean;
}

export interface VisibleLeaderboardOptions {
  /** The previous board this audience was shown, for movements (all `new` without one). */
  previous?: { rows: readonly LeaderboardRow[] } | null;
  /** Jury only: the split to rank on (default `public`). Ignored for other audiences. */
  split?: ScoreSplit;
}

/**
 * Public and team: the public board - on the public split, as of `freezeAt` while frozen (scores,
 * ranks, counts and last submission times alike), on the final split once the ceremony reveals
 * it. A team sees exactly the public board: its rank there, never its live rank.
 * Jury: the live board on any split, with the internal links of each row.
 */
export function visibleLeaderboard(
  truth: RoundTruth,
  audience: { kind: 'jury' },
  now: Date,
  options?: VisibleLeaderboardOptions,
): VisibleLeaderboard<JuryLeaderboardRow>;
export function visibleLeaderboard(truth: RoundTruth, audience: Audience, now: Date, options?: VisibleLeaderboardOptions): VisibleLeaderboard;
export function visibleLeaderboard(
  truth: RoundTruth,
  audience: Audience,
  now: Date,
  options: VisibleLeaderboardOptions = {},
): VisibleLeaderboard<LeaderboardRow> {
  const { task, reveal } = truth;
  const frozen = publicFrozen(task, reveal, now);
  const jury = audience.kind === 'jury';
  const split = jury ? (options.split ?? 'public') : publicBoardSplit(task, reveal);
  const asOf = jury ? null : publicCutoff(task, reveal, now);
  const board = computeLeaderboard({
    scoring: task,
    teams: truth.teams,
    submissions: truth.submissions,
    split,
    asOf,
    previous: options.previous ?? null,
  });
  return {
    task: task.slug,
    rows: jury ? board.rows : board.rows.map(toPublicRow),
    movements: board.movements,
    frozen,
    frozenAt: frozenAtIso(task, frozen),
    computedAt: now.toISOString(),
    split,
    leaderChanged: board.leaderChanged,
  };
}

/** Field by field, so a field added to the internal row never reaches the public by accident. */
export function toPublicRow(row: LeaderboardRow): LeaderboardRow {
  const out: LeaderboardRow = {
    rank: row.rank,
    team: { slug: row.team.slug, name: row.team.name, category: row.team.category },
    scores: { ...row.scores },
    points: row.points,
    submissions: row.submissions,
    lastSubmissionAt: row.lastSubmissionAt,
    movement: row.movement && { kind: row.movement.kind, previousRank: row.movement.previousRank, places: row.movement.places },
  };
  if (row.scoreRanks) out.scoreRanks = { ...row.scoreRanks };
  return out;
}
