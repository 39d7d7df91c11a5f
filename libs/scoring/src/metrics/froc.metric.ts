import type { DetectionCandidate, DetectionFinding } from '../types.js';
import { exactMean } from './exact-sum.js';
import { sortFloat64 } from './float-sort.js';
import { MetricError } from './metric-error.js';

/** A reference nodule (answer key). */
export type FrocNodule = DetectionFinding;
/** A team's detection. */
export type FrocCandidate = DetectionCandidate;

export interface FrocInput {
  /** The scans evaluated: false positives per scan divide by their number; candidates elsewhere are ignored. */
  caseIds: readonly string[];
  nodules: readonly FrocNodule[];
  candidates: readonly FrocCandidate[];
}

/** The false-positive rates (per scan) at which LUNA16 averages the sensitivity. */
export const FROC_RATES: readonly number[] = [0.125, 0.25, 0.5, 1, 2, 4, 8];

export interface FrocResult {
  /** The FROC curve (false positives per scan, sensitivity), as computeFROC returns it. */
  fps: Float64Array;
  sens: Float64Array;
  /** Sensitivity at each of FROC_RATES. */
  sensitivities: Float64Array;
  /** Competition performance metric: mean of `sensitivities`. */
  cpm: number;
}

/**
 * LUNA16 FROC and CPM, following noduleCADEvaluationLUNA16.py:
 * - a candidate hits a nodule when its squared distance to the centre is strictly below the
 *   squared radius; a candidate may hit several nodules (it counts for each);
 * - a nodule hit by several candidates counts once, with the highest probability;
 * - candidates hitting only excluded nodules are ignored; every other candidate is a false positive;
 * - the curve is sklearn's roc_curve (drop_intermediate) over hits and false positives,
 *   rescaled: fps = fpr * negatives / scans, sens = tpr * detected / all nodules (missed
 *   nodules stay in the denominator); with no false positive at all, fps = 0 everywhere;
 * - CPM = mean of numpy.interp(rate, fps, sens) at 1/8, 1/4, 1/2, 1, 2, 4, 8 false positives
 *   per scan: linear interpolation on the curve exactly at the seven rates (the script's own
 *   `np.interp` on its curve, not the bootstrap-mean grid approximation).
 * No nodule found at all gives sensitivity 0 (the script would produce NaN). Higher is better.
 */
export function frocCurve(input: FrocInput): FrocResult {
  const scans = input.caseIds.length;
  if (scans === 0) throw new MetricError('metric.empty', 'froc: no scan to evaluate');
  const scanSet = new Set(input.caseIds);
  const byCase = new Map<string, FrocCandidate[]>();
  for (const c of input.candidates) {
    if (!scanSet.has(c.caseId)) continue;
    if (![c.x, c.y, c.z, c.probability].every(Number.isFinite)) {
      throw new MetricError('metric.not_finite', `froc: a candidate of case ${c.caseId} has a non-finite coordinate or probability`);
    }
    let list = byCase.get(c.caseId);
    if (!list) byCase.set(c.caseId, (list = []));
    list.push(c);
  }
  const hits: number[] = [];
  const falsePositives: number[] = [];
  let totalNodules = 0;
  const nodulesByCase = new Map<string, FrocNodule[]>();
  for (const nodule of input.nodules) {
    if (!scanSet.has(nodule.caseId)) continue;
    let list = nodulesByCase.get(nodule.caseId);
    if (!list) nodulesByCase.set(nodule.caseId, (list = []));
    list.push(nodule);
  }
  for (const caseId of input.caseIds) {
    const candidates = byCase.get(caseId) ?? [];
    const matched = new Uint8Array(candidates.length);
    for (const nodule of nodulesByCase.get(caseId) ?? []) {
      const diameter = nodule.diameter < 0 ? 10 : nodule.diameter;
      const radius2 = (diameter / 2) ** 2;
      let best = Number.NEGATIVE_INFINITY;
      let found = false;
      candidates.forEach((c, k) => {
        const d2 = (nodule.x - c.x) ** 2 + (nodule.y - c.y) ** 2 + (nodule.z - c.z) ** 2;
        if (d2 < radius2) {
          matched[k] = 1;
          if (!nodule.excluded) {
            found = true;
            if (c.probability > best) best = c.probability;
          }
        }
      });
      if (nodule.excluded) continue;
      totalNodules++;
      if (found) hits.push(best);
    }
    candidates.forEach((c, k) => {
      if (!matched[k]) falsePositives.push(c.probability);
    });
  }
  if (totalNodules === 0) throw new MetricError('metric.empty', 'froc: the answer key has no nodule; sensitivity is undefined');

  const { fps, sens } = frocPoints(hits, falsePositives, totalNodules, scans);
  const sensitivities = new Float64Array(FROC_RATES.length);
  FROC_RATES.forEach((rate, i) => (sensitivities[i] = interp(rate, fps, sens)));
  return { fps, sens, sensitivities, cpm: exactMean(sensitivities) };
}

