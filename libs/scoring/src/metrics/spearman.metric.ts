import { checkPaired, MetricError } from './metric-error.js';
import { exactSum } from './exact-sum.js';
import { averageRanks } from './rank-data.js';

/**
 * Spearman's rank correlation, as scipy.stats.spearmanr: the Pearson correlation of the
 * average ranks (ties share their mean rank). Throws on constant input, where scipy returns
 * NaN. Higher is better.
 */
export function spearman(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  checkPaired('spearman', truth, pred);
  if (truth.length < 2) throw new MetricError('metric.empty', 'spearman: needs at least 2 cases');
  return pearson(averageRanks(truth), averageRanks(pred));
}

function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const ma = exactSum(a) / n;
  const mb = exactSum(b) / n;
  const da = new Float64Array(n);
  const db = new Float64Array(n);
  const prod = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    da[i] = a[i] - ma;
    db[i] = b[i] - mb;
  }
  for (let i = 0; i < n; i++) prod[i] = da[i] * db[i];
  const cov = exactSum(prod);
  for (let i = 0; i < n; i++) prod[i] = da[i] * da[i];
  const va = exactSum(prod);
  for (let i = 0; i < n; i++) prod[i] = db[i] * db[i];
  const vb = exactSum(prod);
  if (va === 0 || vb === 0) {
    throw new MetricError('metric.constant_input', 'spearman: one of the columns is constant; the correlation is undefined');
  }
  const r = cov / Math.sqrt(va * vb);
  // As numpy.corrcoef: rounding may step outside [-1, 1]; clip.
  return Math.max(-1, Math.min(1, r));
}
