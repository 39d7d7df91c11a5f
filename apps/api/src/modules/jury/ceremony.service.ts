// The prize ceremony: an organiser starts it for finalized tasks, then reveals one step at a
// time. The whole plan is computed at the start (a finalized task cannot change) and kept in the
// `ceremony` row; nothing of it leaves the server except the step just revealed, as `reveal.*`
// feed entries appended in the transaction that advances the ceremony: public for the official
// ceremony, jury-only for a rehearsal. After a task's last official step the task is revealed
// (`revealed_at`): its public board is from then on the final board.
import { Injectable, Logger } from '@nestjs/common';
import type {
  CeremonyNextResponse,
  CeremonyResponse,
  CeremonyStartResponse,
  CeremonyStepView,
  CeremonyView,
  ClockData,
  FeedEventType,
  Problem,
  RevealFinishedData,
  RevealStartedData,
} from '@podium/contracts';
import { PUBLIC, visibleLeaderboard, visibleTaskClock } from '@podium/rules';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { EventEntity } from '../events/event.entity.js';
import { TaskEntity } from '../events/task.entity.js';
import type { FeedEventRecord } from '../feed/feed-event.record.js';
import { FeedService } from '../feed/feed.service.js';
import { Clock } from '../../common/clock/clock.service.js';
import { LeaderboardService } from '../leaderboard/leaderboard.service.js';
import { RoundTruthRepository, roundTask } from '../leaderboard/round-truth.repository.js';
import { CeremonyEntity } from './ceremony.entity.js';
import { numberSteps, planTaskSteps, type PlannedStep } from './ceremony-plan.js';
import type { JuryPrincipal } from './jury-auth.service.js';
import { conflict, parseJuryBody } from './jury-request.js';

const blocked = (detail: string, problems: Problem[]) => new DomainError('ceremony-blocked', 409, 'Ceremony cannot start', detail, problems);

@Injectable()
export class CeremonyService {
  private readonly logger = new Logger('Ceremony');

  constructor(
    private readonly dataSource: DataSource,
    private readonly truths: RoundTruthRepository,
    private readonly leaderboards: LeaderboardService,
    private readonly audit: AuditRepository,
    private readonly feed: FeedService,
    private readonly clock: Clock,
  ) {}

  /** Any jury member: the tasks (finalized, revealed) and the latest ceremony with its whole plan. */
  async view(jury: JuryPrincipal): Promise<CeremonyResponse> {
    const tasks = await this.dataSource.getRepository(TaskEntity).find({ where: { eventId: jury.eventId }, order: { position: 'ASC', id: 'ASC' } });
    const latest = await this.dataSource.getRepository(CeremonyEntity).findOne({ where: { eventId: jury.eventId }, order: { id: 'DESC' } });
    return {
      event: jury.event,
      tasks: tasks.map((t) => ({ task: t.slug, title: { en: t.titleEn, fr: t.titleFr }, finalizedAt: t.finalizedAt?.toISOString() ?? null, revealedAt: t.revealedAt?.toISOString() ?? null })),
      ceremony: latest ? ceremonyView(latest) : null,
    };
  }

