// Token -> audience for `/live`: nothing = public; a team token of this event = that team; a jury
// session for this event = the jury. A token that is neither is an error (never silently public:
// a team would believe it sees its own scores).
import { Inject, Injectable } from '@nestjs/common';
import type { LiveError } from '@podium/contracts';
import { TeamsService } from '../teams/teams.service.js';
import { JURY_SESSION_RESOLVER, type JurySession, type JurySessionResolver } from './jury-session.resolver.js';
import { JURY_SUBSCRIBER, type LiveSubscriber, PUBLIC_SUBSCRIBER } from './live-subscriber.js';

export type AudienceResolution = { ok: true; subscriber: LiveSubscriber; jury?: JurySession } | { ok: false; error: LiveError };

@Injectable()
export class LiveAudienceResolver {
  constructor(
    private readonly teams: TeamsService,
    @Inject(JURY_SESSION_RESOLVER) private readonly jury: JurySessionResolver,
  ) {}

  async resolve(eventSlug: string, eventId: number, token: string | undefined, now: Date): Promise<AudienceResolution> {
    if (token === undefined) return { ok: true, subscriber: PUBLIC_SUBSCRIBER };
    const team = await this.teams.findByToken(token);
    if (team && team.eventId === eventId) {
      return { ok: true, subscriber: { audience: 'team', team: { id: String(team.id), slug: team.slug } } };
    }
    const session = await this.jury.resolve(token);
    if (session && session.event === eventSlug) {
      if (session.expiresAt.getTime() <= now.getTime()) {
        return { ok: false, error: { code: 'auth.expired', message: 'This jury session has expired: sign in again.', event: eventSlug } };
      }
      return { ok: true, subscriber: JURY_SUBSCRIBER, jury: session };
    }
    return {
      ok: false,
      error: {
        code: 'auth.invalid_token',
        message: `The token is neither a team token nor a jury session of event "${eventSlug}". Subscribe without a token for the public feed.`,
        event: eventSlug,
      },
    };
  }
}
