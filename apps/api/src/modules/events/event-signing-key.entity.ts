import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { EventEntity } from './event.entity.js';

/**
 * The Ed25519 key an event's results are signed with (one per event, made on first need). Its own
 * table, so loading an event never loads the private key: only `EventSigningKeys` reads it, and
 * only the public half ever leaves the server.
 */
@Entity('event_signing_key')
export class EventSigningKeyEntity {
  @PrimaryColumn({ name: 'event_id', type: 'integer' })
  eventId!: number;

  @OneToOne('EventEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<EventEntity>;

  @Column({ type: 'varchar', length: 16 })
  algorithm!: 'Ed25519';

  /** Raw 32-byte public key, lowercase hex (what the event view and every signature carry). */
  @Column({ name: 'public_key', type: 'char', length: 64 })
  publicKey!: string;

  /** PKCS#8 PEM; encrypted with PODIUM_RESULTS_KEY_SECRET when `encrypted`. */
  @Column({ name: 'private_key', type: 'text' })
  privateKey!: string;

  @Column({ type: 'boolean' })
  encrypted!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
