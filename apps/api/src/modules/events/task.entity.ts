import type { LeaderboardPolicy } from '@podium/contracts';
import type { RankingSpec, ScoreSpec, SubmissionSpec } from '@podium/scoring';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { EventEntity } from './event.entity.js';
import type { BlobEntity } from '../blobs/blob.entity.js';

@Entity('task')
@Index(['eventId', 'slug'], { unique: true })
export class TaskEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'event_id', type: 'integer' })
  eventId!: number;

  @ManyToOne('EventEntity', (event: EventEntity) => event.tasks, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<EventEntity>;

  @Column({ type: 'varchar', length: 64 })
  slug!: string;

  /** Order of the task in the bundle, so screens list tasks as the organiser wrote them. */
  @Column({ type: 'integer', default: 0 })
  position!: number;

  @Column({ name: 'title_en', type: 'text' })
  titleEn!: string;

  @Column({ name: 'title_fr', type: 'text' })
  titleFr!: string;

  @Column({ name: 'opens_at', type: 'timestamptz' })
  opensAt!: Date;

  @Column({ name: 'closes_at', type: 'timestamptz' })
  closesAt!: Date;

  @Column({ name: 'freeze_at', type: 'timestamptz', nullable: true })
  freezeAt!: Date | null;

  @Column({ name: 'grace_seconds', type: 'integer', default: 0 })
  graceSeconds!: number;

  /** At most `quotaSubmissions` per sliding `quotaPerMinutes`; both null = unlimited. */
  @Column({ name: 'quota_submissions', type: 'integer', nullable: true })
  quotaSubmissions!: number | null;

  @Column({ name: 'quota_per_minutes', type: 'integer', nullable: true })
  quotaPerMinutes!: number | null;

  @Column({ name: 'leaderboard_policy', type: 'varchar', length: 16 })
  leaderboardPolicy!: LeaderboardPolicy;

  @Column({ type: 'integer', nullable: true })
  precision!: number | null;

  @Column({ name: 'max_upload_mb', type: 'integer', nullable: true })
  maxUploadMb!: number | null;

  @Column({ name: 'submission_spec', type: 'jsonb' })
  submissionSpec!: SubmissionSpec;

  @Column({ type: 'jsonb' })
  scores!: ScoreSpec[];

  @Column({ type: 'jsonb', nullable: true })
  ranking!: RankingSpec | null;

  /** The answer-key CSV as uploaded, kept so a re-score uses the very same bytes. */
  @Column({ name: 'answer_key_sha256', type: 'char', length: 64 })
  answerKeySha256!: string;

  @ManyToOne('BlobEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'answer_key_sha256' })
  answerKeyBlob?: Relation<BlobEntity>;

  @Column({ name: 'answer_masks_sha256', type: 'char', length: 64, nullable: true })
  answerMasksSha256!: string | null;

  @ManyToOne('BlobEntity', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'answer_masks_sha256' })
  answerMasksBlob?: Relation<BlobEntity> | null;

  /** Set by a jury organiser's finalize (issue 14): the task's results may no longer change. */
  @Column({ name: 'finalized_at', type: 'timestamptz', nullable: true })
  finalizedAt!: Date | null;

  @Column({ name: 'finalized_by', type: 'varchar', length: 64, nullable: true })
  finalizedBy!: string | null;

  /**
   * Set when the official (not rehearsal) ceremony revealed the task's last step (issue 14): from
   * then on its final board is the public board and its signed results are public.
   */
  @Column({ name: 'revealed_at', type: 'timestamptz', nullable: true })
  revealedAt!: Date | null;
}

/** Whether the official ceremony revealed the task (its public board is then the final board). */
export const isRevealed = (task: Pick<TaskEntity, 'revealedAt'>): boolean => task.revealedAt !== null && task.revealedAt !== undefined;
