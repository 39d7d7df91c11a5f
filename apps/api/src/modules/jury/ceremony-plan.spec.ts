import type { PrizeManifest } from '@podium/contracts';
import type { LeaderboardRow } from '@podium/rules';
import { describe, expect, it } from 'vitest';
import { numberSteps, planTaskSteps } from './ceremony-plan.js';

const row = (slug: string, rank: number | null, auc: number | null, previousRank: number | null, category: string | null = null): LeaderboardRow => ({
  rank,
  team: { slug, name: slug.toUpperCase(), category },
  scores: { auc },
  points: null,
  submissions: 1,
  lastSubmissionAt: null,
  movement: rank === null ? null : previousRank === null ? { kind: 'new', previousRank: null, places: 0 } : { kind: previousRank > rank ? 'up' : previousRank < rank ? 'down' : 'same', previousRank, places: previousRank - rank },
});

// Final ranking 1, 2, 2, 4 (b and c tied), and an unranked team.
const rows = [row('a', 1, 0.9, 2), row('b', 2, 0.8, 1, 'student'), row('c', 2, 0.8, null), row('d', 4, 0.7, 3, 'student'), row('e', null, null, null)];
const title = { en: 'T', fr: 'T' };

describe('planTaskSteps', () => {
  it('without prizes: every place last to first, tied teams in one step, unranked teams nowhere', () => {
    const steps = planTaskSteps('lung', rows, []);
    expect(steps.map((s) => [s.place, s.teams.map((t) => t.team), s.exAequo, s.winner])).toEqual([
      [4, ['d'], false, false],
      [2, ['b', 'c'], true, false],
      [1, ['a'], false, true],
    ]);
    expect(steps[1]!.teams.map((t) => [t.frozenRank, t.movement])).toEqual([
      [1, { kind: 'down', places: -1 }],
      [null, { kind: 'new', places: 0 }],
    ]);
  });

  it('with prizes: category prizes first (ranked within the category), then places high to low; a place a tie took is no step', () => {
    const prizes: PrizeManifest[] = [
      { task: 'lung', places: [1, 2, 3], title },
      { task: 'lung', places: [1, 2], category: 'student', title },
      { task: 'other', places: [1], title },
    ];
    const steps = planTaskSteps('lung', rows, prizes);
    expect(steps.map((s) => [s.prize?.category ?? null, s.place, s.teams.map((t) => t.team)])).toEqual([
      ['student', 2, ['d']],
      ['student', 1, ['b']],
      [null, 2, ['b', 'c']],
      [null, 1, ['a']],
    ]);
    expect(steps.filter((s) => s.winner).map((s) => s.team)).toEqual(['a']);
    const numbered = numberSteps(steps, '9', true);
    expect(numbered.map((s) => [s.step, s.last, s.ceremony, s.rehearsal])).toEqual([
      [1, false, '9', true],
      [2, false, '9', true],
      [3, false, '9', true],
      [4, true, '9', true],
    ]);
  });
});
