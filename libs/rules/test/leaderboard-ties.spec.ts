import { describe, expect, it } from 'vitest';
import { computeLeaderboard } from '../src/leaderboard/compute-leaderboard.js';
import { aTeam, aucTask, scoredOn, splits } from './builders.js';

describe('ties share the best rank', () => {
  const [alpha, bravo, charlie, delta] = ['alpha', 'bravo', 'charlie', 'delta'].map((s) => aTeam(s));

  it('ranks 0.9, 0.8, 0.8, 0.7 as 1, 2, 2, 4, tied teams in the order they reached the score', () => {
    const board = computeLeaderboard({
      scoring: aucTask(),
      teams: [alpha, bravo, charlie, delta],
      submissions: [
        scoredOn(delta, '13:05', { auc: splits(0.7) }),
        scoredOn(charlie, '13:10', { auc: splits(0.8) }),
        scoredOn(bravo, '13:20', { auc: splits(0.8) }),
        scoredOn(alpha, '13:30', { auc: splits(0.9) }),
      ],
      split: 'public',
      asOf: null,
    });
    expect(board.rows.map((r) => [r.rank, r.team.slug])).toEqual([
      [1, 'alpha'],
      [2, 'charlie'],
      [2, 'bravo'],
      [4, 'delta'],
    ]);
  });

  it('ranks 0.9, 0.9, 0.8 as 1, 1, 3', () => {
    const board = computeLeaderboard({
      scoring: aucTask(),
      teams: [alpha, bravo, charlie],
      submissions: [scoredOn(bravo, '13:10', { auc: splits(0.9) }), scoredOn(alpha, '13:20', { auc: splits(0.9) }), scoredOn(charlie, '13:05', { auc: splits(0.8) })],
      split: 'public',
      asOf: null,
    });
    expect(board.rows.map((r) => [r.rank, r.team.slug])).toEqual([
      [1, 'bravo'],
      [1, 'alpha'],
      [3, 'charlie'],
    ]);
  });

  it('ranks a three-way tie for first as 1, 1, 1, 4', () => {
    const board = computeLeaderboard({
      scoring: aucTask(),
      teams: [alpha, bravo, charlie, delta],
      submissions: [alpha, bravo, charlie].map((t) => scoredOn(t, '13:10', { auc: splits(0.85) })).concat(scoredOn(delta, '13:11', { auc: splits(0.5) })),
      split: 'public',
      asOf: null,
    });
    expect(board.rows.map((r) => r.rank)).toEqual([1, 1, 1, 4]);
    expect(board.movements.newLeader).toEqual({ team: 'alpha', previous: null });
  });
});
