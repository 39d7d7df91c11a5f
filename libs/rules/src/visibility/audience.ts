// Who is looking, and what the freeze and the ceremony let them see. Every view function in
// this folder starts from these rules, so REST and the live feed decide with the same code.
import type { RoundTask, Reveal, ScoreSplit } from '../model/round.js';
import { isFrozenAt, isValidInstant } from '../window/task-window.js';

export type Audience = { kind: 'public' } | { kind: 'team'; teamId: string } | { kind: 'jury' };

export const PUBLIC = { kind: 'public' } as const satisfies Audience;
export const JURY = { kind: 'jury' } as const satisfies Audience;
export const teamAudience = (teamId: string): Audience => ({ kind: 'team', teamId });

/** The freeze is lifted by the ceremony (`freezeLifted`, which defaults to `privateRevealed`). */
export function freezeLifted(reveal: Reveal): boolean {
  return reveal.freezeLifted ?? reveal.privateRevealed;
}

/** The public board is frozen at `now`: strictly after `freezeAt`, until the ceremony lifts it. */
export function publicFrozen(task: Pick<RoundTask, 'freezeAt'>, reveal: Reveal, now: Date): boolean {
  return isFrozenAt(task, now) && !freezeLifted(reveal);
}

/**
 * Cut-off for what the public knows of other teams' activity: `freezeAt` while frozen, else none.
 * A submission received after it exists publicly only as "received after the freeze".
 */
export function publicCutoff(task: Pick<RoundTask, 'freezeAt'>, reveal: Reveal, now: Date): Date | null {
  if (!publicFrozen(task, reveal, now) || task.freezeAt === null) return null;
  // Fail closed: with an invalid freeze instant, hide every submission rather than none.
  return isValidInstant(task.freezeAt) ? task.freezeAt : new Date(-8.64e15);
}

/** Split of the public board: `public` during the round, the final split once revealed. */
export function publicBoardSplit(task: Pick<RoundTask, 'finalSplit'>, reveal: Reveal): ScoreSplit {
  return reveal.privateRevealed ? (task.finalSplit ?? 'private') : 'public';
}

/** Whether private and all-case scores may appear in this audience's answers. */
export function maySeeHiddenSplits(audience: Audience, reveal: Reveal): boolean {
  return audience.kind === 'jury' || reveal.privateRevealed;
}

/** ISO `frozenAt` for views: `freezeAt` while frozen (null when it is not a valid instant). */
export function frozenAtIso(task: Pick<RoundTask, 'freezeAt'>, frozen: boolean): string | null {
  return frozen && task.freezeAt && isValidInstant(task.freezeAt) ? task.freezeAt.toISOString() : null;
}

export function isAfterCutoff(receivedAt: Date, cutoff: Date | null): boolean {
  return cutoff !== null && receivedAt.getTime() > cutoff.getTime();
}
