import type { Problem } from '@podium/contracts';
import type { SubmissionStatus } from '@podium/rules';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { BlobEntity } from '../blobs/blob.entity.js';
import type { TaskEntity } from '../events/task.entity.js';
import type { TeamEntity } from '../teams/team.entity.js';

/** A jury decision in force: why, when, and which organiser (jury login). */
export interface Disqualification {
  reason: string;
  at: string;
  by: string;
}

@Entity('submission')
@Index(['teamId', 'idempotencyKey'], { unique: true })
@Index(['taskId', 'teamId', 'receivedAt'])
@Index(['status', 'receivedAt'])
export class SubmissionEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'task_id', type: 'integer' })
  taskId!: number;

  @ManyToOne('TaskEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id' })
  task?: Relation<TaskEntity>;

  @Column({ name: 'team_id', type: 'integer' })
  teamId!: number;

  @ManyToOne('TeamEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id' })
  team?: Relation<TeamEntity>;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status!: SubmissionStatus;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @ManyToOne('BlobEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sha256' })
  blob?: Relation<BlobEntity>;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  /** Client-chosen key so a retried upload is not counted twice; unique per team. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 128, nullable: true })
  idempotencyKey!: string | null;

  /** Received after the task's freeze: hidden from public boards until the reveal. */
  @Column({ name: 'after_freeze', type: 'boolean', default: false })
  afterFreeze!: boolean;

  @Column({ type: 'jsonb', nullable: true })
  problems!: Problem[] | null;

  /** Internal failure message (status `failed`); never shown to teams verbatim. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'scored_at', type: 'timestamptz', nullable: true })
  scoredAt!: Date | null;

  /** Set when the jury disqualified this submission: it counts on no board. */
  @Column({ type: 'jsonb', nullable: true })
  disqualification!: Disqualification | null;

  /** Last time a jury rescore changed this row (boards re-read it; see RoundTruthRepository). */
  @Column({ name: 'rescored_at', type: 'timestamptz', nullable: true })
  rescoredAt!: Date | null;

  /** Scoring attempts so far (a retried job increments it). */
  @Column({ type: 'integer', default: 0 })
  attempt!: number;
}
