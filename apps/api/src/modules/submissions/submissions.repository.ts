import { Injectable } from '@nestjs/common';
import { countsAgainstQuota, SUBMISSION_STATUSES, type SubmissionStatus } from '@podium/rules';
import { DataSource, type EntityManager } from 'typeorm';
import { TaskEntity } from '../events/task.entity.js';
import { isEmbeddedDatabase } from '../../database/database-kind.js';
import type { StatementPlanner } from '../../database/data-source.factory.js';
import { SubmissionEntity } from './submission.entity.js';

/** What a 202 (first or replayed) is made of. */
export type AcceptedRow = Pick<SubmissionEntity, 'id' | 'taskId' | 'receivedAt' | 'sha256' | 'status'>;

export type NewSubmission = Pick<SubmissionEntity, 'taskId' | 'teamId' | 'receivedAt' | 'sha256' | 'size' | 'fileName' | 'idempotencyKey' | 'afterFreeze'>;

const COUNTED: SubmissionStatus[] = SUBMISSION_STATUSES.filter(countsAgainstQuota);

const INSERT_QUEUED = `INSERT INTO submission (task_id, team_id, status, received_at, sha256, size, file_name, idempotency_key, after_freeze, attempt)
       VALUES ($1, $2, 'queued', $3, $4, $5, $6, $7, $8, 0) RETURNING id`;

@Injectable()
export class SubmissionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: number, manager: EntityManager = this.dataSource.manager): Promise<SubmissionEntity | null> {
    return manager.findOneBy(SubmissionEntity, { id });
  }

  /** Every submission of a team (its own view: `GET /api/teams/me`). */
  findByTeam(teamId: number): Promise<SubmissionEntity[]> {
    return this.dataSource.getRepository(SubmissionEntity).find({ where: { teamId } });
  }

  /** The tasks a team of this event submits to, in bundle order. */
  tasksOfEvent(eventId: number): Promise<TaskEntity[]> {
    return this.dataSource.getRepository(TaskEntity).find({ where: { eventId }, order: { position: 'ASC', id: 'ASC' } });
  }

  findByIdempotencyKey(teamId: number, key: string, manager: EntityManager = this.dataSource.manager): Promise<SubmissionEntity | null> {
    return manager.findOneBy(SubmissionEntity, { teamId, idempotencyKey: key });
  }

  /**
   * The same bytes from the same team for the same task since `since` (a double click, a blind
   * retry): the fields a replayed 202 needs. Raw SQL: it runs on every submission.
   */
  async findSameBytes(teamId: number, taskId: number, sha256: string, since: Date, manager: EntityManager = this.dataSource.manager): Promise<AcceptedRow | null> {
    // A failed submission (our fault) may be sent again as is: it is not a duplicate.
    const rows: { id: number; task_id: number; received_at: Date; sha256: string; status: SubmissionEntity['status'] }[] = await manager.query(
      `SELECT id, task_id, received_at, sha256, status FROM submission
        WHERE team_id = $1 AND task_id = $2 AND sha256 = $3 AND received_at > $4 AND status <> 'failed'
        ORDER BY received_at, id LIMIT 1`,
      [teamId, taskId, sha256, since],
    );
    const row = rows[0];
    return row ? { id: row.id, taskId: row.task_id, receivedAt: new Date(row.received_at), sha256: row.sha256, status: row.status } : null;
  }

  /** `received_at` of the submissions that hold a quota slot since `since` (see `countsAgainstQuota`). */
  async countedSince(teamId: number, taskId: number, since: Date, manager: EntityManager = this.dataSource.manager): Promise<Date[]> {
    const rows: { received_at: Date }[] = await manager.query(
      `SELECT received_at FROM submission WHERE team_id = $1 AND task_id = $2 AND received_at > $3 AND status = ANY($4)`,
      [teamId, taskId, since, COUNTED],
    );
    return rows.map((r) => new Date(r.received_at));
  }

  /** The team's submissions waiting or being scored, this one excluded (its place in its team's backlog). */
  async teamBacklog(teamId: number, submissionId: number): Promise<number> {
    const rows: { n: string | number }[] = await this.dataSource.query(
      `SELECT count(*) AS n FROM submission WHERE team_id = $1 AND status IN ('queued', 'scoring') AND id < $2`,
      [teamId, submissionId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** The team's rejected uploads settled after `since`, oldest first (their settle instants). */
  async rejectedSince(teamId: number, since: Date): Promise<Date[]> {
    const rows: { scored_at: Date | string }[] = await this.dataSource.query(
      `SELECT scored_at FROM submission WHERE team_id = $1 AND status = 'rejected' AND scored_at > $2 ORDER BY scored_at`,
      [teamId, since],
    );
    return rows.map((r) => new Date(r.scored_at));
  }

  /** Serialises submissions of one team to one task on PostgreSQL (quota and duplicate checks); PGlite is serial already. */
  async lockTeamTask(teamId: number, taskId: number, manager: EntityManager): Promise<void> {
    if (!isEmbeddedDatabase(this.dataSource)) await manager.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [teamId, taskId]);
  }

  /** A new queued submission (raw SQL: it runs on every submission). */
  async insertQueued(values: NewSubmission, manager: EntityManager): Promise<AcceptedRow> {
    const rows: { id: number }[] = await manager.query(
      INSERT_QUEUED,
      [values.taskId, values.teamId, values.receivedAt, values.sha256, values.size, values.fileName, values.idempotencyKey, values.afterFreeze],
    );
    return { id: rows[0]!.id, taskId: values.taskId, receivedAt: values.receivedAt, sha256: values.sha256, status: 'queued' };
  }

  /** Plans `insertQueued` without running it (start-up warm-up: see IntakeWarmup). */
  planInsertQueued(plan: StatementPlanner): Promise<void> {
    return plan(INSERT_QUEUED, [0, 0, new Date(0), '', 0, '', null, false]);
  }
}
