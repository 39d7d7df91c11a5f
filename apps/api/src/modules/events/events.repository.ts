import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { TeamEntity } from '../teams/team.entity.js';
import { EventEntity } from './event.entity.js';
import { TaskEntity } from './task.entity.js';

export interface EventWithChildren {
  event: EventEntity;
  tasks: TaskEntity[];
  teams: TeamEntity[];
}

@Injectable()
export class EventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(): Promise<EventEntity[]> {
    return this.dataSource.getRepository(EventEntity).find({ order: { slug: 'ASC' } });
  }

  async count(): Promise<number> {
    return this.dataSource.getRepository(EventEntity).count();
  }

  findBySlug(slug: string, manager: EntityManager = this.dataSource.manager): Promise<EventEntity | null> {
    return manager.findOneBy(EventEntity, { slug });
  }

  /** The event with its tasks (bundle order) and teams (by slug), or null. */
  async findWithChildren(slug: string, manager: EntityManager = this.dataSource.manager): Promise<EventWithChildren | null> {
    const event = await this.findBySlug(slug, manager);
    if (!event) return null;
    const [tasks, teams] = await Promise.all([
      manager.find(TaskEntity, { where: { eventId: event.id }, order: { position: 'ASC', id: 'ASC' } }),
      manager.find(TeamEntity, { where: { eventId: event.id }, order: { slug: 'ASC' } }),
    ]);
    return { event, tasks, teams };
  }
}
