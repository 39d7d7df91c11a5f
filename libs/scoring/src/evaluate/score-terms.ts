// Turns a ScoreSpec into the weighted terms it is made of: a plain score is one term of
// weight 1, `metric: weighted` lists its terms. Scoring and validation share this view.
import { getMetric, WEIGHTED } from '../metrics/metric-registry.js';
import { MetricError } from '../metrics/metric-error.js';
import type { Direction, ScoreSpec, ScoreTerm } from '../types.js';

export interface ResolvedTerm extends ScoreTerm {
  /** Path suffix of the term inside its score (`.terms[1]`, or '' for a plain score). */
  at: string;
}

export function scoreTerms(spec: ScoreSpec): ResolvedTerm[] {
  if (spec.metric === WEIGHTED) return (spec.terms ?? []).map((t, i) => ({ ...t, at: `.terms[${i}]` }));
  return [
    {
      weight: 1,
      metric: spec.metric,
      truth: spec.truth,
      prediction: spec.prediction,
      where: spec.where,
      pairs: spec.pairs,
      at: '',
    },
  ];
}

/**
 * Whether a larger value of this score is better. A weighted composite is `lower` only when
 * every term is `lower`; mixed directions are refused by `validateScoreSpecs`.
 */
export function scoreDirection(spec: ScoreSpec): Direction {
  const directions = scoreTerms(spec).map((t) => {
    const def = getMetric(t.metric);
    if (!def) throw new MetricError('metric.unknown', `unknown metric "${t.metric}"`);
    return def.direction;
  });
  return directions.length > 0 && directions.every((d) => d === 'lower') ? 'lower' : 'higher';
}
