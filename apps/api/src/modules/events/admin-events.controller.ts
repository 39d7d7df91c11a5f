import { Controller, Get, Headers, Inject, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { ImportEventResponse, ImportJobResponse } from '@podium/contracts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiTokenChecked } from '../../common/auth/api-token-checked.decorator.js';
import { AdminTokenGuard } from '../../common/auth/admin-token.guard.js';
import { readBody, requireContentType } from '../../common/http/read-body.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/app-config.token.js';
import { EventImportService } from './event-import.service.js';
import { ImportJobsService } from './import-jobs.service.js';
import { wireSchema } from '../../openapi/wire-schema.js';

/** `?async=true` or RFC 7240 `Prefer: respond-async`: answer 202 and let the client follow the import. */
const wantsAsync = (query: string | undefined, prefer: string | undefined) =>
  query === 'true' || query === '1' || /(^|[\s,;])respond-async($|[\s,;])/i.test(prefer ?? '');

function sendJson(response: ServerResponse, status: number, body: ImportEventResponse | ImportJobResponse): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
}

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@ApiTokenChecked('admin')
@Controller('admin')
export class AdminEventsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly importer: EventImportService,
    private readonly jobs: ImportJobsService,
  ) {}

  @Post('events')
  @ApiOperation({
    summary: 'Create or update an event from a bundle zip (event.yaml + answer keys)',
    description:
      'Validated off the event loop (worker thread); the event in one transaction, then the answer-key rows in short chunks. By default the answer waits for the import (201). ' +
      'With ?async=true or Prefer: respond-async it is 202 at once, with Location: /api/admin/imports/:id to follow its progress.',
  })
  @ApiConsumes('application/zip')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'async', required: false, description: '`true`: answer 202 with an import id instead of waiting' })
  @ApiHeader({ name: 'Prefer', required: false, description: '`respond-async`: same as ?async=true' })
  @ApiCreatedResponse({ description: 'Imported; tokens of new teams only', schema: wireSchema('ImportEventResponse') })
  @ApiAcceptedResponse({ description: 'Import started (status running); header Location: /api/admin/imports/:id', schema: wireSchema('ImportJobResponse') })
  @ApiResponse({ status: 413, description: 'problem+json: bundle larger than PODIUM_BUNDLE_LIMIT_MB' })
  @ApiResponse({ status: 422, description: 'problem+json listing every problem of the bundle with its path', schema: wireSchema('ProblemDetails') })
  async importEvent(
    @Req() request: IncomingMessage,
    // Written by hand: the status is 201 or 202 depending on the request (Nest would force one).
    @Res() response: ServerResponse,
    @Query('async') asyncQuery: string | undefined,
    @Headers('prefer') prefer: string | undefined,
  ): Promise<void> {
    requireContentType(request, ['application/zip', 'application/x-zip-compressed', 'application/octet-stream']);
    const zip = await readBody(request, this.config.bundleLimitBytes);
    if (!wantsAsync(asyncQuery, prefer)) {
      sendJson(response, 201, await this.importer.importZip(zip, 'admin'));
      return;
    }
    const job = this.jobs.start(zip, 'admin');
    response.setHeader('Location', `/api/admin/imports/${job.id}`);
    response.setHeader('Preference-Applied', 'respond-async');
    sendJson(response, 202, job);
  }

  @Get('imports/:id')
  @ApiOperation({ summary: 'Where an import answered 202 is: phase, answer-key rows written, then its result or its problem' })
  @ApiOkResponse({ description: 'Its phase, rows written, then its result or its problem', schema: wireSchema('ImportJobResponse') })
  @ApiNotFoundResponse({ description: 'problem+json: no such import on this server' })
  importStatus(@Param('id') id: string): ImportJobResponse {
    return this.jobs.get(id);
  }
}
