import { describe, expect, it } from 'vitest';
import { JURY, PUBLIC, teamAudience } from '../src/visibility/audience.js';
import { visibleLeaderboard } from '../src/visibility/visible-leaderboard.js';
import { visibleSubmission } from '../src/visibility/visible-submission.js';
import { visibleTaskClock, visibleTaskState } from '../src/visibility/visible-task-state.js';
import { REVEALED } from './builders.js';
import { bravo, frozenRound, lookedAt } from './round-fixture.js';

describe('the jury sees everything', () => {
  const truth = frozenRound();

  it('gets the live board, with the internal links', () => {
    const board = visibleLeaderboard(truth, JURY, lookedAt);
    expect(board.rows.map((r) => [r.team.slug, r.rank, r.scores.auc, r.bestSubmissionId, r.teamId])).toEqual([
      ['bravo', 1, 0.9731, 'b2', 'id-bravo'],
      ['charlie', 2, 0.9517, 'c1', 'id-charlie'],
      ['alpha', 3, 0.8, 'a1', 'id-alpha'],
    ]);
  });

  it('can rank on the private split, best still chosen on public scores', () => {
    const board = visibleLeaderboard(truth, JURY, lookedAt, { split: 'private' });
    expect(board.rows.map((r) => [r.team.slug, r.rank, r.scores.auc])).toEqual([
      ['bravo', 1, 0.8888],
      ['charlie', 2, 0.7777],
      ['alpha', 3, 0.6111],
    ]);
  });

  it('sees private scores and problems of every submission', () => {
    const view = visibleSubmission(truth, truth.submissions.find((s) => s.id === 'c1')!, JURY, lookedAt);
    expect(view).toMatchObject({ outcome: 'scored', scores: { auc: 0.9517 }, splitScores: { auc: { public: 0.9517, private: 0.7777 } }, counted: true });
  });

  it('a split parameter from a non-jury caller is ignored', () => {
    const board = visibleLeaderboard(truth, PUBLIC, lookedAt, { split: 'private' });
    expect(board.split).toBe('public');
    expect(JSON.stringify(board)).not.toContain('0.6111');
  });
});

describe('the ceremony reveal', () => {
  const truth = frozenRound(REVEALED);

  it('publishes the final board: private split, freeze lifted', () => {
    const board = visibleLeaderboard(truth, PUBLIC, lookedAt);
    expect(board).toMatchObject({ frozen: false, frozenAt: null, split: 'private' });
    expect(board.rows.map((r) => [r.team.slug, r.rank, r.scores.auc])).toEqual([
      ['bravo', 1, 0.8888],
      ['charlie', 2, 0.7777],
      ['alpha', 3, 0.6111],
    ]);
    expect(visibleTaskClock(truth.task, truth.reveal, lookedAt)).toMatchObject({ phase: 'final', frozen: false });
  });

  it('can show private scores while keeping the freeze (a step-by-step ceremony)', () => {
    const stepwise = frozenRound({ privateRevealed: true, freezeLifted: false });
    const board = visibleLeaderboard(stepwise, PUBLIC, lookedAt);
    expect(board.rows.map((r) => [r.team.slug, r.rank, r.scores.auc])).toEqual([
      ['bravo', 1, 0.6222],
      ['alpha', 2, 0.6111],
      ['charlie', null, null],
    ]);
  });

  it('before the reveal nobody but the jury sees a private score', () => {
    const hidden = frozenRound();
    for (const audience of [PUBLIC, teamAudience(bravo.id)]) {
      const bytes = JSON.stringify(visibleTaskState(hidden, audience, lookedAt));
      for (const priv of ['0.6111', '0.6222', '0.8888', '0.7777']) expect(bytes).not.toContain(priv);
    }
    expect(JSON.stringify(visibleTaskState(hidden, JURY, lookedAt))).toContain('0.8888');
  });

  it('after the reveal a team sees its own private scores', () => {
    const own = visibleTaskState(truth, teamAudience(bravo.id), lookedAt).own!;
    expect(own.submissions[0].splitScores).toEqual({ auc: { public: 0.9731, private: 0.8888, all: (0.9731 + 0.8888) / 2 } });
  });
});
