import { Global, Module } from '@nestjs/common';
import { AdminAuditController } from './admin-audit.controller.js';
import { AuditRepository } from './audit.repository.js';

@Global()
@Module({ controllers: [AdminAuditController], providers: [AuditRepository], exports: [AuditRepository] })
export class AuditModule {}
