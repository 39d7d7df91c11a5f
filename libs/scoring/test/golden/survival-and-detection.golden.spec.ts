// Harrell's C (lifelines conventions) and LUNA16 FROC/CPM, checked on hand-worked cases.
import { describe, expect, it } from 'vitest';
import { cindex, frocCpm, frocCurve, MetricError, type FrocCandidate, type FrocNodule } from '../../src/metrics/index.js';

describe("cindex (Harrell's C as lifelines concordance_index)", () => {
  // T=[1,2,2,3,4], E=[1,1,0,1,0]. Comparable pairs (lifelines _valid_comparison):
  // (0,1) (0,2) (0,3) (0,4) (1,2: tied time, one event) (1,3) (1,4) (3,4) = 8;
  // (2,3) and (2,4) start from a censored case and are not comparable.
  const T = [1, 2, 2, 3, 4];
  const E = [1, 1, 0, 1, 0];
  it('hand: P=[0.1,0.4,0.3,0.2,0.5] -> 6 concordant of 8 = 0.75', () => {
    // discordant: (1,2) event at t=2 predicted longer than the censored one; (1,3).
    expect(cindex(T, [0.1, 0.4, 0.3, 0.2, 0.5], E)).toBe(0.75);
  });
  it('hand: a tied prediction counts 1/2: P=[0.1,0.4,0.4,0.2,0.5] -> 6.5 / 8', () => {
    expect(cindex(T, [0.1, 0.4, 0.4, 0.2, 0.5], E)).toBe(0.8125);
  });
  it('two events at the same time are not comparable', () => {
    // T=[1,1,2], all events: comparable (0,2), (1,2) only.
    expect(cindex([1, 1, 2], [5, 1, 3], [1, 1, 1])).toBe(0.5);
  });
  it('events default to all observed; perfect and inverted orders', () => {
    expect(cindex([1, 2, 3, 4], [1, 2, 3, 4])).toBe(1);
    expect(cindex([1, 2, 3, 4], [4, 3, 2, 1])).toBe(0);
  });
  it('no comparable pair -> MetricError', () => {
    expect(() => cindex([1, 2], [1, 2], [0, 0])).toThrowError(MetricError);
  });
});

describe('frocCpm (LUNA16 noduleCADEvaluationLUNA16.py rules)', () => {
  const nodules: FrocNodule[] = [
    { caseId: 'a', x: 0, y: 0, z: 0, diameter: 10 },
    { caseId: 'a', x: 50, y: 0, z: 0, diameter: 6 },
    { caseId: 'b', x: 0, y: 0, z: 0, diameter: 8 },
    { caseId: 'b', x: 100, y: 0, z: 0, diameter: -1, excluded: true }, // -1 -> 10 mm
  ];
  const candidates: FrocCandidate[] = [
    { caseId: 'a', x: 1, y: 0, z: 0, probability: 0.9 }, // hits nodule 1
    { caseId: 'a', x: 2, y: 0, z: 0, probability: 0.6 }, // hits nodule 1 again: counted once at 0.9
    { caseId: 'a', x: 20, y: 0, z: 0, probability: 0.8 }, // false positive
    { caseId: 'a', x: 53, y: 0, z: 0, probability: 0.7 }, // distance = radius 3: not a hit (strict) -> FP
    { caseId: 'b', x: 0, y: 0, z: 3.9, probability: 0.5 }, // hits nodule 3
    { caseId: 'b', x: 100, y: 0, z: 4, probability: 0.95 }, // on the excluded finding: ignored
    { caseId: 'b', x: 30, y: 0, z: 0, probability: 0.3 }, // false positive
    { caseId: 'zz', x: 0, y: 0, z: 0, probability: 0.99 }, // not an evaluated scan: ignored
  ];
  it('hand: hits {0.9, 0.5}, FPs {0.8, 0.7, 0.3}, 3 nodules, 2 scans -> CPM 11/21', () => {
    // Curve after drop_intermediate: fps = [0, 0, 1, 1, 1.5], sens = [0, 1/3, 1/3, 2/3, 2/3].
    // np.interp at 1/8, 1/4, 1/2 -> 1/3; at 1 (last point with fps <= 1) -> 2/3; beyond 1.5 -> 2/3.
    const r = frocCurve({ caseIds: ['a', 'b'], nodules, candidates });
    expect(Array.from(r.fps)).toEqual([0, 0, 1, 1, 1.5]);
    expect(Array.from(r.sens)).toEqual([0, 1 / 3, 1 / 3, 2 / 3, 2 / 3]);
    expect(Array.from(r.sensitivities)).toEqual([1 / 3, 1 / 3, 1 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3]);
    expect(r.cpm).toBeCloseTo(11 / 21, 12);
  });
  it('interpolates linearly between curve points', () => {
    // One scan, one nodule hit at 0.5, FPs at 0.9 and 0.1: points (fps, sens) = (0,0) (1,0) (1,1) (2,1).
    // Sensitivity is 0 below 1 FP/scan, 1 from 1 on: CPM = 4/7.
    // One scan 's', one nodule of radius 2 at the origin; candidates as [x, probability].
    const oneScan = (candidates: [number, number][]) =>
      frocCpm({
        caseIds: ['s'],
        nodules: [{ caseId: 's', x: 0, y: 0, z: 0, diameter: 4 }],
        candidates: candidates.map(([x, probability]) => ({ caseId: 's', x, y: x, z: 1, probability })),
      });
    // (0, 0, 1) hits; (9, 9, 1) and (8, 8, 1) are false positives.
    expect(oneScan([[9, 0.9], [0, 0.5], [8, 0.1]])).toBeCloseTo(4 / 7, 12);
    // Tied hit and FP (0.5 both) make a diagonal segment from (0,0) to (1,1): sens(f) = f below 1.
    expect(oneScan([[9, 0.5], [0, 0.5]])).toBeCloseTo((0.125 + 0.25 + 0.5 + 1 + 1 + 1 + 1) / 7, 12);
  });
  it('no false positive: sensitivity = detected / all nodules at every rate', () => {
    const cpm = frocCpm({
      caseIds: ['a', 'b'],
      nodules: [
        { caseId: 'a', x: 0, y: 0, z: 0, diameter: 10 },
        { caseId: 'b', x: 0, y: 0, z: 0, diameter: 10 },
      ],
      candidates: [{ caseId: 'a', x: 0, y: 0, z: 0, probability: 0.2 }],
    });
    expect(cpm).toBe(0.5);
  });
  it('nothing found -> 0; no nodule in the key -> MetricError', () => {
    expect(frocCpm({ caseIds: ['a'], nodules: [{ caseId: 'a', x: 0, y: 0, z: 0, diameter: 5 }], candidates: [] })).toBe(0);
    expect(() => frocCpm({ caseIds: ['a'], nodules: [], candidates: [] })).toThrowError(MetricError);
  });
});
