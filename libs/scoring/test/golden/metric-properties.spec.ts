// Properties every metric must keep, on seeded random data: row order does not change any
// score (bit for bit: sums are exact, counts are integers), Dice(A, A) = 1, AUC of reversed
// predictions = 1 - AUC, and the O(n log n) C-index equals lifelines' pairwise definition.
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  auc,
  balancedAccuracy,
  cindex,
  dice,
  hd95,
  mae,
  meanDice,
  mse,
  qwk,
  rmse,
  spearman,
} from '../../src/metrics/index.js';
import { randomMask } from './support/mask-builders.js';
import { createRng } from '../../src/random/index.js';

const rnd = createRng(42, 'metric properties');

/** Applies one permutation to several parallel arrays. */
function permute(order: readonly number[], ...columns: ArrayLike<number>[]): Float64Array[] {
  return columns.map((c) => Float64Array.from(order, (i) => c[i]));
}

function binaryTruth(n: number): Float64Array {
  const t = Float64Array.from({ length: n }, () => (rnd.next() < 0.4 ? 1 : 0));
  t[0] = 0;
  t[1] = 1;
  return t;
}
/** Scores on a coarse grid so that ties are frequent. */
const coarse = (n: number, levels: number) => Float64Array.from({ length: n }, () => rnd.int(levels) / levels);
const real = (n: number) => Float64Array.from({ length: n }, () => rnd.next() * 100 - 30);

describe('row-order invariance (bit for bit)', () => {
  it.each([5, 37, 500, 4096])('every table metric, %i rows', (n) => {
    const truthBin = binaryTruth(n);
    const score = coarse(n, 13);
    const truthReal = real(n);
    const pred = real(n);
    const labelsT = Float64Array.from({ length: n }, () => rnd.int(5));
    const labelsP = Float64Array.from({ length: n }, () => rnd.int(5));
    labelsT[0] = 0;
    labelsT[1] = 4;
    const time = coarse(n, 20);
    const events = Float64Array.from({ length: n }, () => (rnd.next() < 0.7 ? 1 : 0));
    events[0] = 1;
    time[0] = -1;
    const before = {
      auc: auc(truthBin, score),
      mse: mse(truthReal, pred),
      mae: mae(truthReal, pred),
      rmse: rmse(truthReal, pred),
      accuracy: accuracy(labelsT, labelsP),
      balanced: balancedAccuracy(labelsT, labelsP),
      qwk: qwk(labelsT, labelsP),
      spearman: spearman(truthReal, score),
      cindex: cindex(time, score, events),
    };
    for (let round = 0; round < 3; round++) {
      const order = rnd.shuffle(Array.from({ length: n }, (_, i) => i));
      const [tb, s, tr, p, lt, lp, tm, ev] = permute(order, truthBin, score, truthReal, pred, labelsT, labelsP, time, events);
      expect({
        auc: auc(tb, s),
        mse: mse(tr, p),
        mae: mae(tr, p),
        rmse: rmse(tr, p),
        accuracy: accuracy(lt, lp),
        balanced: balancedAccuracy(lt, lp),
        qwk: qwk(lt, lp),
        spearman: spearman(tr, s),
        cindex: cindex(tm, s, ev),
      }).toEqual(before);
    }
  });

  it('mean Dice and per-case HD95 do not depend on case order / voxel scan order', () => {
    const truth = Array.from({ length: 9 }, () => randomMask([12, 8, 1], 0.3, rnd.next).data);
    const pred = Array.from({ length: 9 }, () => randomMask([12, 8, 1], 0.3, rnd.next).data);
    const order = rnd.shuffle(truth.map((_, i) => i));
    expect(meanDice(order.map((i) => truth[i]), order.map((i) => pred[i]))).toBe(meanDice(truth, pred));
    const a = randomMask([10, 9, 5], 0.4, rnd.next, [0.7, 0.9, 2]);
    const b = randomMask([10, 9, 5], 0.4, rnd.next, [0.7, 0.9, 2]);
    expect(hd95(a, b)).toBe(hd95(b, a));
  });
});

describe('identities', () => {
  it('Dice(A, A) = 1 for any non-empty A; HD95(A, A) = 0', () => {
    for (let k = 0; k < 20; k++) {
      const m = randomMask([7 + k, 5, 1 + (k % 3)], 0.05 + k / 25, rnd.next);
      if (!m.data.includes(1)) m.data[0] = 1;
      expect(dice(m.data, m.data)).toBe(1);
      expect(hd95(m, m)).toBe(0);
    }
  });
  it('AUC(truth, -score) = 1 - AUC(truth, score), ties included', () => {
    for (let k = 0; k < 50; k++) {
      const n = 2 + rnd.int(300);
      const t = binaryTruth(n);
      const s = coarse(n, 1 + rnd.int(20));
      const reversed = s.map((v) => -v);
      expect(auc(t, reversed)).toBeCloseTo(1 - auc(t, s), 15);
    }
  });
  it('cindex equals lifelines\' pairwise definition (O(n^2) oracle) on tied data', () => {
    for (let k = 0; k < 60; k++) {
      const n = 2 + rnd.int(60);
      const time = coarse(n, 6);
      const score = coarse(n, 5);
      const events = Float64Array.from({ length: n }, () => (rnd.next() < 0.6 ? 1 : 0));
      const expected = naiveConcordance(time, score, events);
      if (expected === null) expect(() => cindex(time, score, events)).toThrowError();
      else expect(cindex(time, score, events)).toBe(expected);
    }
  });
});

/** lifelines _naive_concordance_summary_statistics + _valid_comparison + _concordance_value. */
function naiveConcordance(t: Float64Array, p: Float64Array, e: Float64Array): number | null {
  let pairs = 0;
  let correct = 0;
  let tied = 0;
  for (let a = 0; a < t.length; a++) {
    for (let b = a + 1; b < t.length; b++) {
      const valid =
        t[a] === t[b] ? e[a] !== e[b] : (e[a] === 1 && e[b] === 1) || (e[a] === 1 && t[a] < t[b]) || (e[b] === 1 && t[b] < t[a]);
      if (!valid) continue;
      pairs++;
      if (p[a] === p[b]) tied++;
      else if (p[a] < p[b]) correct += t[a] < t[b] || (t[a] === t[b] && e[a] === 1 && e[b] === 0) ? 1 : 0;
      else correct += t[a] > t[b] || (t[a] === t[b] && e[a] === 0 && e[b] === 1) ? 1 : 0;
    }
  }
  return pairs === 0 ? null : (2 * correct + tied) / (2 * pairs);
}
