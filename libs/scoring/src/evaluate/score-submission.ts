// Scores one parsed submission against the answer key: every score on the public, private
// and all splits, plus per-case values. Pure and deterministic: cases are visited in
// answer-key order and sums run in a fixed order, so the same input gives the same bits.
import { getMetric, type MetricDefinition, type MetricValue } from '../metrics/metric-registry.js';
import { exactMean } from '../metrics/exact-sum.js';
import { MetricError } from '../metrics/metric-error.js';
import type {
  AnswerKey,
  CaseResult,
  MaskImage,
  ParsedSubmission,
  ScoreSpec,
  SplitScores,
  SubmissionResult,
  TaskScoringSpec,
} from '../types.js';
import { scoreTerms, type ResolvedTerm } from './score-terms.js';

type SplitName = keyof SplitScores;
/** 'all' first: mask metrics compute each case there once, and the splits reuse the values. */
const SPLITS: SplitName[] = ['all', 'public', 'private'];

/**
 * Every score of the task on each split. A split where a score cannot be computed (no case,
 * a single class, a constant column...) scores null and `reasons` says why. Per-case values
 * (squared error, Dice...) come from plain scores whose metric has them, for the cases the
 * metric used (null for the others).
 */
export function scoreSubmission(task: TaskScoringSpec, key: AnswerKey, submission: ParsedSubmission, maskValues = new MaskCaseValues()): SubmissionResult {
  const splitCases = casesBySplit(key);
  const scores: Record<string, SplitScores> = {};
  const perCase: Record<string, (number | null)[]> = {};
  const reasons: NonNullable<SubmissionResult['reasons']> = {};
  for (const spec of task.scores) {
    const result: SplitScores = { public: null, private: null, all: null };
    for (const split of SPLITS) {
      const computed = tryScore(spec, key, submission, splitCases[split], maskValues);
      if ('reason' in computed) {
        (reasons[spec.name] ??= {})[split] = computed.reason;
        continue;
      }
      result[split] = computed.value;
      if (split === 'all' && computed.perCase) perCase[spec.name] = computed.perCase;
    }
    scores[spec.name] = result;
  }
  const cases: CaseResult[] = key.ids.map((caseId, i) => {
    const values: Record<string, number | null> = {};
    for (const [name, list] of Object.entries(perCase)) values[name] = list[i];
    return { caseId, split: key.split[i], values };
  });
  return Object.keys(reasons).length > 0 ? { scores, cases, reasons } : { scores, cases };
}

function casesBySplit(key: AnswerKey): Record<SplitName, Uint32Array> {
  const pub: number[] = [];
  const priv: number[] = [];
  key.split.forEach((s, i) => (s === 'public' ? pub : priv).push(i));
  const all = new Uint32Array(key.ids.length);
  for (let i = 0; i < all.length; i++) all[i] = i;
  return { public: Uint32Array.from(pub), private: Uint32Array.from(priv), all };
}

interface SpecValue {
  value: number;
  /** Per-case values indexed like the answer key (plain scores only). */
  perCase?: (number | null)[];
}

/** The score on these cases, or why the metric is undefined there (a MetricError). */
function tryScore(spec: ScoreSpec, key: AnswerKey, sub: ParsedSubmission, cases: Uint32Array, maskValues: MaskCaseValues): SpecValue | { reason: string } {
  if (cases.length === 0) return { reason: 'no case in this split' };
  try {
    return computeScore(spec, key, sub, cases, maskValues);
  } catch (e) {
    if (e instanceof MetricError) return { reason: e.message };
    throw e;
  }
}

