import { describe, expect, it } from 'vitest';
import { JURY, PUBLIC, teamAudience } from '../src/visibility/audience.js';
import { visibleRankHistory } from '../src/visibility/visible-rank-history.js';
import { aRound, aTeam, at, aucTask, scoredOn, splits } from './builders.js';
import { bravo, frozenRound, lookedAt } from './round-fixture.js';

describe('rank history', () => {
  const [alpha, charlie] = [aTeam('alpha'), aTeam('charlie')];
  const bravoT = aTeam('bravo');

  it('adds a point only when a rank, score or points change, stamped with received_at', () => {
    const truth = aRound(aucTask({ freezeAt: null }), [alpha, bravoT, charlie], [
      scoredOn(alpha, '13:10', { auc: splits(0.8) }),
      scoredOn(bravoT, '13:20', { auc: splits(0.7) }),
      scoredOn(alpha, '13:25', { auc: splits(0.75) }), // worse than its best: nothing changes
      scoredOn(bravoT, '13:30', { auc: splits(0.85) }),
    ]);
    const history = visibleRankHistory(truth, PUBLIC, at('13:40'));
    expect(history.series.map((s) => [s.team.slug, s.points.map((p) => [p.at.slice(11, 16), p.rank, p.scores.auc])])).toEqual([
      ['bravo', [['13:20', 2, 0.7], ['13:30', 1, 0.85]]],
      ['alpha', [['13:10', 1, 0.8], ['13:30', 2, 0.8]]],
    ]);
  });

  it('stops at the freeze for the public and a team, and goes on for the jury', () => {
    const truth = frozenRound();
    const publicHistory = visibleRankHistory(truth, PUBLIC, lookedAt);
    expect(publicHistory).toMatchObject({ frozen: true, frozenAt: at('14:40').toISOString() });
    const bytes = JSON.stringify(publicHistory);
    expect(bytes).not.toMatch(/0\.9731|0\.9517|14:41|14:45|14:50/);
    expect(JSON.stringify(visibleRankHistory(truth, teamAudience(bravo.id), lookedAt))).toBe(bytes);
    const jury = visibleRankHistory(truth, JURY, lookedAt);
    expect(jury.series[0]).toMatchObject({ team: { slug: 'bravo' } });
    expect(jury.series[0].points.at(-1)).toMatchObject({ at: at('14:41').toISOString(), rank: 1, scores: { auc: 0.9731 } });
  });

  it('keeps the top N of the board in board order', () => {
    expect(visibleRankHistory(frozenRound(), JURY, lookedAt, { top: 2 }).series.map((s) => s.team.slug)).toEqual(['bravo', 'charlie']);
  });
});