/** LUNA16 CPM of a submission (see `frocCurve`). */
export function frocCpm(input: FrocInput): number {
  return frocCurve(input).cpm;
}

/** sklearn roc_curve(drop_intermediate=True) over hits (label 1) and false positives (label 0), rescaled as computeFROC. */
function frocPoints(hits: number[], fpScores: number[], totalNodules: number, scans: number) {
  const detected = hits.length;
  const negatives = fpScores.length;
  if (detected === 0) {
    // No true positive: the curve never leaves sensitivity 0.
    return { fps: Float64Array.of(0, negatives / scans), sens: Float64Array.of(0, 0) };
  }
  // Both lists ascending (`+ 0`: -0 sorts with 0, as the comparisons below treat it), then
  // cumulative counts at each distinct threshold, highest first: a tie of hits and false
  // positives is one threshold, as in roc_curve.
  const hitScores = sortFloat64(Float64Array.from(hits, (s) => s + 0));
  const fpSorted = sortFloat64(Float64Array.from(fpScores, (s) => s + 0));
  const tpsAll: number[] = [];
  const fpsAll: number[] = [];
  let h = hitScores.length;
  let f = fpSorted.length;
  while (h > 0 || f > 0) {
    const threshold = Math.max(h > 0 ? hitScores[h - 1]! : -Infinity, f > 0 ? fpSorted[f - 1]! : -Infinity);
    while (h > 0 && hitScores[h - 1] === threshold) h--;
    while (f > 0 && fpSorted[f - 1] === threshold) f--;
    tpsAll.push(hitScores.length - h);
    fpsAll.push(fpSorted.length - f);
  }
  // drop_intermediate: keep the ends and every point where either curve bends.
  const keep: number[] = [];
  for (let i = 0; i < tpsAll.length; i++) {
    if (i === 0 || i === tpsAll.length - 1) keep.push(i);
    else {
      const bendF = fpsAll[i + 1] - 2 * fpsAll[i] + fpsAll[i - 1];
      const bendT = tpsAll[i + 1] - 2 * tpsAll[i] + tpsAll[i - 1];
      if (bendF !== 0 || bendT !== 0) keep.push(i);
    }
  }
  const m = keep.length + 1;
  const fpsOut = new Float64Array(m);
  const sensOut = new Float64Array(m);
  for (let j = 1; j < m; j++) {
    const i = keep[j - 1];
    // Same operations as the script: fpr = fp / negatives; fps = fpr * negatives / scans.
    fpsOut[j] = negatives === 0 ? 0 : ((fpsAll[i] / negatives) * negatives) / scans;
    sensOut[j] = ((tpsAll[i] / detected) * detected) / totalNodules;
  }
  return { fps: fpsOut, sens: sensOut };
}

/** numpy.interp for non-decreasing xp: at a repeated x, the last point with xp <= x wins. */
function interp(x: number, xp: Float64Array, fp: Float64Array): number {
  const n = xp.length;
  if (x < xp[0]) return fp[0];
  if (x > xp[n - 1]) return fp[n - 1];
  let lo = 0;
  let hi = n - 1;
  // Last j with xp[j] <= x.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (xp[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  const j = lo;
  if (j === n - 1 || xp[j] === x) return fp[j];
  const slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
  return slope * (x - xp[j]) + fp[j];
}
