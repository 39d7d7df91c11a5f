import type { Problem, RankingSpec } from '../types.js';

/** Checks a task's `ranking:` against its score names; `path` is e.g. `tasks[2].ranking`. */
export function validateRanking(ranking: RankingSpec | undefined, scoreNames: string[], path: string): Problem[] {
  if (ranking === undefined) return [];
  const problems: Problem[] = [];
  if (ranking.method !== 'rank_sum' && ranking.method !== 'mean_rank') {
    problems.push({
      code: 'ranking.bad_method',
      path: `${path}.method`,
      message: `unknown ranking method ${JSON.stringify(ranking.method)}: use rank_sum or mean_rank`,
      expected: 'rank_sum | mean_rank',
      found: String(ranking.method),
    });
  }
  if (ranking.tie_break !== undefined && !scoreNames.includes(ranking.tie_break)) {
    problems.push({
      code: 'ranking.unknown_tie_break',
      path: `${path}.tie_break`,
      message: `tie_break names "${ranking.tie_break}", which is not a score of this task (scores: ${scoreNames.join(', ')})`,
      found: ranking.tie_break,
    });
  }
  return problems;
}
