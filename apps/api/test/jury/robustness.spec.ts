// Statistical ties: GET .../tasks/:task/robustness bootstraps the final (private) ranking from the
// counted submissions' stored files. Reproducible from its seed; identical predictions are tied;
// a clearly better team is not tied with a clearly worse one; jury-only; bad parameters are 422.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JuryBoardResponse, RobustnessResponse } from '@podium/contracts';
import { predictions } from '../submissions/round-seed.js';
import { createJuryHarness, type JuryHarness } from './jury-harness.js';
import { wireBody } from '../helpers/wire-shape.js';

let h: JuryHarness;
const path = (query = '', task = 'lung', event = 'round') => `/api/jury/events/${event}/tasks/${task}/robustness${query}`;
const get = async (query: string): Promise<RobustnessResponse> => wireBody('RobustnessResponse', (await request(h.t.server).get(path(query)).set(h.bearer(h.sessions.juror)).expect(200)).body);
/** Everything but the wall-clock fields. */
const figures = ({ computedAt: _at, durationMs: _ms, ...rest }: RobustnessResponse) => rest;

beforeAll(async () => {
  // 200 cases, 100 of them private: a perfect team, two with the same file, a poor one.
  h = await createJuryHarness({ teams: 4, cases: 200 });
  await h.submit(0, predictions(h.round, { salt: 1 })).expect(202);
  await h.submit(1, predictions(h.round, { flip: 25 })).expect(202);
  await h.submit(2, predictions(h.round, { flip: 25 })).expect(202);
  await h.submit(3, predictions(h.round, { flip: 70 })).expect(202);
  await h.settle();
}, 90_000);
afterAll(async () => {
  await h.t.close();
});

