// Every metric an organiser can name in event.yaml, with its direction and what it consumes.
// `scoreSubmission` and the validators read this table; adding a metric means one entry here.
import type { Direction, MaskImage } from '../types.js';
import { auc } from './auc.metric.js';
import { accuracy, balancedAccuracy, qwk } from './classification.metric.js';
import { cindex } from './cindex.metric.js';
import { meanDiceDetailed, type EmptyDiceConvention } from './dice.metric.js';
import { frocCpm, type FrocInput } from './froc.metric.js';
import { meanHd95Detailed } from './hd95.metric.js';
import { MetricError } from './metric-error.js';
import { exactMean } from './exact-sum.js';
import { absoluteErrors, squaredErrors } from './regression.metric.js';
import { spearman } from './spearman.metric.js';

/**
 * What a metric consumes:
 * - `table`: one truth column and one prediction column;
 * - `pairs`: a list of truth/prediction column pairs (one-vs-rest means);
 * - `masks`: the answer masks and the submitted masks;
 * - `detection`: answer-key findings and submitted candidates (FROC).
 */
export type MetricKind = 'table' | 'pairs' | 'masks' | 'detection';

/** What the truth must look like for the metric to be defined (checked on the answer key). */
export type TruthRequirement = 'two_classes' | 'not_constant' | 'comparable_pairs';

export interface MetricValue {
  value: number;
  /** Per-case values in the order of the cases given, when the metric has them (NaN = none for that case). */
  perCase?: Float64Array;
}

/** Options as written in event.yaml (`options:`), already validated by `checkOptions`. */
export type MetricOptions = Record<string, unknown>;

interface MetricBase {
  name: string;
  direction: Direction;
  summary: string;
  truthRequirement?: TruthRequirement;
  /**
   * The value is exactly `exactMean` of the per-case values that are not NaN (a metric error when
   * none is left). Resampling cases (bootstrap, `createCaseResampler`) then reuses each case's
   * value instead of recomputing it: same bits, since the exact sum ignores order.
   */
  caseMean?: true;
  /** Option names the metric accepts, with a check returning a problem sentence or null. */
  options?: Record<string, (value: unknown) => string | null>;
}

export interface TableMetric extends MetricBase {
  kind: 'table';
  /** `events` is the event indicator column for `cindex`, when the score names one. */
  compute(truth: Float64Array, pred: Float64Array, options: MetricOptions, events?: Float64Array): MetricValue;
}

export interface PairsMetric extends MetricBase {
  kind: 'pairs';
  compute(columns: { truth: Float64Array; pred: Float64Array }[]): MetricValue;
}

export interface MaskMetric extends MetricBase {
  kind: 'masks';
  compute(truth: MaskImage[], pred: (MaskImage | null)[], options: MetricOptions): MetricValue;
}

export interface DetectionMetric extends MetricBase {
  kind: 'detection';
  compute(input: FrocInput): MetricValue;
}

export type MetricDefinition = TableMetric | PairsMetric | MaskMetric | DetectionMetric;

const table = (
  name: string,
  direction: Direction,
  summary: string,
  fn: (t: Float64Array, p: Float64Array) => number,
  extra: Partial<MetricBase> = {},
): TableMetric => ({ name, direction, summary, kind: 'table', ...extra, compute: (t, p) => ({ value: fn(t, p) }) });

/** The exact mean of per-case errors, which are also the per-case values. */
const meanError = (name: string, summary: string, errors: (t: Float64Array, p: Float64Array) => Float64Array): TableMetric => ({
  name,
  direction: 'lower',
  summary,
  kind: 'table',
  caseMean: true,
  compute(t, p) {
    const perCase = errors(t, p);
    return { value: exactMean(perCase), perCase };
  },
});

const oneOf = (allowed: string[]) => (v: unknown) =>
  typeof v === 'string' && allowed.includes(v) ? null : `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`;

