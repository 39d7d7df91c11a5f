import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { JuryMemberEntity } from './jury-member.entity.js';

/** A signed-in jury member. Only the sha256 of the bearer token is stored. */
@Entity('jury_session')
@Index(['memberId'])
export class JurySessionEntity {
  /** Random id (not the token): what an organiser revokes. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'member_id', type: 'integer' })
  memberId!: number;

  @ManyToOne('JuryMemberEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member?: Relation<JuryMemberEntity>;

  @Column({ name: 'token_hash', type: 'char', length: 64, unique: true })
  tokenHash!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** Login of the organiser who revoked it, or the member itself on sign-out. */
  @Column({ name: 'revoked_by', type: 'varchar', length: 64, nullable: true })
  revokedBy!: string | null;
}
