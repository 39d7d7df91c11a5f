// What a task's clock means at a given instant. Times win over the announced phase, so the screen
// turns at the exact second even if the server's clock event is a moment late.
import type { TaskClock } from '@podium/contracts';

export const URGENT_MS = 10 * 60_000;

export type CountdownKind = 'upcoming' | 'open' | 'urgent' | 'closed' | 'final';

export interface CountdownState {
  kind: CountdownKind;
  /** Time to the next boundary (opening or closing); null once closed. */
  msLeft: number | null;
  frozen: boolean;
  /** When the board froze (or is scheduled to have frozen), for the banner. */
  frozenAt: string | null;
}

export function countdownState(clock: TaskClock, now: number): CountdownState {
  const opens = Date.parse(clock.opensAt);
  const closes = Date.parse(clock.closesAt);
  const freezeAt = clock.freezeAt ? Date.parse(clock.freezeAt) : null;
  const final = clock.phase === 'final';
  const frozen = !final && (clock.frozen || (freezeAt !== null && now >= freezeAt));
  const frozenAt = frozen ? (clock.frozenAt ?? clock.freezeAt) : null;
  if (final) return { kind: 'final', msLeft: null, frozen: false, frozenAt: null };
  if (now < opens && clock.phase !== 'closed') return { kind: 'upcoming', msLeft: opens - now, frozen, frozenAt };
  if (now >= closes || clock.phase === 'closed') return { kind: 'closed', msLeft: null, frozen, frozenAt };
  const msLeft = closes - now;
  return { kind: msLeft <= URGENT_MS ? 'urgent' : 'open', msLeft, frozen, frozenAt };
}
