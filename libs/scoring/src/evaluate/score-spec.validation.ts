// Checks an organiser's score definitions before the event: names, metrics, columns, weights,
// options. Every problem carries its event.yaml path and says how to fix it.
import { getMetric, metricNames, WEIGHTED, type MetricDefinition } from '../metrics/metric-registry.js';
import type { Direction, Problem, ScoreSpec } from '../types.js';
import { scoreTerms, type ResolvedTerm } from './score-terms.js';

export interface ScoreSpecContext {
  /** Columns of the answer key (besides id and split). */
  truthColumns: string[];
  /** Columns declared in `submission.table.columns`. */
  predictionColumns: string[];
  /** Whether the task has answer masks and accepts mask submissions. */
  hasMasks: boolean;
  /** Whether the task has detection findings and candidates (FROC); default false. */
  hasDetections?: boolean;
  /** Path of the scores list, e.g. `tasks[1].scores`. */
  path: string;
}

const knownList = () => [...metricNames(), WEIGHTED].join(', ');

export function validateScoreSpecs(specs: ScoreSpec[], ctx: ScoreSpecContext): Problem[] {
  const problems: Problem[] = [];
  const add = (code: string, path: string, message: string, extra: Partial<Problem> = {}) =>
    problems.push({ code: `scores.${code}`, path, message, ...extra });
  if (!Array.isArray(specs) || specs.length === 0) {
    add('none', ctx.path, 'a task needs at least one score, e.g. { name: auc, metric: auc, truth: status, prediction: probability }');
    return problems;
  }
  const firstByName = new Map<string, number>();
  specs.forEach((spec, i) => {
    const at = `${ctx.path}[${i}]`;
    if (typeof spec?.name !== 'string' || spec.name.length === 0) {
      add('missing_name', `${at}.name`, 'every score needs a name, e.g. name: dice');
    } else if (firstByName.has(spec.name)) {
      add('duplicate_name', `${at}.name`, `score name "${spec.name}" is already used by ${ctx.path}[${firstByName.get(spec.name)}]: give each score its own name`);
    } else firstByName.set(spec.name, i);

    if (typeof spec?.metric !== 'string') {
      add('missing_metric', `${at}.metric`, `every score needs a metric (known: ${knownList()})`);
      return;
    }
    if (spec.metric === WEIGHTED) {
      if (!Array.isArray(spec.terms) || spec.terms.length === 0) {
        add('missing_terms', `${at}.terms`, 'a weighted score needs terms, e.g. terms: [{ weight: 0.5, metric: auc, truth: tear, prediction: tear }]');
        return;
      }
      for (const field of ['truth', 'prediction', 'where', 'pairs'] as const) {
        if (spec[field] !== undefined) {
          add('misplaced_field', `${at}.${field}`, `a weighted score takes ${field} inside each of its terms, not on the score itself`);
        }
      }
      if (spec.options !== undefined) add('bad_option', `${at}.options`, 'a weighted score takes no options');
    } else if (spec.terms !== undefined) {
      add('misplaced_field', `${at}.terms`, `terms are only read when metric is "${WEIGHTED}" (this score's metric is "${spec.metric}")`);
    }
    if (spec.missing !== undefined && !(typeof spec.missing === 'number' && Number.isFinite(spec.missing))) {
      add('bad_missing', `${at}.missing`, `missing must be a finite number (the value that fills empty prediction cells), found ${JSON.stringify(spec.missing)}`);
    }

    const directions = new Set<Direction>();
    for (const term of scoreTerms(spec)) {
      const termAt = `${at}${term.at}`;
      const def = checkTerm(term, termAt, spec.metric === WEIGHTED, ctx, add);
      if (def) directions.add(def.direction);
      if (def && term.at === '') checkOptions(def, spec.options, `${at}.options`, ctx, add);
    }
    if (directions.size > 1) {
      add('mixed_directions', `${at}.terms`, 'mixes metrics where higher is better with metrics where lower is better: a weighted sum of them ranks nonsense; use separate scores and a ranking (rank_sum) instead');
    }
  });
  return problems;
}

type Add = (code: string, path: string, message: string, extra?: Partial<Problem>) => void;

