// The prize ceremony's routes (see ceremony.service.ts): any jury member reads the plan and the
// presenter notes; only organisers start, step and stop.
import { Body, Controller, Delete, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { JURY_SESSION_COOKIE, type CeremonyNextResponse, type CeremonyResponse, type CeremonyStartResponse, type CeremonyView } from '@podium/contracts';
import { CeremonyService } from './ceremony.service.js';
import { CurrentJury, JuryAuthGuard, JuryRoles } from './jury-auth.guard.js';
import type { JuryPrincipal } from './jury-auth.service.js';
import { wireSchema } from '../../openapi/wire-schema.js';

@ApiTags('jury')
@ApiBearerAuth()
@ApiCookieAuth(JURY_SESSION_COOKIE)
@ApiUnauthorizedResponse({ description: 'problem+json: no, expired or revoked jury session', schema: wireSchema('ProblemDetails') })
@ApiForbiddenResponse({ description: "problem+json: another event's session, a juror on an organiser route, or a cookie session without X-CSRF-Token", schema: wireSchema('ProblemDetails') })
@UseGuards(JuryAuthGuard)
@Controller('jury/events/:event/ceremony')
export class CeremonyController {
  constructor(private readonly ceremonies: CeremonyService) {}

  @Get()
  @ApiOperation({ summary: 'The ceremony console (any jury member): tasks (finalized, revealed) and the latest ceremony with every planned step and the next one (presenter notes)' })
  @ApiOkResponse({ description: 'CeremonyResponse', schema: wireSchema('CeremonyResponse') })
  view(@CurrentJury() jury: JuryPrincipal): Promise<CeremonyResponse> {
    return this.ceremonies.view(jury);
  }

  @Post()
  @HttpCode(201)
  @JuryRoles('organiser')
  @ApiOperation({
    summary:
      'Start the prize ceremony (organiser): { tasks: [slug, ...], rehearsal?: false }. Plans every step from the bundle prizes (or the whole final ranking, last to first) of finalized tasks; reveals nothing yet. A rehearsal reaches only jury screens opened with rehearsal=1',
  })
  @ApiCreatedResponse({ description: 'CeremonyStartResponse: the planned steps count', schema: wireSchema('CeremonyStartResponse') })
  @ApiConflictResponse({ description: 'problem+json /problems/ceremony-blocked: problems lists every task not finalized (or already revealed, or with nothing to reveal) and a ceremony already running', schema: wireSchema('ProblemDetails') })
  @ApiUnprocessableEntityResponse({ description: 'problem+json: malformed body or unknown task (located problems)', schema: wireSchema('ProblemDetails') })
  start(@CurrentJury() jury: JuryPrincipal, @Body() body: unknown): Promise<CeremonyStartResponse> {
    return this.ceremonies.start(jury, body);
  }

  @Post('next')
  @HttpCode(200)
  @JuryRoles('organiser')
  @ApiOperation({ summary: 'Reveal the next step (organiser): one reveal.step feed frame (public, or jury-only for a rehearsal); after a task\'s last official step its final board becomes the public board' })
  @ApiOkResponse({ description: 'CeremonyNextResponse: { step, of, revealed, done }', schema: wireSchema('CeremonyNextResponse') })
  @ApiConflictResponse({ description: 'problem+json: no ceremony running (every step revealed, stopped, or never started), or a task of it un-finalized since', schema: wireSchema('ProblemDetails') })
  @ApiUnprocessableEntityResponse({ description: 'problem+json: a body with fields (none is expected)', schema: wireSchema('ProblemDetails') })
  next(@CurrentJury() jury: JuryPrincipal, @Body() body: unknown): Promise<CeremonyNextResponse> {
    return this.ceremonies.next(jury, body);
  }

  @Delete()
  @HttpCode(200)
  @JuryRoles('organiser')
  @ApiOperation({ summary: 'Stop the running ceremony (organiser, audited): { reason }. Screens close the task being revealed; revealed tasks stay revealed' })
  @ApiOkResponse({ description: 'CeremonyView', schema: wireSchema('CeremonyView') })
  @ApiConflictResponse({ description: 'problem+json: no ceremony running', schema: wireSchema('ProblemDetails') })
  stop(@CurrentJury() jury: JuryPrincipal, @Body() body: unknown): Promise<CeremonyView> {
    return this.ceremonies.stop(jury, body);
  }
}
