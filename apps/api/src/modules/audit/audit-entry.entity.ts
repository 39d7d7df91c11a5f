import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only trail of who changed what (imports, token rotations, jury decisions, sign-ins...).
 * Entries of one event form a hash chain: `hash` = SHA-256 over `prev_hash` and the entry's
 * canonical content (see audit-chain.ts), so an edit, a deletion or a swap is detected.
 */
@Entity('audit_entry')
@Index(['at'])
@Index(['event', 'seq'], { unique: true })
export class AuditEntryEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  /** Event slug the entry belongs to; '' for server-wide entries. Each value has its own chain. */
  @Column({ type: 'varchar', length: 100, default: '' })
  event!: string;

  /** 1-based position in the event's chain; null on entries written before the chain existed. */
  @Column({ type: 'integer', nullable: true })
  seq!: number | null;

  /** `admin`, `team:<slug>`, `jury:<login>`, `anonymous` or `system`. */
  @Column({ type: 'varchar', length: 128 })
  actor!: string;

  /** Dotted verb, e.g. `event.import`, `team.token.rotate`. */
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  /** What was acted on, e.g. `event:jfr-2019`, `team:jfr-2019/owkin`. */
  @Column({ type: 'varchar', length: 256 })
  target!: string;

  /** Why (required for jury decisions). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'char', length: 64, nullable: true })
  prevHash!: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  hash!: string | null;
}
