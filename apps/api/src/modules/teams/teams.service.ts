import { Injectable } from '@nestjs/common';
import type { RotateTeamTokenResponse } from '@podium/contracts';
import { DataSource } from 'typeorm';
import { notFound } from '../../common/errors/domain-error.js';
import { generateToken, hashToken, tokenMatchesHash } from '../../common/security/token.js';
import { AuditRepository } from '../audit/audit.repository.js';
import type { TeamEntity } from './team.entity.js';
import { TeamsRepository } from './teams.repository.js';

@Injectable()
export class TeamsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly teams: TeamsRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** Replaces a team's token: the new one is returned once, the old one stops working at once. */
  async rotateToken(eventSlug: string, teamSlug: string, actor: string): Promise<RotateTeamTokenResponse> {
    return this.dataSource.transaction(async (manager) => {
      const team = await this.teams.findBySlugs(eventSlug, teamSlug, manager);
      if (!team) throw notFound('team', `No team "${teamSlug}" in event "${eventSlug}".`);
      const token = generateToken();
      await this.teams.setTokenHash(team.id, hashToken(token), manager);
      await this.audit.append({ actor, action: 'team.token.rotate', target: `team:${eventSlug}/${teamSlug}` }, manager);
      return { event: eventSlug, team: teamSlug, token };
    });
  }

  /** The team (with its event) a bearer token belongs to, or null. */
  async findByToken(token: string): Promise<TeamEntity | null> {
    const hash = hashToken(token);
    const team = await this.teams.findByTokenHash(hash);
    // The lookup is by an index on the hash; the constant-time compare guards the final answer.
    return team && tokenMatchesHash(token, team.tokenHash) ? team : null;
  }
}