  async start(jury: JuryPrincipal, body: unknown): Promise<CeremonyStartResponse> {
    const { tasks: slugs, rehearsal = false } = parseJuryBody('ceremony', body);
    const tasks = await this.dataSource.getRepository(TaskEntity).find({ where: { eventId: jury.eventId } });
    const bySlug = new Map(tasks.map((t) => [t.slug, t]));
    const unknown: Problem[] = slugs.flatMap((slug, i) =>
      bySlug.has(slug) ? [] : [{ code: 'ceremony.unknown_task', path: `tasks.${i}`, message: `No task "${slug}" in event "${jury.event}".`, found: slug }],
    );
    if (unknown.length > 0) throw new DomainError('invalid-request', 422, 'Invalid request body', 'Nothing was started; name tasks of this event.', unknown);

    const problems: Problem[] = [];
    for (const slug of slugs) {
      const task = bySlug.get(slug)!;
      if (!task.finalizedAt) problems.push({ code: 'ceremony.not_finalized', path: `task:${slug}`, message: `Task "${slug}" is not finalized (POST .../tasks/${slug}/finalize).` });
      else if (!rehearsal && task.revealedAt) problems.push({ code: 'ceremony.already_revealed', path: `task:${slug}`, message: `Task "${slug}" was revealed at ${task.revealedAt.toISOString()}; its final board is public already (a rehearsal may still run).` });
    }
    const running = await this.running(this.dataSource.manager, jury.eventId);
    if (running) problems.push(runningProblem(running));
    if (problems.length > 0) throw blocked(`The ceremony cannot start: ${problems.length} problem(s), each listed in problems.`, problems);

    // The plan: each task's final public board (final split, freeze lifted) with the frozen
    // public board the room saw as the previous one, so movements are from that board.
    const now = this.clock.now();
    const event = await this.dataSource.getRepository(EventEntity).findOneByOrFail({ id: jury.eventId });
    const planned: { slug: string; steps: PlannedStep[] }[] = [];
    for (const slug of slugs) {
      const ref = (await this.truths.findTask(jury.event, slug))!;
      const truth = await this.truths.load(ref);
      const frozen = visibleLeaderboard({ ...truth, reveal: { privateRevealed: false } }, PUBLIC, now);
      const final = visibleLeaderboard({ ...truth, reveal: { privateRevealed: true } }, PUBLIC, now, { previous: frozen });
      const steps = planTaskSteps(slug, final.rows, event.prizes ?? []);
      if (steps.length === 0) problems.push({ code: 'ceremony.nothing_to_reveal', path: `task:${slug}`, message: `Task "${slug}" has no ranked team${(event.prizes ?? []).some((p) => p.task === slug) ? ' holding one of its prizes' : ''}: nothing to reveal.` });
      planned.push({ slug, steps });
    }
    if (problems.length > 0) throw blocked(`The ceremony cannot start: ${problems.length} problem(s), each listed in problems.`, problems);

    const { ceremony, entry, feed } = await this.dataSource.transaction(async (manager) => {
      // Two organisers starting at once: the event row lock makes the second one see the first
      // ceremony (a 409) instead of hitting the unique index.
      await manager.query('SELECT id FROM event WHERE id = $1 FOR UPDATE', [jury.eventId]);
      const raced = await this.running(manager, jury.eventId);
      if (raced) throw blocked('Another ceremony started meanwhile.', [runningProblem(raced)]);
      const row = await manager.save(manager.create(CeremonyEntity, { eventId: jury.eventId, rehearsal, tasks: slugs, plan: [], revealed: 0, startedAt: now, startedBy: jury.login, endedAt: null, aborted: false }));
      row.plan = planned.flatMap((p) => numberSteps(p.steps, String(row.id), rehearsal));
      await manager.update(CeremonyEntity, { id: row.id }, { plan: row.plan });
      const audited = await this.audit.append(
        {
          event: jury.event,
          actor: `jury:${jury.login}`,
          action: 'ceremony.start',
          target: `event:${jury.event}/ceremony:${row.id}`,
          reason: null,
          details: { rehearsal, tasks: planned.map((p) => ({ task: p.slug, steps: p.steps.length })) },
          at: now,
        },
        manager,
      );
      return { ceremony: row, ...audited };
    });
    this.feed.publish([feed]);
    return {
      event: jury.event,
      ceremony: String(ceremony.id),
      rehearsal,
      tasks: planned.map((p) => ({ task: p.slug, steps: p.steps.length })),
      steps: ceremony.plan.length,
      audit: entry.seq,
    };
  }

