import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { SubmissionResult } from '@podium/scoring';
import type { SubmissionEntity } from './submission.entity.js';

/** One case's values in `case_values.cases`: Dice of its mask, squared error of its exam... */
export interface CaseValues {
  caseId: string;
  values: Record<string, number | null>;
}

/**
 * Per-case values of a scored submission, one row per submission with its cases in answer-key
 * order (only cases that have a value). One row, not one per case: a 500-mask settle wrote 500
 * rows, 20-40 ms of the embedded database's time on the event loop.
 */
@Entity('case_values')
export class CaseValuesEntity {
  @PrimaryColumn({ name: 'submission_id', type: 'integer' })
  submissionId!: number;

  @OneToOne('SubmissionEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission?: Relation<SubmissionEntity>;

  @Column({ type: 'jsonb' })
  cases!: CaseValues[];
}

/** What `case_values.cases` holds for a result: the cases that have a value, in answer-key order. */
export function caseValuesOf(result: SubmissionResult): CaseValues[] {
  return result.cases.filter((c) => Object.keys(c.values).length > 0).map((c) => ({ caseId: c.caseId, values: c.values }));
}
