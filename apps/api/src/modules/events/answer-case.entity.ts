import type { DetectionNoduleTruth } from '@podium/contracts';
import type { Split } from '@podium/scoring';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { TaskEntity } from './task.entity.js';

/** One case (a detection task: one scan) of a task's answer key. Server-side only: never serialised to a client. */
@Entity('answer_case')
@Index(['taskId', 'normalizedId'], { unique: true })
export class AnswerCaseEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'task_id', type: 'integer' })
  taskId!: number;

  @ManyToOne('TaskEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: Relation<TaskEntity>;

  /** Row order in the key file. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'case_id', type: 'text' })
  caseId!: string;

  @Column({ name: 'normalized_id', type: 'text' })
  normalizedId!: string;

  @Column({ type: 'varchar', length: 16 })
  split!: Split;

  /** Truth values by column; null where the key cell is empty (`{}` for a detection task's scan). */
  @Column({ type: 'jsonb' })
  truth!: Record<string, number | null>;

  /** Detection tasks only: the scan's reference nodules (possibly none); null for other tasks. */
  @Column({ type: 'jsonb', nullable: true })
  nodules!: DetectionNoduleTruth[] | null;
}
