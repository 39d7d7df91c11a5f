import { Controller, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { ApiTokenChecked } from '../../common/auth/api-token-checked.decorator.js';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ImportEventResponse } from '@podium/contracts';
import type { IncomingMessage } from 'node:http';
import { AdminTokenGuard } from '../../common/auth/admin-token.guard.js';
import { readBody, requireContentType } from '../../common/http/read-body.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/app-config.token.js';
import { EventImportService } from './event-import.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@ApiTokenChecked('admin')
@Controller('admin/events')
export class AdminEventsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly importer: EventImportService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create or update an event from a bundle zip (event.yaml + answer keys)' })
  @ApiConsumes('application/zip')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ description: '{ slug, created, teams: [{ slug, token }] } - tokens of new teams only' })
  @ApiResponse({ status: 413, description: 'problem+json: bundle larger than PODIUM_BUNDLE_LIMIT_MB' })
  @ApiResponse({ status: 422, description: 'problem+json listing every problem of the bundle with its path' })
  async importEvent(@Req() request: IncomingMessage): Promise<ImportEventResponse> {
    requireContentType(request, ['application/zip', 'application/x-zip-compressed', 'application/octet-stream']);
    const zip = await readBody(request, this.config.bundleLimitBytes);
    return this.importer.importZip(zip, 'admin');
  }
}
