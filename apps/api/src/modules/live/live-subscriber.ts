// Who is on the other end of a `/live` socket, decided once from its token.
import type { LiveAudience } from '@podium/contracts';
import { type Audience, JURY, PUBLIC, teamAudience } from '@podium/rules';

export interface LiveSubscriber {
  audience: LiveAudience;
  /** The team (audience `team`): rules id and slug. */
  team: { id: string; slug: string } | null;
}

export const PUBLIC_SUBSCRIBER: LiveSubscriber = { audience: 'public', team: null };
export const JURY_SUBSCRIBER: LiveSubscriber = { audience: 'jury', team: null };

/** The `@podium/rules` audience of a subscriber: the one REST uses for the same person. */
export function rulesAudience(subscriber: LiveSubscriber): Audience {
  if (subscriber.audience === 'jury') return JURY;
  if (subscriber.audience === 'team' && subscriber.team) return teamAudience(subscriber.team.id);
  return PUBLIC;
}

/**
 * Stream of frames a subscriber follows: every stream has its own `prev` chain.
 * Rooms are per event: `<event>|public`, `<event>|team:<slug>`, `<event>|jury`.
 */
export type StreamKey = 'public' | 'jury' | `team:${string}`;

export function streamOf(subscriber: LiveSubscriber): StreamKey {
  if (subscriber.audience === 'team' && subscriber.team) return `team:${subscriber.team.slug}`;
  return subscriber.audience === 'jury' ? 'jury' : 'public';
}

export const roomOf = (eventSlug: string, stream: StreamKey): string => `${eventSlug}|${stream}`;
