// Scores one parsed submission on resamples of the answer key's cases (bootstrap), with the very
// code `scoreSubmission` runs: a resample is a list of case indices, drawn with replacement, and
// each score is `computeScore`'s weighted sum of terms on it. Two shortcuts keep 1,000 resamples
// of 20 teams cheap without changing a bit:
// - a `caseMean` metric (Dice, HD95, MSE...) is computed once per case on the whole set; a
//   resample's value is the exact mean of its cases' values (order-free, like the metric's own);
// - a detection metric (FROC) sees each draw as a scan of its own, so a scan drawn twice counts
//   twice, with its findings and candidates (ids are sets there, not lists).
import { exactMean } from '../metrics/exact-sum.js';
import { MetricError } from '../metrics/metric-error.js';
import { getMetric, type DetectionMetric } from '../metrics/metric-registry.js';
import type { AnswerKey, DetectionCandidate, DetectionFinding, ParsedSubmission, ScoreSpec, TaskScoringSpec } from '../types.js';
import { applyWhere, computeTerm } from './score-submission.js';
import { scoreTerms, type ResolvedTerm } from './score-terms.js';

export interface CaseResampler {
  /**
   * Every score of the task on these answer-key case indices (repeats allowed); null where the
   * metric is undefined on them (e.g. a single class drawn for an AUC).
   */
  score(indices: Uint32Array): Record<string, number | null>;
}

/** A term's value on a resample; throws MetricError where undefined. */
type TermOn = (indices: Uint32Array) => number;

/**
 * `cases`: the answer-key indices every resample draws from (e.g. the private split). Parse the
 * key and the submission once, then call `score` for each resample.
 */
export function createCaseResampler(task: TaskScoringSpec, key: AnswerKey, sub: ParsedSubmission, cases: Uint32Array): CaseResampler {
  const scores = task.scores.map((spec) => ({ name: spec.name, terms: scoreTerms(spec).map((term) => ({ weight: term.weight, on: termOn(term, spec, key, sub, cases) })) }));
  return {
    score(indices) {
      const out: Record<string, number | null> = {};
      for (const s of scores) {
        try {
          if (s.terms.length === 0) throw new MetricError('metric.empty', `score "${s.name}" has no term`);
          // As computeScore: Σ weight × term, in declaration order, from 0.
          let total = 0;
          for (const t of s.terms) total += t.weight * t.on(indices);
          out[s.name] = total;
        } catch (e) {
          if (!(e instanceof MetricError)) throw e;
          out[s.name] = null;
        }
      }
      return out;
    },
  };
}

function termOn(term: ResolvedTerm, spec: ScoreSpec, key: AnswerKey, sub: ParsedSubmission, cases: Uint32Array): TermOn {
  const def = getMetric(term.metric);
  if (!def) return () => {
    throw new MetricError('metric.unknown', `unknown metric "${term.metric}"`);
  };
  if (def.kind === 'detection') return detectionTermOn(def, term, key, sub);
  if (!(def.caseMean && (def.kind === 'table' || def.kind === 'masks'))) return (indices) => computeTerm(term, spec, key, sub, indices).value;
  let full;
  try {
    full = computeTerm(term, spec, key, sub, cases);
  } catch (e) {
    if (!(e instanceof MetricError)) throw e;
    // Undefined on every case (e.g. no truth column): undefined on any resample of them.
    return () => {
      throw e;
    };
  }
  // NaN: a case the metric leaves out (no truth value, an excluded empty Dice, not drawn from).
  const valueAt = new Float64Array(key.ids.length).fill(Number.NaN);
  const perCase = full.perCase;
  if (!perCase) throw new Error(`metric "${def.name}" is marked caseMean but has no per-case values`);
  full.used.forEach((caseIndex, k) => (valueAt[caseIndex] = perCase[k]!));
  const buffer = new Float64Array(cases.length);
  return (indices) => {
    const picked = indices.length <= buffer.length ? buffer : new Float64Array(indices.length);
    let n = 0;
    for (const i of indices) {
      const v = valueAt[i]!;
      if (!Number.isNaN(v)) picked[n++] = v;
    }
    if (n === 0) throw new MetricError('metric.empty', `${def.name}: no case to score`);
    return exactMean(picked.subarray(0, n));
  };
}

function detectionTermOn(def: DetectionMetric, term: ResolvedTerm, key: AnswerKey, sub: ParsedSubmission): TermOn {
  const byCase = <T extends { caseId: string }>(items: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const item of items) {
      const list = map.get(item.caseId);
      if (list) list.push(item);
      else map.set(item.caseId, [item]);
    }
    return map;
  };
  const findings = byCase<DetectionFinding>(key.findings ?? []);
  const candidates = byCase<DetectionCandidate>(sub.candidates ?? []);
  return (drawn) => {
    const indices = applyWhere(term.where, key, drawn);
    const caseIds: string[] = [];
    const nodules: DetectionFinding[] = [];
    const found: DetectionCandidate[] = [];
    indices.forEach((i, k) => {
      // The k-th draw is scan "k": its own findings and candidates, however often it was drawn.
      const scan = String(k);
      const id = key.normalizedIds[i]!;
      caseIds.push(scan);
      for (const f of findings.get(id) ?? []) nodules.push({ ...f, caseId: scan });
      for (const c of candidates.get(id) ?? []) found.push({ ...c, caseId: scan });
    });
    return def.compute({ caseIds, nodules, candidates: found }).value;
  };
}
