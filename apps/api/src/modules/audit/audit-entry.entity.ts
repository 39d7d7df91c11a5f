import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only trail of who changed what (imports, token rotations, jury decisions...). */
@Entity('audit_entry')
@Index(['at'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  /** `admin`, `team:<slug>`, `jury:<login>` or `system`. */
  @Column({ type: 'varchar', length: 128 })
  actor!: string;

  /** Dotted verb, e.g. `event.import`, `team.token.rotate`. */
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  /** What was acted on, e.g. `event:jfr-2019`, `team:jfr-2019/owkin`. */
  @Column({ type: 'varchar', length: 256 })
  target!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, unknown>;
}
