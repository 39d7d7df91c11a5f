// Four eyes: any jury member records that they checked a task's final ranking. A member's
// verification stands until a later rescore, disqualification or re-import voids it
// (events/verification-void.ts); the same member cannot verify twice while theirs stands.
import { Injectable } from '@nestjs/common';
import type { TaskVerificationView, TaskVerificationsResponse } from '@podium/contracts';
import { DataSource, IsNull } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository.js';
import { FeedService } from '../feed/feed.service.js';
import { Clock } from '../../common/clock/clock.service.js';
import type { JuryPrincipal } from './jury-auth.service.js';
import { JuryMemberEntity } from './jury-member.entity.js';
import { conflict, parseJuryBody } from './jury-request.js';
import { JuryViewService } from './jury-view.service.js';
import { TaskVerificationEntity } from './task-verification.entity.js';

@Injectable()
export class VerificationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly views: JuryViewService,
    private readonly audit: AuditRepository,
    private readonly feed: FeedService,
    private readonly clock: Clock,
  ) {}

  async verify(jury: JuryPrincipal, taskSlug: string, body: unknown): Promise<TaskVerificationView> {
    const { note } = parseJuryBody('verify', body);
    const ref = await this.views.task(jury.event, taskSlug);
    const now = this.clock.now();
    const { saved, feed } = await this.dataSource.transaction(async (manager) => {
      const standing = await manager.findOneBy(TaskVerificationEntity, { taskId: ref.task.id, login: jury.login, voidedAt: IsNull() });
      if (standing) throw conflict(`${jury.login} already verified task "${taskSlug}" at ${standing.createdAt.toISOString()}; a second member must verify it.`);
      const saved = await manager.save(manager.create(TaskVerificationEntity, { eventId: jury.eventId, taskId: ref.task.id, login: jury.login, createdAt: now, voidedAt: null, voidedReason: null }));
      const { feed } = await this.audit.append(
        {
          event: jury.event,
          actor: `jury:${jury.login}`,
          action: 'task.verify',
          target: `event:${jury.event}/task:${taskSlug}`,
          reason: note ?? null,
          details: { verification: saved.id, answerKeySha256: ref.task.answerKeySha256 },
          at: now,
        },
        manager,
      );
      return { saved, feed };
    });
    this.feed.publish([feed]);
    return view(saved, taskSlug, jury.name);
  }

  async list(eventSlug: string, taskSlug: string): Promise<TaskVerificationsResponse> {
    const ref = await this.views.task(eventSlug, taskSlug);
    const rows = await this.dataSource.getRepository(TaskVerificationEntity).find({ where: { taskId: ref.task.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const names = new Map((await this.dataSource.getRepository(JuryMemberEntity).findBy({ eventId: ref.event.id })).map((m) => [m.login, m.name]));
    const verifications = rows.map((r) => view(r, taskSlug, names.get(r.login) ?? r.login));
    return { event: eventSlug, task: taskSlug, verifications, standing: new Set(rows.filter((r) => r.voidedAt === null).map((r) => r.login)).size };
  }
}

function view(row: TaskVerificationEntity, task: string, name: string): TaskVerificationView {
  return {
    id: String(row.id),
    task,
    login: row.login,
    name,
    at: row.createdAt.toISOString(),
    voided: row.voidedAt ? { at: row.voidedAt.toISOString(), reason: row.voidedReason ?? '' } : null,
  };
}
