// Organiser announcements: each one is a feed entry (publish, or withdraw with the same id), so
// screens get it live and a snapshot lists those still in force.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AnnouncementData } from '@podium/contracts';
import { DataSource } from 'typeorm';
import { DomainError, notFound } from '../../common/errors/domain-error.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { EventEntity } from '../events/event.entity.js';
import { FeedService } from '../feed/feed.service.js';
import { Clock } from '../../common/clock/clock.service.js';
import { parseAnnouncementRequest } from './announcement-request.js';

@Injectable()
export class AnnouncementsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: FeedService,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  async publish(eventSlug: string, body: unknown, actor: string, reason: string | null = null): Promise<AnnouncementData> {
    const parsed = parseAnnouncementRequest(body);
    if (!parsed.ok) {
      throw new DomainError('invalid-announcement', 422, 'Invalid announcement', 'The announcement was not published; fix every problem listed.', parsed.problems);
    }
    const now = this.clock.now();
    const data: AnnouncementData = { id: randomUUID(), ...parsed.value, publishedAt: now.toISOString(), withdrawn: false };
    await this.append(eventSlug, data, actor, 'announcement.publish', reason);
    return data;
  }

  async withdraw(eventSlug: string, id: string, actor: string, reason: string | null = null): Promise<AnnouncementData> {
    const event = await this.event(eventSlug);
    const current = (await this.feed.announcements(event.id, new Date(0))).find((a) => a.id === id);
    if (!current) throw notFound('announcement', `No announcement "${id}" in force in event "${eventSlug}".`);
    const data: AnnouncementData = { ...current, withdrawn: true };
    await this.append(eventSlug, data, actor, 'announcement.withdraw', reason);
    return data;
  }

  private async event(slug: string): Promise<EventEntity> {
    const event = await this.dataSource.getRepository(EventEntity).findOneBy({ slug });
    if (!event) throw notFound('event', `No event with slug "${slug}".`);
    return event;
  }

  private async append(eventSlug: string, data: AnnouncementData, actor: string, action: string, reason: string | null): Promise<void> {
    const event = await this.event(eventSlug);
    const record = await this.dataSource.transaction(async (manager) => {
      const appended = await this.feed.append(manager, { eventId: event.id, type: 'announcement', data: { ...data } });
      await this.audit.append({ actor, action, target: `event:${eventSlug}/announcement:${data.id}`, reason }, manager);
      return appended;
    });
    this.feed.publish([record]);
  }
}
