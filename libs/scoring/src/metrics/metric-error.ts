/**
 * Why a metric cannot be computed on the given values (single class, empty input, NaN...).
 * Metrics throw it; `scoreSubmission` turns it into a null score for that split, and the
 * answer-key validation reports the organiser-side causes up front.
 */
export type MetricErrorCode =
  | 'metric.empty'
  | 'metric.length_mismatch'
  | 'metric.not_finite'
  | 'metric.single_class'
  | 'metric.not_binary'
  | 'metric.constant_input'
  | 'metric.no_comparable_pairs'
  | 'metric.dimension_mismatch'
  | 'metric.invalid_option'
  | 'metric.unknown'
  | 'metric.missing_data';

export class MetricError extends Error {
  override readonly name = 'MetricError';
  constructor(
    readonly code: MetricErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Checks shared by every paired metric: same length, at least one value, all finite. */
export function checkPaired(metric: string, truth: ArrayLike<number>, pred: ArrayLike<number>): void {
  if (truth.length !== pred.length) {
    throw new MetricError(
      'metric.length_mismatch',
      `${metric}: truth has ${truth.length} values but prediction has ${pred.length}`,
    );
  }
  if (truth.length === 0) throw new MetricError('metric.empty', `${metric}: no case to score`);
  checkFinite(metric, 'truth', truth);
  checkFinite(metric, 'prediction', pred);
}

export function checkFinite(metric: string, what: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new MetricError('metric.not_finite', `${metric}: ${what}[${i}] is ${values[i]}, expected a finite number`);
    }
  }
}
