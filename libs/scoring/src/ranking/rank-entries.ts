// Leaderboard ranking: each score ranked across teams (ties share the best rank), then for a
// multi-score task the ranks aggregated (rank sum or mean rank, lower is better) and ties of
// the aggregate broken by one score's rank. The 2019 sarcopenia rule is
// `{ method: rank_sum, tie_break: dice }` over the scores dice and area_mse.
import type { Direction, RankedEntry, RankEntry, RankingSpec } from '../types.js';
import { competitionRanks } from './score-rank.js';

export interface RankedScore {
  name: string;
  direction: Direction;
}

/**
 * Ranks entries. One score: its own rank, `points` = the score (NaN when the team has none).
 * Several scores: `points` = rank sum (`rank_sum`, the default when no ranking is given) or
 * mean rank (`mean_rank`); lower points rank first; equal points are ordered by the rank on
 * `tie_break` when given; entries still equal share the best rank. An entry without a value
 * for a score (null, NaN or absent) ranks last on that score.
 * The result is sorted by rank, then by team id, whatever the input order.
 */
export function rankEntries(entries: readonly RankEntry[], scores: readonly RankedScore[], ranking?: RankingSpec): RankedEntry[] {
  if (scores.length === 0) throw new RangeError('rankEntries: at least one score is needed');
  const perScore = new Map<string, number[]>();
  for (const s of scores) perScore.set(s.name, competitionRanks(entries.map((e) => e.scores[s.name] ?? null), s.direction));
  const scoreRanks = entries.map((_, i) => Object.fromEntries(scores.map((s) => [s.name, perScore.get(s.name)![i]])));

  let points: number[];
  let primary: number[];
  let secondary: number[] | undefined;
  if (scores.length === 1) {
    const only = scores[0].name;
    points = entries.map((e) => {
      const v = e.scores[only];
      return typeof v === 'number' ? v : Number.NaN;
    });
    primary = perScore.get(only)!;
  } else {
    const method = ranking?.method ?? 'rank_sum';
    points = scoreRanks.map((ranks) => {
      let sum = 0;
      for (const s of scores) sum += ranks[s.name];
      return method === 'mean_rank' ? sum / scores.length : sum;
    });
    primary = points;
    if (ranking?.tie_break !== undefined) {
      secondary = perScore.get(ranking.tie_break);
      if (!secondary) throw new RangeError(`rankEntries: tie_break "${ranking.tie_break}" is not one of the scores`);
    }
  }

  // Final rank = 1 + number of entries strictly better on (primary, secondary), both lower-is-better.
  const order = entries.map((_, i) => i).sort((a, b) => compare(a, b) || cmpId(entries[a].teamId, entries[b].teamId));
  function compare(a: number, b: number): number {
    return primary[a] - primary[b] || (secondary ? secondary[a] - secondary[b] : 0);
  }
  const ranks = new Array<number>(entries.length);
  order.forEach((idx, k) => {
    const prev = order[k - 1];
    ranks[idx] = k > 0 && compare(prev, idx) === 0 ? ranks[prev] : k + 1;
  });
  return order.map((i) => ({ teamId: entries[i].teamId, rank: ranks[i], scoreRanks: scoreRanks[i], points: points[i] }));
}

function cmpId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
