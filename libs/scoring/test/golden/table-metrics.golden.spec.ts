// Reference values from the scikit-learn / scipy documentation examples (named per test), and
// hand computations where no published example exists (the arithmetic is in the comment).
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  auc,
  balancedAccuracy,
  exactSum,
  mae,
  MetricError,
  mse,
  qwk,
  rmse,
  spearman,
} from '../../src/metrics/index.js';

const TOL = 12; // toBeCloseTo(x, 12): |diff| < 0.5e-12

describe('auc (Mann-Whitney, ties = 1/2, as sklearn roc_auc_score)', () => {
  it('sklearn roc_auc_score docs: y=[0,0,1,1], s=[0.1,0.4,0.35,0.8] -> 0.75', () => {
    expect(auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });
  it('tied scores count 1/2: pos {0.5, 0.9} vs neg {0.1, 0.5} -> (1 + 0.5 + 2) / 4 = 0.875', () => {
    expect(auc([0, 1, 0, 1], [0.1, 0.5, 0.5, 0.9])).toBe(0.875);
  });
  it('all scores tied -> 0.5; perfect -> 1; inverted -> 0', () => {
    expect(auc([0, 0, 1, 1], [0.3, 0.3, 0.3, 0.3])).toBe(0.5);
    expect(auc([0, 1], [0, 1])).toBe(1);
    expect(auc([0, 1], [1, 0])).toBe(0);
  });
  it('-0 and +0 are the same score', () => {
    expect(auc([0, 1], [0, -0])).toBe(0.5);
  });
  it('single class -> MetricError metric.single_class', () => {
    expect(() => auc([1, 1, 1], [0.2, 0.3, 0.4])).toThrowError(MetricError);
    // Asserted outside any catch: a call that stopped throwing fails here.
    expect(() => auc([0, 0], [0.2, 0.3])).toThrow(expect.objectContaining({ code: 'metric.single_class', message: expect.stringMatching(/only negatives/) }));
  });
  it('non-binary truth, NaN, length mismatch and empty input are refused with a code', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as MetricError).code;
      }
      return 'no error';
    };
    expect(code(() => auc([0, 2], [0.1, 0.2]))).toBe('metric.not_binary');
    expect(code(() => auc([0, 1], [0.1, Number.NaN]))).toBe('metric.not_finite');
    expect(code(() => auc([0, 1], [0.1]))).toBe('metric.length_mismatch');
    expect(code(() => auc([], []))).toBe('metric.empty');
  });
});

describe('mse / mae / rmse (as sklearn)', () => {
  // sklearn mean_squared_error / mean_absolute_error / root_mean_squared_error docs example.
  const yTrue = [3, -0.5, 2, 7];
  const yPred = [2.5, 0.0, 2, 8];
  it('sklearn docs: mse 0.375, mae 0.5, rmse 0.6123724356957945', () => {
    expect(mse(yTrue, yPred)).toBe(0.375);
    expect(mae(yTrue, yPred)).toBe(0.5);
    expect(rmse(yTrue, yPred)).toBeCloseTo(0.6123724356957945, TOL);
  });
  it('1000 rows: matches numpy (np.mean((t-p)**2) = 5.298569444444444, mean |t-p| = 1.8725)', () => {
    const t = Array.from({ length: 1000 }, (_, i) => ((i * 31) % 17) / 3);
    const p = Array.from({ length: 1000 }, (_, i) => ((i * 13) % 11) / 4);
    expect(mse(t, p)).toBeCloseTo(5.298569444444444, TOL);
    expect(mae(t, p)).toBe(1.8725);
  });
  it('one case', () => {
    expect(mse([2], [5])).toBe(9);
    expect(rmse([2], [5])).toBe(3);
  });
});

describe('exactSum (correctly rounded, as Python math.fsum)', () => {
  it('cancellation that naive summation gets wrong', () => {
    expect(exactSum([1e16, 1, -1e16])).toBe(1); // naive: 0
    expect(exactSum(new Array(10).fill(0.1))).toBe(1); // naive: 0.9999999999999999
  });
  it('math.fsum of 1000 mixed-magnitude values = 460428590602.2857', () => {
    const v = Array.from({ length: 1000 }, (_, i) => (((i * 7919) % 1000) / 7) * (i % 5 === 0 ? 1e8 : 1) * (i % 3 === 0 ? -1 : 1));
    expect(exactSum(v)).toBe(460428590602.2857);
  });
  it('infinities and NaN follow IEEE rules', () => {
    expect(exactSum([1, Infinity])).toBe(Infinity);
    expect(exactSum([Infinity, -Infinity])).toBeNaN();
    expect(exactSum([])).toBe(0);
  });
});

describe('accuracy / balanced accuracy (sklearn semantics, labels compared as numbers)', () => {
  it('sklearn accuracy_score docs: y_pred=[0,2,1,3], y_true=[0,1,2,3] -> 0.5', () => {
    expect(accuracy([0, 1, 2, 3], [0, 2, 1, 3])).toBe(0.5);
  });
  it('sklearn balanced_accuracy_score docs: y_true=[0,1,0,0,1,0], y_pred=[0,1,0,0,0,1] -> 0.625', () => {
    expect(balancedAccuracy([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1])).toBe(0.625);
  });
  it('a label only predicted (never true) has no recall and is left out, as sklearn', () => {
    // classes in truth: 0 (recall 1/2), 1 (recall 1); label 2 only predicted -> mean 0.75.
    expect(balancedAccuracy([0, 0, 1], [0, 2, 1])).toBe(0.75);
  });
});

describe('qwk (sklearn cohen_kappa_score, weights="quadratic")', () => {
  it('hand: y1=[0,1,2,2,3], y2=[0,2,2,1,3]: 1 - 2 / 10.4 = 0.8076923076923077', () => {
    // observed sum w*C = 2; expected = sum (i-j)^2 a_i a_j / 5 with a = [1,1,2,1] -> 52 / 5.
    expect(qwk([0, 1, 2, 2, 3], [0, 2, 2, 1, 3])).toBeCloseTo(0.8076923076923077, TOL);
  });
  it('weights use label indices, not values: labels {0,1,5} weigh like {0,1,2} -> 0.5', () => {
    expect(qwk([0, 1, 5], [0, 5, 1])).toBeCloseTo(0.5, TOL);
  });
  it('numpy replica of sklearn: y1=[1,2,3,4,4,2,1,0], y2=[1,2,4,4,3,2,0,0] -> 0.9090909090909091', () => {
    expect(qwk([1, 2, 3, 4, 4, 2, 1, 0], [1, 2, 4, 4, 3, 2, 0, 0])).toBeCloseTo(0.9090909090909091, TOL);
  });
  it('perfect agreement -> 1; a single label overall -> MetricError', () => {
    expect(qwk([0, 1, 2], [0, 1, 2])).toBe(1);
    expect(() => qwk([1, 1], [1, 1])).toThrowError(MetricError);
  });
});

describe('spearman (scipy spearmanr, average ranks)', () => {
  it('scipy docs: spearmanr([1,2,3,4,5], [5,6,7,8,7]) -> 0.8207826816681233', () => {
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681233, TOL);
  });
  it('monotone -> 1, reversed -> -1', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
  });
  it('constant column -> MetricError constant_input (scipy returns NaN)', () => {
    expect(() => spearman([1, 2, 3], [5, 5, 5])).toThrowError(/constant/);
  });
});
