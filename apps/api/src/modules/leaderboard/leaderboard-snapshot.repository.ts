import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isEmbeddedDatabase } from '../../database/database-kind.js';
import { LeaderboardSnapshotEntity } from './leaderboard-snapshot.entity.js';

export type NewSnapshot = Pick<LeaderboardSnapshotEntity, 'taskId' | 'takenAt' | 'reason' | 'rows'>;

/** Boards as they stood (one stream per snapshot `reason`), newest last or first as asked. */
@Injectable()
export class LeaderboardSnapshotRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The `count` newest snapshots of a stream, newest first; missing ones are undefined. */
  async latest(taskId: number, reason: string, count: number, manager: EntityManager = this.dataSource.manager): Promise<(LeaderboardSnapshotEntity | undefined)[]> {
    const found = await manager.find(LeaderboardSnapshotEntity, { where: { taskId, reason }, order: { takenAt: 'DESC', id: 'DESC' }, take: count });
    return Array.from({ length: count }, (_, i) => found[i]);
  }

  /** A whole stream, oldest first (the race chart). */
  history(taskId: number, reason: string): Promise<LeaderboardSnapshotEntity[]> {
    return this.dataSource.getRepository(LeaderboardSnapshotEntity).find({ where: { taskId, reason }, order: { takenAt: 'ASC', id: 'ASC' } });
  }

  async insert(snapshot: NewSnapshot, manager: EntityManager): Promise<void> {
    await manager.insert(LeaderboardSnapshotEntity, snapshot);
  }

  /** On PostgreSQL, locks the task row so two nodes never snapshot the same change twice (PGlite is serial already). */
  async lockTask(taskId: number, manager: EntityManager): Promise<void> {
    if (!isEmbeddedDatabase(this.dataSource)) await manager.query('SELECT id FROM task WHERE id = $1 FOR UPDATE', [taskId]);
  }
}
