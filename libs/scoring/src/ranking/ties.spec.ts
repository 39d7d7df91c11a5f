import { describe, expect, it } from 'vitest';
import { rankEntries } from './rank-entries.js';
import { competitionRanks } from './score-rank.js';

describe('ranking: ties share the best rank ("min": 1, 1, 3)', () => {
  it('competition ranks', () => {
    expect(competitionRanks([0.9, 0.9, 0.7, 0.95], 'higher')).toEqual([2, 2, 4, 1]);
    expect(competitionRanks([3, 1, 1, 2], 'lower')).toEqual([4, 1, 1, 3]);
  });
  it('tied teams share a rank and are listed by team id; the next rank skips', () => {
    const ranked = rankEntries(
      [
        { teamId: 'zeta', scores: { auc: 0.9 } },
        { teamId: 'alpha', scores: { auc: 0.9 } },
        { teamId: 'mid', scores: { auc: 0.8 } },
      ],
      [{ name: 'auc', direction: 'higher' }],
    );
    expect(ranked.map((r) => `${r.rank} ${r.teamId}`)).toEqual(['1 alpha', '1 zeta', '3 mid']);
  });
  it('the result does not depend on the input order', () => {
    const entries = [
      { teamId: 'a', scores: { s: 1 } },
      { teamId: 'b', scores: { s: 3 } },
      { teamId: 'c', scores: { s: 3 } },
      { teamId: 'd', scores: { s: 2 } },
    ];
    const scores = [{ name: 's', direction: 'higher' as const }];
    expect(rankEntries([...entries].reverse(), scores)).toEqual(rankEntries(entries, scores));
  });
});
