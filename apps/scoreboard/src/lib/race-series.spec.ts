import type { RankHistoryResponse } from '@podium/contracts';
import { describe, expect, it } from 'vitest';
import { boardFor, lungTask } from '../../test/builders.js';
import { RACE_MIN_WINDOW_MS, extendSeries, raceMetric, raceWindow, rankTicks, seriesFromHistory, spreadLabels, timeTicks, type RaceSeries } from './race-series.js';

const task = lungTask();
const team = { slug: 'owkin', name: 'Owkin', category: null };

describe('race series', () => {
  it('plots the score of single-score tasks and the rank of aggregated ones', () => {
    expect(raceMetric(task)).toEqual({ kind: 'score', score: 'auc' });
    expect(raceMetric({ ranking: 'rank_sum', scores: task.scores })).toEqual({ kind: 'rank', score: null });
  });

  it('reads the history, dropping points where the plotted value did not change', () => {
    const history: RankHistoryResponse = {
      event: 'jfr',
      task: 'lung',
      ranking: 'single',
      scores: task.scores,
      frozen: false,
      frozenAt: null,
      serverTime: '2019-10-12T12:00:00Z',
      series: [
        {
          team,
          points: [
            { at: '2019-10-12T11:00:00Z', rank: 2, scores: { auc: 0.8 }, points: null },
            { at: '2019-10-12T11:10:00Z', rank: 3, scores: { auc: 0.8 }, points: null },
            { at: '2019-10-12T11:20:00Z', rank: 1, scores: { auc: 0.9 }, points: null },
            { at: '2019-10-12T11:30:00Z', rank: 1, scores: { auc: null }, points: null },
          ],
        },
      ],
    };
    expect(seriesFromHistory(history, raceMetric(task))[0].points).toEqual([
      { x: Date.parse('2019-10-12T11:00:00Z'), y: 0.8 },
      { x: Date.parse('2019-10-12T11:20:00Z'), y: 0.9 },
    ]);
  });

  it('extends lines from live boards and follows who is in the top', () => {
    const board = boardFor(task, 4);
    const first = extendSeries([], board, raceMetric(task), 1000, 2);
    expect(first.map((s) => [s.team, s.points])).toEqual(board.rows.slice(0, 2).map((r) => [r.team.slug, [{ x: 1000, y: r.scores.auc }]]));
    expect(extendSeries(first, board, raceMetric(task), 2000, 2)).toEqual(first); // nothing changed: no new point
    const shifted = boardFor(task, 4, board.rows, 1);
    const next = extendSeries(first, shifted, raceMetric(task), 3000, 2);
    expect(next.map((s) => s.team)).toEqual(shifted.rows.slice(0, 2).map((r) => r.team.slug));
  });

  it('fits the time axis to the data, with whole-minute ticks', () => {
    const now = Date.parse('2019-10-12T12:00:00Z');
    const line = (...minutesAgo: number[]): RaceSeries => ({ team: 'a', name: 'A', points: minutesAgo.map((m) => ({ x: now - m * 60_000, y: 0.5 })) });
    // A round a minute old: three minutes on the axis, not the data squeezed against the edge.
    expect(raceWindow([line(1, 0.5)], now)).toEqual({ min: now - RACE_MIN_WINDOW_MS, max: now, stepMs: 60_000 });
    expect(raceWindow([], now)).toEqual({ min: now - RACE_MIN_WINDOW_MS, max: now, stepMs: 60_000 });
    // Two hours of history: a little margin before the first point, ticks every 30 minutes at most 8 of them.
    const long = raceWindow([line(120, 30), line(90)], now);
    expect(long.min).toBe(now - 126 * 60_000);
    expect(long.stepMs).toBe(30 * 60_000);
    expect((long.max - long.min) / long.stepMs).toBeLessThanOrEqual(8);
  });

  it('spreads end labels apart and keeps them inside the chart', () => {
    const labels = [0, 1, 2].map((i) => ({ text: `t${i}`, color: '#fff', x: 0, y: 100 + i }));
    expect(spreadLabels(labels, 30, 0, 500).map((l) => l.y)).toEqual([100, 130, 160]);
    expect(spreadLabels(labels.map((l) => ({ ...l, y: 495 })), 30, 0, 500).map((l) => l.y)).toEqual([440, 470, 500]);
  });
});

describe('race axes', () => {
  it('puts time ticks on whole steps, evenly spaced', () => {
    const min = Date.parse('2026-12-06T03:17:23Z');
    const max = Date.parse('2026-12-06T03:30:00Z');
    const ticks = timeTicks({ min, max, stepMs: 2 * 60_000 });
    expect(ticks.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['03:18', '03:20', '03:22', '03:24', '03:26', '03:28', '03:30']);
    expect(new Set(ticks.slice(1).map((t, i) => t - ticks[i]!)).size).toBe(1);
  });

  it('starts the rank axis at #1 and ends at the lowest rank drawn', () => {
    const line = (...ranks: number[]): RaceSeries => ({ team: 'a', name: 'A', points: ranks.map((y, x) => ({ x, y })) });
    expect(rankTicks([line(1, 3), line(11, 2)])).toEqual({ min: 1, max: 11, ticks: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] });
    expect(rankTicks([line(20)]).ticks).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
    expect(rankTicks([])).toEqual({ min: 1, max: 2, ticks: [1, 2] });
  });
});