/** Σ weight × term on the given cases, terms in declaration order; throws MetricError where undefined. */
export function computeScore(spec: ScoreSpec, key: AnswerKey, sub: ParsedSubmission, cases: Uint32Array, maskValues?: MaskCaseValues): SpecValue {
  const terms = scoreTerms(spec);
  if (terms.length === 0) throw new MetricError('metric.empty', `score "${spec.name}" has no term`);
  let total = 0;
  let perCase: (number | null)[] | undefined;
  for (const [index, term] of terms.entries()) {
    const r = maskValues?.term(`${spec.name}/${index}`, term, spec, key, sub, cases) ?? computeTerm(term, spec, key, sub, cases);
    total += term.weight * r.value;
    if (terms.length === 1 && r.perCase) {
      perCase = new Array<number | null>(key.ids.length).fill(null);
      r.used.forEach((caseIndex, k) => {
        const v = r.perCase![k];
        perCase![caseIndex] = Number.isNaN(v) ? null : v;
      });
    }
  }
  return { value: total, perCase };
}

/**
 * Per-case values of `caseMean` mask metrics (Dice, HD95), computed on the first set of cases
 * asked (scoreSubmission asks 'all' first) and reused for the splits: a split's value is the
 * exact mean of its cases' values, the same bits as computing it again (see `caseMean`), for a
 * third of the work on 500 slices. A split left without a value computes as before (its error).
 */
export class MaskCaseValues {
  private readonly byTerm: Map<string, Float64Array>;

  /**
   * `computed`: every case's value of each mask term (`<score name>/<term index>`, NaN where the
   * term has none), computed elsewhere (`combineMaskShards`); the masks are then never read, and
   * a value that would need them throws `MasksNeededError`.
   */
  constructor(private readonly computed?: ReadonlyMap<string, Float64Array>) {
    this.byTerm = new Map(computed);
  }

  term(id: string, term: ResolvedTerm, spec: ScoreSpec, key: AnswerKey, sub: ParsedSubmission, cases: Uint32Array): TermValue | undefined {
    const def = getMetric(term.metric);
    if (!def || def.kind !== 'masks') return undefined;
    if (!def.caseMean) return this.withoutMasks(id);
    const valueAt = this.byTerm.get(id);
    if (!valueAt) {
      this.withoutMasks(id);
      const full = computeTerm(term, spec, key, sub, cases);
      const perCase = full.perCase;
      if (!perCase) throw new Error(`metric "${def.name}" is marked caseMean but has no per-case values`);
      const at = new Float64Array(key.ids.length).fill(Number.NaN);
      full.used.forEach((caseIndex, k) => (at[caseIndex] = perCase[k]!));
      this.byTerm.set(id, at);
      return full;
    }
    const used = applyWhere(term.where, key, cases);
    const perCase = Float64Array.from(used, (i) => valueAt[i]!);
    const counted = perCase.filter((v) => !Number.isNaN(v));
    if (counted.length === 0) return this.withoutMasks(id);
    return { value: exactMean(counted), perCase, used };
  }

  /** The caller computes the term from the masks; with precomputed values there are none. */
  private withoutMasks(id: string): undefined {
    if (this.computed) throw new MasksNeededError(id);
    return undefined;
  }
}

/** A term that `MaskCaseValues` cannot give from precomputed values: score the whole file instead. */
export class MasksNeededError extends Error {
  constructor(readonly term: string) {
    super(`term ${term} needs the masks themselves`);
    this.name = 'MasksNeededError';
  }
}

export interface TermValue extends MetricValue {
  /** Answer-key indices of the cases the metric saw, in order (perCase follows it). */
  used: Uint32Array;
}

