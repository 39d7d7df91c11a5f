import { describe, expect, it } from 'vitest';
import { rankEntries } from './rank-entries.js';

describe('ranking: one score, lower is better (MSE)', () => {
  it('the smallest error ranks first', () => {
    const ranked = rankEntries(
      [
        { teamId: 'x', scores: { mse: 2.5 } },
        { teamId: 'y', scores: { mse: 0.75 } },
        { teamId: 'z', scores: { mse: 1 } },
      ],
      [{ name: 'mse', direction: 'lower' }],
    );
    expect(ranked.map((r) => [r.teamId, r.rank])).toEqual([
      ['y', 1],
      ['z', 2],
      ['x', 3],
    ]);
  });
});
