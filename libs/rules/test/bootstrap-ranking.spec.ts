// bootstrapRanking: resampled ranks with the boards' rules, intervals, neighbours and tied groups.
// Teams here score the mean of their per-case values on the drawn cases (higher is better).
import { createRng } from '@podium/scoring';
import { describe, expect, it } from 'vitest';
import { bootstrapRanking, type BootstrapTeam, type IndexSource } from '../src/robustness/bootstrap-ranking.js';

const N = 60;
const cases = Uint32Array.from({ length: N }, (_, i) => i);

/** The seeded PRNG as the bootstrap's index source. */
const source = (seed: number): IndexSource => createRng(seed, 'bootstrap test');

const meanOf = (values: number[]) => (indices: Uint32Array) => {
  let sum = 0;
  for (const i of indices) sum += values[i]!;
  return sum / indices.length;
};
const team = (teamId: string, values: number[], name = 'score'): BootstrapTeam => ({ teamId, score: (indices) => ({ [name]: meanOf(values)(indices) }) });
const constant = (v: number) => Array.from({ length: N }, () => v);
/** Values around `level` that vary by case (pattern p), so resampled means spread. */
const noisy = (level: number, p: number) => Array.from({ length: N }, (_, i) => level + (((i * p) % 7) - 3) * 0.02);
const single = { scores: [{ name: 'score', direction: 'higher' as const }] };
const run = (teams: BootstrapTeam[], seed = 1, extra: Partial<Parameters<typeof bootstrapRanking>[0]> = {}) =>
  bootstrapRanking({ scoring: single, teams, cases, resamples: 300, random: source(seed), top: 10, threshold: 0.95, ...extra });

describe('bootstrapRanking', () => {
  it('separates clear gaps and ties identical teams, group by group', () => {
    const twin = noisy(0.7, 3);
    const low = noisy(0.3, 5);
    const r = run([team('a', constant(1)), team('b', twin), team('c', twin), team('d', constant(0.5)), team('e', low), team('f', low)]);
    expect(r.neighbours.map((n) => [n.upper, n.lower, n.orderHolds])).toEqual([
      ['a', 'b', 1],
      ['b', 'c', 0],
      ['c', 'd', 1],
      ['d', 'e', 1],
      ['e', 'f', 0],
    ]);
    expect(r.tiedGroups).toEqual([
      ['b', 'c'],
      ['e', 'f'],
    ]);
    const [a, b, c] = r.teams;
    expect(a!.scores.score).toEqual({ low: 1, high: 1 });
    expect(a!.ranks).toEqual({ low: 1, high: 1 });
    expect(b!.scores.score).toEqual(c!.scores.score);
    expect(b!.scores.score!.low!).toBeLessThan(b!.scores.score!.high!);
    expect(b!.ranks).toEqual({ low: 2, high: 2 });
    expect(b!.points).toBeNull();
  });

  it('chains neighbours: three identical teams are one group', () => {
    const same = noisy(0.6, 2);
    expect(run([team('x', same), team('y', same), team('z', same), team('w', constant(0.1))]).tiedGroups).toEqual([['x', 'y', 'z']]);
  });

  it('a close call holds in some resamples only: tied below the threshold, not below a lower one', () => {
    // Two noisy teams a hair apart: resampling flips their order now and then.
    const ahead = noisy(0.501, 3);
    const behind = noisy(0.5, 4);
    const r = run([team('p', ahead), team('q', behind)]);
    const holds = r.neighbours[0]!.orderHolds;
    expect(holds).toBeGreaterThan(0.05);
    expect(holds).toBeLessThan(0.95);
    expect(r.tiedGroups).toEqual([['p', 'q']]);
    expect(run([team('p', ahead), team('q', behind)], 1, { threshold: holds }).tiedGroups).toEqual([]);
  });

  it('is reproducible from its random source; another source moves the figures', () => {
    const teams = [team('p', noisy(0.52, 3)), team('q', noisy(0.5, 4)), team('r', noisy(0.45, 5))];
    expect(run(teams, 7)).toEqual(run(teams, 7));
    expect(run(teams, 8).teams.map((t) => t.scores)).not.toEqual(run(teams, 7).teams.map((t) => t.scores));
  });

  it('checks neighbours among the top teams only', () => {
    const teams = Array.from({ length: 12 }, (_, i) => team(`t${i}`, constant(1 - i / 20)));
    const r = run(teams, 1, { top: 10, resamples: 20 });
    expect(r.neighbours).toHaveLength(9);
    expect(r.neighbours.at(-1)).toMatchObject({ upper: 't8', lower: 't9', orderHolds: 1 });
    expect(r.teams).toHaveLength(12);
  });

  it('undefined scores rank last on their resample and are counted', () => {
    const flaky: BootstrapTeam = { teamId: 'flaky', score: (indices) => ({ score: indices[0]! % 2 === 0 ? null : 0.75 }) };
    const r = run([flaky, team('steady', constant(0.5))]);
    const summary = r.teams[0]!;
    expect(summary.undefinedResamples).toBeGreaterThan(0);
    expect(summary.undefinedResamples).toBeLessThan(300);
    expect(summary.scores.score).toEqual({ low: 0.75, high: 0.75 });
    expect(r.neighbours[0]!.orderHolds).toBeCloseTo(1 - summary.undefinedResamples / 300, 10);
  });

  it('multi-score tasks: points (rank sum) interval and the rank rule with its tie-break', () => {
    const scoring = { scores: [{ name: 'dice', direction: 'higher' as const }, { name: 'mse', direction: 'lower' as const }], ranking: { method: 'rank_sum' as const, tie_break: 'dice' } };
    const both = (teamId: string, dice: number[], mse: number[]): BootstrapTeam => ({ teamId, score: (i) => ({ dice: meanOf(dice)(i), mse: meanOf(mse)(i) }) });
    // Equal rank sums on every resample (1 + 2 each); the Dice tie-break always favours `d`.
    const r = bootstrapRanking({ scoring, teams: [both('d', constant(0.9), constant(5)), both('m', constant(0.8), constant(1))], cases, resamples: 50, random: source(3), top: 10, threshold: 0.95 });
    expect(r.teams.map((t) => [t.teamId, t.primary, t.points])).toEqual([
      ['d', 'dice', { low: 3, high: 3 }],
      ['m', 'dice', { low: 3, high: 3 }],
    ]);
    expect(r.neighbours[0]!.orderHolds).toBe(1);
    expect(r.tiedGroups).toEqual([]);
  });
});
