import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity.js';

export interface AuditRecord {
  actor: string;
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends an entry; pass the transaction's manager so the entry commits with the change. */
  async append(record: AuditRecord, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.save(manager.create(AuditEntryEntity, { ...record, details: record.details ?? {} }));
  }

  async list(limit = 100): Promise<AuditEntryEntity[]> {
    return this.dataSource.getRepository(AuditEntryEntity).find({ order: { id: 'DESC' }, take: limit });
  }
}
