import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { embeddedWrites } from '../../database/data-source.factory.js';
import { ReadCache } from '../../database/embedded-writes.js';
import { EventEntity } from '../events/event.entity.js';
import { TeamEntity } from './team.entity.js';

@Injectable()
export class TeamsRepository {
  /** Embedded database: teams by token hash until the next write to team or event (see ReadCache). Never mutate one. */
  private readonly byTokenHash: ReadCache<string, TeamEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.byTokenHash = new ReadCache(embeddedWrites(dataSource));
  }

  async findBySlugs(eventSlug: string, teamSlug: string, manager: EntityManager = this.dataSource.manager): Promise<TeamEntity | null> {
    return manager
      .createQueryBuilder(TeamEntity, 'team')
      .innerJoin(EventEntity, 'event', 'event.id = team.event_id')
      .where('event.slug = :eventSlug AND team.slug = :teamSlug', { eventSlug, teamSlug })
      .getOne();
  }

  /** One query on every team request (find with `relations` would issue two). */
  findByTokenHash(tokenHash: string): Promise<TeamEntity | null> {
    return this.byTokenHash.get(tokenHash, () =>
      this.dataSource.createQueryBuilder(TeamEntity, 'team').innerJoinAndSelect('team.event', 'event').where('team.token_hash = :tokenHash', { tokenHash }).getOne(),
    );
  }

  async setTokenHash(teamId: number, tokenHash: string, manager: EntityManager): Promise<void> {
    await manager.update(TeamEntity, { id: teamId }, { tokenHash, tokenRotatedAt: new Date() });
  }
}
