// A team's best-score history as chart lines: one per split, on the task's primary score.
import type { TeamHistoryResponse } from './jury-wire.js';

export interface HistorySeries {
  split: string;
  label: string;
  points: { x: number; y: number }[];
}

export function historySeries(history: TeamHistoryResponse, score: string, labelOf: (split: string) => string): HistorySeries[] {
  const splits = [...new Set(history.points.flatMap((p) => Object.keys(p.scores)))];
  return splits.map((split) => ({
    split,
    label: labelOf(split),
    points: history.points.flatMap((p) => {
      const y = p.scores[split]?.[score];
      return y === null || y === undefined ? [] : [{ x: Date.parse(p.at), y }];
    }),
  }));
}
