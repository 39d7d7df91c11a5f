// Organiser decisions (disqualify, reinstate) and flags. Each decision is one transaction that
// changes the row and appends its audit entry; then the jury console hears it (a `jury` frame),
// and the boards are refreshed so screens and teams see its effect through their own frames.
import { Injectable } from '@nestjs/common';
import type { JuryFeedData, JuryFlagView, JurySubmission, TeamDecisionResponse } from '@podium/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { notFound } from '../../common/errors/domain-error.js';
import { AuditRepository } from '../audit/audit.repository.js';
import type { FeedEventRecord } from '../feed/feed-event.record.js';
import { FeedService } from '../feed/feed.service.js';
import { Clock } from '../../common/clock/clock.service.js';
import { LeaderboardRefresher } from '../leaderboard/leaderboard-refresher.js';
import { type Disqualification, SubmissionEntity } from '../submissions/submission.entity.js';
import { TeamEntity } from '../teams/team.entity.js';
import type { JuryPrincipal } from './jury-auth.service.js';
import { JuryFlagEntity } from './jury-flag.entity.js';
import { conflict, parseJuryBody } from './jury-request.js';
import { assertNotFinalized } from '../events/finalized-guard.js';
import { voidVerifications } from '../events/verification-void.js';
import { flagView, JuryViewService } from './jury-view.service.js';