export function computeTerm(term: ResolvedTerm, spec: ScoreSpec, key: AnswerKey, sub: ParsedSubmission, cases: Uint32Array): TermValue {
  const def = getMetric(term.metric);
  if (!def) throw new MetricError('metric.unknown', `unknown metric "${term.metric}"`);
  const selected = applyWhere(term.where, key, cases);
  const options = term.at === '' ? (spec.options ?? {}) : {};
  switch (def.kind) {
    case 'table':
      return tableTerm(def, term, spec, options, key, sub, selected);
    case 'pairs': {
      const columns = (term.pairs ?? []).map((pair) => {
        const picked = pickRows(column(key.truth, pair.truth, 'truth'), column(sub.values, pair.prediction, 'prediction'), spec.missing, selected);
        return { truth: picked.truth, pred: picked.pred };
      });
      return { ...def.compute(columns), used: selected };
    }
    case 'masks': {
      if (!key.masks) throw new MetricError('metric.missing_data', `${def.name}: the answer key has no masks`);
      const truth: MaskImage[] = [];
      const pred: (MaskImage | null)[] = [];
      for (const i of selected) {
        truth.push(key.masks[i]);
        pred.push(sub.masks?.[i] ?? null);
      }
      if (truth.length === 0) throw new MetricError('metric.empty', `${def.name}: no case to score`);
      return { ...def.compute(truth, pred, options), used: selected };
    }
    case 'detection': {
      const caseIds = Array.from(selected, (i) => key.normalizedIds[i]);
      const wanted = new Set(caseIds);
      const nodules = (key.findings ?? []).filter((f) => wanted.has(f.caseId));
      const candidates = (sub.candidates ?? []).filter((c) => wanted.has(c.caseId));
      return { ...def.compute({ caseIds, nodules, candidates }), used: selected };
    }
  }
}

function tableTerm(
  def: Extract<MetricDefinition, { kind: 'table' }>,
  term: ResolvedTerm,
  spec: ScoreSpec,
  options: Record<string, unknown>,
  key: AnswerKey,
  sub: ParsedSubmission,
  selected: Uint32Array,
): TermValue {
  const truth = column(key.truth, term.truth, 'truth');
  const pred = column(sub.values, term.prediction, 'prediction');
  const eventName = typeof options.event === 'string' ? options.event : undefined;
  const events = eventName === undefined ? undefined : column(key.truth, eventName, 'truth');
  const picked = pickRows(truth, pred, spec.missing, selected, events);
  if (picked.used.length === 0) throw new MetricError('metric.empty', `${def.name}: no case to score`);
  return { ...def.compute(picked.truth, picked.pred, options, picked.events), used: picked.used };
}

function column(source: Record<string, Float64Array>, name: string | undefined, what: string): Float64Array {
  const values = name === undefined ? undefined : source[name];
  if (!values) throw new MetricError('metric.missing_data', `no ${what} column "${name ?? ''}"`);
  return values;
}

/** Cases whose answer-key values equal every `where` value (NaN never matches). */
export function applyWhere(where: Record<string, number> | undefined, key: AnswerKey, cases: Uint32Array): Uint32Array {
  const filters = Object.entries(where ?? {});
  if (filters.length === 0) return cases;
  const columns = filters.map(([name, value]) => [column(key.truth, name, 'truth'), value] as const);
  return cases.filter((i) => columns.every(([col, value]) => col[i] === value));
}

/**
 * The rows a table metric sees: cases with a truth value (an empty answer-key cell means
 * "not scored on this column"), prediction cells filled with `missing` when empty, or the
 * case skipped when the score declares no fill value.
 */
function pickRows(truth: Float64Array, pred: Float64Array, missing: number | undefined, cases: Uint32Array, events?: Float64Array) {
  const t = new Float64Array(cases.length);
  const p = new Float64Array(cases.length);
  const e = events ? new Float64Array(cases.length) : undefined;
  const used = new Uint32Array(cases.length);
  let k = 0;
  for (const i of cases) {
    if (Number.isNaN(truth[i]) || (events && Number.isNaN(events[i]))) continue;
    let v = pred[i];
    if (Number.isNaN(v)) {
      if (missing === undefined) continue;
      v = missing;
    }
    t[k] = truth[i];
    p[k] = v;
    if (e) e[k] = events![i];
    used[k++] = i;
  }
  return { truth: t.subarray(0, k), pred: p.subarray(0, k), events: e?.subarray(0, k), used: used.subarray(0, k) };
}
