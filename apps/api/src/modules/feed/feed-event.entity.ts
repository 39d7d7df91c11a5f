import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { EventEntity } from '../events/event.entity.js';

/**
 * The live feed log. `seq` comes from one global identity, so it is strictly increasing within
 * each event's log (with gaps where other events appended): a reconnecting screen asks for
 * everything `since` the last seq it applied. Per event, seq order is also commit order (see
 * FeedService.append), so a reader that tails `seq > last` never skips a row.
 */
@Entity('feed_event')
@Index(['eventId', 'seq'])
@Index(['eventId', 'dedupeKey'], { unique: true })
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

  /** The full (jury) payload; each audience gets a projection made by `@podium/rules` when sent. */
  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  /**
   * `all` (projected per audience by the rules when sent), or a restriction for entries only
   * some audiences may ever see: `jury`, or `team:<slug>`.
   */
  @Column({ type: 'varchar', length: 80 })
  audience!: string;

  /** Set for entries that must exist once per event (a clock transition): a second append is a no-op. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200, nullable: true })
  dedupeKey!: string | null;
}
