// The demo's event.yaml, as data. It mirrors the 2019 final's shape - lung and MS released
// together with two hours to run, sarcopenia with one hour, a 20-minute freeze before each
// close - placed around `now` so the round is live the moment the demo is imported.
import type { EventManifest, TaskManifest } from '@podium/contracts';
import { DEMO_JURY, DEMO_TEAMS } from './demo-teams.js';
import { DEMO_TASK_SLUGS, type DemoTaskSlug } from './demo-truth.js';

export const DEMO_EVENT_SLUG = 'jfr-demo';
export const DEMO_TIMEZONE = 'Europe/Paris';

/** Task windows in minutes relative to `now` (floored to the minute). */
export const DEMO_TIMELINE: Record<DemoTaskSlug, { opens: number; freezes: number; closes: number }> = {
  lung: { opens: -30, freezes: 70, closes: 90 },
  ms: { opens: -30, freezes: 70, closes: 90 },
  sarcopenia: { opens: 0, freezes: 40, closes: 60 },
};

const MINUTE_MS = 60_000;

/**
 * `date` as ISO 8601 with the offset `timeZone` has at that instant, e.g.
 * `2019-10-13T13:00:00+02:00`: what an organiser in Paris would write.
 */
export function formatInTimeZone(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wholeSeconds = Math.floor(date.getTime() / 1000) * 1000;
  const wallClockAsUtc = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
  const offsetMinutes = Math.round((wallClockAsUtc - wholeSeconds) / MINUTE_MS);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${pad(field('year'), 4)}-${pad(field('month'))}-${pad(field('day'))}T${pad(field('hour'))}:` +
    `${pad(field('minute'))}:${pad(field('second'))}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The windows of `task` around `now`, as ISO strings in the demo's time zone. */
export function demoWindow(task: DemoTaskSlug, now: Date): Pick<TaskManifest, 'opens_at' | 'closes_at' | 'freeze_at'> {
  const base = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  const at = (minutes: number) => formatInTimeZone(new Date(base + minutes * MINUTE_MS), DEMO_TIMEZONE);
  const t = DEMO_TIMELINE[task];
  return { opens_at: at(t.opens), closes_at: at(t.closes), freeze_at: at(t.freezes) };
}

/** The id column each task's submission table uses. */
export const DEMO_SUBMISSION_ID_COLUMNS: Record<DemoTaskSlug, string> = {
  lung: 'examen_id',
  ms: 'sequence_id',
  sarcopenia: 'examen',
};

export const DEMO_ANSWER_KEY_FILES = {
  lung: 'keys/lung.csv',
  ms: 'keys/ms.csv',
  sarcopenia: 'keys/sarcopenia.csv',
  sarcopeniaMasks: 'keys/sarcopenia-masks.zip',
} as const;

/** What sets each demo task apart; `demoTask` adds what they share. */
interface DemoTaskDefinition {
  title: TaskManifest['title'];
  /** Quota: this many submissions per 60 minutes. */
  submissionsPerHour: number;
  precision?: number;
  answerMasks?: string;
  submission: TaskManifest['submission'];
  scores: TaskManifest['scores'];
  ranking?: TaskManifest['ranking'];
}

const DEMO_TASKS: Record<DemoTaskSlug, DemoTaskDefinition> = {
  lung: {
    title: { en: 'Lung CT: nodule >= 100 mm3', fr: 'Scanner thoracique : nodule >= 100 mm3' },
    submissionsPerHour: 10,
    precision: 4,
    submission: {
      table: { id: DEMO_SUBMISSION_ID_COLUMNS.lung, columns: { probability: { type: 'number', min: 0, max: 1 } } },
    },
    scores: [{ name: 'auc', metric: 'auc', truth: 'status', prediction: 'probability' }],
  },
  ms: {
    title: { en: 'Multiple sclerosis: EDSS at two years', fr: 'Sclérose en plaques : EDSS à deux ans' },
    submissionsPerHour: 10,
    precision: 3,
    submission: {
      table: { id: DEMO_SUBMISSION_ID_COLUMNS.ms, columns: { edss: { type: 'number', min: 0, max: 10 } } },
    },
    scores: [{ name: 'mse', metric: 'mse', truth: 'edss', prediction: 'edss' }],
  },
  sarcopenia: {
    title: { en: 'Sarcopenia: L3 muscle segmentation', fr: 'Sarcopénie : segmentation musculaire en L3' },
    submissionsPerHour: 5,
    answerMasks: DEMO_ANSWER_KEY_FILES.sarcopeniaMasks,
    submission: {
      masks: { format: 'nifti' },
      table: { id: DEMO_SUBMISSION_ID_COLUMNS.sarcopenia, columns: { area: { type: 'number', min: 0 } } },
    },
    scores: [
      { name: 'dice', metric: 'dice' },
      { name: 'area_mse', metric: 'mse', truth: 'area_mm2', prediction: 'area' },
    ],
    ranking: { method: 'rank_sum', tie_break: 'dice' },
  },
};

/**
 * One task of event.yaml, a fresh copy the caller may edit. Keys keep this order and absent
 * options stay absent: the YAML, hence the bundle's bytes, must not change with the code's shape.
 */
function demoTask(slug: DemoTaskSlug, now: Date): TaskManifest {
  const task = DEMO_TASKS[slug];
  return structuredClone({
    slug,
    title: task.title,
    ...demoWindow(slug, now),
    quota: { submissions: task.submissionsPerHour, per_minutes: 60 },
    leaderboard: 'best',
    ...(task.precision === undefined ? {} : { precision: task.precision }),
    answer_key: DEMO_ANSWER_KEY_FILES[slug],
    ...(task.answerMasks === undefined ? {} : { answer_masks: task.answerMasks }),
    submission: task.submission,
    scores: task.scores,
    ...(task.ranking === undefined ? {} : { ranking: task.ranking }),
  });
}

export function buildDemoManifest(now: Date): EventManifest {
  return {
    slug: DEMO_EVENT_SLUG,
    title: {
      en: 'Podium demo - JFR Data Challenge 2019 final (synthetic data)',
      fr: 'Démo Podium - finale du Data Challenge JFR 2019 (données synthétiques)',
    },
    timezone: DEMO_TIMEZONE,
    teams: DEMO_TEAMS.map((team) => ({ ...team })),
    jury: DEMO_JURY.map((member) => ({ ...member })),
    tasks: DEMO_TASK_SLUGS.map((slug) => demoTask(slug, now)),
  };
}
