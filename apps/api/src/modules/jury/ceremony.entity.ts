import type { RevealStepData } from '@podium/contracts';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A prize ceremony (official or rehearsal): its plan, computed from the finalized tasks when it
 * starts, and how far it went. The plan holds final scores: it never leaves the server except
 * one step at a time (`reveal.step` frames) and to the jury (`GET .../ceremony`). At most one
 * runs per event (the partial unique index).
 */
@Entity('ceremony')
@Index(['eventId'], { unique: true, where: '"ended_at" IS NULL' })
export class CeremonyEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'event_id', type: 'integer' })
  eventId!: number;

  @Column({ type: 'boolean' })
  rehearsal!: boolean;

  /** Task slugs in reveal order. */
  @Column({ type: 'jsonb' })
  tasks!: string[];

  /** Every step, in order (frames' data without `ceremony`, filled when sent). */
  @Column({ type: 'jsonb' })
  plan!: RevealStepData[];

  /** Steps revealed so far. */
  @Column({ type: 'integer', default: 0 })
  revealed!: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'started_by', type: 'varchar', length: 64 })
  startedBy!: string;

  /** Set after the last step, or when an organiser stops it (`aborted`). */
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ type: 'boolean', default: false })
  aborted!: boolean;
}
