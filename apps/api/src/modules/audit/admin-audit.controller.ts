// The running server checks an event's audit chain from its own database: `podium audit verify`
// asks here when the embedded database is held by the server (a second process would corrupt it).
import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditVerifyResponse } from '@podium/contracts';
import { DataSource } from 'typeorm';
import { ApiTokenChecked } from '../../common/auth/api-token-checked.decorator.js';
import { AdminTokenGuard } from '../../common/auth/admin-token.guard.js';
import { notFound } from '../../common/errors/domain-error.js';
import { readAndVerifyChain } from './audit-verify.js';
import { wireSchema } from '../../openapi/wire-schema.js';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@ApiTokenChecked('admin')
@Controller('admin/events')
export class AdminAuditController {
  constructor(private readonly dataSource: DataSource) {}

  @Get(':event/audit/verify')
  @ApiOperation({ summary: "Re-walk an event's audit hash chain from the database and name the first bad entry" })
  @ApiOkResponse({ description: 'AuditVerifyResponse: { event, ok, entries, head, broken }', schema: wireSchema('AuditVerifyResponse') })
  @ApiNotFoundResponse({ description: 'problem+json: unknown event', schema: wireSchema('ProblemDetails') })
  async verify(@Param('event') event: string): Promise<AuditVerifyResponse> {
    const verdict = await readAndVerifyChain(this.dataSource, event);
    if (!verdict) throw notFound('event', `No event with slug "${event}".`);
    return verdict.ok
      ? { event, ok: true, entries: verdict.entries, head: verdict.head, broken: null }
      : { event, ok: false, entries: verdict.entries, head: null, broken: verdict.error };
  }
}
