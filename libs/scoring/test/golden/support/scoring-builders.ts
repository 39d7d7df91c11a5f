// Named builders for answer keys, submissions and task specs used by the evaluation tests.
import type { AnswerKey, MaskImage, ParsedSubmission, ScoreSpec, Split, TaskScoringSpec } from '../../../src/types.js';

export interface KeyRows {
  ids: string[];
  split?: Split[];
  truth: Record<string, (number | null)[]>;
  masks?: MaskImage[];
}

/** An answer key; null cells become NaN (empty), split defaults to all public. */
export function answerKey(rows: KeyRows): AnswerKey {
  return {
    ids: rows.ids,
    normalizedIds: rows.ids.map((id) => id.toLowerCase()),
    split: rows.split ?? rows.ids.map(() => 'public'),
    truth: Object.fromEntries(Object.entries(rows.truth).map(([k, v]) => [k, column(v)])),
    masks: rows.masks,
  };
}

/** A parsed submission aligned to the key; null cells are empty optional cells. */
export function submission(values: Record<string, (number | null)[]>, masks?: (MaskImage | null)[]): ParsedSubmission {
  return { values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, column(v)])), masks };
}

export function task(scores: ScoreSpec[], extra: Partial<TaskScoringSpec> = {}): TaskScoringSpec {
  return { submission: {}, scores, ...extra };
}

function column(values: (number | null)[]): Float64Array {
  return Float64Array.from(values, (v) => (v === null ? Number.NaN : v));
}
