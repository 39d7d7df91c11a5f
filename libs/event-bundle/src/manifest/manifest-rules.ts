// Rules that span several fields (uniqueness, time windows). They read the raw document
// defensively so they still run, and report, when other fields have schema problems.
import type { Problem } from '@podium/contracts';
import { closestName, formatPath, type ManifestPath } from './manifest-path.js';
import { isValidDateTime } from './manifest.schema.js';
import type { ManifestSource } from './manifest-source.js';
import { problem } from './schema-problems.js';

type Raw = Record<string, unknown>;

export function manifestRuleProblems(source: ManifestSource): Problem[] {
  const root = asObject(source.value);
  if (!root) return [];
  const problems: Problem[] = [];
  problems.push(...duplicates(source, root.teams, 'teams', 'slug', 'team slug', 'manifest.duplicate_team'));
  problems.push(...duplicates(source, root.jury, 'jury', 'login', 'jury login', 'manifest.duplicate_jury'));
  problems.push(...duplicates(source, root.tasks, 'tasks', 'slug', 'task slug', 'manifest.duplicate_task'));
  asArray(root.tasks).forEach((task, i) => {
    const raw = asObject(task);
    if (raw) problems.push(...taskRules(source, raw, ['tasks', i]));
  });
  problems.push(...prizeRules(source, root));
  return problems;
}

/** Prizes name a task of the bundle and, when set, a category some team has; places are distinct. */
function prizeRules(source: ManifestSource, root: Raw): Problem[] {
  const problems: Problem[] = [];
  const tasks = asArray(root.tasks).map((t) => asObject(t)?.slug).filter((s): s is string => typeof s === 'string');
  const categories = [...new Set(asArray(root.teams).map((t) => asObject(t)?.category).filter((c): c is string => typeof c === 'string'))];
  asArray(root.prizes).forEach((item, i) => {
    const prize = asObject(item);
    if (!prize) return;
    if (typeof prize.task === 'string' && !tasks.includes(prize.task)) {
      const near = closestName(prize.task, tasks);
      problems.push(
        problem(source, ['prizes', i, 'task'], 'manifest.prize_unknown_task', `"${prize.task}" is not a task of this event${near ? `: did you mean "${near}"?` : ''} (tasks: ${tasks.join(', ') || 'none'})`),
      );
    }
    if (typeof prize.category === 'string' && !categories.includes(prize.category)) {
      const near = closestName(prize.category, categories);
      problems.push(
        problem(
          source,
          ['prizes', i, 'category'],
          'manifest.prize_unknown_category',
          `no team has category "${prize.category}"${near ? `: did you mean "${near}"?` : ''} (categories: ${categories.join(', ') || 'none; set teams[].category'})`,
        ),
      );
    }
    const seen = new Set<unknown>();
    asArray(prize.places).forEach((place, j) => {
      if (seen.has(place)) problems.push(problem(source, ['prizes', i, 'places', j], 'manifest.duplicate_place', `place ${String(place)} is listed twice: list each place once`));
      seen.add(place);
    });
  });
  return problems;
}

function taskRules(source: ManifestSource, task: Raw, at: ManifestPath): Problem[] {
  const problems: Problem[] = [];
  const opens = instant(task.opens_at);
  const closes = instant(task.closes_at);
  const freeze = instant(task.freeze_at);
  if (opens !== undefined && closes !== undefined && closes <= opens) {
    problems.push(
      problem(source, [...at, 'closes_at'], 'manifest.window_order', `${String(task.closes_at)} is not after opens_at (${String(task.opens_at)}): a task must close after it opens`),
    );
  }
  if (freeze !== undefined && opens !== undefined && closes !== undefined && (freeze < opens || freeze > closes)) {
    problems.push(
      problem(source, [...at, 'freeze_at'], 'manifest.freeze_outside_window', `${String(task.freeze_at)} is outside the submission window ${String(task.opens_at)} - ${String(task.closes_at)}: the freeze must fall between opens_at and closes_at`),
    );
  }
  const submission = asObject(task.submission);
  if (submission && submission.table === undefined && submission.masks === undefined && submission.detection === undefined) {
    problems.push(
      problem(
        source,
        [...at, 'submission'],
        'manifest.empty_submission',
        'declares neither a table, masks nor detection: add table: { id: ..., columns: { ... } } and/or masks: { format: nifti }, or detection: { id: ... }',
      ),
    );
  }
  if (submission && submission.detection !== undefined) {
    // A detection file has its own fixed columns (x, y, z, probability): it cannot share the upload.
    for (const other of ['table', 'masks'] as const) {
      if (submission[other] !== undefined) {
        problems.push(
          problem(source, [...at, 'submission', other], 'manifest.detection_exclusive', `cannot be combined with detection: a detection task takes one CSV of candidates (id, x, y, z, probability); remove ${other}`),
        );
      }
    }
  }
  const table = asObject(submission?.table);
  const columns = asObject(table?.columns);
  if (columns && Object.keys(columns).length === 0) {
    problems.push(
      problem(source, [...at, 'submission', 'table', 'columns'], 'manifest.empty_columns', 'lists no prediction column: add e.g. probability: { type: number, min: 0, max: 1 }'),
    );
  }
  for (const [name, column] of Object.entries(columns ?? {})) {
    const c = asObject(column);
    if (c && typeof c.min === 'number' && typeof c.max === 'number' && c.min > c.max) {
      problems.push(
        problem(source, [...at, 'submission', 'table', 'columns', name, 'max'], 'manifest.invalid_range', `max (${c.max}) is below min (${c.min}): swap them`),
      );
    }
    if (table && typeof table.id === 'string' && name === table.id) {
      problems.push(
        problem(source, [...at, 'submission', 'table', 'columns', name], 'manifest.id_column_as_prediction', `"${name}" is the id column and cannot also be a prediction column: rename one of them`),
      );
    }
  }
  return problems;
}

function duplicates(source: ManifestSource, list: unknown, listName: string, key: string, label: string, code: string): Problem[] {
  const firstIndex = new Map<string, number>();
  const problems: Problem[] = [];
  asArray(list).forEach((item, i) => {
    const value = asObject(item)?.[key];
    if (typeof value !== 'string') return;
    const first = firstIndex.get(value);
    if (first === undefined) {
      firstIndex.set(value, i);
      return;
    }
    problems.push(
      problem(source, [listName, i, key], code, `duplicate ${label} "${value}" (already used by ${formatPath([listName, first])}): each ${label} must be unique`),
    );
  });
  return problems;
}

function instant(value: unknown): number | undefined {
  return typeof value === 'string' && isValidDateTime(value) ? Date.parse(value) : undefined;
}

export function asObject(value: unknown): Raw | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
