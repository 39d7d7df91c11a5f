// The one entry point: bytes in, a validated bundle or EVERY problem out. Never throws on bad
// input: an organiser fixing a bundle at 12:55 needs the whole list in one go.
import type { EventManifest, Problem } from '@podium/contracts';
import type { AnswerKey } from '@podium/scoring';
import { checkDirectoryFiles, findManifest, unzipBundle } from './bundle/bundle-files.js';
import { checkAnswerKeyOnly, checkTaskFiles } from './bundle/task-checks.js';
import type { EventBundleResult, LoadEventBundleOptions } from './event-bundle.types.js';
import { asArray, asObject, manifestRuleProblems } from './manifest/manifest-rules.js';
import { readManifestSource } from './manifest/manifest-source.js';
import { eventManifestSchema, taskSchema } from './manifest/manifest.schema.js';
import { schemaProblems } from './manifest/schema-problems.js';

/** Validates a zipped event bundle (the body of `POST /api/admin/events`). */
export function loadEventBundle(zip: Uint8Array, options: LoadEventBundleOptions = {}): EventBundleResult {
  const unzipped = unzipBundle(zip, options);
  if (!unzipped.files) return { problems: unzipped.problems };
  return validateFiles(unzipped.files, options);
}

/** Validates a bundle already split into files (a directory read by the CLI), with the same limits. */
export function loadEventBundleFromFiles(files: Map<string, Uint8Array>, options: LoadEventBundleOptions = {}): EventBundleResult {
  const checked = checkDirectoryFiles(files, options);
  if (!checked.files) return { problems: checked.problems };
  return validateFiles(checked.files, options);
}

function validateFiles(files: Map<string, Uint8Array>, options: LoadEventBundleOptions): EventBundleResult {
  const found = findManifest(files);
  if (!found.name) return { problems: found.problems };
  const source = readManifestSource(found.name, files.get(found.name) as Uint8Array);
  if (source.problems.length > 0) return { problems: source.problems };

  const problems: Problem[] = [];
  const parsed = eventManifestSchema.safeParse(source.value);
  if (!parsed.success) problems.push(...schemaProblems(parsed.error, source, eventManifestSchema));
  problems.push(...manifestRuleProblems(source));

  // Each task that is well-formed on its own gets its file and scoring checks, even when
  // another part of the manifest is broken, so one upload reports everything.
  const answerKeys = new Map<string, AnswerKey>();
  asArray(asObject(source.value)?.tasks).forEach((rawTask, index) => {
    const task = taskSchema.safeParse(rawTask);
    if (!task.success) {
      // A task broken elsewhere (a date, a typo in a field name) still gets its scores checked
      // against its answer key when those parts hold: fixing the date must not reveal a truth typo.
      const scoring = taskScoringSchema.safeParse(scoringPart(rawTask));
      if (scoring.success) problems.push(...checkTaskFiles(source, scoring.data, index, files, options).problems);
      else problems.push(...checkAnswerKeyOnly(source, rawTask, index, files, options));
      return;
    }
    const checked = checkTaskFiles(source, task.data, index, files, options);
    problems.push(...checked.problems);
    if (checked.key && !answerKeys.has(task.data.slug)) answerKeys.set(task.data.slug, checked.key);
  });

  if (!parsed.success || problems.length > 0) return { problems: dedupe(problems) };
  const manifest: EventManifest = parsed.data;
  return { bundle: { manifest, answerKeys, files }, problems: [] };
}

/** What the file and scoring checks read from a task; the schema checks the rest. */
const taskScoringSchema = taskSchema.pick({ answer_key: true, answer_masks: true, submission: true, scores: true, ranking: true });

function scoringPart(rawTask: unknown): Record<string, unknown> {
  const raw = asObject(rawTask) ?? {};
  return Object.fromEntries(['answer_key', 'answer_masks', 'submission', 'scores', 'ranking'].filter((k) => raw[k] !== undefined).map((k) => [k, raw[k]]));
}

/** The same problem reached by two rules (e.g. schema and cross-field) is listed once. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
