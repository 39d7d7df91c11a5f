// Checks that need the bundle's files and the scoring library: referenced files exist, answer
// keys parse, scores name real metrics and columns, and each answer key lets its scores be computed.
import type { Problem, TaskManifest } from '@podium/contracts';
import {
  answerKeyKind,
  getMetric,
  parseAnswerKey,
  parseCsvTable,
  scoreTerms,
  validateAnswerKeyForScores,
  validateRanking,
  validateScoreSpecs,
  type AnswerKey,
} from '@podium/scoring';
import type { LoadEventBundleOptions } from '../event-bundle.types.js';
import { closestName, parsePath } from '../manifest/manifest-path.js';
import type { ManifestSource } from '../manifest/manifest-source.js';
import { problem } from '../manifest/schema-problems.js';
import { checkBundlePath, normalizeBundlePath } from './bundle-path.js';

export interface TaskCheck {
  key?: AnswerKey;
  problems: Problem[];
}

/** The parts of a task the file and scoring checks read. */
export type TaskScoringParts = Pick<TaskManifest, 'answer_key' | 'answer_masks' | 'submission' | 'scores' | 'ranking'>;

export function checkTaskFiles(
  source: ManifestSource,
  task: TaskScoringParts,
  index: number,
  files: Map<string, Uint8Array>,
  options: LoadEventBundleOptions,
): TaskCheck {
  const at = `tasks[${index}]`;
  const problems: Problem[] = [];
  const fromScoring = (list: Problem[]) => problems.push(...list.map((p) => locateScoringProblem(source, p)));

  const keyName = normalizeBundlePath(task.answer_key);
  const keyBytes = files.get(keyName);
  if (!keyBytes) problems.push(missingFile(source, ['tasks', index, 'answer_key'], keyName, files));
  const masksName = task.answer_masks === undefined ? undefined : normalizeBundlePath(task.answer_masks);
  const masksBytes = masksName === undefined ? undefined : files.get(masksName);
  if (masksName !== undefined && !masksBytes) problems.push(missingFile(source, ['tasks', index, 'answer_masks'], masksName, files));

  const usesMasks = task.scores.some((score) => scoreTerms(score).some((term) => getMetric(term.metric)?.kind === 'masks'));
  if (usesMasks && masksName === undefined) {
    problems.push(
      problem(source, ['tasks', index, 'answer_masks'], 'manifest.missing_answer_masks', 'is required: this task scores masks, so add answer_masks: keys/<task>-masks.zip (a zip with one <case id>.nii.gz per case)', {
        parent: ['tasks', index],
      }),
    );
  }

  let key: AnswerKey | undefined;
  let truthColumns: string[] | undefined;
  const kind = answerKeyKind(task.submission);
  if (keyBytes) {
    const parsed = parseAnswerKey(
      { csv: keyBytes, csvName: keyName, ...(usesMasks && masksBytes && masksName ? { masksZip: masksBytes, masksName } : {}) },
      { kind, ...(options.limits ? { limits: options.limits } : {}), ...(options.inflate ? { inflate: options.inflate } : {}) },
    );
    problems.push(...parsed.problems);
    key = parsed.key;
    // A detection key has no truth column a score could name (its columns are the nodules').
    truthColumns = key ? Object.keys(key.truth) : kind === 'detection' ? [] : headerTruthColumns(keyBytes, keyName);
  }

  const specProblems = validateScoreSpecs(task.scores, {
    truthColumns: truthColumns ?? [],
    predictionColumns: Object.keys(task.submission.table?.columns ?? {}),
    // A missing answer_masks is reported above; don't report it twice through the metric.
    hasMasks: task.submission.masks !== undefined,
    hasDetections: task.submission.detection !== undefined,
    path: `${at}.scores`,
  }).filter((p) => truthColumns !== undefined || p.code !== 'scores.unknown_truth_column');
  fromScoring(specProblems);

  const scoreNames = task.scores.map((score) => score.name);
  if (task.scores.length > 1 && task.ranking === undefined) {
    problems.push(
      problem(source, ['tasks', index, 'ranking'], 'manifest.missing_ranking', `is required when a task has several scores: add ranking: { method: rank_sum, tie_break: ${scoreNames[0]} }`, {
        parent: ['tasks', index],
      }),
    );
  }
  fromScoring(validateRanking(task.ranking, scoreNames, `${at}.ranking`));

  // Only meaningful once the score specs hold: otherwise it repeats their problems.
  if (key && specProblems.length === 0) {
    // Absent answer masks are already reported against answer_masks.
    const masksReported = usesMasks && !masksBytes;
    fromScoring(validateAnswerKeyForScores(key, task.scores, `${at}.scores`).filter((p) => !(masksReported && p.code === 'answer_key.masks_missing')));
  }
  return { key: problems.length === 0 ? key : undefined, problems };
}

/**
 * For a task that fails the schema (so its scores cannot be checked): still report a missing or
 * broken answer key, so fixing the manifest does not reveal a second round of problems.
 */
export function checkAnswerKeyOnly(source: ManifestSource, rawTask: unknown, index: number, files: Map<string, Uint8Array>, options: LoadEventBundleOptions): Problem[] {
  const reference = (rawTask as { answer_key?: unknown } | null)?.answer_key;
  if (typeof reference !== 'string' || checkBundlePath(reference) !== undefined) return [];
  const keyName = normalizeBundlePath(reference);
  const keyBytes = files.get(keyName);
  if (!keyBytes) return [missingFile(source, ['tasks', index, 'answer_key'], keyName, files)];
  const detection = (rawTask as { submission?: { detection?: unknown } }).submission?.detection !== undefined;
  return parseAnswerKey({ csv: keyBytes, csvName: keyName }, { kind: detection ? 'detection' : 'table', ...(options.inflate ? { inflate: options.inflate } : {}) }).problems;
}

/** Scoring validators give a path and a bare sentence; add the file, line and path prefix. */
function locateScoringProblem(source: ManifestSource, p: Problem): Problem {
  if (p.path === undefined) return p;
  const located = problem(source, parsePath(p.path), p.code, p.message);
  return { ...p, message: located.message, file: located.file, ...(located.line ? { line: located.line } : {}) };
}

function missingFile(source: ManifestSource, path: (string | number)[], name: string, files: Map<string, Uint8Array>): Problem {
  const suggestion = closestName(name, [...files.keys()]);
  const hint = suggestion ? `did you mean ${suggestion}?` : `add the file to the bundle (it holds: ${[...files.keys()].slice(0, 6).join(', ')})`;
  return problem(source, path, 'bundle.missing_file', `${name} is not in the bundle: ${hint}`);
}

/** Truth columns from the header alone, so score columns are still checked when rows are bad. */
function headerTruthColumns(bytes: Uint8Array, name: string): string[] | undefined {
  const header = parseCsvTable(bytes, name).table?.header;
  return header?.filter((column) => !['id', 'split'].includes(column.trim().toLowerCase()));
}
