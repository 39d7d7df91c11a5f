import { Controller, Get, Headers, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiTokenChecked, TOO_MANY_FAILED_ATTEMPTS_DESCRIPTION } from '../../common/auth/api-token-checked.decorator.js';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { SubmissionAccepted, SubmissionDetails, TeamMeResponse } from '@podium/contracts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CurrentTeam, TeamAuthGuard } from '../teams/team-auth.guard.js';
import type { TeamEntity } from '../teams/team.entity.js';
import { QuotaExceededError, RejectedUploadsLimitError } from './submission-errors.js';
import { SubmissionsService } from './submissions.service.js';
import { wireSchema } from '../../openapi/wire-schema.js';

/** OpenAPI schema of the 429 body: RFC 9457 members plus the extension members of QuotaExceededProblem. */
@ApiTags('submissions')
@ApiBearerAuth()
@UseGuards(TeamAuthGuard)
@ApiTokenChecked('team')
@Controller()
export class SubmissionsController {
  constructor(private readonly submissions: SubmissionsService) {}

  @Post('events/:event/tasks/:task/submissions')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Submit a file (multipart field "file", or the raw body with an optional X-File-Name header)',
    description:
      'Answers 202 once the file and its row are stored; scoring follows (poll GET /api/submissions/:id). ' +
      'The window uses the server clock: an upload that started by closes_at must be complete by closes_at + the task grace. ' +
      'Content problems are reported through the submission status (rejected, with every problem).',
  })
  @ApiConsumes('multipart/form-data', 'application/octet-stream', 'text/csv', 'application/zip')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key get the first answer back' })
  @ApiAcceptedResponse({ description: 'Stored; scoring follows', schema: wireSchema('SubmissionAccepted') })
  @ApiForbiddenResponse({ description: 'problem+json: window not open / closed, or token of another event' })
  @ApiTooManyRequestsResponse({
    description:
      'problem+json (QuotaExceededProblem): quota used up; when the next slot frees is in the body and in the Retry-After and Podium-Next-Slot-At headers. ' +
      "Or problem+json `rejected-uploads-limit` { limit, perMinutes: 1, retryAfterSeconds } with Retry-After: PODIUM_REJECTED_UPLOADS_PER_MINUTE of the team's uploads were rejected in the last minute. " +
      `Or ${TOO_MANY_FAILED_ATTEMPTS_DESCRIPTION}`,
    headers: {
      'Retry-After': { description: 'Whole seconds until the next slot frees', schema: { type: 'integer' } },
      'Podium-Next-Slot-At': { description: 'ISO 8601 instant the next slot frees', schema: { type: 'string', format: 'date-time' } },
    },
    content: { 'application/problem+json': { schema: wireSchema('QuotaExceededProblem') } },
  })
  @ApiPayloadTooLargeResponse({ description: 'problem+json: file larger than the task limit' })
  async submit(
    @CurrentTeam() team: TeamEntity,
    @Param('event') event: string,
    @Param('task') task: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<SubmissionAccepted> {
    try {
      const result = await this.submissions.accept(team, event, task, request, idempotencyKey);
      response.setHeader('Location', `/api/submissions/${result.body.id}`);
      if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
      return result.body;
    } catch (error) {
      if (error instanceof RejectedUploadsLimitError) response.setHeader('Retry-After', String(error.retryAfterSeconds));
      if (error instanceof QuotaExceededError && error.nextSlotAt) {
        response.setHeader('Retry-After', String(error.retryAfterSeconds));
        response.setHeader('Podium-Next-Slot-At', error.nextSlotAt.toISOString());
      }
      throw error;
    }
  }

  @Get('submissions/:id')
  @ApiOperation({ summary: "One of your team's submissions: status, public scores, every problem when rejected" })
  @ApiOkResponse({ description: 'The submission as your team sees it', schema: wireSchema('SubmissionDetails') })
  @ApiNotFoundResponse({ description: 'problem+json: no such submission for your team' })
  details(@CurrentTeam() team: TeamEntity, @Param('id') id: string): Promise<SubmissionDetails> {
    return this.submissions.details(team, id);
  }

  @Get('teams/me')
  @ApiOperation({ summary: 'Your team per task: public rank, best public score, quota left and next slot, submissions' })
  @ApiOkResponse({ description: 'Your team per task', schema: wireSchema('TeamMeResponse') })
  me(@CurrentTeam() team: TeamEntity): Promise<TeamMeResponse> {
    return this.submissions.me(team);
  }
}
