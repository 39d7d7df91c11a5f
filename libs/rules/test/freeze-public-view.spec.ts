import { describe, expect, it } from 'vitest';
import type { RoundSubmission, RoundTruth } from '../src/model/round.js';
import { leaderboardChanged } from '../src/history/rank-history.js';
import { PUBLIC } from '../src/visibility/audience.js';
import { visibleLeaderboard } from '../src/visibility/visible-leaderboard.js';
import { visibleSubmission } from '../src/visibility/visible-submission.js';
import { visibleTaskState } from '../src/visibility/visible-task-state.js';
import { aRound, aSubmission, aTeam, at, aucTask, scoredOn, splits } from './builders.js';

// A round frozen at 14:40. Post-freeze values are distinctive, so finding them in the bytes is a leak.
const [alpha, bravo, charlie, delta] = ['alpha', 'bravo', 'charlie', 'delta'].map((s) => aTeam(s));
const task = aucTask();
const now = at('14:58');

const preFreeze: RoundSubmission[] = [
  scoredOn(alpha, '13:30', { auc: splits(0.8, 0.6111) }, 'pre-a1'),
  scoredOn(bravo, '13:45', { auc: splits(0.75, 0.6222) }, 'pre-b1'),
  aSubmission({ id: 'pre-c1', team: charlie, at: at('14:10'), status: 'rejected' }),
  scoredOn(alpha, '14:39:59.999', { auc: splits(0.82, 0.6333) }, 'pre-a2'),
  // At exactly freeze_at: still on the frozen board.
  scoredOn(bravo, '14:40:00.000', { auc: splits(0.79, 0.6444) }, 'pre-b2'),
];

const POST_TIMES = ['14:40:00.001', '14:45:00.000', '14:50:00.000', '14:52:00.000', '14:55:00.000'];
/** Post-freeze activity; `outcome` lets a test vary what became of it. */
function postFreeze(outcome: 'as-happened' | 'all-rejected' | 'all-scored-high'): RoundSubmission[] {
  const shapes = [
    { id: 'post-1', team: bravo, time: POST_TIMES[0], status: 'scored' as const, auc: 0.9731 },
    { id: 'post-2', team: charlie, time: POST_TIMES[1], status: 'scored' as const, auc: 0.9517 },
    { id: 'post-3', team: delta, time: POST_TIMES[2], status: 'rejected' as const, auc: 0 },
    { id: 'post-4', team: delta, time: POST_TIMES[3], status: 'failed' as const, auc: 0 },
    { id: 'post-5', team: alpha, time: POST_TIMES[4], status: 'scoring' as const, auc: 0 },
  ];
  return shapes.map((s) => {
    const status = outcome === 'all-rejected' ? 'rejected' : outcome === 'all-scored-high' ? 'scored' : s.status;
    const auc = outcome === 'all-scored-high' ? 0.9999 : s.auc;
    return aSubmission({ id: s.id, team: s.team, at: at(s.time), status, scores: status === 'scored' ? { auc: splits(auc, 0.5555) } : null });
  });
}

const round = (outcome: Parameters<typeof postFreeze>[0] = 'as-happened'): RoundTruth =>
  aRound(task, [alpha, bravo, charlie, delta], [...preFreeze, ...postFreeze(outcome)]);

