import { describe, expect, it } from 'vitest';
import { computeLeaderboard } from '../src/leaderboard/compute-leaderboard.js';
import { aSubmission, aTeam, at, aucTask, mseTask, scoredOn, splits } from './builders.js';

const alpha = aTeam('alpha');
const bravo = aTeam('bravo');

describe('best vs last policy', () => {
  const submissions = [
    scoredOn(alpha, '13:10', { auc: splits(0.81, 0.6) }, 'a1'),
    scoredOn(alpha, '13:20', { auc: splits(0.86, 0.91) }, 'a2'),
    scoredOn(alpha, '13:30', { auc: splits(0.74, 0.95) }, 'a3'),
    scoredOn(bravo, '13:15', { auc: splits(0.8, 0.8) }, 'b1'),
    aSubmission({ team: bravo, at: at('13:40'), status: 'rejected' }),
  ];

  it('best keeps the highest public AUC of each team', () => {
    const board = computeLeaderboard({ scoring: aucTask(), teams: [alpha, bravo], submissions, split: 'public', asOf: null });
    expect(board.rows.map((r) => [r.team.slug, r.rank, r.scores.auc, r.bestSubmissionId])).toEqual([
      ['alpha', 1, 0.86, 'a2'],
      ['bravo', 2, 0.8, 'b1'],
    ]);
  });

  it('last keeps the latest scored submission, even when it is worse', () => {
    const board = computeLeaderboard({ scoring: aucTask({ policy: 'last' }), teams: [alpha, bravo], submissions, split: 'public', asOf: null });
    expect(board.rows.map((r) => [r.team.slug, r.rank, r.scores.auc, r.bestSubmissionId])).toEqual([
      ['bravo', 1, 0.8, 'b1'],
      ['alpha', 2, 0.74, 'a3'],
    ]);
  });

  it('best is judged on the public split even on the private board (no cherry-picking hidden scores)', () => {
    const board = computeLeaderboard({ scoring: aucTask(), teams: [alpha, bravo], submissions, split: 'private', asOf: null });
    // a2 is alpha's best public submission: its private 0.91 is shown, not a3's private 0.95.
    expect(board.rows.map((r) => [r.team.slug, r.scores.auc, r.bestSubmissionId])).toEqual([
      ['alpha', 0.91, 'a2'],
      ['bravo', 0.8, 'b1'],
    ]);
  });

  it('best on a lower-is-better score keeps the smallest error; a repeat of the same score keeps the earlier one', () => {
    const sep = mseTask();
    const board = computeLeaderboard({
      scoring: sep,
      teams: [alpha],
      submissions: [
        scoredOn(alpha, '13:10', { mse: splits(2.5) }, 'a1'),
        scoredOn(alpha, '13:20', { mse: splits(1.25) }, 'a2'),
        scoredOn(alpha, '13:30', { mse: splits(1.25) }, 'a3'),
      ],
      split: 'public',
      asOf: null,
    });
    expect(board.rows[0]).toMatchObject({ rank: 1, scores: { mse: 1.25 }, bestSubmissionId: 'a2' });
  });

  it('counts only submissions that count against the quota, and shows the latest of them', () => {
    const board = computeLeaderboard({ scoring: aucTask(), teams: [alpha, bravo], submissions, split: 'public', asOf: null });
    const bravoRow = board.rows.find((r) => r.team.slug === 'bravo');
    expect(bravoRow).toMatchObject({ submissions: 1, lastSubmissionAt: at('13:15').toISOString() });
    expect(board.rows[0]).toMatchObject({ submissions: 3, lastSubmissionAt: at('13:30').toISOString() });
  });

  it('lists teams with no scored submission after the ranked ones, unranked, in slug order', () => {
    const charlie = aTeam('charlie');
    const zulu = aTeam('zulu');
    const board = computeLeaderboard({
      scoring: aucTask(),
      teams: [zulu, charlie, bravo],
      submissions: [...submissions, aSubmission({ team: charlie, at: at('13:50') })],
      split: 'public',
      asOf: null,
    });
    expect(board.rows.map((r) => [r.team.slug, r.rank, r.scores.auc, r.submissions, r.movement])).toEqual([
      ['bravo', 1, 0.8, 1, { kind: 'new', previousRank: null, places: 0 }],
      ['charlie', null, null, 1, null],
      ['zulu', null, null, 0, null],
    ]);
  });

  it('leaves unranked a team whose only score is missing on the split shown', () => {
    const board = computeLeaderboard({
      scoring: aucTask(),
      teams: [alpha],
      submissions: [scoredOn(alpha, '13:10', { auc: splits(0.8, null) })],
      split: 'private',
      asOf: null,
    });
    expect(board.rows[0]).toMatchObject({ rank: null, scores: { auc: null }, bestSubmissionId: null });
  });
});
