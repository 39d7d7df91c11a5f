import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A jury member's statement that they checked a task's final ranking (four eyes). A later
 * rescore, disqualification or re-import of the task voids it: the row stays, with why.
 */
@Entity('task_verification')
@Index(['taskId', 'login'], { unique: true, where: '"voided_at" IS NULL' })
export class TaskVerificationEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'event_id', type: 'integer' })
  eventId!: number;

  @Column({ name: 'task_id', type: 'integer' })
  taskId!: number;

  /** Jury login of the member who verified. */
  @Column({ type: 'varchar', length: 64 })
  login!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'voided_at', type: 'timestamptz', nullable: true })
  voidedAt!: Date | null;

  /** Why it no longer stands, e.g. "task.rescore (audit 42): Split column was swapped". */
  @Column({ name: 'voided_reason', type: 'text', nullable: true })
  voidedReason!: string | null;
}
