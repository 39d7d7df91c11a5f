import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { EventEntity } from '../events/event.entity.js';
import type { Disqualification } from '../submissions/submission.entity.js';

@Entity('team')
@Index(['eventId', 'slug'], { unique: true })
export class TeamEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'event_id', type: 'integer' })
  eventId!: number;

  @ManyToOne('EventEntity', (event: EventEntity) => event.teams, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<EventEntity>;

  @Column({ type: 'varchar', length: 64 })
  slug!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  category!: string | null;

  /** sha256 (hex) of the team's bearer token; the token itself is never stored. */
  @Column({ name: 'token_hash', type: 'char', length: 64, unique: true })
  tokenHash!: string;

  @Column({ name: 'token_rotated_at', type: 'timestamptz' })
  tokenRotatedAt!: Date;

  /** Set when the jury disqualified the team: it leaves every board; it sees the reason. */
  @Column({ type: 'jsonb', nullable: true })
  disqualification!: Disqualification | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
