import { describe, expect, it } from 'vitest';
import { JURY, PUBLIC, teamAudience } from '../src/visibility/audience.js';
import { visibleReceivedData, visibleScoredData, visibleSettledData } from '../src/visibility/visible-feed-data.js';
import { at } from './builders.js';
import { alpha, bravo, charlie, frozenRound, lookedAt } from './round-fixture.js';

describe('feed payloads about a submission during the freeze', () => {
  const truth = frozenRound();
  const byId = (id: string) => truth.submissions.find((s) => s.id === id)!;

  it('tells everyone a post-freeze submission was received: team and time only', () => {
    expect(visibleReceivedData(truth, byId('b2'))).toEqual({ submissionId: 'b2', team: 'bravo', task: 'lung', receivedAt: at('14:41').toISOString() });
  });

  it('sends no settle event at all to the public or another team for a post-freeze submission', () => {
    for (const id of ['b2', 'c1', 'a2']) {
      expect(visibleSettledData(truth, byId(id), PUBLIC, lookedAt)).toBeNull();
    }
    expect(visibleSettledData(truth, byId('c1'), teamAudience(alpha.id), lookedAt)).toBeNull();
    expect(visibleScoredData(truth, byId('c1'), PUBLIC, lookedAt)).toBeNull();
    expect(visibleScoredData(truth, byId('c1'), teamAudience(bravo.id), lookedAt)).toBeNull();
  });

  it('gives the owning team and the jury the full result', () => {
    expect(visibleScoredData(truth, byId('c1'), teamAudience(charlie.id), lookedAt)).toEqual({
      submissionId: 'c1',
      team: 'charlie',
      task: 'lung',
      receivedAt: at('14:45').toISOString(),
      settledAt: at('14:45:01.500').toISOString(),
      outcome: 'scored',
      scores: { auc: 0.9517 },
      problemCount: 0,
      counted: true,
    });
    expect(visibleScoredData(truth, byId('a2'), JURY, lookedAt)).toMatchObject({ outcome: 'rejected', problemCount: 1, counted: false });
  });

  it('settles pre-freeze submissions publicly, without saying whether they count while frozen', () => {
    expect(visibleSettledData(truth, byId('b1'), PUBLIC, lookedAt)).toEqual({
      submissionId: 'b1',
      team: 'bravo',
      task: 'lung',
      settledAt: at('13:45:01.500').toISOString(),
      outcome: 'scored',
      scores: { auc: 0.75 },
      counted: null,
    });
  });
});
