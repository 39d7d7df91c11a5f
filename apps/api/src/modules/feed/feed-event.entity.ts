import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { EventEntity } from '../events/event.entity.js';

/**
 * The live feed log. `seq` is strictly increasing, so a reconnecting screen asks for
 * everything `since` the last seq it applied.
 */
@Entity('feed_event')
@Index(['eventId', 'seq'])
export class FeedEventEntity {
  /** bigint: node-postgres returns it as a string to stay exact. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  seq!: string;

  @Column({ name: 'event_id', type: 'integer' })
  eventId!: number;

  @ManyToOne('EventEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<EventEntity>;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  /** `public`, `jury`, or `team:<slug>` for one team's private events. */
  @Column({ type: 'varchar', length: 80 })
  audience!: string;
}