describe('robustness (statistical ties)', () => {
  it('bootstraps the final ranking: intervals, neighbours, the identical pair tied, the clear gaps not', async () => {
    const r = await get('?resamples=400&seed=7');
    expect(r).toMatchObject({ event: 'round', task: 'lung', split: 'private', resamples: 400, seed: 7, threshold: 0.95, top: 10, cases: 100, primaryScore: 'auc' });
    const board = (await request(h.t.server).get('/api/jury/events/round/tasks/lung/board').set(h.bearer(h.sessions.juror)).expect(200)).body as JuryBoardResponse;
    // Same teams, order, ranks and point scores as the jury board's private split.
    const ranked = board.rows.filter((row) => row.ranks.private !== null);
    expect(r.teams.map((t) => [t.team.slug, t.rank, t.score])).toEqual(ranked.map((row) => [row.team.slug, row.ranks.private, row.scores.private.auc]));
    expect(r.teams.map((t) => t.team.slug)).toEqual(['team-01', 'team-02', 'team-03', 'team-04']);
    expect(r.teams.map((t) => t.rank)).toEqual([1, 2, 2, 4]);

    const [best, twinA, twinB, worst] = r.teams;
    // A perfect ranking stays perfect on any resample.
    expect(best!.interval).toEqual({ low: 1, high: 1 });
    expect(best!.ranks).toEqual({ low: 1, high: 1 });
    // The same file gives the same score on every resample, so the same interval.
    expect(twinA!.interval).toEqual(twinB!.interval);
    for (const t of [twinA!, twinB!, worst!]) {
      expect(t.interval.low!).toBeLessThan(t.interval.high!);
      expect(t.interval.low!).toBeLessThanOrEqual(t.score!);
      expect(t.interval.high!).toBeGreaterThanOrEqual(t.score!);
      expect(t.undefinedResamples).toBe(0);
    }
    expect(twinA!.interval.low!).toBeGreaterThan(worst!.interval.high!);
    expect(twinA!.submission).not.toBe(twinB!.submission);
    expect(twinA!.points).toBeNull();

    expect(r.neighbours).toEqual([
      { upper: 'team-01', lower: 'team-02', orderHolds: 1, tied: false },
      // Tied on every resample: never strictly ahead.
      { upper: 'team-02', lower: 'team-03', orderHolds: 0, tied: true },
      { upper: 'team-03', lower: 'team-04', orderHolds: 1, tied: false },
    ]);
    expect(r.tiedGroups).toEqual([['team-02', 'team-03']]);
  });

  it('is reproducible from its seed; another seed gives other figures', async () => {
    const a = await get('?resamples=300&seed=42');
    const again = await get('?resamples=300&seed=42');
    const other = await get('?resamples=300&seed=43');
    expect(figures(again)).toEqual(figures(a));
    expect(other.seed).toBe(43);
    expect(other.teams.map((t) => t.interval)).not.toEqual(a.teams.map((t) => t.interval));
    // What is decided by the data alone does not move with the seed.
    expect(other.tiedGroups).toEqual(a.tiedGroups);
  });

  it('uses the defaults (1000 resamples, seed 1, threshold 0.95) and honours a threshold', async () => {
    const r = await get('');
    expect(r).toMatchObject({ resamples: 1000, seed: 1, threshold: 0.95 });
    // A threshold of 1 still ties nobody whose order always holds.
    const strict = await get('?resamples=50&threshold=1');
    expect(strict.threshold).toBe(1);
    expect(strict.tiedGroups).toEqual([['team-02', 'team-03']]);
  });

  it('answers 422 naming the parameter and its range', async () => {
    const bad: [string, string, RegExp][] = [
      ['?resamples=0', 'resamples', /1 to 10000/],
      ['?resamples=10001', 'resamples', /1 to 10000/],
      ['?resamples=abc', 'resamples', /integer/],
      ['?resamples=1.5', 'resamples', /integer/],
      ['?seed=-1', 'seed', /0 to 4294967295/],
      ['?seed=4294967296', 'seed', /0 to 4294967295/],
      ['?seed=x', 'seed', /integer/],
      ['?threshold=0', 'threshold', /above 0 and at most 1/],
      ['?threshold=1.5', 'threshold', /above 0 and at most 1/],
      ['?threshold=high', 'threshold', /decimal/],
      ['?seed=1&seed=2', 'seed', /integer/],
    ];
    for (const [query, name, message] of bad) {
      const res = await request(h.t.server).get(path(query)).set(h.bearer(h.sessions.juror)).expect(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.problems, query).toEqual([expect.objectContaining({ code: `query.${name}`, path: name })]);
      expect(res.body.detail).toMatch(message);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('is for this event\'s jury only, and 404 on an unknown task', async () => {
    await request(h.t.server).get(path()).expect(401);
    await request(h.t.server).get(path()).set(h.auth(0)).expect(401);
    await request(h.t.server).get(path()).set(h.bearer(h.sessions.other)).expect(403);
    const missing = await request(h.t.server).get(path('', 'nope')).set(h.bearer(h.sessions.chair)).expect(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });

  it('answers an empty but valid result for a task without scored submissions', async () => {
    const res = await request(h.t.server).get(path('?seed=3', 'brain', 'other')).set(h.bearer(h.sessions.other)).expect(200);
    expect(figures(res.body as RobustnessResponse)).toEqual({
      event: 'other',
      task: 'brain',
      split: 'private',
      resamples: 1000,
      seed: 3,
      threshold: 0.95,
      top: 10,
      cases: 0,
      primaryScore: 'auc',
      teams: [],
      neighbours: [],
      tiedGroups: [],
    });
  });

  it('documents the route in OpenAPI', async () => {
    const paths = (await request(h.t.server).get('/api/docs-json').expect(200)).body.paths as Record<string, Record<string, { parameters?: { name: string }[] }>>;
    const route = paths['/api/jury/events/{event}/tasks/{task}/robustness']!;
    expect(Object.keys(route)).toEqual(['get']);
    expect(route.get!.parameters!.map((p) => p.name).sort()).toEqual(['event', 'resamples', 'seed', 'task', 'threshold']);
  });
});
