import type { RevealStepData } from '@podium/contracts';
import { describe, expect, it } from 'vitest';
import { BUILDUP_MS, TITLE_MS, placeName, podium, revealPhase } from './ceremony.js';

const step = (over: Partial<RevealStepData>): RevealStepData => ({
  task: 'lung',
  step: 1,
  team: 'a',
  rank: 3,
  scores: { auc: 0.9 },
  ceremony: '7',
  rehearsal: false,
  prize: null,
  place: 3,
  teams: [],
  exAequo: false,
  winner: false,
  last: false,
  ...over,
});

describe('ceremony scene', () => {
  it('builds up to a step that arrived live: title, then 3-2-1, then the team', () => {
    const s = step({});
    const moment = { key: '7/lung/1', at: 1000 };
    expect(revealPhase(moment, s, 1000)).toEqual({ phase: 'buildup', count: null });
    // The screen clock may lag the arrival by a tick: still the start of the build-up.
    expect(revealPhase(moment, s, 900)).toEqual({ phase: 'buildup', count: null });
    expect(revealPhase(moment, s, 1000 + TITLE_MS)).toEqual({ phase: 'buildup', count: 3 });
    expect(revealPhase(moment, s, 1000 + TITLE_MS + 1100)).toEqual({ phase: 'buildup', count: 2 });
    expect(revealPhase(moment, s, 1000 + TITLE_MS + 2100)).toEqual({ phase: 'buildup', count: 1 });
    expect(revealPhase(moment, s, 1000 + BUILDUP_MS)).toEqual({ phase: 'revealed' });
    // From a snapshot (no live moment), or an older step: shown at once.
    expect(revealPhase(null, s, 1000)).toEqual({ phase: 'revealed' });
    expect(revealPhase({ key: '7/lung/2', at: 1000 }, s, 1000)).toEqual({ phase: 'revealed' });
  });

  it('names places in French and English', () => {
    expect(placeName(3, 'fr')).toBe('3e place');
    expect(placeName(1, 'fr')).toBe('1re place');
    expect(placeName(2, 'en')).toBe('2nd place');
  });

  it('puts the whole ranking places 1-3 on the podium, not category prizes', () => {
    const p = podium([
      step({ place: 1, prize: { title: { en: 'S', fr: 'S' }, place: 1, category: 'student' } }),
      step({ step: 2, place: 3 }),
      step({ step: 3, place: 1, winner: true }),
    ]);
    expect([...p.keys()].sort()).toEqual([1, 3]);
    expect(p.get(1)!.winner).toBe(true);
  });
});
