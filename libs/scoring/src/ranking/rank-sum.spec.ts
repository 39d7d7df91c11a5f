import { describe, expect, it } from 'vitest';
import { rankEntries } from './rank-entries.js';

describe('ranking: rank_sum over several scores', () => {
  it('points = sum of the per-score ranks, lowest wins; equal sums share the rank without tie_break', () => {
    const ranked = rankEntries(
      [
        // AUC ranks: a and d tie at 1, so b is 3 and c is 4.
        { teamId: 'a', scores: { auc: 0.9, mse: 3 } }, // ranks 1 + 3 = 4
        { teamId: 'b', scores: { auc: 0.8, mse: 1 } }, // ranks 3 + 1 = 4
        { teamId: 'c', scores: { auc: 0.7, mse: 2 } }, // ranks 4 + 2 = 6
        { teamId: 'd', scores: { auc: 0.9, mse: 4 } }, // ranks 1 + 4 = 5
      ],
      [
        { name: 'auc', direction: 'higher' },
        { name: 'mse', direction: 'lower' },
      ],
      { method: 'rank_sum' },
    );
    expect(ranked.map((r) => [r.teamId, r.points, r.rank])).toEqual([
      ['a', 4, 1],
      ['b', 4, 1],
      ['d', 5, 3],
      ['c', 6, 4],
    ]);
  });
  it('rank_sum is the default aggregation when no ranking is given', () => {
    const entries = [
      { teamId: 'a', scores: { x: 1, y: 1 } },
      { teamId: 'b', scores: { x: 2, y: 0 } },
    ];
    const scores = [
      { name: 'x', direction: 'higher' as const },
      { name: 'y', direction: 'higher' as const },
    ];
    expect(rankEntries(entries, scores)).toEqual(rankEntries(entries, scores, { method: 'rank_sum' }));
  });
});
