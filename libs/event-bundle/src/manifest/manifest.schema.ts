// The event.yaml schema. Every object is strict: a typo such as `closes_ta` must be reported,
// never ignored. Messages say what to write instead; cross-field rules live in manifest-rules.ts.
import { z } from 'zod';
import type { EventManifest } from '@podium/contracts';
import { checkBundlePath } from '../bundle/bundle-path.js';

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** Score names appear in formulas (`tie_break: dice`), so underscores are allowed, not dashes. */
export const SCORE_NAME_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
/** ISO 8601 date-time with seconds optional, fraction optional, and a mandatory offset (Z or ±hh:mm). */
export const DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const text = z.string().trim().min(1, { error: 'must not be empty' });

const slug = z.string().regex(SLUG_PATTERN, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a valid slug: use 1-64 lowercase letters, digits and dashes (e.g. "jfr-2019"), starting and ending with a letter or digit`,
});

const scoreName = z.string().regex(SCORE_NAME_PATTERN, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a valid score name: use lowercase letters, digits and underscores, starting with a letter (e.g. "area_mse")`,
});

const dateTime = z.string().refine((value) => isValidDateTime(value), {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not an ISO 8601 date-time with an offset: write e.g. 2019-10-13T13:00:00+02:00 (or ...Z for UTC)`,
});

const timezone = z.string().refine(isValidTimezone, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a known IANA time zone: write e.g. Europe/Paris, America/Montreal or UTC`,
});

const bundlePath = z.string().superRefine((value, ctx) => {
  const problem = checkBundlePath(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { code: 'manifest.unsafe_path' } });
});

const positiveInt = z.number().int({ error: 'must be a whole number' }).positive({ error: 'must be at least 1' });
const finite = z.number().refine(Number.isFinite, { error: 'must be a finite number' });

export const localizedTextSchema = z.strictObject({ en: text, fr: text });

export const teamSchema = z.strictObject({
  slug,
  name: text,
  category: text.optional(),
});

export const juryMemberSchema = z.strictObject({
  login: slug,
  name: text,
  role: z.enum(['organiser', 'juror']).default('juror'),
});

export const columnSchema = z.strictObject({
  type: z.enum(['number', 'integer']).default('number'),
  min: finite.optional(),
  max: finite.optional(),
  optional: z.boolean().optional(),
});

export const submissionSchema = z.strictObject({
  table: z
    .strictObject({
      id: text,
      columns: z.record(z.string().min(1), columnSchema),
    })
    .optional(),
  masks: z
    .strictObject({
      format: z.enum(['nifti', 'png']).default('nifti'),
      nonBinary: z.enum(['reject', 'threshold']).optional(),
      threshold: finite.optional(),
      partial: z.boolean().optional(),
    })
    .optional(),
  detection: z
    .strictObject({
      id: text,
      max_candidates_per_scan: positiveInt.max(100_000, { error: 'must be at most 100000' }).optional(),
    })
    .optional(),
});

/** What a score and each term of a weighted score both say: the metric and where its values come from. */
const metricFields = {
  metric: text,
  truth: text.optional(),
  prediction: text.optional(),
  where: z.record(z.string().min(1), finite).optional(),
  pairs: z.array(z.strictObject({ truth: text, prediction: text })).min(1).optional(),
};

export const scoreTermSchema = z.strictObject({ weight: finite, ...metricFields });

export const scoreSchema = z.strictObject({
  name: scoreName,
  ...metricFields,
  missing: finite.optional(),
  terms: z.array(scoreTermSchema).min(1).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
});

export const taskSchema = z.strictObject({
  slug,
  title: localizedTextSchema,
  opens_at: dateTime,
  closes_at: dateTime,
  freeze_at: dateTime.optional(),
  grace_seconds: z.number().int({ error: 'must be a whole number of seconds' }).min(0).max(3600).optional(),
  quota: z.strictObject({ submissions: positiveInt, per_minutes: positiveInt }).optional(),
  leaderboard: z.enum(['best', 'last']).default('best'),
  max_upload_mb: z.number().positive().max(4096).optional(),
  precision: z.number().int().min(0).max(10).optional(),
  answer_key: bundlePath,
  answer_masks: bundlePath.optional(),
  submission: submissionSchema,
  scores: z.array(scoreSchema).min(1, { error: 'a task needs at least one score' }),
  ranking: z
    .strictObject({
      method: z.enum(['rank_sum', 'mean_rank']).default('rank_sum'),
      tie_break: scoreName.optional(),
    })
    .optional(),
});

export const prizeSchema = z
  .strictObject({
    task: slug,
    places: z.array(positiveInt).min(1, { error: 'list at least one place, e.g. [1, 2, 3]' }).optional(),
    category: text.optional(),
    title: localizedTextSchema,
  })
  .transform(({ places, ...prize }, ctx) => {
    if (places === undefined && prize.category === undefined) {
      ctx.addIssue({ code: 'custom', path: ['places'], message: 'a prize needs places (e.g. places: [1, 2, 3]) or a category (the best team of that category)', params: { code: 'manifest.prize_without_places' } });
      return z.NEVER;
    }
    return { ...prize, places: places ?? [1] };
  });

export const eventManifestSchema = z.strictObject({
  slug,
  title: localizedTextSchema,
  timezone,
  teams: z.array(teamSchema).min(1, { error: 'an event needs at least one team' }),
  jury: z.array(juryMemberSchema).default([]),
  tasks: z.array(taskSchema).min(1, { error: 'an event needs at least one task' }),
  prizes: z.array(prizeSchema).default([]),
});

// Compile-time proof that the schema produces the published contract type.
type Assignable<T extends EventManifest> = T;
export type ParsedEventManifest = Assignable<z.output<typeof eventManifestSchema>>;

export function isValidDateTime(value: string): boolean {
  const m = DATE_TIME_PATTERN.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s, offset] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one (handles leap years).
  if (day > new Date(Date.UTC(Number(y), month, 0)).getUTCDate()) return false;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return false;
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 14 || Number(offset.slice(4)) > 59)) return false;
  return Number.isFinite(Date.parse(value));
}

export function isValidTimezone(value: string): boolean {
  if (value.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
