import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { SubmissionEntity } from './submission.entity.js';

/** One named score of a submission on each split; null when the split has no usable case. */
@Entity('score')
@Index(['submissionId', 'name'], { unique: true })
export class ScoreEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'submission_id', type: 'integer' })
  submissionId!: number;

  @ManyToOne('SubmissionEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission?: Relation<SubmissionEntity>;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'double precision', nullable: true })
  public!: number | null;

  @Column({ type: 'double precision', nullable: true })
  private!: number | null;

  @Column({ type: 'double precision', nullable: true })
  all!: number | null;
}
