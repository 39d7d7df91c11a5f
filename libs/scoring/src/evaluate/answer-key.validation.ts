// Checks that an answer key lets every score be computed: an AUC needs both classes, overall,
// within each split and within each `where` subset; Spearman and QWK need a non-constant
// truth; the C-index needs comparable pairs. These are organiser errors, found at import time.
import { getMetric, type MetricDefinition } from '../metrics/metric-registry.js';
import type { AnswerKey, Problem, ScoreSpec } from '../types.js';
import { scoreTerms, type ResolvedTerm } from './score-terms.js';

interface Subset {
  label: string;
  cases: number[];
}

export function validateAnswerKeyForScores(key: AnswerKey, specs: ScoreSpec[], path: string): Problem[] {
  const problems: Problem[] = [];
  specs.forEach((spec, i) => {
    for (const term of scoreTerms(spec)) {
      const def = getMetric(term.metric);
      if (!def) continue; // reported by validateScoreSpecs
      const at = `${path}[${i}]${term.at}`;
      problems.push(...termProblems(key, def, term, term.at === '' ? (spec.options ?? {}) : {}, at));
    }
  });
  return problems;
}

function termProblems(key: AnswerKey, def: MetricDefinition, term: ResolvedTerm, options: Record<string, unknown>, at: string): Problem[] {
  const problems: Problem[] = [];
  const missingColumn = (name: string, field: string) =>
    problems.push({
      code: 'answer_key.unknown_column',
      path: `${at}.${field}`,
      message: `the answer key has no column "${name}" (columns: ${Object.keys(key.truth).join(', ') || 'none'})`,
      found: name,
    });
  const whereColumns: [string, Float64Array, number][] = [];
  for (const [name, value] of Object.entries(term.where ?? {})) {
    const col = key.truth[name];
    if (!col) missingColumn(name, `where.${name}`);
    else whereColumns.push([name, col, value]);
  }
  if (whereColumns.length !== Object.keys(term.where ?? {}).length) return problems;
  const subsets = splitSubsets(key, whereColumns);
  if (subsets.where && subsets.list.every((s) => s.cases.length === 0)) {
    problems.push({ code: 'answer_key.empty_where', path: `${at}.where`, message: `no case of the answer key matches where ${subsets.where}` });
    return problems;
  }

  switch (def.kind) {
    case 'masks':
      if (!key.masks || key.masks.length !== key.ids.length) {
        problems.push({ code: 'answer_key.masks_missing', path: `${at}.metric`, message: `${def.name} needs one answer mask per case (${key.ids.length} cases, ${key.masks?.length ?? 0} masks)` });
      }
      return problems;
    case 'detection': {
      if (!key.findings) {
        problems.push({ code: 'answer_key.findings_missing', path: `${at}.metric`, message: `${def.name} needs reference findings in the answer key` });
        return problems;
      }
      // Sensitivity divides by the nodules: a split without any cannot be scored.
      const withNodule = new Set(key.findings.filter((f) => !f.excluded).map((f) => f.caseId));
      for (const subset of subsets.list) {
        if (subset.cases.length > 0 && !subset.cases.some((i) => withNodule.has(key.normalizedIds[i]!))) {
          problems.push({
            code: 'answer_key.no_findings',
            path: `${at}.metric`,
            message: `no scan of ${subset.label} has a nodule: ${def.name} (sensitivity) cannot be computed there; fix the answer key (or the split)`,
          });
        }
      }
      return problems;
    }
    case 'pairs': {
      const columns: [string, Float64Array][] = [];
      (term.pairs ?? []).forEach((pair, k) => {
        const col = key.truth[pair.truth];
        if (!col) missingColumn(pair.truth, `pairs[${k}].truth`);
        else {
          const bad = notBinary(col);
          if (bad) problems.push(notBinaryProblem(key, `${at}.pairs[${k}].truth`, pair.truth, bad));
          else columns.push([pair.truth, col]);
        }
      });
      if (problems.length > 0) return problems;
      // Single-class columns are skipped by design; only all of them single-class is an error.
      for (const subset of subsets.list) {
        if (subset.cases.length > 0 && columns.every(([, col]) => classesIn(col, subset.cases).size < 2)) {
          problems.push({
            code: 'answer_key.single_class',
            path: `${at}.pairs`,
            message: `every pair's truth column holds a single class on ${subset.label}: ${def.name} cannot be computed there`,
          });
        }
      }
      return problems;
    }
    case 'table': {
      if (term.truth === undefined) return problems;
      const truth = key.truth[term.truth];
      if (!truth) {
        missingColumn(term.truth, 'truth');
        return problems;
      }
      let events: Float64Array | undefined;
      if (typeof options.event === 'string') {
        events = key.truth[options.event];
        if (!events) {
          missingColumn(options.event, 'options.event');
          return problems;
        }
        const bad = notBinary(events);
        if (bad) {
          problems.push(notBinaryProblem(key, `${at}.options.event`, options.event, bad));
          return problems;
        }
      }
      if (def.truthRequirement === 'two_classes') {
        const bad = notBinary(truth);
        if (bad) {
          problems.push(notBinaryProblem(key, `${at}.truth`, term.truth, bad));
          return problems;
        }
      }
      for (const subset of subsets.list) {
        if (subset.cases.length === 0) continue;
        const reason = truthReason(def, truth, events, subset.cases);
        if (reason) {
          problems.push({
            code: reason.code,
            path: `${at}.truth`,
            message: `truth column "${term.truth}" ${reason.text} on ${subset.label}: ${def.name} cannot be computed there; fix the answer key (or the split)`,
            found: reason.found,
          });
        }
      }
      return problems;
    }
  }
}