function checkTerm(term: ResolvedTerm, at: string, inComposite: boolean, ctx: ScoreSpecContext, add: Add): MetricDefinition | undefined {
  if (inComposite && !(typeof term.weight === 'number' && Number.isFinite(term.weight) && term.weight > 0)) {
    add('bad_weight', `${at}.weight`, `weight must be a number above 0, found ${JSON.stringify(term.weight)}`);
  }
  if (typeof term.metric !== 'string') {
    add('missing_metric', `${at}.metric`, `every term needs a metric (known: ${metricNames().join(', ')})`);
    return undefined;
  }
  const def = getMetric(term.metric);
  if (!def) {
    const nested = term.metric === WEIGHTED && inComposite;
    add(
      nested ? 'nested_weighted' : 'unknown_metric',
      `${at}.metric`,
      nested ? 'a term cannot itself be weighted: list its parts as terms of this score' : `unknown metric "${term.metric}" (known: ${knownList()})`,
      { found: term.metric },
    );
    return undefined;
  }
  const truthCol = (name: unknown, path: string) => {
    if (typeof name !== 'string') add('missing_field', path, `${def.name} needs a truth column (one of: ${ctx.truthColumns.join(', ') || 'none'})`);
    else if (!ctx.truthColumns.includes(name)) {
      add('unknown_truth_column', path, `unknown truth column "${name}" (answer-key columns: ${ctx.truthColumns.join(', ') || 'none'})`, { found: name });
    }
  };
  const predCol = (name: unknown, path: string) => {
    if (typeof name !== 'string') add('missing_field', path, `${def.name} needs a prediction column (one of: ${ctx.predictionColumns.join(', ') || 'none'})`);
    else if (!ctx.predictionColumns.includes(name)) {
      add('unknown_prediction_column', path, `unknown prediction column "${name}" (submission columns: ${ctx.predictionColumns.join(', ') || 'none'})`, { found: name });
    }
  };
  switch (def.kind) {
    case 'table':
      truthCol(term.truth, `${at}.truth`);
      predCol(term.prediction, `${at}.prediction`);
      if (term.pairs !== undefined) add('misplaced_field', `${at}.pairs`, `pairs are only read by ovr_auc, not by ${def.name}`);
      break;
    case 'pairs':
      if (!Array.isArray(term.pairs) || term.pairs.length === 0) {
        add('missing_field', `${at}.pairs`, `${def.name} needs pairs, e.g. pairs: [{ truth: cyst, prediction: cyst }, { truth: hcc, prediction: hcc }]`);
      } else {
        term.pairs.forEach((pair, k) => {
          truthCol(pair?.truth, `${at}.pairs[${k}].truth`);
          predCol(pair?.prediction, `${at}.pairs[${k}].prediction`);
        });
      }
      for (const field of ['truth', 'prediction'] as const) {
        if (term[field] !== undefined) add('misplaced_field', `${at}.${field}`, `${def.name} reads its columns from pairs, not from ${field}`);
      }
      break;
    case 'masks':
      if (!ctx.hasMasks) {
        add('masks_required', `${at}.metric`, `${def.name} compares masks but the task has no answer masks or no mask submission: add answer_masks and submission.masks, or use a table metric`);
      }
      break;
    case 'detection':
      if (!ctx.hasDetections) {
        add('detections_required', `${at}.metric`, `${def.name} needs reference findings and submitted candidates, which this task does not declare`);
      }
      break;
  }
  for (const [name, value] of Object.entries(term.where ?? {})) {
    truthCol(name, `${at}.where.${name}`);
    if (!(typeof value === 'number' && Number.isFinite(value))) {
      add('bad_where', `${at}.where.${name}`, `where compares answer-key values with a number, found ${JSON.stringify(value)}`);
    }
  }
  return def;
}

function checkOptions(def: MetricDefinition, options: Record<string, unknown> | undefined, at: string, ctx: ScoreSpecContext, add: Add): void {
  for (const [name, value] of Object.entries(options ?? {})) {
    const check = def.options?.[name];
    if (!check) {
      const allowed = Object.keys(def.options ?? {});
      add('bad_option', `${at}.${name}`, `${def.name} has no option "${name}"${allowed.length ? ` (options: ${allowed.join(', ')})` : ' (it takes no options)'}`);
      continue;
    }
    const problem = check(value);
    if (problem) add('bad_option', `${at}.${name}`, `${name} ${problem}, found ${JSON.stringify(value)}`);
    else if (def.name === 'cindex' && name === 'event' && !ctx.truthColumns.includes(value as string)) {
      add('unknown_truth_column', `${at}.${name}`, `unknown truth column "${String(value)}" (answer-key columns: ${ctx.truthColumns.join(', ') || 'none'})`);
    }
  }
}
