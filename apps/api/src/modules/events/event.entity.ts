import type { LocalizedText, PrizeManifest } from '@podium/contracts';
import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import type { TaskEntity } from './task.entity.js';
import type { TeamEntity } from '../teams/team.entity.js';

@Entity('event')
export class EventEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  slug!: string;

  @Column({ type: 'jsonb' })
  title!: LocalizedText;

  /** IANA zone the organiser wrote the schedule in; screens show local times in it. */
  @Column({ type: 'varchar', length: 64 })
  timezone!: string;

  /** The bundle's `prizes:` list as validated (empty: each ceremony reveals the whole ranking). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  prizes!: PrizeManifest[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @OneToMany('TaskEntity', (task: TaskEntity) => task.event)
  tasks?: Relation<TaskEntity>[];

  @OneToMany('TeamEntity', (team: TeamEntity) => team.event)
  teams?: Relation<TeamEntity>[];
}
