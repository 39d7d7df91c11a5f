// Team routes: `Authorization: Bearer <team token>`. The token is looked up by its sha256 (only
// hashes are stored) and confirmed with a constant-time comparison (TeamsService.findByToken).
import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { unauthorized } from '../../common/errors/domain-error.js';
import { bearerToken } from '../../common/security/token.js';
import type { TeamEntity } from './team.entity.js';
import { TeamsService } from './teams.service.js';
import { TokenAttemptsService } from '../../common/auth/token-attempts.service.js';

type TeamRequest = IncomingMessage & { team?: TeamEntity };

@Injectable()
export class TeamAuthGuard implements CanActivate {
  constructor(
    private readonly teams: TeamsService,
    private readonly attempts: TokenAttemptsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<TeamRequest>();
    const token = bearerToken(request.headers.authorization);
    if (token) await this.attempts.assertAllowed(request);
    const team = token ? await this.teams.findByToken(token) : null;
    if (!team) {
      if (token) await this.attempts.recordFailure(request, 'team');
      throw unauthorized('This route needs your team token: send Authorization: Bearer <token> (printed at import, or ask an organiser to rotate it).');
    }
    request.team = team;
    return true;
  }
}

/** The team authenticated by `TeamAuthGuard` (with its event loaded). */
export const CurrentTeam = createParamDecorator((_data: unknown, context: ExecutionContext): TeamEntity => {
  const team = context.switchToHttp().getRequest<TeamRequest>().team;
  if (!team) throw unauthorized('No team token on this request.');
  return team;
});
