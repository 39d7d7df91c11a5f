import { describe, expect, it } from 'vitest';
import { computeLeaderboard } from '../src/leaderboard/compute-leaderboard.js';
import { leaderboardChanged, movements } from '../src/history/rank-history.js';
import { aSubmission, aTeam, at, aucTask, scoredOn, splits } from './builders.js';

const [alpha, bravo, charlie, delta] = ['alpha', 'bravo', 'charlie', 'delta'].map((s) => aTeam(s));
const teams = [alpha, bravo, charlie, delta];
const early = [
  scoredOn(alpha, '13:10', { auc: splits(0.9) }),
  scoredOn(bravo, '13:20', { auc: splits(0.8) }),
  scoredOn(charlie, '13:30', { auc: splits(0.7) }),
];
const board = (subs: ReturnType<typeof scoredOn>[], previous?: ReturnType<typeof computeLeaderboard>) =>
  computeLeaderboard({ scoring: aucTask(), teams, submissions: subs, split: 'public', asOf: null, previous });

describe('movements between two boards', () => {
  const prev = board(early);
  const next = board([...early, scoredOn(bravo, '13:40', { auc: splits(0.95) }), scoredOn(delta, '13:50', { auc: splits(0.75) })], prev);

  it('marks who went up, down, stayed, or entered, and the new leader', () => {
    expect(next.rows.map((r) => [r.team.slug, r.rank, r.movement])).toEqual([
      ['bravo', 1, { kind: 'up', previousRank: 2, places: 1 }],
      ['alpha', 2, { kind: 'down', previousRank: 1, places: -1 }],
      ['delta', 3, { kind: 'new', previousRank: null, places: 0 }],
      ['charlie', 4, { kind: 'down', previousRank: 3, places: -1 }],
    ]);
    expect(next.movements).toEqual({
      up: [
        { team: 'bravo', from: 2, to: 1 },
        { team: 'delta', from: null, to: 3 },
      ],
      down: [
        { team: 'alpha', from: 1, to: 2 },
        { team: 'charlie', from: 3, to: 4 },
      ],
      newLeader: { team: 'bravo', previous: 'alpha' },
    });
    expect(next.leaderChanged).toBe(true);
  });

  it('reports no new leader when the leader keeps the lead', () => {
    const same = board([...early, scoredOn(charlie, '13:40', { auc: splits(0.85) })], prev);
    expect(same.leaderChanged).toBe(false);
    expect(movements(prev, same).up).toEqual([{ team: 'charlie', from: 3, to: 2 }]);
  });

  it('counts a newcomer tying the leader as a new (co-)leader', () => {
    const tie = board([...early, scoredOn(delta, '13:40', { auc: splits(0.9) })], prev);
    expect(tie.rows.slice(0, 2).map((r) => [r.team.slug, r.rank])).toEqual([
      ['alpha', 1],
      ['delta', 1],
    ]);
    expect(tie.movements.newLeader).toEqual({ team: 'delta', previous: 'alpha' });
  });
});

describe('leaderboardChanged (when a rank-history snapshot or a frame is due)', () => {
  const prev = board(early);

  it('is false for the same board, true without a previous one', () => {
    expect(leaderboardChanged(prev, board(early))).toBe(false);
    expect(leaderboardChanged(null, prev)).toBe(true);
  });

  it('is true when a score changes without any change of order', () => {
    expect(leaderboardChanged(prev, board([...early, scoredOn(alpha, '13:40', { auc: splits(0.91) })]))).toBe(true);
  });

  it('ignores a new queued submission unless asked for activity', () => {
    const busier = computeLeaderboard({
      scoring: aucTask(),
      teams,
      submissions: [...early, aSubmission({ team: delta, at: at('13:45') })],
      split: 'public',
      asOf: null,
    });
    expect(leaderboardChanged(prev, busier)).toBe(false);
    expect(leaderboardChanged(prev, busier, { includeActivity: true })).toBe(true);
  });
});
