// Loads the full truth about one task (task, teams, every submission with its scores) in the
// shape `@podium/rules` computes every view from. Reads only; pass a transaction's manager to
// read inside it.
import { Injectable } from '@nestjs/common';
import type { Problem } from '@podium/contracts';
import type { Reveal, RoundSubmission, RoundTask, RoundTeam, RoundTruth } from '@podium/rules';
import { scoreDirection, type SplitScores } from '@podium/scoring';
import { DataSource, type EntityManager } from 'typeorm';
import { embeddedWrites } from '../../database/data-source.factory.js';
import { ReadCache } from '../../database/embedded-writes.js';
import { EventEntity } from '../events/event.entity.js';
import { isRevealed, TaskEntity } from '../events/task.entity.js';
import { TeamEntity } from '../teams/team.entity.js';

export interface TaskRef {
  event: EventEntity;
  task: TaskEntity;
}

/**
 * What the ceremony has revealed: everything once the official ceremony's last step of the task
 * set `revealed_at` (the public board is then the final board); nothing before.
 */
export const revealOf = (task: Pick<TaskEntity, 'revealedAt'>): Reveal => ({ privateRevealed: isRevealed(task) });

export function roundTask(task: TaskEntity): RoundTask {
  return {
    slug: task.slug,
    opensAt: task.opensAt,
    closesAt: task.closesAt,
    freezeAt: task.freezeAt,
    graceSeconds: task.graceSeconds,
    policy: task.leaderboardPolicy,
    scores: task.scores.map((s) => ({ name: s.name, direction: scoreDirection(s) })),
    ...(task.ranking ? { ranking: task.ranking } : {}),
    quota:
      task.quotaSubmissions !== null && task.quotaPerMinutes !== null ? { limit: task.quotaSubmissions, perMinutes: task.quotaPerMinutes } : null,
  };
}

const roundTeam = (team: Pick<TeamEntity, 'id' | 'slug' | 'name' | 'category'>): RoundTeam => ({ id: String(team.id), slug: team.slug, name: team.name, category: team.category });

interface SubmissionRow {
  id: number;
  team_id: number;
  received_at: Date;
  status: RoundSubmission['status'];
  scored_at: Date | null;
  problems?: Problem[] | null;
}

interface ScoreRow {
  submission_id: number;
  name: string;
  public: number | null;
  private: number | null;
  all: number | null;
}

@Injectable()
export class RoundTruthRepository {
  /**
   * Every submission, scoring job and refresh looks its task up: on the embedded database the
   * answer is kept until a write to task, event or team (see ReadCache). Read-only: never mutate
   * a returned ref.
   */
  private readonly bySlugs: ReadCache<string, TaskRef>;
  private readonly byId: ReadCache<number, TaskRef>;
  /** Per task, the settled submissions read so far (see boardSubmissions). */
  private readonly settled = new Map<number, SettledSubmissions>();

  constructor(private readonly dataSource: DataSource) {
    const writes = embeddedWrites(dataSource);
    this.bySlugs = new ReadCache(writes);
    this.byId = new ReadCache(writes);
  }

  /** One query (task joined to its event). */
  findTask(eventSlug: string, taskSlug: string, manager: EntityManager = this.dataSource.manager): Promise<TaskRef | null> {
    return this.bySlugs.get(JSON.stringify([eventSlug, taskSlug]), async () => {
      const task = await manager
        .createQueryBuilder(TaskEntity, 'task')
        .innerJoinAndSelect('task.event', 'event')
        .where('event.slug = :eventSlug AND task.slug = :taskSlug', { eventSlug, taskSlug })
        .getOne();
      return task ? { event: task.event!, task } : null;
    });
  }

  /** One query (find with `relations` would issue two). */
  findTaskById(taskId: number, manager: EntityManager = this.dataSource.manager): Promise<TaskRef | null> {
    return this.byId.get(taskId, async () => {
      const task = await manager.createQueryBuilder(TaskEntity, 'task').innerJoinAndSelect('task.event', 'event').where('task.id = :taskId', { taskId }).getOne();
      return task ? { event: task.event!, task } : null;
    });
  }