describe('public view during the freeze', () => {
  it('ranks, scores, counts and last times are those at freeze_at', () => {
    const board = visibleLeaderboard(round(), PUBLIC, now);
    expect(board).toMatchObject({ frozen: true, frozenAt: at('14:40').toISOString(), split: 'public' });
    expect(board.rows.map((r) => [r.team.slug, r.rank, r.scores.auc, r.submissions, r.lastSubmissionAt])).toEqual([
      ['alpha', 1, 0.82, 2, at('14:39:59.999').toISOString()],
      ['bravo', 2, 0.79, 2, at('14:40').toISOString()],
      ['charlie', null, null, 0, null],
      ['delta', null, null, 0, null],
    ]);
  });

  it('carries no post-freeze score, private score, time or internal id in its bytes', () => {
    const bytes = JSON.stringify(visibleLeaderboard(round(), PUBLIC, now));
    for (const leak of ['0.9731', '0.9517', '0.5555', '0.6111', '0.6333', '0.6444', 'post-', 'pre-', 'id-', 'bestSubmissionId', 'teamId']) {
      expect(bytes).not.toContain(leak);
    }
    for (const time of POST_TIMES) expect(bytes).not.toContain(at(time).toISOString());
  });

  it('is byte-identical whatever happened after the freeze (scored high, rejected, failed, still scoring)', () => {
    const states = (['as-happened', 'all-rejected', 'all-scored-high'] as const).map((o) => JSON.stringify(visibleTaskState(round(o), PUBLIC, now)));
    expect(states[1]).toBe(states[0]);
    expect(states[2]).toBe(states[0]);
  });

  it('shows a post-freeze submission only as received after the freeze: team and time, nothing else', () => {
    const state = visibleTaskState(round(), PUBLIC, now);
    const after = state.recentSubmissions.filter((s) => s.afterFreeze);
    expect(after.map((s) => s.submissionId).sort()).toEqual(['post-1', 'post-2', 'post-3', 'post-4', 'post-5']);
    for (const s of after) {
      expect(Object.keys(s).sort()).toEqual(['afterFreeze', 'outcome', 'receivedAt', 'scores', 'settledAt', 'submissionId', 'task', 'team']);
      expect(s).toMatchObject({ outcome: 'pending', settledAt: null, scores: null, afterFreeze: true });
    }
    expect(JSON.stringify(state)).not.toMatch(/0\.9731|0\.9517|0\.5555|problems|counted|splitScores/);
  });

  it('still resolves pre-freeze submissions, with their public score only', () => {
    const truth = round();
    const view = visibleSubmission(truth, truth.submissions.find((s) => s.id === 'pre-b2')!, PUBLIC, now);
    expect(view).toEqual({
      submissionId: 'pre-b2',
      team: 'bravo',
      task: 'lung',
      receivedAt: at('14:40').toISOString(),
      outcome: 'scored',
      settledAt: at('14:40:01.500').toISOString(),
      scores: { auc: 0.79 },
      afterFreeze: false,
    });
  });

  it('gives the feed no reason to send a frame when a post-freeze submission is scored', () => {
    const before = aRound(task, [alpha, bravo, charlie, delta], [...preFreeze, ...postFreeze('as-happened').map((s) => ({ ...s, status: 'queued' as const, scores: null }))]);
    const prev = visibleLeaderboard(before, PUBLIC, now);
    const next = visibleLeaderboard(round(), PUBLIC, now, { previous: prev });
    expect(leaderboardChanged(prev, next, { includeActivity: true })).toBe(false);
    expect(next.movements).toEqual({ up: [], down: [], newLeader: null });
  });

  it('moves the frozen board when a pre-freeze submission is scored during the freeze', () => {
    const pending = round().submissions.map((s) => (s.id === 'pre-b2' ? { ...s, status: 'scoring' as const, scores: null } : s));
    const prev = visibleLeaderboard(aRound(task, [alpha, bravo, charlie, delta], pending), PUBLIC, now);
    const next = visibleLeaderboard(round(), PUBLIC, now, { previous: prev });
    expect(leaderboardChanged(prev, next)).toBe(true);
    expect(next.rows[1]).toMatchObject({ team: { slug: 'bravo' }, scores: { auc: 0.79 } });
  });

  it('is live before freeze_at, and at freeze_at itself', () => {
    const live = visibleLeaderboard(round(), PUBLIC, at('14:40'));
    expect(live.frozen).toBe(false);
    expect(visibleLeaderboard(round(), PUBLIC, at('14:40:00.001')).frozen).toBe(true);
  });
});

describe('a freeze instant that is not a valid date', () => {
  it('hides every submission from the public rather than none', () => {
    const broken = aRound(aucTask({ freezeAt: new Date('garbage') }), [alpha, bravo], preFreeze);
    const board = visibleLeaderboard(broken, PUBLIC, now);
    expect(board).toMatchObject({ frozen: true, frozenAt: null });
    expect(board.rows.map((r) => [r.rank, r.submissions, r.lastSubmissionAt])).toEqual([
      [null, 0, null],
      [null, 0, null],
    ]);
  });
});
