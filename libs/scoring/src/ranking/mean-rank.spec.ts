import { describe, expect, it } from 'vitest';
import { rankEntries } from './rank-entries.js';

describe('ranking: mean_rank over several scores', () => {
  it('points = mean of the per-score ranks', () => {
    const ranked = rankEntries(
      [
        { teamId: 'a', scores: { s1: 10, s2: 1, s3: 5 } }, // ranks 1, 3, 2 -> 2
        { teamId: 'b', scores: { s1: 5, s2: 3, s3: 9 } }, // ranks 2, 1, 1 -> 4/3
        { teamId: 'c', scores: { s1: 1, s2: 2, s3: 1 } }, // ranks 3, 2, 3 -> 8/3
      ],
      [
        { name: 's1', direction: 'higher' },
        { name: 's2', direction: 'higher' },
        { name: 's3', direction: 'higher' },
      ],
      { method: 'mean_rank' },
    );
    expect(ranked.map((r) => [r.teamId, r.points, r.rank])).toEqual([
      ['b', 4 / 3, 1],
      ['a', 2, 2],
      ['c', 8 / 3, 3],
    ]);
  });
});
