// A team's best-score history as chart lines: one per split, on the task's primary score.
import type { JurySplit } from '@podium/contracts';
import { JURY_SPLITS } from '@podium/contracts';
import type { TeamHistoryResponse } from './jury-wire.js';

export interface HistorySeries {
  split: JurySplit;
  label: string;
  points: { x: number; y: number }[];
}

export function historySeries(history: TeamHistoryResponse, score: string, labelOf: (split: JurySplit) => string): HistorySeries[] {
  return JURY_SPLITS.map((split) => ({
    split,
    label: labelOf(split),
    points: history.points.flatMap((p) => {
      const y = p.scores[split]?.[score];
      return y === null || y === undefined ? [] : [{ x: Date.parse(p.at), y }];
    }),
  }));
}
