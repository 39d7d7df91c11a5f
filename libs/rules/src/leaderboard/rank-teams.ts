// The two steps every board and every history point share: a submission's values on a split,
// and ranking the teams with `@podium/scoring`'s `rankEntries`.
import { rankEntries, type RankEntry, type RankedEntry } from '@podium/scoring';
import type { RoundSubmission, ScoreSplit, TaskScoring } from '../model/round.js';

/** A submission's scores on one split, by score name; null when it has no value at all there (nothing to rank). */
export function scoresOnSplit(
  submission: RoundSubmission,
  scoring: Pick<TaskScoring, 'scores'>,
  split: ScoreSplit,
): Record<string, number | null> | null {
  const scores = Object.fromEntries(
    scoring.scores.map((c) => {
      const v = submission.scores?.[c.name]?.[split];
      return [c.name, typeof v === 'number' && Number.isFinite(v) ? v : null];
    }),
  );
  return Object.values(scores).some((v) => v !== null) ? scores : null;
}

/**
 * Ranks entries by team id. `rankEntries` refuses a task without scores or with an unknown
 * tie-break; the bundle validator reports both to the organiser, so here they only must not
 * break the board: no scores ranks nobody, an unknown tie-break is ignored.
 */
export function rankTeams(entries: readonly RankEntry[], scoring: Pick<TaskScoring, 'scores' | 'ranking'>): Map<string, RankedEntry> {
  const columns = scoring.scores.map((s) => ({ name: s.name, direction: s.direction }));
  if (columns.length === 0 || entries.length === 0) return new Map();
  const tieBreak = scoring.ranking?.tie_break;
  const ranking =
    scoring.ranking && tieBreak !== undefined && !columns.some((c) => c.name === tieBreak) ? { method: scoring.ranking.method } : scoring.ranking;
  return new Map(rankEntries(entries, columns, ranking).map((r) => [r.teamId, r]));
}