  /** Reveals the next step; the row lock makes a double tap reveal one step, not two. */
  async next(jury: JuryPrincipal, body: unknown): Promise<CeremonyNextResponse> {
    parseJuryBody('empty', body);
    const now = this.clock.now();
    const result = await this.dataSource.transaction(async (manager) => {
      const ceremony = await this.running(manager, jury.eventId, true);
      if (!ceremony) {
        const latest = await manager.findOne(CeremonyEntity, { where: { eventId: jury.eventId }, order: { id: 'DESC' } });
        throw conflict(latest ? `Ceremony ${latest.id} is over (${latest.aborted ? 'stopped' : `all ${latest.plan.length} steps revealed`}); start another one.` : 'No ceremony is running; start one (POST .../ceremony).');
      }
      const index = ceremony.revealed;
      const step = ceremony.plan[index]!;
      // The plan was made from finalized results: a task un-finalized since may have changed.
      const [task] = (await manager.query('SELECT finalized_at FROM task WHERE event_id = $1 AND slug = $2', [jury.eventId, step.task])) as { finalized_at: Date | null }[];
      if (!task?.finalized_at) throw conflict(`Task "${step.task}" was un-finalized after the ceremony started: its results may have changed. Stop this ceremony (DELETE .../ceremony) and start a new one once it is finalized again.`);
      const done = index + 1 === ceremony.plan.length;
      await manager.update(CeremonyEntity, { id: ceremony.id }, { revealed: index + 1, endedAt: done ? now : null });
      const audience = ceremony.rehearsal ? 'jury' : 'all';
      const records: FeedEventRecord[] = [];
      const append = async (type: FeedEventType, data: object) =>
        records.push(await this.feed.append(manager, { eventId: jury.eventId, type, data: data as Record<string, unknown>, audience, at: now }));
      if (step.step === 1) {
        const started: RevealStartedData = { task: step.task, steps: ceremony.plan.filter((s) => s.task === step.task).length, ceremony: step.ceremony, rehearsal: ceremony.rehearsal };
        await append('reveal.started', started);
      }
      await append('reveal.step', step);
      if (step.last) {
        const finished: RevealFinishedData = { task: step.task, ceremony: step.ceremony, rehearsal: ceremony.rehearsal, aborted: false };
        await append('reveal.finished', finished);
        if (!ceremony.rehearsal) records.push(...(await this.revealTask(manager, jury.eventId, step.task, now)));
      }
      const audited = await this.audit.append(
        {
          event: jury.event,
          actor: `jury:${jury.login}`,
          action: 'ceremony.step',
          target: `event:${jury.event}/ceremony:${ceremony.id}`,
          reason: null,
          details: { rehearsal: ceremony.rehearsal, step: index + 1, of: ceremony.plan.length, task: step.task, place: step.place, teams: step.teams.map((t) => t.team) },
          at: now,
        },
        manager,
      );
      if (audited.feed) records.push(audited.feed);
      return { ceremony, index, step, done, records, entry: audited.entry };
    });
    this.feed.publish(result.records);
    if (!result.ceremony.rehearsal && result.step.last) {
      // Keeps a snapshot of the final public board (history, later movements); the marker
      // appended with the reveal already sends the final board to every screen.
      const task = await this.dataSource.getRepository(TaskEntity).findOneBy({ eventId: jury.eventId, slug: result.step.task });
      if (task) await this.leaderboards.refresh(task.id, now).catch((e: unknown) => this.logger.warn(`board refresh after the reveal of "${task.slug}" failed: ${String(e)}`));
    }
    return { event: jury.event, ceremony: String(result.ceremony.id), step: result.index + 1, of: result.ceremony.plan.length, revealed: result.step, done: result.done, audit: result.entry.seq };
  }

