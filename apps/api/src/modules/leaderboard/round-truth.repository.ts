// Loads the full truth about one task (task, teams, every submission with its scores) in the
// shape `@podium/rules` computes every view from. Reads only; pass a transaction's manager to
// read inside it.
import { Injectable } from '@nestjs/common';
import type { Problem } from '@podium/contracts';
import type { Reveal, RoundSubmission, RoundTask, RoundTeam, RoundTruth } from '@podium/rules';
import { scoreDirection, type SplitScores } from '@podium/scoring';
import { DataSource, type EntityManager } from 'typeorm';
import { EventEntity } from '../events/event.entity.js';
import { TaskEntity } from '../events/task.entity.js';
import { TeamEntity } from '../teams/team.entity.js';

export interface TaskRef {
  event: EventEntity;
  task: TaskEntity;
}

/** What the ceremony has revealed; the jury issue will store it. Until then nothing is revealed. */
const NOT_REVEALED: Reveal = { privateRevealed: false };

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

export const roundTeam = (team: TeamEntity): RoundTeam => ({ id: String(team.id), slug: team.slug, name: team.name, category: team.category });

interface SubmissionRow {
  id: number;
  team_id: number;
  received_at: Date;
  status: RoundSubmission['status'];
  scored_at: Date | null;
  problems: Problem[] | null;
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
  constructor(private readonly dataSource: DataSource) {}

  /** One query (task joined to its event). */
  async findTask(eventSlug: string, taskSlug: string, manager: EntityManager = this.dataSource.manager): Promise<TaskRef | null> {
    const task = await manager
      .createQueryBuilder(TaskEntity, 'task')
      .innerJoinAndSelect('task.event', 'event')
      .where('event.slug = :eventSlug AND task.slug = :taskSlug', { eventSlug, taskSlug })
      .getOne();
    return task ? { event: task.event!, task } : null;
  }

  /** One query (find with `relations` would issue two); every scoring job and refresh calls it. */
  async findTaskById(taskId: number, manager: EntityManager = this.dataSource.manager): Promise<TaskRef | null> {
    const task = await manager.createQueryBuilder(TaskEntity, 'task').innerJoinAndSelect('task.event', 'event').where('task.id = :taskId', { taskId }).getOne();
    return task ? { event: task.event!, task } : null;
  }

  /**
   * Everything about the task. `problemsFor` loads the rejection problems of that team's
   * submissions (its own view; boards never need them); `onlyTeam` keeps that team's submissions
   * only (enough for a view of one of its submissions, much less to read on a busy task).
   */
  async load(
    ref: TaskRef,
    options: { problemsFor?: number; onlyTeam?: number } = {},
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RoundTruth> {
    const teams = await manager.find(TeamEntity, { where: { eventId: ref.event.id }, order: { slug: 'ASC' } });
    const onlyTeam = options.onlyTeam === undefined ? '' : ' AND team_id = $3';
    const params = [ref.task.id, options.problemsFor ?? -1, ...(options.onlyTeam === undefined ? [] : [options.onlyTeam])];
    const submissions: SubmissionRow[] = await manager.query(
      `SELECT id, team_id, received_at, status, scored_at, CASE WHEN team_id = $2 THEN problems END AS problems
         FROM submission WHERE task_id = $1${onlyTeam} ORDER BY received_at, id`,
      params,
    );
    const scores: ScoreRow[] = await manager.query(
      `SELECT s.submission_id, s.name, s.public, s.private, s."all"
         FROM score s JOIN submission sub ON sub.id = s.submission_id
        WHERE sub.task_id = $1 AND sub.status = 'scored'${onlyTeam.replace('team_id', 'sub.team_id').replace('$3', '$2')}`,
      [ref.task.id, ...(options.onlyTeam === undefined ? [] : [options.onlyTeam])],
    );
    const bySubmission = new Map<number, Record<string, SplitScores>>();
    for (const s of scores) {
      const entry = bySubmission.get(s.submission_id) ?? {};
      entry[s.name] = { public: s.public, private: s.private, all: s.all };
      bySubmission.set(s.submission_id, entry);
    }
    return {
      task: roundTask(ref.task),
      teams: teams.map(roundTeam),
      submissions: submissions.map((s) => ({
        id: String(s.id),
        teamId: String(s.team_id),
        receivedAt: new Date(s.received_at),
        status: s.status,
        scores: s.status === 'scored' ? (bySubmission.get(s.id) ?? null) : null,
        ...(s.problems ? { problems: s.problems } : {}),
        scoredAt: s.scored_at ? new Date(s.scored_at) : null,
      })),
      reveal: NOT_REVEALED,
    };
  }
}
