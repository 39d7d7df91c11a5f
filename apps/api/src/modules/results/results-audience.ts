// Who asks for the results: the route is public (outside /api/jury), so the jury session is
// resolved here, optionally. No credentials, or a team token of the event: public. A jury session
// of the event (Bearer, or the console's cookie): jury. An explicit Bearer that opens nothing is
// refused (401, counted as a failed token check) rather than silently answered as public; one of
// another event: 403. A cookie is ambient (sent by any page of the origin), so a cookie that opens
// no session of this event just leaves the request public.
import { Injectable } from '@nestjs/common';
import type { ResultsAudience } from '@podium/contracts';
import type { IncomingMessage } from 'node:http';
import { TokenAttemptsService } from '../../common/auth/token-attempts.service.js';
import { unauthorized } from '../../common/errors/domain-error.js';
import { forbidden, juryCredentials } from '../jury/jury-auth.guard.js';
import { JuryAuthService } from '../jury/jury-auth.service.js';
import { TeamsService } from '../teams/teams.service.js';

@Injectable()
export class ResultsAudienceResolver {
  constructor(
    private readonly jury: JuryAuthService,
    private readonly teams: TeamsService,
    private readonly attempts: TokenAttemptsService,
  ) {}

  async resolve(request: IncomingMessage, event: { id: number; slug: string }): Promise<ResultsAudience> {
    const credentials = juryCredentials(request);
    if (!credentials) return 'public';
    if (credentials.via === 'cookie') {
      const principal = await this.jury.principal(credentials.token);
      return principal?.event === event.slug ? 'jury' : 'public';
    }
    await this.attempts.assertAllowed(request);
    const principal = await this.jury.principal(credentials.token);
    if (principal) {
      if (principal.event !== event.slug) throw forbidden(`This jury session belongs to event "${principal.event}"; it cannot read the unrevealed results of event "${event.slug}". Send no Authorization header for the public results.`);
      return 'jury';
    }
    const team = await this.teams.findByToken(credentials.token);
    if (team) {
      if (team.eventId !== event.id) throw forbidden(`This team token belongs to another event; send no Authorization header for the public results of event "${event.slug}".`);
      return 'public';
    }
    await this.attempts.recordFailure(request, 'team');
    throw unauthorized(`The bearer token is neither a jury session nor a team token of event "${event.slug}". Send no Authorization header for the public results, or sign in with POST /api/jury/session.`);
  }
}
