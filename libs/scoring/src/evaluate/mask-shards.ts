// One large mask zip scored on several threads. Each shard decodes its share of the zip's entries
// and computes the per-case values of every mask term on the cases it decoded, and the shard
// holding the table reads it (`scoreMaskShard`); `combineMaskShards` turns them into the result
// `scoreSubmission` gives on the whole file, bit for bit. Whatever a shard cannot vouch for (a
// problem in the file, a metric error, a value that needs all the masks at once) answers
// `whole`: the caller then scores the whole file the usual way, so splitting changes how long a
// submission takes, never its result or its rejection.
import { getMetric } from '../metrics/metric-registry.js';
import { MetricError } from '../metrics/metric-error.js';
import { parseSubmission, type MaskShard, type ParseSubmissionOptions, type SubmissionInput } from '../parsing/submission.js';
import type { AnswerKey, SubmissionResult, TaskScoringSpec } from '../types.js';
import { applyWhere, computeTerm, MaskCaseValues, MasksNeededError, scoreSubmission } from './score-submission.js';
import { scoreTerms } from './score-terms.js';

/** What one shard found: the cases it decoded, and each term's values on them. */
export interface MaskShardValues {
  kind: 'values';
  /** Answer-key indices of the cases whose masks this shard decoded. */
  cases: Uint32Array;
  /** By mask term (`<score name>/<term index>`): the cases the metric used and their values (NaN = none). */
  terms: Record<string, { used: Uint32Array; perCase: Float64Array }>;
  /** The table's prediction columns, from the one shard that read it (tasks with a table). */
  table?: Record<string, Float64Array>;
}

export type MaskShardOutcome = MaskShardValues | { kind: 'whole'; reason: string };

/** The terms of the task's scores that read masks, by id (`<score name>/<term index>`). */
const maskTerms = (task: TaskScoringSpec) =>
  task.scores.flatMap((spec) => scoreTerms(spec).flatMap((term, index) => (getMetric(term.metric)?.kind === 'masks' ? [{ id: `${spec.name}/${index}`, spec, term }] : [])));

/**
 * Whether a submission of this task can be scored in shards: a zip of masks (with or without a
 * table, no detection file), every mask required, and every mask term a per-case mean (Dice,
 * HD95), so each case's value depends on that case alone.
 */
export function maskShardable(task: TaskScoringSpec): boolean {
  const { submission } = task;
  if (!submission.masks || submission.masks.partial || submission.detection) return false;
  const terms = maskTerms(task);
  return terms.length > 0 && terms.every(({ term }) => getMetric(term.metric)?.caseMean === true);
}

/**
 * The task cut down to its masks: no table, only the scores whose every term reads masks. Under it
 * the answer key's own masks zip is a complete submission that is scored in shards, so the scoring
 * threads can rehearse a team's zip before the first one arrives (ScoringPool). Null when the
 * task's zips are never split, or no score is left.
 */
export function maskRehearsalSpec(task: TaskScoringSpec): TaskScoringSpec | null {
  if (!maskShardable(task)) return null;
  const scores = task.scores.filter((spec) => scoreTerms(spec).every((term) => getMetric(term.metric)?.kind === 'masks'));
  return scores.length > 0 ? { submission: { masks: task.submission.masks! }, scores } : null;
}

/** Decodes this shard's masks and computes their per-case values (see the module comment). */
export function scoreMaskShard(
  task: TaskScoringSpec,
  key: AnswerKey,
  input: SubmissionInput,
  shard: MaskShard,
  options: Omit<ParseSubmissionOptions, 'shard'> = {},
): MaskShardOutcome {
  if (!maskShardable(task)) return { kind: 'whole', reason: 'the task is not scored in shards' };
  const parsed = parseSubmission(input, task.submission, key, {}, { ...options, shard });
  if (!parsed.submission) return { kind: 'whole', reason: 'the file has problems' };
  const masks = parsed.submission.masks ?? [];
  const owned: number[] = [];
  masks.forEach((mask, k) => mask && owned.push(k));
  const cases = Uint32Array.from(owned);
  const terms: MaskShardValues['terms'] = {};
  try {
    for (const { id, spec, term } of maskTerms(task)) {
      if (applyWhere(term.where, key, cases).length === 0) {
        terms[id] = { used: new Uint32Array(0), perCase: new Float64Array(0) };
        continue;
      }
      const value = computeTerm(term, spec, key, parsed.submission, cases);
      if (!value.perCase) return { kind: 'whole', reason: `${term.metric} has no per-case values` };
      terms[id] = { used: value.used, perCase: value.perCase };
    }
  } catch (error) {
    if (error instanceof MetricError) return { kind: 'whole', reason: error.message };
    throw error;
  }
  const read = Object.keys(parsed.submission.values).length > 0;
  return { kind: 'values', cases, terms, ...(read ? { table: parsed.submission.values } : {}) };
}

/**
 * The whole file's result from its shards' values, or null when they do not cover every case
 * exactly once or a score needs more than per-case values (score the whole file then).
 */
export function combineMaskShards(task: TaskScoringSpec, key: AnswerKey, shards: readonly MaskShardValues[]): SubmissionResult | null {
  const n = key.ids.length;
  const seen = new Uint8Array(n);
  for (const shard of shards) {
    for (const k of shard.cases) {
      if (k >= n || seen[k]) return null;
      seen[k] = 1;
    }
  }
  if (seen.includes(0)) return null;
  const tables = shards.flatMap((shard) => (shard.table ? [shard.table] : []));
  if (tables.length !== (task.submission.table ? 1 : 0)) return null;
  const values = new Map<string, Float64Array>();
  for (const { id } of maskTerms(task)) {
    const at = new Float64Array(n).fill(Number.NaN);
    for (const shard of shards) {
      const term = shard.terms[id];
      if (!term) return null;
      term.used.forEach((k, j) => (at[k] = term.perCase[j]!));
    }
    values.set(id, at);
  }
  try {
    return scoreSubmission(task, key, { values: tables[0] ?? {} }, new MaskCaseValues(values));
  } catch (error) {
    if (error instanceof MasksNeededError) return null;
    throw error;
  }
}
