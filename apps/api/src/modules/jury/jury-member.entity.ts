import type { JuryRole } from '@podium/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { EventEntity } from '../events/event.entity.js';

@Entity('jury_member')
@Index(['eventId', 'login'], { unique: true })
export class JuryMemberEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'event_id', type: 'integer' })
  eventId!: number;

  @ManyToOne('EventEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<EventEntity>;

  @Column({ type: 'varchar', length: 64 })
  login!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: JuryRole;

  /** Set when the member first chooses a password (a later issue); null until then. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;
}