/** All cases, and each split that has cases, each restricted to the `where` filter. */
function splitSubsets(key: AnswerKey, where: [string, Float64Array, number][]) {
  const whereText = where.length ? `{ ${where.map(([n, , v]) => `${n}: ${v}`).join(', ')} }` : '';
  const suffix = whereText ? ` where ${whereText}` : '';
  const keep = (i: number) => where.every(([, col, v]) => col[i] === v);
  const all: number[] = [];
  const pub: number[] = [];
  const priv: number[] = [];
  key.split.forEach((s, i) => {
    if (!keep(i)) return;
    all.push(i);
    (s === 'public' ? pub : priv).push(i);
  });
  const list: Subset[] = [{ label: `all cases${suffix}`, cases: all }];
  const hasPublic = key.split.includes('public');
  const hasPrivate = key.split.includes('private');
  // A split that exists in the key but has no case after the filter cannot be scored either.
  if (hasPublic && hasPrivate) {
    list.push({ label: `the public split${suffix}`, cases: pub }, { label: `the private split${suffix}`, cases: priv });
  }
  return { list, where: whereText };
}

function classesIn(col: Float64Array, cases: number[]): Set<number> {
  const classes = new Set<number>();
  for (const i of cases) if (!Number.isNaN(col[i])) classes.add(col[i]);
  return classes;
}

function truthReason(def: MetricDefinition, truth: Float64Array, events: Float64Array | undefined, cases: number[]) {
  const values = cases.filter((i) => !Number.isNaN(truth[i]) && !(events && Number.isNaN(events[i])));
  if (values.length === 0) return { code: 'answer_key.no_value', text: 'has no value' };
  const classes = classesIn(truth, values);
  switch (def.truthRequirement) {
    case 'two_classes':
      return classes.size < 2
        ? { code: 'answer_key.single_class', text: `holds a single class (all ${[...classes][0]})`, found: `only ${[...classes][0]}` }
        : null;
    case 'not_constant':
      return classes.size < 2 ? { code: 'answer_key.constant_truth', text: `is constant (all ${[...classes][0]})`, found: `only ${[...classes][0]}` } : null;
    case 'comparable_pairs':
      return hasComparablePair(truth, events, values) ? null : { code: 'answer_key.no_comparable_pairs', text: 'has no comparable pair (no observed event before a later time)' };
    default:
      return null;
  }
}

/** Whether some event is followed by a later time (or ties with a censored case). */
function hasComparablePair(time: Float64Array, events: Float64Array | undefined, cases: number[]): boolean {
  let earliestEvent = Infinity;
  for (const i of cases) if (!events || events[i] === 1) earliestEvent = Math.min(earliestEvent, time[i]);
  if (earliestEvent === Infinity) return false;
  return cases.some((i) => time[i] > earliestEvent || (events !== undefined && time[i] === earliestEvent && events[i] === 0));
}

/** First value that is neither 0, 1 nor empty, or undefined. */
function notBinary(col: Float64Array): { index: number; value: number } | undefined {
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v !== 0 && v !== 1 && !Number.isNaN(v)) return { index: i, value: v };
  }
  return undefined;
}

function notBinaryProblem(key: AnswerKey, path: string, column: string, bad: { index: number; value: number }): Problem {
  return {
    code: 'answer_key.not_binary',
    path,
    caseId: key.ids[bad.index],
    message: `truth column "${column}" must hold 0 and 1 only, but case ${key.ids[bad.index]} holds ${bad.value}`,
    expected: '0 or 1',
    found: String(bad.value),
  };
}
