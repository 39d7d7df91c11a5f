import { Controller, Get, Headers, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { JURY_SESSION_COOKIE } from '@podium/contracts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TOO_MANY_FAILED_ATTEMPTS_DESCRIPTION } from '../../common/auth/api-token-checked.decorator.js';
import { pickFormat } from '../leaderboard/leaderboard-export.js';
import { ResultsAudienceResolver } from './results-audience.js';
import { ResultsService } from './results.service.js';
import { wireSchema } from '../../openapi/wire-schema.js';

@ApiTags('events')
@Controller('events/:event')
export class ResultsController {
  constructor(
    private readonly service: ResultsService,
    private readonly audiences: ResultsAudienceResolver,
  ) {}

  @Get('results')
  @ApiOperation({
    summary: 'Signed final results (Ed25519): ranks and scores per split, answer-key and submission sha256, audit chain head',
    description:
      'Public (no credentials, or a team token): revealed tasks only. A jury session of the event (Bearer or the console cookie): every task, with finalizedAt / revealedAt. ' +
      'JSON: the canonical JSON (RFC 8785) of a ResultsDocument; `signature.value` signs the canonical JSON of the document without `signature`. ' +
      'CSV: a `record` table whose last line `# signature Ed25519 <public key> <signature>` signs the exact bytes before it. ' +
      'The public key is `resultsPublicKey` of GET /api/events/:event; `npm run podium -- results verify FILE` checks a file offline.',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiBearerAuth()
  @ApiCookieAuth(JURY_SESSION_COOKIE)
  @ApiOkResponse({
    description: 'ResultsDocument (@podium/contracts), or its CSV',
    content: { 'application/json': { schema: wireSchema('ResultsDocument') }, 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({ description: 'problem+json /problems/invalid-format: format other than json or csv', schema: wireSchema('ProblemDetails') })
  @ApiUnauthorizedResponse({ description: 'problem+json: a Bearer token that is neither a jury session nor a team token of the event', schema: wireSchema('ProblemDetails') })
  @ApiForbiddenResponse({ description: "problem+json: another event's jury session or team token", schema: wireSchema('ProblemDetails') })
  @ApiNotFoundResponse({ description: 'problem+json: unknown event; /problems/results-not-revealed (public, no task revealed yet; `problems` says where each task stands)', schema: wireSchema('ProblemDetails') })
  @ApiConflictResponse({ description: 'problem+json /problems/audit-chain-broken: the audit chain does not verify, nothing is signed', schema: wireSchema('ProblemDetails') })
  @ApiServiceUnavailableResponse({ description: 'problem+json /problems/results-key-locked: the signing key is encrypted and PODIUM_RESULTS_KEY_SECRET does not open it', schema: wireSchema('ProblemDetails') })
  @ApiTooManyRequestsResponse({ description: TOO_MANY_FAILED_ATTEMPTS_DESCRIPTION, schema: wireSchema('ProblemDetails') })
  async results(
    @Param('event') event: string,
    @Query('format') format: string | string[] | undefined,
    @Headers('accept') accept: string | undefined,
    @Req() request: IncomingMessage,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const kind = pickFormat(format, accept);
    const found = await this.service.event(event);
    const audience = await this.audiences.resolve(request, found);
    // Bytes as signed: the canonical JSON (no whitespace, sorted members), or the CSV as built.
    const body = await this.service.published(found, audience, kind);
    res.statusCode = 200;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Vary', 'Authorization, Cookie, Accept');
    res.setHeader('Content-Type', kind === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    // A "save as" keeps the exact bytes under a telling name (slugs are [a-z0-9-]).
    res.setHeader('Content-Disposition', `inline; filename="${event}-results${audience === 'jury' ? '-jury' : ''}.${kind}"`);
    res.end(body);
  }
}
