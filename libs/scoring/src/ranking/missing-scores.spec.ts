import { describe, expect, it } from 'vitest';
import { rankEntries } from './rank-entries.js';

describe('ranking: a team without a value ranks last on that score', () => {
  it('null, NaN and absent values share the last rank', () => {
    const ranked = rankEntries(
      [
        { teamId: 'a', scores: { auc: null } },
        { teamId: 'b', scores: { auc: 0.6 } },
        { teamId: 'c', scores: {} },
        { teamId: 'd', scores: { auc: Number.NaN } },
      ],
      [{ name: 'auc', direction: 'higher' }],
    );
    expect(ranked.map((r) => [r.teamId, r.rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 2],
      ['d', 2],
    ]);
    expect(ranked[1].points).toBeNaN();
  });
  it('in a multi-score task the missing score costs the last rank on that score only', () => {
    const ranked = rankEntries(
      [
        { teamId: 'a', scores: { dice: 0.9, mse: null } },
        { teamId: 'b', scores: { dice: 0.8, mse: 10 } },
      ],
      [
        { name: 'dice', direction: 'higher' },
        { name: 'mse', direction: 'lower' },
      ],
      { method: 'rank_sum' },
    );
    expect(ranked.map((r) => [r.teamId, r.scoreRanks, r.points, r.rank])).toEqual([
      ['a', { dice: 1, mse: 2 }, 3, 1],
      ['b', { dice: 2, mse: 1 }, 3, 1],
    ]);
  });
});