  /** Organiser: stops the running ceremony (a rehearsal to restart, or an official one gone wrong). */
  async stop(jury: JuryPrincipal, body: unknown): Promise<CeremonyView> {
    const { reason } = parseJuryBody('reason', body);
    const now = this.clock.now();
    const { ceremony, records } = await this.dataSource.transaction(async (manager) => {
      const ceremony = await this.running(manager, jury.eventId, true);
      if (!ceremony) throw conflict('No ceremony is running.');
      await manager.update(CeremonyEntity, { id: ceremony.id }, { endedAt: now, aborted: true });
      const records: FeedEventRecord[] = [];
      // A task whose steps began on screens is closed there too.
      const current = ceremony.plan[ceremony.revealed - 1];
      if (current && !current.last) {
        const finished: RevealFinishedData = { task: current.task, ceremony: current.ceremony, rehearsal: ceremony.rehearsal, aborted: true };
        records.push(await this.feed.append(manager, { eventId: jury.eventId, type: 'reveal.finished', data: { ...finished }, audience: ceremony.rehearsal ? 'jury' : 'all', at: now }));
      }
      const audited = await this.audit.append(
        { event: jury.event, actor: `jury:${jury.login}`, action: 'ceremony.abort', target: `event:${jury.event}/ceremony:${ceremony.id}`, reason, details: { rehearsal: ceremony.rehearsal, revealed: ceremony.revealed, of: ceremony.plan.length }, at: now },
        manager,
      );
      if (audited.feed) records.push(audited.feed);
      return { ceremony: { ...ceremony, endedAt: now, aborted: true }, records };
    });
    this.feed.publish(records);
    return ceremonyView(ceremony);
  }

  /**
   * The official reveal of a task: `revealed_at`, a public clock entry (`published`, phase
   * `final`) and a board marker sent whatever changed (reason `clock`): every screen gets the final board.
   */
  private async revealTask(manager: EntityManager, eventId: number, slug: string, now: Date): Promise<FeedEventRecord[]> {
    const task = await manager.findOneByOrFail(TaskEntity, { eventId, slug });
    await manager.update(TaskEntity, { id: task.id }, { revealedAt: now });
    const clock: ClockData = { task: slug, change: 'published', clock: visibleTaskClock(roundTask(task), { privateRevealed: true }, now) };
    return [
      await this.feed.append(manager, { eventId, type: 'clock', data: { ...clock }, at: now }),
      await this.feed.append(manager, { eventId, type: 'leaderboard', data: { task: slug, reason: 'clock' }, at: now }),
    ];
  }

  private async running(manager: EntityManager, eventId: number, lock = false): Promise<CeremonyEntity | null> {
    const rows: { id: number }[] = await manager.query(`SELECT id FROM ceremony WHERE event_id = $1 AND ended_at IS NULL${lock ? ' FOR UPDATE' : ''}`, [eventId]);
    return rows[0] ? manager.findOneByOrFail(CeremonyEntity, { id: rows[0].id }) : null;
  }
}

function runningProblem(c: CeremonyEntity): Problem {
  return {
    code: 'ceremony.running',
    path: `ceremony:${c.id}`,
    message: `${c.rehearsal ? 'A rehearsal' : 'The official ceremony'} (${c.id}, started by ${c.startedBy}) is running: ${c.revealed} of ${c.plan.length} steps revealed. Finish it or stop it (DELETE .../ceremony).`,
  };
}

export function ceremonyView(c: CeremonyEntity): CeremonyView {
  const steps: CeremonyStepView[] = c.plan.map((data, i) => ({ index: i + 1, revealed: i < c.revealed, data }));
  return {
    id: String(c.id),
    rehearsal: c.rehearsal,
    tasks: c.tasks,
    status: c.endedAt === null ? 'running' : c.aborted ? 'aborted' : 'done',
    startedAt: c.startedAt.toISOString(),
    startedBy: c.startedBy,
    endedAt: c.endedAt?.toISOString() ?? null,
    revealed: c.revealed,
    of: c.plan.length,
    steps,
    next: c.endedAt === null ? (steps[c.revealed] ?? null) : null,
  };
}
