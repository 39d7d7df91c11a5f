// The frozen round shared by the team and jury scenarios: frozen at 14:40, looked at 14:58.
import type { RoundTruth } from '../src/model/round.js';
import { type Reveal } from '../src/model/round.js';
import { aRound, aSubmission, aTeam, at, aucTask, NOT_REVEALED, scoredOn, splits } from './builders.js';

export const alpha = aTeam('alpha');
export const bravo = aTeam('bravo');
export const charlie = aTeam('charlie');
export const lookedAt = at('14:58');

export function frozenRound(reveal: Reveal = NOT_REVEALED): RoundTruth {
  return aRound(
    aucTask({ quota: { limit: 3, perMinutes: 120 } }),
    [alpha, bravo, charlie],
    [
      scoredOn(alpha, '13:30', { auc: splits(0.8, 0.6111) }, 'a1'),
      scoredOn(bravo, '13:45', { auc: splits(0.75, 0.6222) }, 'b1'),
      // After the freeze: bravo jumps ahead, charlie scores for the first time, alpha is rejected.
      scoredOn(bravo, '14:41', { auc: splits(0.9731, 0.8888) }, 'b2'),
      scoredOn(charlie, '14:45', { auc: splits(0.9517, 0.7777) }, 'c1'),
      aSubmission({ id: 'a2', team: alpha, at: at('14:50'), status: 'rejected' }),
    ],
    reveal,
  );
}
