import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Content-addressed file storage. Files live in the database so several API nodes share them
 * without a shared disk; the same bytes are stored once.
 */
@Entity('blob')
export class BlobEntity {
  /** Lower-case hex sha256 of `bytes`. */
  @PrimaryColumn({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'bytea' })
  bytes!: Buffer;

  @Column({ type: 'integer' })
  size!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
