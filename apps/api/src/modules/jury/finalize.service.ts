// Finalize a task: an organiser locks its results once nothing can change them any more. Every
// blocker is collected and answered together (409), including a shadow rescore: each counted
// submission recomputed from its stored file and the answer key in the scoring workers, which
// must match the stored scores exactly. A finalized task refuses rescores, disqualifications and
// re-imports (assertNotFinalized) until an organiser un-finalizes it (audited).
import { Injectable } from '@nestjs/common';
import { JURY_SPLITS, type FinalizeResponse, type Problem, type UnfinalizeResponse } from '@podium/contracts';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { TaskEntity } from '../events/task.entity.js';
import { FeedService } from '../feed/feed.service.js';
import { Clock } from '../../common/clock/clock.service.js';
import { ScoringJobService } from '../scoring-jobs/scoring-job.service.js';
import { SubmissionEntity } from '../submissions/submission.entity.js';
import type { JuryPrincipal } from './jury-auth.service.js';
import { conflict, parseJuryBody } from './jury-request.js';
import { JuryViewService } from './jury-view.service.js';

@Injectable()
export class FinalizeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly views: JuryViewService,
    private readonly scoring: ScoringJobService,
    private readonly audit: AuditRepository,
    private readonly feed: FeedService,
    private readonly clock: Clock,
  ) {}

  async finalize(jury: JuryPrincipal, taskSlug: string, body: unknown): Promise<FinalizeResponse> {
    const { reason } = parseJuryBody('revoke', body);
    const ref = await this.views.task(jury.event, taskSlug);
    const task = await this.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: ref.task.id });
    const now = this.clock.now();
    const blockers: Problem[] = [];
    if (task.finalizedAt) blockers.push({ code: 'finalize.already_finalized', message: `Task "${taskSlug}" was already finalized by ${task.finalizedBy} at ${task.finalizedAt.toISOString()}.` });
    const closes = new Date(task.closesAt.getTime() + task.graceSeconds * 1000);
    if (now < closes) blockers.push({ code: 'finalize.round_open', message: `The round of task "${taskSlug}" closes at ${closes.toISOString()} (grace included); finalize after it.` });

    const submissions = await this.dataSource.getRepository(SubmissionEntity).find({ where: { taskId: task.id }, relations: { team: true }, order: { id: 'ASC' } });
    for (const s of submissions) {
      if (s.status === 'queued' || s.status === 'scoring') {
        blockers.push({ code: 'finalize.submission_pending', message: `Submission ${s.id} (team ${s.team!.slug}) is still ${s.status}; wait until it is settled.`, path: `submission:${s.id}` });
      } else if (s.status === 'failed' && !s.disqualification && !s.team!.disqualification) {
        blockers.push({ code: 'finalize.submission_failed', message: `Submission ${s.id} (team ${s.team!.slug}) failed to score (${s.error ?? 'no detail'}); rescore it or disqualify it.`, path: `submission:${s.id}` });
      }
    }
    const flags: { id: number; submission_id: number }[] = await this.dataSource.query(
      "SELECT f.id, f.submission_id FROM jury_flag f JOIN submission s ON s.id = f.submission_id WHERE s.task_id = $1 AND f.status = 'open' ORDER BY f.id",
      [task.id],
    );
    for (const f of flags) blockers.push({ code: 'finalize.flag_open', message: `Flag ${f.id} on submission ${f.submission_id} is open; resolve it first.`, path: `flag:${f.id}` });
    const standing: { login: string }[] = await this.dataSource.query('SELECT DISTINCT login FROM task_verification WHERE task_id = $1 AND voided_at IS NULL ORDER BY login', [task.id]);
    if (standing.length < 2) {
      blockers.push({
        code: 'finalize.verifications',
        message: `Two verifications by different jury members must stand; ${standing.length === 0 ? 'none stands' : `only ${standing.map((v) => v.login).join(', ')}'s stands`} (POST .../tasks/${taskSlug}/verifications).`,
      });
    }

    // Shadow rescore of every counted submission; a pending one is already a blocker.
    const counted = submissions.filter((s) => s.status === 'scored' && !s.disqualification && !s.team!.disqualification);
    const rows: { submission_id: number; name: string; public: number | null; private: number | null; all: number | null }[] = await this.dataSource.query(
      'SELECT submission_id, name, public, private, "all" FROM score WHERE submission_id = ANY($1::int[]) ORDER BY submission_id, name',
      [counted.map((s) => s.id)],
    );
    for (const s of counted) {
      const settlement = await this.scoring.compute(s, ref);
      if (settlement.status !== 'scored') {
        blockers.push({ code: 'finalize.status_changed', message: `Submission ${s.id} (team ${s.team!.slug}) is stored as scored but recomputes as ${settlement.status}.`, path: `submission:${s.id}`, found: 'scored', expected: settlement.status });
        continue;
      }
      const stored = new Map(rows.filter((r) => r.submission_id === s.id).map((r) => [r.name, r]));
      const names = new Set([...stored.keys(), ...Object.keys(settlement.result.scores)]);
      for (const name of [...names].sort()) {
        for (const split of JURY_SPLITS) {
          const was = stored.get(name)?.[split] ?? null;
          const now = settlement.result.scores[name]?.[split] ?? null;
          if (was !== null && now !== null ? Number(was) === now : was === now) continue;
          blockers.push({
            code: 'finalize.score_changed',
            message: `Submission ${s.id} (team ${s.team!.slug}): stored ${name} on ${split} is ${String(was)} but recomputes as ${String(now)}.`,
            path: `submission:${s.id}/${name}/${split}`,
            found: String(was),
            expected: String(now),
          });
        }
      }
    }
    if (blockers.length > 0) {
      throw new DomainError('finalize-blocked', 409, 'Task cannot be finalized', `Task "${taskSlug}" cannot be finalized: ${blockers.length} blocker(s), each listed in problems.`, blockers);
    }

    const { entry, feed } = await this.dataSource.transaction(async (manager) => {
      await manager.update(TaskEntity, { id: task.id }, { finalizedAt: now, finalizedBy: jury.login });
      return this.audit.append(
        {
          event: jury.event,
          actor: `jury:${jury.login}`,
          action: 'task.finalize',
          target: `event:${jury.event}/task:${taskSlug}`,
          reason: reason ?? null,
          details: { checked: counted.length, verifiedBy: standing.map((v) => v.login), answerKeySha256: task.answerKeySha256 },
          at: now,
        },
        manager,
      );
    });
    this.feed.publish([feed]);
    return { event: jury.event, task: taskSlug, finalizedAt: now.toISOString(), finalizedBy: jury.login, checked: counted.length, verifiedBy: standing.map((v) => v.login), audit: entry.seq };
  }

  async unfinalize(jury: JuryPrincipal, taskSlug: string, body: unknown): Promise<UnfinalizeResponse> {
    const { reason } = parseJuryBody('reason', body);
    const ref = await this.views.task(jury.event, taskSlug);
    const now = this.clock.now();
    const { entry, feed } = await this.dataSource.transaction(async (manager) => {
      const task = await manager.findOneByOrFail(TaskEntity, { id: ref.task.id });
      if (!task.finalizedAt) throw conflict(`Task "${taskSlug}" is not finalized.`);
      await manager.update(TaskEntity, { id: task.id }, { finalizedAt: null, finalizedBy: null });
      return this.audit.append(
        { event: jury.event, actor: `jury:${jury.login}`, action: 'task.unfinalize', target: `event:${jury.event}/task:${taskSlug}`, reason, details: { finalizedBy: task.finalizedBy, finalizedAt: task.finalizedAt.toISOString() }, at: now },
        manager,
      );
    });
    this.feed.publish([feed]);
    return { event: jury.event, task: taskSlug, audit: entry.seq };
  }
}
