import { describe, expect, it } from 'vitest';
import { computeLeaderboard } from '../src/leaderboard/compute-leaderboard.js';
import { aTeam, aucTask, sarcopeniaTask, scoredOn, splits } from './builders.js';

// Sarcopenia 2019: points = rank on Dice + rank on area MSE, lowest sum wins, ties to the better Dice rank.
describe('multi-score task ranked by rank sum', () => {
  const [alpha, bravo, charlie, delta] = ['alpha', 'bravo', 'charlie', 'delta'].map((s) => aTeam(s));
  const sub = (team: ReturnType<typeof aTeam>, time: string, dice: number, mse: number, id?: string) =>
    scoredOn(team, time, { dice: splits(dice), area_mse: splits(mse) }, id);

  it('adds the ranks of each score and breaks equal sums on the Dice rank', () => {
    const board = computeLeaderboard({
      scoring: sarcopeniaTask(),
      teams: [delta, charlie, bravo, alpha],
      submissions: [sub(alpha, '13:10', 0.9, 30), sub(bravo, '13:11', 0.85, 20), sub(charlie, '13:12', 0.8, 10), sub(delta, '13:13', 0.7, 40)],
      split: 'public',
      asOf: null,
    });
    // Every one of alpha, bravo, charlie has 4 points; Dice ranks 1, 2, 3 decide.
    expect(board.rows.map((r) => [r.team.slug, r.rank, r.points, r.scoreRanks])).toEqual([
      ['alpha', 1, 4, { dice: 1, area_mse: 3 }],
      ['bravo', 2, 4, { dice: 2, area_mse: 2 }],
      ['charlie', 3, 4, { dice: 3, area_mse: 1 }],
      ['delta', 4, 8, { dice: 4, area_mse: 4 }],
    ]);
    expect(board.rows[0].scores).toEqual({ dice: 0.9, area_mse: 30 });
  });

  it('best picks the submission with the best tie-break score (Dice), last picks the latest', () => {
    const submissions = [sub(alpha, '13:10', 0.9, 30, 'a-dice'), sub(alpha, '13:20', 0.88, 5, 'a-area'), sub(bravo, '13:15', 0.85, 20, 'b')];
    const best = computeLeaderboard({ scoring: sarcopeniaTask(), teams: [alpha, bravo], submissions, split: 'public', asOf: null });
    expect(best.rows.find((r) => r.team.slug === 'alpha')?.bestSubmissionId).toBe('a-dice');
    const last = computeLeaderboard({ scoring: sarcopeniaTask({ policy: 'last' }), teams: [alpha, bravo], submissions, split: 'public', asOf: null });
    expect(last.rows.find((r) => r.team.slug === 'alpha')?.bestSubmissionId).toBe('a-area');
    expect(last.rows.map((r) => [r.team.slug, r.rank, r.points])).toEqual([
      ['alpha', 1, 2],
      ['bravo', 2, 4],
    ]);
  });

  it('without a tie_break, best uses the first score and breaks equal firsts on the next score', () => {
    const task = sarcopeniaTask({ ranking: { method: 'rank_sum' }, scores: [{ name: 'area_mse', direction: 'lower' }, { name: 'dice', direction: 'higher' }] });
    const board = computeLeaderboard({
      scoring: task,
      teams: [alpha],
      submissions: [sub(alpha, '13:10', 0.7, 10, 'worse-dice'), sub(alpha, '13:20', 0.8, 10, 'better-dice'), sub(alpha, '13:30', 0.99, 11, 'worse-mse')],
      split: 'public',
      asOf: null,
    });
    expect(board.rows[0].bestSubmissionId).toBe('better-dice');
  });

  it('gives no points nor score ranks on a single-score task', () => {
    const board = computeLeaderboard({
      scoring: aucTask(),
      teams: [alpha],
      submissions: [scoredOn(alpha, '13:10', { auc: splits(0.8) })],
      split: 'public',
      asOf: null,
    });
    expect(board.rows[0].points).toBeNull();
    expect(board.rows[0].scoreRanks).toBeUndefined();
  });
});

describe('a misconfigured task still gives a board', () => {
  const alpha = aTeam('alpha');

  it('ignores a tie_break that names no score (the bundle validator reports it)', () => {
    const task = sarcopeniaTask({ ranking: { method: 'rank_sum', tie_break: 'dcie' } });
    const board = computeLeaderboard({
      scoring: task,
      teams: [alpha],
      submissions: [scoredOn(alpha, '13:10', { dice: splits(0.8), area_mse: splits(10) })],
      split: 'public',
      asOf: null,
    });
    expect(board.rows[0]).toMatchObject({ rank: 1, points: 2 });
  });

  it('leaves every team unranked on a task without scores', () => {
    const board = computeLeaderboard({
      scoring: aucTask({ scores: [] }),
      teams: [alpha],
      submissions: [scoredOn(alpha, '13:10', { auc: splits(0.8) })],
      split: 'public',
      asOf: null,
    });
    expect(board.rows.map((r) => [r.rank, r.submissions])).toEqual([[null, 1]]);
  });
});
