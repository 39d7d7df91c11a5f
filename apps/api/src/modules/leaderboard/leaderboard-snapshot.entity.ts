import type { LeaderboardRow } from '@podium/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { TaskEntity } from '../events/task.entity.js';

/** A leaderboard as it stood at a moment (freeze, close, reveal, jury decision...). */
@Entity('leaderboard_snapshot')
@Index(['taskId', 'takenAt'])
export class LeaderboardSnapshotEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'task_id', type: 'integer' })
  taskId!: number;

  @ManyToOne('TaskEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: Relation<TaskEntity>;

  @Column({ name: 'taken_at', type: 'timestamptz' })
  takenAt!: Date;

  @Column({ type: 'varchar', length: 32 })
  reason!: string;

  /** The board's rows as the rules computed them (jury streams keep their internal links too). */
  @Column({ type: 'jsonb' })
  rows!: LeaderboardRow[];
}