  /**
   * Everything about the task. `problemsFor` loads the rejection problems of that team's
   * submissions (its own view; boards never need them); `onlyTeam` keeps that team's submissions
   * only (enough for a view of one of its submissions, much less to read on a busy task).
   * Without options (boards, the live feed) settled submissions come from a per-task cache
   * (see SettledSubmissions): each call reads only what may have changed.
   */
  async load(
    ref: TaskRef,
    options: { problemsFor?: number; onlyTeam?: number } = {},
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RoundTruth> {
    const { teams, disqualifiedTeams } = await this.teams(ref.event.id, manager);
    const board = options.problemsFor === undefined && options.onlyTeam === undefined;
    const submissions = board ? await this.boardSubmissions(ref.task.id, manager) : await this.readSubmissions(ref.task.id, options, manager);
    const disqualified = await this.disqualifiedSubmissions(ref.task.id, disqualifiedTeams, manager);
    const reveal = revealOf(ref.task);
    if (disqualified.size === 0 && disqualifiedTeams.size === 0) return { task: roundTask(ref.task), teams, submissions, reveal };
    // A jury disqualification takes a submission (or a whole team) off every board. A board does
    // not list it at all; a team's own view keeps it, scoreless, so the team can read why.
    return board
      ? {
          task: roundTask(ref.task),
          teams: teams.filter((t) => !disqualifiedTeams.has(t.id)),
          submissions: submissions.filter((s) => !disqualified.has(s.id)),
          reveal,
        }
      : {
          task: roundTask(ref.task),
          teams,
          submissions: submissions.map((s) => (disqualified.has(s.id) ? { ...s, scores: null } : s)),
          reveal,
        };
  }

  /** Ids of the task's submissions the jury disqualified, one by one or with their team. */
  private async disqualifiedSubmissions(taskId: number, teams: ReadonlySet<string>, manager: EntityManager): Promise<Set<string>> {
    const rows: { id: number }[] = await manager.query(
      'SELECT id FROM submission WHERE task_id = $1 AND (disqualification IS NOT NULL OR team_id = ANY($2::int[]))',
      [taskId, [...teams].map(Number)],
    );
    return new Set(rows.map((r) => String(r.id)));
  }

  /** Forgets the cached settled submissions of a task (or of every task). */
  forget(taskId?: number): void {
    if (taskId === undefined) this.settled.clear();
    else this.settled.delete(taskId);
  }

  private async teams(eventId: number, manager: EntityManager): Promise<{ teams: RoundTeam[]; disqualifiedTeams: Set<string> }> {
    const rows: (Pick<TeamEntity, 'id' | 'slug' | 'name' | 'category'> & { dq: boolean })[] = await manager.query(
      'SELECT id, slug, name, category, disqualification IS NOT NULL AS dq FROM team WHERE event_id = $1 ORDER BY slug',
      [eventId],
    );
    return { teams: rows.map(roundTeam), disqualifiedTeams: new Set(rows.filter((r) => r.dq).map((r) => String(r.id))) };
  }

  /**
   * Every submission of the task, reading from the database only the ones that may have changed
   * since the last call: the unsettled ones, the new ones, and those unsettled last time. A
   * settled submission (scored, rejected, failed) never changes again: `settle` writes it once,
   * with its scores, and nothing updates it afterwards. A count of the task's rows guards the rest
   * (a row that committed out of id order on PostgreSQL, a deletion): any mismatch reads it all.
   */
  private async boardSubmissions(taskId: number, manager: EntityManager): Promise<RoundSubmission[]> {
    const cache = this.settled.get(taskId);
    if (cache) {
      // A jury rescore rewrites settled rows: its time is part of the guard.
      const [{ n, r }] = (await manager.query('SELECT count(*)::int AS n, max(rescored_at) AS r FROM submission WHERE task_id = $1', [
        taskId,
      ])) as [{ n: number; r: Date | string | null }];
      const rows: SubmissionRow[] = await manager.query(
        `SELECT id, team_id, received_at, status, scored_at FROM submission
          WHERE task_id = $1 AND (status IN ('queued', 'scoring') OR id > $2 OR id = ANY($3::int[]))`,
        [taskId, cache.maxId, [...cache.unsettled]],
      );
      const fresh = await this.withScores(rows.filter((r) => !cache.rows.has(r.id)), manager);
      if (cache.rows.size + fresh.length === n && cache.rescoredAt === stamp(r)) {
        cache.absorb(fresh);
        return cache.all();
      }
    }
    const [{ r }] = (await manager.query('SELECT max(rescored_at) AS r FROM submission WHERE task_id = $1', [taskId])) as [{ r: Date | string | null }];
    const rows: SubmissionRow[] = await manager.query(
      'SELECT id, team_id, received_at, status, scored_at FROM submission WHERE task_id = $1',
      [taskId],
    );
    const next = new SettledSubmissions();
    next.rescoredAt = stamp(r);
    next.absorb(await this.withScores(rows, manager));
    this.settled.set(taskId, next);
    return next.all();
  }

  /** Uncached read for a team's own views (with its problems) or one team's submissions. */
  private async readSubmissions(taskId: number, options: { problemsFor?: number; onlyTeam?: number }, manager: EntityManager): Promise<RoundSubmission[]> {
    const onlyTeam = options.onlyTeam === undefined ? '' : ' AND team_id = $3';
    const params = [taskId, options.problemsFor ?? -1, ...(options.onlyTeam === undefined ? [] : [options.onlyTeam])];
    const rows: SubmissionRow[] = await manager.query(
      `SELECT id, team_id, received_at, status, scored_at, CASE WHEN team_id = $2 THEN problems END AS problems
         FROM submission WHERE task_id = $1${onlyTeam} ORDER BY received_at, id`,
      params,
    );
    return (await this.withScores(rows, manager)).map((r) => r.submission);
  }

  /** The rows as the rules see them, the scored ones with their scores (one query). */
  private async withScores(rows: SubmissionRow[], manager: EntityManager): Promise<LoadedSubmission[]> {
    const scored = rows.filter((r) => r.status === 'scored').map((r) => r.id);
    const scores: ScoreRow[] =
      scored.length === 0
        ? []
        : await manager.query('SELECT submission_id, name, public, private, "all" FROM score WHERE submission_id = ANY($1::int[])', [scored]);
    const bySubmission = new Map<number, Record<string, SplitScores>>();
    for (const s of scores) {
      const entry = bySubmission.get(s.submission_id) ?? {};
      entry[s.name] = { public: s.public, private: s.private, all: s.all };
      bySubmission.set(s.submission_id, entry);
    }
    return rows.map((s) => ({
      id: s.id,
      submission: {
        id: String(s.id),
        teamId: String(s.team_id),
        receivedAt: new Date(s.received_at),
        status: s.status,
        scores: s.status === 'scored' ? (bySubmission.get(s.id) ?? null) : null,
        ...(s.problems ? { problems: s.problems } : {}),
        scoredAt: s.scored_at ? new Date(s.scored_at) : null,
      },
    }));
  }
}

const stamp = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

interface LoadedSubmission {
  id: number;
  submission: RoundSubmission;
}

const SETTLED: ReadonlySet<RoundSubmission['status']> = new Set(['scored', 'rejected', 'failed']);
const byReceipt = (a: RoundSubmission, b: RoundSubmission) => a.receivedAt.getTime() - b.receivedAt.getTime() || Number(a.id) - Number(b.id);

/** One task's submissions as last read: the settled ones are final, the others are read again. */
class SettledSubmissions {
  readonly rows = new Map<number, RoundSubmission>();
  readonly unsettled = new Set<number>();
  maxId = 0;
  /** Latest jury rescore of the task when this was read (see boardSubmissions). */
  rescoredAt: string | null = null;
  private current: RoundSubmission[] = [];

  /** Takes a fresh read of some rows: settled ones are kept, unsettled ones are only returned. */
  absorb(fresh: LoadedSubmission[]): void {
    this.unsettled.clear();
    const pending: RoundSubmission[] = [];
    for (const { id, submission } of fresh) {
      this.maxId = Math.max(this.maxId, id);
      if (SETTLED.has(submission.status)) this.rows.set(id, submission);
      else {
        this.unsettled.add(id);
        pending.push(submission);
      }
    }
    this.current = [...this.rows.values(), ...pending].sort(byReceipt);
  }

  all(): RoundSubmission[] {
    return [...this.current];
  }
}
