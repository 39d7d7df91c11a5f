import { describe, expect, it } from 'vitest';
import { PUBLIC, teamAudience } from '../src/visibility/audience.js';
import { visibleLeaderboard } from '../src/visibility/visible-leaderboard.js';
import { visibleTaskState } from '../src/visibility/visible-task-state.js';
import { alpha, bravo, frozenRound, lookedAt } from './round-fixture.js';

describe('a team during the freeze', () => {
  const truth = frozenRound();
  const bravoState = visibleTaskState(truth, teamAudience(bravo.id), lookedAt);

  it('sees its own post-freeze score and best, but its rank on the frozen board', () => {
    const own = bravoState.own!;
    expect(own.best).toEqual({ submissionId: 'b2', scores: { auc: 0.9731 } });
    expect(own.submissions.map((s) => [s.submissionId, s.outcome, s.scores, s.afterFreeze, s.counted])).toEqual([
      ['b2', 'scored', { auc: 0.9731 }, true, true],
      ['b1', 'scored', { auc: 0.75 }, false, false],
    ]);
    // Live, bravo would be first; the public board says second, and so does its own rank.
    expect(own.rank).toBe(2);
    expect(own.row).toMatchObject({ rank: 2, scores: { auc: 0.75 }, submissions: 1 });
  });

  it('sees exactly the public board', () => {
    expect(JSON.stringify(bravoState.leaderboard)).toBe(JSON.stringify(visibleLeaderboard(truth, PUBLIC, lookedAt)));
  });

  it("learns nothing of other teams' post-freeze results, nor any private score", () => {
    const bytes = JSON.stringify(bravoState);
    expect(bytes).not.toContain('0.9517');
    for (const priv of ['0.6111', '0.6222', '0.8888', '0.7777']) expect(bytes).not.toContain(priv);
    const charlieSeen = bravoState.recentSubmissions.find((s) => s.submissionId === 'c1');
    expect(charlieSeen).toMatchObject({ outcome: 'pending', scores: null, afterFreeze: true });
  });

  it('sees why its own submission was rejected, and its quota', () => {
    const alphaState = visibleTaskState(truth, teamAudience(alpha.id), lookedAt);
    const rejected = alphaState.own!.submissions.find((s) => s.submissionId === 'a2');
    expect(rejected).toMatchObject({ outcome: 'rejected', counted: false });
    expect(rejected?.problems?.[0]).toMatchObject({ code: 'csv.duplicate_id', line: 12 });
    // 13:30 still holds a slot (120-minute window); the rejected 14:50 upload never counted.
    expect(alphaState.own!.quota).toEqual({
      limit: 3,
      perMinutes: 120,
      used: 1,
      remaining: 2,
      allowed: true,
      nextSlotAt: null,
      retryAfterSeconds: 0,
    });
  });

  it('does not see the rejection of another team after the freeze', () => {
    const a2 = visibleTaskState(truth, teamAudience(bravo.id), lookedAt).recentSubmissions.find((s) => s.submissionId === 'a2');
    expect(a2).toEqual({ submissionId: 'a2', team: 'alpha', task: 'lung', receivedAt: a2?.receivedAt, outcome: 'pending', settledAt: null, scores: null, afterFreeze: true });
  });
});
