// Turns zod issues into Problems an organiser can act on: the manifest path, the line in
// event.yaml, what was found, and what to write instead.
import type { z } from 'zod';
import type { Problem } from '@podium/contracts';
import { closestName, describeValue, formatPath, valueAt, type ManifestPath } from './manifest-path.js';
import type { ManifestSource } from './manifest-source.js';

/** What a correct value looks like, by field name, for "missing" and "wrong type" messages. */
const EXAMPLES: Record<string, string> = {
  slug: 'slug: jfr-2019',
  title: 'title: { en: "Lung CT", fr: "Scanner thoracique" }',
  en: 'en: "Lung CT"',
  fr: 'fr: "Scanner thoracique"',
  timezone: 'timezone: Europe/Paris',
  teams: 'teams: [{ slug: owkin, name: Owkin }]',
  jury: 'jury: [{ login: chair, name: "Jury chair", role: organiser }]',
  tasks: 'tasks: [{ slug: lung, ... }]',
  name: 'name: "Owkin"',
  login: 'login: chair',
  role: 'role: organiser (or juror)',
  opens_at: 'opens_at: 2019-10-13T13:00:00+02:00',
  closes_at: 'closes_at: 2019-10-13T15:00:00+02:00',
  freeze_at: 'freeze_at: 2019-10-13T14:40:00+02:00',
  quota: 'quota: { submissions: 10, per_minutes: 60 }',
  submissions: 'submissions: 10',
  per_minutes: 'per_minutes: 60',
  leaderboard: 'leaderboard: best (or last)',
  answer_key: 'answer_key: keys/lung.csv',
  answer_masks: 'answer_masks: keys/sarcopenia-masks.zip',
  submission: 'submission: { table: { id: examen_id, columns: { probability: { type: number, min: 0, max: 1 } } } }',
  table: 'table: { id: examen_id, columns: { probability: { type: number } } }',
  masks: 'masks: { format: nifti }',
  id: 'id: examen_id',
  columns: 'columns: { probability: { type: number, min: 0, max: 1 } }',
  scores: 'scores: [{ name: auc, metric: auc, truth: status, prediction: probability }]',
  metric: 'metric: auc',
  weight: 'weight: 0.5',
  terms: 'terms: [{ weight: 0.5, metric: auc, truth: tear, prediction: tear }]',
  ranking: 'ranking: { method: rank_sum, tie_break: dice }',
  method: 'method: rank_sum (or mean_rank)',
  truth: 'truth: status',
  prediction: 'prediction: probability',
  where: 'where: { tear: 1 }',
  options: 'options: { empty: one }',
};

const TYPE_NAMES: Record<string, string> = {
  string: 'a text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  record: 'a mapping (key: value)',
};

export function schemaProblems(error: z.ZodError, source: ManifestSource, schema: z.ZodType, base: ManifestPath = []): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    const path = [...base, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, issue.path as (string | number)[]);
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        const suggestion = closestName(key, known);
        const hint = suggestion
          ? `did you mean "${suggestion}"?`
          : `remove it, or use one of: ${known.join(', ')}`;
        problems.push(
          problem(source, keyPath, 'manifest.unknown_field', `unknown field "${key}": ${hint}`, { key, parent: path }),
        );
      }
      continue;
    }
    const raw = valueAt(source.value, path);
    const field = lastName(path);
    const example = field ? EXAMPLES[field] : undefined;
    if (issue.code === 'invalid_type' && raw === undefined) {
      problems.push(
        problem(source, path, 'manifest.missing_field', `is required${example ? `: add ${example}` : ''}`, { parent: path.slice(0, -1) }),
      );
      continue;
    }
    if (issue.code === 'invalid_type') {
      const expected = TYPE_NAMES[String(issue.expected)] ?? String(issue.expected);
      const tip = example ? `, e.g. ${example}` : '';
      problems.push(problem(source, path, 'manifest.invalid_type', `must be ${expected}, found ${describeValue(raw)}${tip}`));
      continue;
    }
    if (issue.code === 'invalid_value') {
      const options = issue.values.map((v) => JSON.stringify(v)).join(' or ');
      const suggestion = typeof raw === 'string' ? closestName(raw, issue.values.map(String)) : undefined;
      problems.push(
        problem(source, path, 'manifest.invalid_value', `${describeValue(raw)} is not allowed: write ${suggestion ? `"${suggestion}"` : options}`),
      );
      continue;
    }
    if (issue.code === 'too_small' && issue.origin === 'array') {
      problems.push(problem(source, path, 'manifest.empty_list', `${issue.message}${example ? `: ${example}` : ''}`));
      continue;
    }
    if (issue.code === 'too_small' || issue.code === 'too_big') {
      const bound = issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
      const message = issue.message.startsWith('Too ') || issue.message.startsWith('Invalid') ? `must be ${bound}, found ${describeValue(raw)}` : issue.message;
      problems.push(problem(source, path, 'manifest.out_of_range', message));
      continue;
    }
    const code = (issue.code === 'custom' && typeof issue.params?.code === 'string' ? issue.params.code : undefined) ?? codeFor(field);
    problems.push(problem(source, path, code, issue.message));
  }
  return problems;
}

/** Builds a manifest Problem; the message is prefixed with its path so it reads on its own. */
export function problem(
  source: ManifestSource,
  path: ManifestPath,
  code: string,
  message: string,
  locate: { key?: string; parent?: ManifestPath } = {},
): Problem {
  const formatted = formatPath(path);
  const line = locate.key !== undefined ? source.lineOf(locate.parent ?? [], locate.key) : (source.lineOf(path) ?? (locate.parent ? source.lineOf(locate.parent) : undefined));
  const where = `${source.file}${line ? ` line ${line}` : ''}`;
  return {
    code,
    message: `${where}: ${formatted === '' ? '' : `${formatted}: `}${message}`,
    file: source.file,
    ...(line ? { line } : {}),
    path: formatted,
  };
}

function codeFor(field: string | undefined): string {
  if (field === 'timezone') return 'manifest.invalid_timezone';
  if (field?.endsWith('_at')) return 'manifest.invalid_date';
  if (field === 'slug' || field === 'login') return 'manifest.invalid_slug';
  return 'manifest.invalid_value';
}

function lastName(path: ManifestPath): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i];
    if (typeof segment === 'string') return segment;
  }
  return undefined;
}

/** The keys the schema accepts for the object at `path` (for "did you mean" hints). */
function knownKeys(schema: z.ZodType, path: (string | number)[]): string[] {
  let current: unknown = schema;
  for (const segment of [...path, undefined]) {
    current = unwrap(current);
    const def = defOf(current);
    if (!def) return [];
    if (segment === undefined) return def.type === 'object' ? Object.keys(def.shape as object) : [];
    if (def.type === 'object') current = (def.shape as Record<string, unknown>)[segment];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return [];
  }
  return [];
}

function unwrap(schema: unknown): unknown {
  let current = schema;
  for (let def = defOf(current); def && ['optional', 'default', 'nullable', 'pipe'].includes(def.type as string); def = defOf(current)) {
    current = def.type === 'pipe' ? def.in : def.innerType;
  }
  return current;
}

function defOf(schema: unknown): Record<string, unknown> | undefined {
  return (schema as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
}
