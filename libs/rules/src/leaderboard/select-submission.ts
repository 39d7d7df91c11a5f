// Which scored submission represents a team on a board (the `best` / `last` policy).
import type { LeaderboardPolicy } from '@podium/contracts';
import type { RoundSubmission, ScoreColumn, ScoreSplit, TaskScoring } from '../model/round.js';

/** The score that decides `best` on every task: `ranking.tie_break` when set, else the first score. */
export function primaryScore(scoring: Pick<TaskScoring, 'scores' | 'ranking'>): ScoreColumn | undefined {
  const tieBreak = scoring.ranking?.tie_break;
  return scoring.scores.find((s) => s.name === tieBreak) ?? scoring.scores[0];
}

const value = (s: RoundSubmission, name: string, split: ScoreSplit): number | null => {
  const v = s.scores?.[name]?.[split];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

/** Negative when `a` is better than `b` on this score; a missing value is worse than any number. */
function compareOn(a: RoundSubmission, b: RoundSubmission, score: ScoreColumn, split: ScoreSplit): number {
  const va = value(a, score.name, split);
  const vb = value(b, score.name, split);
  if (va === null || vb === null) return (va === null ? 1 : 0) - (vb === null ? 1 : 0);
  return score.direction === 'higher' ? vb - va : va - vb;
}

const byTime = (a: RoundSubmission, b: RoundSubmission) =>
  a.receivedAt.getTime() - b.receivedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The submission that represents a team, among its scored submissions on the board:
 * - `last`: the most recently received one.
 * - `best`: the best on the primary score (see `primaryScore`), then on the other scores in
 *   event.yaml order, then the earliest received (who got there first keeps it).
 * `selectBy` is the split `best` is judged on; boards judge on `public` even when they show
 * private scores, so a team cannot win the private board by spraying submissions.
 */
export function selectSubmission(
  policy: LeaderboardPolicy,
  scored: readonly RoundSubmission[],
  scoring: Pick<TaskScoring, 'scores' | 'ranking'>,
  selectBy: ScoreSplit,
): RoundSubmission | null {
  if (scored.length === 0) return null;
  const sorted = [...scored];
  if (policy === 'last') return sorted.sort(byTime)[sorted.length - 1];
  const primary = primaryScore(scoring);
  const order = primary ? [primary, ...scoring.scores.filter((s) => s !== primary)] : [];
  sorted.sort((a, b) => {
    for (const score of order) {
      const c = compareOn(a, b, score, selectBy);
      if (c !== 0) return c;
    }
    return byTime(a, b);
  });
  return sorted[0];
}
