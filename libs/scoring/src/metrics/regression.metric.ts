import { checkPaired } from './metric-error.js';
import { exactMean } from './exact-sum.js';

// As sklearn: the mean of the per-case errors. The mean sums exactly (exactSum), so the value
// is the correctly rounded one, whatever the row order; sklearn's numpy sum may differ in the
// last bit.

/** Per-case squared errors (truth - pred)^2, the per-case values shown for an MSE score. */
export function squaredErrors(truth: ArrayLike<number>, pred: ArrayLike<number>): Float64Array {
  checkPaired('mse', truth, pred);
  const out = new Float64Array(truth.length);
  for (let i = 0; i < out.length; i++) {
    const d = truth[i] - pred[i];
    out[i] = d * d;
  }
  return out;
}

/** Per-case absolute errors |truth - pred|. */
export function absoluteErrors(truth: ArrayLike<number>, pred: ArrayLike<number>): Float64Array {
  checkPaired('mae', truth, pred);
  const out = new Float64Array(truth.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.abs(truth[i] - pred[i]);
  return out;
}

/** Mean squared error, as sklearn.metrics.mean_squared_error. Lower is better. */
export function mse(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  return exactMean(squaredErrors(truth, pred));
}

/** Mean absolute error, as sklearn.metrics.mean_absolute_error. Lower is better. */
export function mae(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  return exactMean(absoluteErrors(truth, pred));
}

/** Root mean squared error, as sklearn.metrics.root_mean_squared_error (sqrt of mse). */
export function rmse(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  return Math.sqrt(mse(truth, pred));
}