const DEFINITIONS: MetricDefinition[] = [
  table('auc', 'higher', 'ROC AUC (Mann-Whitney, tied scores count 1/2), as sklearn roc_auc_score', auc, {
    truthRequirement: 'two_classes',
  }),
  meanError('mse', 'mean squared error, as sklearn mean_squared_error; per case: squared error', squaredErrors),
  meanError('mae', 'mean absolute error, as sklearn mean_absolute_error; per case: absolute error', absoluteErrors),
  {
    name: 'rmse',
    direction: 'lower',
    summary: 'root mean squared error, sqrt(mse); per case: absolute error',
    kind: 'table',
    compute(t, p) {
      const squared = squaredErrors(t, p);
      return { value: Math.sqrt(exactMean(squared)), perCase: squared.map(Math.sqrt) };
    },
  },
  {
    name: 'accuracy',
    direction: 'higher',
    summary: 'fraction of exact label matches, as sklearn accuracy_score; per case: 1 or 0',
    kind: 'table',
    caseMean: true,
    compute(t, p) {
      const perCase = new Float64Array(t.length);
      for (let i = 0; i < t.length; i++) perCase[i] = t[i] === p[i] ? 1 : 0;
      return { value: accuracy(t, p), perCase };
    },
  },
  table('balanced_accuracy', 'higher', 'mean per-class recall, as sklearn balanced_accuracy_score', balancedAccuracy),
  table('qwk', 'higher', "quadratic weighted kappa, as sklearn cohen_kappa_score(weights='quadratic')", qwk, {
    truthRequirement: 'not_constant',
  }),
  table('spearman', 'higher', 'Spearman rank correlation (average ranks for ties), as scipy spearmanr', spearman, {
    truthRequirement: 'not_constant',
  }),
  {
    name: 'cindex',
    direction: 'higher',
    summary:
      "Harrell's concordance index as lifelines concordance_index: truth = time, prediction = predicted survival time (options.risk: true for risk scores), options.event = event indicator column",
    kind: 'table',
    truthRequirement: 'comparable_pairs',
    options: {
      event: (v) => (typeof v === 'string' && v.length > 0 ? null : 'must name a truth column (1 = event, 0 = censored)'),
      risk: (v) => (typeof v === 'boolean' ? null : 'must be true or false'),
    },
    compute(t, p, options, events) {
      const score = options.risk === true ? p.map((v) => -v) : p;
      return { value: cindex(t, score, events) };
    },
  },
  {
    name: 'ovr_auc',
    direction: 'higher',
    summary: 'mean of one-vs-rest AUCs over `pairs`; a truth column with a single class is skipped',
    kind: 'pairs',
    compute(columns) {
      const values: number[] = [];
      for (const c of columns) {
        try {
          values.push(auc(c.truth, c.pred));
        } catch (e) {
          if (!(e instanceof MetricError && (e.code === 'metric.single_class' || e.code === 'metric.empty'))) throw e;
        }
      }
      if (values.length === 0) {
        throw new MetricError('metric.single_class', 'ovr_auc: every truth column holds a single class on these cases');
      }
      return { value: exactMean(values) };
    },
  },
  {
    name: 'dice',
    direction: 'higher',
    summary:
      "mean of per-case Dice 2|A∩B|/(|A|+|B|); a missing mask scores 0; empty truth and empty prediction score 1 (options.empty: one, default) or are excluded (options.empty: exclude)",
    kind: 'masks',
    caseMean: true,
    options: { empty: oneOf(['one', 'exclude']) },
    compute(t, p, options) {
      const r = meanDiceDetailed(t, p, { empty: (options.empty as EmptyDiceConvention | undefined) ?? 'one' });
      return { value: r.mean, perCase: r.perCase };
    },
  },
  {
    name: 'hd95',
    direction: 'lower',
    summary:
      'mean of per-case 95th percentile Hausdorff distance in mm (medpy convention); exactly one empty mask or a missing mask scores options.empty_distance (default: the image diagonal)',
    kind: 'masks',
    caseMean: true,
    options: {
      empty_distance: (v) =>
        v === 'diagonal' || (typeof v === 'number' && Number.isFinite(v) && v >= 0)
          ? null
          : 'must be "diagonal" or a distance in mm >= 0',
    },
    compute(t, p, options) {
      const r = meanHd95Detailed(t, p, { emptyDistance: (options.empty_distance as 'diagonal' | number | undefined) ?? 'diagonal' });
      return { value: r.mean, perCase: r.perCase };
    },
  },
  {
    name: 'froc_cpm',
    direction: 'higher',
    summary: 'LUNA16 competition performance metric: mean sensitivity at 1/8..8 false positives per scan',
    kind: 'detection',
    compute: (input) => ({ value: frocCpm(input) }),
  },
];

const REGISTRY = new Map(DEFINITIONS.map((d) => [d.name, d]));

/** The metric named `name` in event.yaml, or undefined. `weighted` is a composite, not a metric. */
export function getMetric(name: string): MetricDefinition | undefined {
  return REGISTRY.get(name);
}

/** Names of all metrics, sorted. */
export function metricNames(): string[] {
  return [...REGISTRY.keys()].sort();
}

/** The composite's name in event.yaml: a weighted sum of `terms`. */
export const WEIGHTED = 'weighted';