@Injectable()
export class JuryActionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: FeedService,
    private readonly audit: AuditRepository,
    private readonly views: JuryViewService,
    private readonly refresher: LeaderboardRefresher,
    private readonly clock: Clock,
  ) {}

  async setSubmissionDisqualified(jury: JuryPrincipal, id: string, disqualify: boolean, body: unknown): Promise<JurySubmission> {
    const { reason } = parseJuryBody('reason', body);
    const entity = await this.views.submissionEntity(jury.event, id);
    if (disqualify === (entity.disqualification !== null)) {
      throw conflict(disqualify ? `Submission ${id} is already disqualified (${entity.disqualification!.reason}).` : `Submission ${id} is not disqualified.`);
    }
    const now = this.clock.now();
    const decision: Disqualification | null = disqualify ? { reason, at: now.toISOString(), by: jury.login } : null;
    await this.commit(async (manager) => {
      await assertNotFinalized(manager, [entity.taskId], disqualify ? 'disqualifying one of its submissions' : 'reinstating one of its submissions');
      await manager.update(SubmissionEntity, { id: entity.id }, { disqualification: decision });
      await voidVerifications(manager, [entity.taskId], `${disqualify ? 'submission.disqualify' : 'submission.reinstate'} ${id}: ${reason}`, now);
      return this.audit.append(
        {
          event: jury.event,
          actor: `jury:${jury.login}`,
          action: disqualify ? 'submission.disqualify' : 'submission.reinstate',
          target: `event:${jury.event}/submission:${id}`,
          reason,
          details: { task: entity.task!.slug, team: entity.team!.slug, sha256: entity.sha256 },
          at: now,
        },
        manager,
      );
    });
    const view = await this.views.submission(jury.event, id);
    await this.pushJury(jury, { kind: 'submission', submission: view });
    await this.refresher.request(entity.taskId);
    return view;
  }

  async setTeamDisqualified(jury: JuryPrincipal, teamSlug: string, disqualify: boolean, body: unknown): Promise<TeamDecisionResponse> {
    const { reason } = parseJuryBody('reason', body);
    const team = await this.dataSource.getRepository(TeamEntity).findOneBy({ eventId: jury.eventId, slug: teamSlug });
    if (!team) throw notFound('team', `No team "${teamSlug}" in event "${jury.event}".`);
    if (disqualify === (team.disqualification !== null)) {
      throw conflict(disqualify ? `Team "${teamSlug}" is already disqualified (${team.disqualification!.reason}).` : `Team "${teamSlug}" is not disqualified.`);
    }
    const now = this.clock.now();
    const decision: Disqualification | null = disqualify ? { reason, at: now.toISOString(), by: jury.login } : null;
    await this.commit(async (manager) => {
      const taskIds: { id: number }[] = await manager.query('SELECT id FROM task WHERE event_id = $1', [jury.eventId]);
      await assertNotFinalized(manager, taskIds.map((t) => t.id), disqualify ? 'disqualifying a team' : 'reinstating a team');
      await manager.update(TeamEntity, { id: team.id }, { disqualification: decision });
      await voidVerifications(manager, taskIds.map((t) => t.id), `${disqualify ? 'team.disqualify' : 'team.reinstate'} ${teamSlug}: ${reason}`, now);
      return this.audit.append(
        {
          event: jury.event,
          actor: `jury:${jury.login}`,
          action: disqualify ? 'team.disqualify' : 'team.reinstate',
          target: `team:${jury.event}/${teamSlug}`,
          reason,
          at: now,
        },
        manager,
      );
    });
    await this.pushJury(jury, { kind: 'team', team: teamSlug, disqualified: decision });
    const tasks: { id: number }[] = await this.dataSource.query('SELECT id FROM task WHERE event_id = $1 ORDER BY position, id', [jury.eventId]);
    await Promise.all(tasks.map((t) => this.refresher.request(t.id)));
    return { event: jury.event, team: { slug: team.slug, name: team.name, category: team.category }, disqualified: decision };
  }

  async flag(jury: JuryPrincipal, body: unknown): Promise<JuryFlagView> {
    const { submission, note } = parseJuryBody('flag', body);
    const entity = await this.views.submissionEntity(jury.event, submission);
    const now = this.clock.now();
    let saved!: JuryFlagEntity;
    await this.commit(async (manager) => {
      saved = await manager.save(
        manager.create(JuryFlagEntity, { eventId: jury.eventId, submissionId: entity.id, note, createdBy: jury.login, createdAt: now, status: 'open', resolvedBy: null, resolvedAt: null, resolution: null }),
      );
      return this.audit.append(
        { event: jury.event, actor: `jury:${jury.login}`, action: 'flag.create', target: `event:${jury.event}/submission:${submission}`, reason: note, details: { flag: saved.id }, at: now },
        manager,
      );
    });
    const view = flagView(saved, entity.task!.slug, entity.team!.slug);
    await this.pushJury(jury, { kind: 'flag', flag: view });
    return view;
  }

  async resolveFlag(jury: JuryPrincipal, id: string, body: unknown): Promise<JuryFlagView> {
    const { reason } = parseJuryBody('reason', body);
    const numeric = /^\d{1,9}$/.test(id) ? Number(id) : NaN;
    const flag = Number.isNaN(numeric)
      ? null
      : await this.dataSource.getRepository(JuryFlagEntity).findOne({ where: { id: numeric, eventId: jury.eventId }, relations: { submission: { task: true, team: true } } });
    if (!flag) throw notFound('flag', `No flag "${id}" in event "${jury.event}".`);
    if (flag.status === 'resolved') throw conflict(`Flag ${id} was already resolved by ${flag.resolvedBy} (${flag.resolution}).`);
    const now = this.clock.now();
    await this.commit(async (manager) => {
      await manager.update(JuryFlagEntity, { id: flag.id }, { status: 'resolved', resolvedBy: jury.login, resolvedAt: now, resolution: reason });
      return this.audit.append(
        { event: jury.event, actor: `jury:${jury.login}`, action: 'flag.resolve', target: `event:${jury.event}/submission:${flag.submissionId}`, reason, details: { flag: flag.id }, at: now },
        manager,
      );
    });
    const view = flagView({ ...flag, status: 'resolved', resolvedBy: jury.login, resolvedAt: now, resolution: reason }, flag.submission!.task!.slug, flag.submission!.team!.slug);
    await this.pushJury(jury, { kind: 'flag', flag: view });
    return view;
  }

  /** A jury-only frame (after the decision committed: building views reads outside the transaction). */
  async pushJury(jury: Pick<JuryPrincipal, 'eventId'>, data: JuryFeedData): Promise<void> {
    const record = await this.dataSource.transaction((manager) =>
      this.feed.append(manager, { eventId: jury.eventId, type: 'jury', audience: 'jury', data: data as unknown as Record<string, unknown> }),
    );
    this.feed.publish([record]);
  }

  /** Runs a decision in one transaction; publishes the audit entry's jury frame after the commit. */
  private async commit(work: (manager: EntityManager) => Promise<{ feed: FeedEventRecord | null }>): Promise<void> {
    const { feed } = await this.dataSource.transaction(work);
    this.feed.publish([feed]);
  }
}
