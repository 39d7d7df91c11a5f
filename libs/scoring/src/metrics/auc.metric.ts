import { sortFloat64 } from './float-sort.js';
import { checkPaired, MetricError } from './metric-error.js';

/**
 * ROC AUC in its Mann-Whitney form: the probability that a random positive scores above a
 * random negative, tied scores counting 1/2 (equal to sklearn.metrics.roc_auc_score).
 * `truth` must hold only 0 and 1 with both present. Higher is better.
 *
 * Sorts the positive and the negative scores separately (radix sort on the bits) and walks
 * them together; the pair count is kept as an exact integer (2 x U) and divided once, so the
 * result is the correctly rounded value of U / (n1 n0).
 */
export function auc(truth: ArrayLike<number>, score: ArrayLike<number>): number {
  checkPaired('auc', truth, score);
  let nPos = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i];
    if (t === 1) nPos++;
    else if (t !== 0) {
      throw new MetricError('metric.not_binary', `auc: truth[${i}] is ${t}, expected 0 or 1`);
    }
  }
  const nNeg = truth.length - nPos;
  if (nPos === 0 || nNeg === 0) {
    throw new MetricError(
      'metric.single_class',
      `auc: the truth holds only ${nPos === 0 ? 'negatives (0)' : 'positives (1)'}; AUC needs both classes`,
    );
  }
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(nNeg);
  let p = 0;
  let q = 0;
  // `+ 0` turns -0 into +0 so the sort order agrees with the `<` comparisons of the walk.
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] === 1) pos[p++] = score[i] + 0;
    else neg[q++] = score[i] + 0;
  }
  sortFloat64(pos);
  sortFloat64(neg);
  // For each positive: below = negatives strictly lower, notAbove = negatives lower or equal.
  // 2U = sum(below + notAbove) = 2 * (wins) + ties.
  let twiceU = 0;
  let below = 0;
  let notAbove = 0;
  for (let i = 0; i < nPos; i++) {
    const s = pos[i];
    while (below < nNeg && neg[below] < s) below++;
    if (notAbove < below) notAbove = below;
    while (notAbove < nNeg && neg[notAbove] <= s) notAbove++;
    twiceU += below + notAbove;
  }
  return twiceU / (2 * nPos * nNeg);
}
