import { describe, expect, it } from 'vitest';
import { rankEntries } from './rank-entries.js';

// JFR 2019 sarcopenia: points = Dice rank + area-MSE rank, lowest sum wins, ties go to the
// better Dice rank.
describe('ranking: the 2019 sarcopenia rule (rank_sum, tie_break: dice)', () => {
  const scores = [
    { name: 'dice', direction: 'higher' as const },
    { name: 'area_mse', direction: 'lower' as const },
  ];
  const ranking = { method: 'rank_sum' as const, tie_break: 'dice' };

  it('equal points are decided by the Dice rank', () => {
    const ranked = rankEntries(
      [
        { teamId: 'owls', scores: { dice: 0.91, area_mse: 900 } }, // dice 2 + mse 3 = 5
        { teamId: 'hawks', scores: { dice: 0.93, area_mse: 1200 } }, // dice 1 + mse 4 = 5
        { teamId: 'crows', scores: { dice: 0.88, area_mse: 400 } }, // dice 3 + mse 1 = 4
        { teamId: 'doves', scores: { dice: 0.85, area_mse: 500 } }, // dice 4 + mse 2 = 6
      ],
      scores,
      ranking,
    );
    expect(ranked.map((r) => [r.teamId, r.points, r.rank])).toEqual([
      ['crows', 4, 1],
      ['hawks', 5, 2], // better Dice rank than owls
      ['owls', 5, 3],
      ['doves', 6, 4],
    ]);
    expect(ranked[1].scoreRanks).toEqual({ dice: 1, area_mse: 4 });
  });

  it('equal points and equal Dice rank share the place', () => {
    const ranked = rankEntries(
      [
        { teamId: 'a', scores: { dice: 0.9, area_mse: 10 } },
        { teamId: 'b', scores: { dice: 0.9, area_mse: 10 } },
        { teamId: 'c', scores: { dice: 0.8, area_mse: 20 } },
      ],
      scores,
      ranking,
    );
    expect(ranked.map((r) => `${r.rank} ${r.teamId}`)).toEqual(['1 a', '1 b', '3 c']);
  });

  it('an unknown tie_break score is a programming error (validateRanking reports it first)', () => {
    expect(() => rankEntries([{ teamId: 'a', scores: { dice: 1, area_mse: 0 } }], scores, { method: 'rank_sum', tie_break: 'hd95' })).toThrowError(
      /tie_break "hd95"/,
    );
  });
});
