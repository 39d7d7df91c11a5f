import { Injectable } from '@nestjs/common';
import { countsAgainstQuota, type SubmissionStatus } from '@podium/rules';
import { DataSource, type EntityManager, MoreThan, Not } from 'typeorm';
import { isEmbeddedDatabase } from '../leaderboard/database-kind.js';
import { SubmissionEntity } from './submission.entity.js';

const COUNTED: SubmissionStatus[] = (['queued', 'scoring', 'scored', 'rejected', 'failed'] as const).filter(countsAgainstQuota);

@Injectable()
export class SubmissionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: number, manager: EntityManager = this.dataSource.manager): Promise<SubmissionEntity | null> {
    return manager.findOneBy(SubmissionEntity, { id });
  }

  findByIdempotencyKey(teamId: number, key: string, manager: EntityManager = this.dataSource.manager): Promise<SubmissionEntity | null> {
    return manager.findOneBy(SubmissionEntity, { teamId, idempotencyKey: key });
  }

  /** The same bytes from the same team for the same task since `since` (a double click, a blind retry). */
  findSameBytes(teamId: number, taskId: number, sha256: string, since: Date, manager: EntityManager = this.dataSource.manager): Promise<SubmissionEntity | null> {
    // A failed submission (our fault) may be sent again as is: it is not a duplicate.
    return manager.findOne(SubmissionEntity, {
      where: { teamId, taskId, sha256, receivedAt: MoreThan(since), status: Not('failed') },
      order: { receivedAt: 'ASC', id: 'ASC' },
    });
  }

  /** `received_at` of the submissions that hold a quota slot since `since` (see `countsAgainstQuota`). */
  async countedSince(teamId: number, taskId: number, since: Date, manager: EntityManager = this.dataSource.manager): Promise<Date[]> {
    const rows: { received_at: Date }[] = await manager.query(
      `SELECT received_at FROM submission WHERE team_id = $1 AND task_id = $2 AND received_at > $3 AND status = ANY($4)`,
      [teamId, taskId, since, COUNTED],
    );
    return rows.map((r) => new Date(r.received_at));
  }

  /** Serialises submissions of one team to one task on PostgreSQL (quota and duplicate checks); PGlite is serial already. */
  async lockTeamTask(teamId: number, taskId: number, manager: EntityManager): Promise<void> {
    if (!isEmbeddedDatabase(this.dataSource)) await manager.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [teamId, taskId]);
  }

  async insert(values: Omit<SubmissionEntity, 'id' | 'task' | 'team' | 'blob'>, manager: EntityManager): Promise<SubmissionEntity> {
    const result = await manager.insert(SubmissionEntity, values);
    return { ...values, id: (result.identifiers[0] as { id: number }).id } as SubmissionEntity;
  }
}
