// Race chart data: one line per top team, from the rank history, extended by live boards.
import type { LeaderboardData, RankHistoryResponse, TaskPublicView } from '@podium/contracts';

export interface RacePoint {
  x: number;
  y: number;
}

export interface RaceSeries {
  team: string;
  name: string;
  points: RacePoint[];
}

/** Single-score tasks plot the score; rank-aggregated tasks plot the rank (1 on top). */
export interface RaceMetric {
  kind: 'score' | 'rank';
  score: string | null;
}

export function raceMetric(task: Pick<TaskPublicView, 'ranking' | 'scores'>): RaceMetric {
  return task.ranking === 'single' && task.scores.length > 0 ? { kind: 'score', score: task.scores[0].name } : { kind: 'rank', score: null };
}

export const RACE_TOP = 8;

export function seriesFromHistory(history: RankHistoryResponse, metric: RaceMetric, top = RACE_TOP): RaceSeries[] {
  return history.series.slice(0, top).map((s) => ({
    team: s.team.slug,
    name: s.team.name,
    points: s.points
      .flatMap((p) => {
        const y = metric.kind === 'rank' ? p.rank : metric.score ? p.scores[metric.score] : null;
        return y === null || y === undefined ? [] : [{ x: Date.parse(p.at), y }];
      })
      // A point where the plotted value did not change is noise on the chart.
      .filter((p, i, all) => i === 0 || p.y !== all[i - 1].y),
  }));
}

/**
 * Adds the board's values at `at` for its current top teams: a point only when a team's value
 * changed, a new line when a team enters the top. Lines of teams that left the top are dropped.
 */
export function extendSeries(series: readonly RaceSeries[], board: LeaderboardData, metric: RaceMetric, at: number, top = RACE_TOP): RaceSeries[] {
  const byTeam = new Map(series.map((s) => [s.team, s]));
  const rows = board.rows
    .filter((r): r is typeof r & { rank: number } => r.rank !== null)
    .sort((a, b) => a.rank - b.rank)
    .slice(0, top);
  return rows.map((row) => {
    const existing = byTeam.get(row.team.slug) ?? { team: row.team.slug, name: row.team.name, points: [] };
    const y = metric.kind === 'rank' ? row.rank : metric.score ? row.scores[metric.score] : null;
    const last = existing.points.at(-1);
    if (y === null || y === undefined || (last && last.y === y) || (last && last.x > at)) return existing;
    return { ...existing, name: row.team.name, points: [...existing.points, { x: at, y }] };
  });
}

export interface EndLabel {
  text: string;
  color: string;
  x: number;
  y: number;
}

/** Moves line-end labels apart vertically (at least `gap` px) so close teams stay readable. */
export function spreadLabels<L extends EndLabel>(labels: readonly L[], gap: number, top: number, bottom: number): L[] {
  const sorted = [...labels].sort((a, b) => a.y - b.y).map((l) => ({ ...l }));
  for (let i = 1; i < sorted.length; i++) sorted[i].y = Math.max(sorted[i].y, sorted[i - 1].y + gap);
  // Pushed below the chart: shift the whole stack up, keeping the spacing.
  const overflow = (sorted.at(-1)?.y ?? bottom) - bottom;
  if (overflow > 0) for (const label of sorted) label.y -= overflow;
  for (let i = sorted.length - 2; i >= 0; i--) sorted[i].y = Math.min(sorted[i].y, sorted[i + 1].y - gap);
  if (sorted.length > 0 && sorted[0].y < top) {
    const shift = top - sorted[0].y;
    for (const label of sorted) label.y += shift;
  }
  return sorted;
}

export interface RaceWindow {
  min: number;
  max: number;
  /** Between time ticks: whole minutes, so HH:MM labels never repeat. */
  stepMs: number;
}

const MINUTE = 60_000;
const TICK_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 240];
/** At least this much time on the axis, so a fresh round is not drawn as one vertical stroke. */
export const RACE_MIN_WINDOW_MS = 3 * MINUTE;

/**
 * The time axis: from a little before the first point to now, and no wider than the data needs
 * (a fixed ten minutes squeezed the first minutes of a round against the right edge).
 */
export function raceWindow(series: readonly RaceSeries[], now: number, maxTicks = 8): RaceWindow {
  const first = Math.min(now, ...series.flatMap((s) => s.points.map((p) => p.x)));
  const span = Math.max(RACE_MIN_WINDOW_MS, (now - first) * 1.05);
  const minutes = TICK_MINUTES.find((m) => span / (m * MINUTE) <= maxTicks) ?? TICK_MINUTES.at(-1)!;
  return { min: now - span, max: now, stepMs: minutes * MINUTE };
}

/**
 * Time ticks on whole multiples of the step inside the window: chart.js starts its ticks at the
 * window's first instant, which gave uneven HH:MM labels (03:17, 03:19, 03:21, 03:22...).
 */
export function timeTicks(window: RaceWindow): number[] {
  const ticks: number[] = [];
  for (let at = Math.ceil(window.min / window.stepMs) * window.stepMs; at <= window.max; at += window.stepMs) ticks.push(at);
  return ticks;
}

/** Rank axis: from #1 at the top (never #0) to the lowest rank drawn, whole ranks, at most `maxTicks` labels. */
export function rankTicks(series: readonly RaceSeries[], maxTicks = 12): { min: number; max: number; ticks: number[] } {
  const max = Math.max(2, ...series.flatMap((s) => s.points.map((p) => p.y)));
  const step = Math.ceil(max / maxTicks);
  const ticks: number[] = [];
  for (let rank = 1; rank <= max; rank += step) ticks.push(rank);
  return { min: 1, max, ticks };
}
