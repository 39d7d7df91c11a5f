import { checkPaired, MetricError } from './metric-error.js';
import { exactMean } from './exact-sum.js';

// Predictions are class labels compared as numbers (2 and 2.0 are the same class), as
// scikit-learn compares the label arrays it is given.

/** Fraction of cases whose predicted label equals the truth (sklearn accuracy_score). Higher is better. */
export function accuracy(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  checkPaired('accuracy', truth, pred);
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === pred[i]) hits++;
  return hits / truth.length;
}

/** Sorted distinct labels of both arrays, and each value's index in that list. */
function labelIndex(truth: ArrayLike<number>, pred: ArrayLike<number>) {
  const labels = [...new Set([...Array.from(truth), ...Array.from(pred)].map((v) => v + 0))].sort((a, b) => a - b);
  const index = new Map<number, number>();
  labels.forEach((v, i) => index.set(v, i));
  return { labels, index };
}

/** Confusion matrix C[t][p] (rows = truth), labels = sorted union, as sklearn.confusion_matrix. */
function confusion(truth: ArrayLike<number>, pred: ArrayLike<number>) {
  const { labels, index } = labelIndex(truth, pred);
  const k = labels.length;
  const counts = new Float64Array(k * k);
  for (let i = 0; i < truth.length; i++) counts[index.get(truth[i] + 0)! * k + index.get(pred[i] + 0)!]++;
  return { labels, k, counts };
}

/**
 * Mean over the classes present in the truth of each class's recall (sklearn
 * balanced_accuracy_score, adjusted=False). A label that only appears in the predictions has
 * no recall and is left out, as sklearn does (with a warning). Higher is better.
 */
export function balancedAccuracy(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  checkPaired('balanced_accuracy', truth, pred);
  const { k, counts } = confusion(truth, pred);
  const recalls: number[] = [];
  for (let t = 0; t < k; t++) {
    let row = 0;
    for (let p = 0; p < k; p++) row += counts[t * k + p];
    if (row > 0) recalls.push(counts[t * k + t] / row);
  }
  return exactMean(recalls);
}

/**
 * Quadratic weighted kappa, as sklearn cohen_kappa_score(weights='quadratic'): labels are the
 * sorted union of both arrays and the weight of a cell is (i - j)^2 for label *indices* i, j
 * (not label values: labels {0, 1, 5} weigh like {0, 1, 2}). Throws when the expected
 * disagreement is 0 (a single label overall), where sklearn returns NaN. Higher is better.
 */
export function qwk(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  checkPaired('qwk', truth, pred);
  const { k, counts } = confusion(truth, pred);
  const rowSums = new Float64Array(k);
  const colSums = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    for (let p = 0; p < k; p++) {
      rowSums[t] += counts[t * k + p];
      colSums[p] += counts[t * k + p];
    }
  }
  const n = truth.length;
  let observed = 0;
  let expected = 0;
  for (let t = 0; t < k; t++) {
    for (let p = 0; p < k; p++) {
      const w = (t - p) * (t - p);
      observed += w * counts[t * k + p];
      // sklearn: expected = outer(sum0, sum1) / sum, with sum0 the column sums.
      expected += w * ((colSums[t] * rowSums[p]) / n);
    }
  }
  if (expected === 0) {
    throw new MetricError('metric.single_class', 'qwk: truth and prediction hold a single label; kappa is undefined');
  }
  return 1 - observed / expected;
}
