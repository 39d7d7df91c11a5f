import { describe, expect, it } from 'vitest';
import { rankEntries } from './rank-entries.js';

describe('ranking: one score, higher is better (AUC)', () => {
  it('orders by score, points = the score', () => {
    const ranked = rankEntries(
      [
        { teamId: 'b', scores: { auc: 0.81 } },
        { teamId: 'a', scores: { auc: 0.93 } },
        { teamId: 'c', scores: { auc: 0.5 } },
      ],
      [{ name: 'auc', direction: 'higher' }],
    );
    expect(ranked).toEqual([
      { teamId: 'a', rank: 1, scoreRanks: { auc: 1 }, points: 0.93 },
      { teamId: 'b', rank: 2, scoreRanks: { auc: 2 }, points: 0.81 },
      { teamId: 'c', rank: 3, scoreRanks: { auc: 3 }, points: 0.5 },
    ]);
  });
});
