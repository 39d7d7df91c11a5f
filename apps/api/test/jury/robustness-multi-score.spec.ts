// Statistical ties on a multi-score task (AUC + MSE ranked by rank sum, ties broken on AUC): the
// bootstrap ranks every resample with the same rule and gives the points their interval.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JuryBoardResponse, RobustnessResponse } from '@podium/contracts';
import { predictions } from '../submissions/round-seed.js';
import { createJuryHarness, type JuryHarness } from './jury-harness.js';

describe('robustness of a multi-score task (rank sum, tie-break on AUC)', () => {
  let m: JuryHarness;
  beforeAll(async () => {
    m = await createJuryHarness({ teams: 3, cases: 80, scoring: 'auc+mse' });
    await m.submit(0, predictions(m.round, { salt: 1 })).expect(202);
    await m.submit(1, predictions(m.round, { flip: 8 })).expect(202);
    await m.submit(2, predictions(m.round, { flip: 20 })).expect(202);
    await m.settle();
  }, 90_000);
  afterAll(async () => {
    await m.t.close();
  });

  it('gives every score and the points an interval; ranks and points are the board\'s', async () => {
    const r = (await request(m.t.server).get('/api/jury/events/round/tasks/lung/robustness?resamples=200&seed=9').set(m.bearer(m.sessions.chair)).expect(200)).body as RobustnessResponse;
    const board = (await request(m.t.server).get('/api/jury/events/round/tasks/lung/board').set(m.bearer(m.sessions.chair)).expect(200)).body as JuryBoardResponse;
    expect(r.primaryScore).toBe('auc');
    expect(r.teams.map((t) => [t.team.slug, t.rank, t.points?.value, t.scores.mse!.value])).toEqual(
      board.rows.filter((row) => row.ranks.private !== null).map((row) => [row.team.slug, row.ranks.private, row.points.private, row.scores.private.mse]),
    );
    for (const t of r.teams) {
      expect(Object.keys(t.scores).sort()).toEqual(['auc', 'mse']);
      expect(t.points!.interval.low!).toBeLessThanOrEqual(t.points!.interval.high!);
      expect(t.scores.mse!.interval.low!).toBeLessThanOrEqual(t.scores.mse!.value!);
      expect(t.scores.mse!.interval.high!).toBeGreaterThanOrEqual(t.scores.mse!.value!);
    }
    // The perfect team wins both scores on every resample: 2 points, first every time.
    expect(r.teams[0]).toMatchObject({ team: { slug: 'team-01' }, points: { value: 2, interval: { low: 2, high: 2 } }, ranks: { low: 1, high: 1 } });
    expect(r.neighbours[0]).toMatchObject({ upper: 'team-01', orderHolds: 1, tied: false });
  });
});
