import { describe, expect, it } from 'vitest';
import { buildDemoManifest, DEMO_TIMELINE, demoWindow, formatInTimeZone } from './demo-manifest.js';
import { DEMO_TASK_SLUGS } from './demo-truth.js';

const MINUTE = 60_000;

describe('formatInTimeZone', () => {
  it('writes Paris wall-clock time with its offset, summer and winter', () => {
    expect(formatInTimeZone(new Date('2019-10-13T11:00:00Z'), 'Europe/Paris')).toBe('2019-10-13T13:00:00+02:00');
    expect(formatInTimeZone(new Date('2026-11-27T09:05:07.900Z'), 'Europe/Paris')).toBe('2026-11-27T10:05:07+01:00');
    expect(formatInTimeZone(new Date('2026-01-01T00:00:00Z'), 'America/New_York')).toBe('2025-12-31T19:00:00-05:00');
    expect(formatInTimeZone(new Date('2026-06-01T12:00:00Z'), 'UTC')).toBe('2026-06-01T12:00:00+00:00');
  });

  it('is read back as the same instant', () => {
    const instant = new Date('2026-03-29T00:59:00Z'); // one minute before Paris changes offset
    expect(Date.parse(formatInTimeZone(instant, 'Europe/Paris'))).toBe(instant.getTime());
    const after = new Date('2026-03-29T01:01:00Z');
    expect(Date.parse(formatInTimeZone(after, 'Europe/Paris'))).toBe(after.getTime());
  });
});

describe('demo windows', () => {
  const now = new Date('2026-11-27T09:17:42.123Z');
  const minute = Math.floor(now.getTime() / MINUTE) * MINUTE;

  it('places every window around now, floored to the minute, as the timeline says', () => {
    for (const task of DEMO_TASK_SLUGS) {
      const window = demoWindow(task, now);
      const t = DEMO_TIMELINE[task];
      expect(Date.parse(window.opens_at)).toBe(minute + t.opens * MINUTE);
      expect(Date.parse(window.closes_at)).toBe(minute + t.closes * MINUTE);
      expect(Date.parse(window.freeze_at ?? '')).toBe(minute + t.freezes * MINUTE);
    }
  });

  it('makes the round live at now: every task open, not yet frozen, freeze 20 minutes before close', () => {
    for (const task of buildDemoManifest(now).tasks) {
      expect(Date.parse(task.opens_at)).toBeLessThanOrEqual(now.getTime());
      expect(Date.parse(task.freeze_at ?? '')).toBeGreaterThan(now.getTime());
      expect(Date.parse(task.closes_at) - Date.parse(task.freeze_at ?? '')).toBe(20 * MINUTE);
    }
  });

  it('mirrors 2019: lung and MS run two hours from the same start, sarcopenia one hour', () => {
    const [lung, ms, sarcopenia] = buildDemoManifest(now).tasks;
    const hours = (task: typeof lung) => (Date.parse(task.closes_at) - Date.parse(task.opens_at)) / (60 * MINUTE);
    expect(hours(lung)).toBe(2);
    expect(hours(ms)).toBe(2);
    expect(hours(sarcopenia)).toBe(1);
    expect(lung.opens_at).toBe(ms.opens_at);
    expect(Date.parse(sarcopenia.opens_at)).toBeGreaterThan(Date.parse(lung.opens_at));
  });
});

describe('buildDemoManifest', () => {
  const manifest = buildDemoManifest(new Date('2026-11-27T09:00:00Z'));

  it('has 20 teams with unique slugs, some of them students, and a jury chaired by an organiser', () => {
    expect(manifest.teams).toHaveLength(20);
    expect(new Set(manifest.teams.map((t) => t.slug)).size).toBe(20);
    for (const team of manifest.teams) expect(team.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(manifest.teams.filter((t) => t.category === 'student').length).toBeGreaterThanOrEqual(3);
    expect(manifest.jury.map((j) => j.role)).toEqual(['organiser', 'juror', 'juror']);
  });

  it('describes the three 2019 scores', () => {
    const [lung, ms, sarcopenia] = manifest.tasks;
    expect(lung.scores).toEqual([{ name: 'auc', metric: 'auc', truth: 'status', prediction: 'probability' }]);
    expect(lung.submission.table?.id).toBe('examen_id');
    expect(ms.scores).toEqual([{ name: 'mse', metric: 'mse', truth: 'edss', prediction: 'edss' }]);
    expect(ms.submission.table?.columns.edss).toEqual({ type: 'number', min: 0, max: 10 });
    expect(sarcopenia.scores.map((s) => s.metric)).toEqual(['dice', 'mse']);
    expect(sarcopenia.ranking).toEqual({ method: 'rank_sum', tie_break: 'dice' });
    expect(sarcopenia.submission).toEqual({
      masks: { format: 'nifti' },
      table: { id: 'examen', columns: { area: { type: 'number', min: 0 } } },
    });
  });

  it('writes only the options a task has (no precision, masks or ranking keys left undefined)', () => {
    const [lung, ms, sarcopenia] = manifest.tasks;
    expect(Object.keys(lung)).toEqual(['slug', 'title', 'opens_at', 'closes_at', 'freeze_at', 'quota', 'leaderboard', 'precision', 'answer_key', 'submission', 'scores']);
    expect(Object.keys(ms)).toEqual(Object.keys(lung));
    expect(Object.keys(sarcopenia)).toEqual(['slug', 'title', 'opens_at', 'closes_at', 'freeze_at', 'quota', 'leaderboard', 'answer_key', 'answer_masks', 'submission', 'scores', 'ranking']);
  });

  it('gives each caller its own copy: editing one manifest leaves the next unchanged', () => {
    const edited = buildDemoManifest(new Date('2026-11-27T09:00:00Z'));
    edited.tasks[0].scores[0].metric = 'mse';
    edited.tasks[2].submission.table!.columns.area.min = 5;
    const next = buildDemoManifest(new Date('2026-11-27T09:00:00Z'));
    expect(next.tasks[0].scores[0].metric).toBe('auc');
    expect(next.tasks[2].submission.table!.columns.area.min).toBe(0);
  });
});
