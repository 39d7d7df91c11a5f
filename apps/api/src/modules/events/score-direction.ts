// Which way a score is better follows from its metric (domain.md: AUC and Dice higher, errors
// lower). A weighted composite follows its terms, which the bundle validator keeps consistent.
import type { Direction, ScoreSpec } from '@podium/scoring';

const LOWER_IS_BETTER = new Set(['mse', 'mae', 'rmse', 'hd95', 'hausdorff95', 'log_loss', 'logloss']);

export function metricDirection(metric: string): Direction {
  return LOWER_IS_BETTER.has(metric.toLowerCase()) ? 'lower' : 'higher';
}

export function scoreDirection(score: ScoreSpec): Direction {
  if (score.metric === 'weighted' && score.terms && score.terms.length > 0) return metricDirection(score.terms[0]!.metric);
  return metricDirection(score.metric);
}
