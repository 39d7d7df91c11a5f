import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { SubmissionEntity } from './submission.entity.js';

/** Per-case values of a scored submission (Dice per mask, squared error per exam...). */
@Entity('case_result')
@Index(['submissionId', 'caseId'], { unique: true })
export class CaseResultEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'submission_id', type: 'integer' })
  submissionId!: number;

  @ManyToOne('SubmissionEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission?: Relation<SubmissionEntity>;

  @Column({ name: 'case_id', type: 'text' })
  caseId!: string;

  @Column({ type: 'jsonb' })
  values!: Record<string, number | null>;
}
