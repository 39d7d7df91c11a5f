// Everything under /api/jury/events/:event: any jury member reads; only organisers act (flags
// excepted). JuryAuthGuard checks the session, CSRF on cookie sessions, the event and the role.
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  JURY_SESSION_COOKIE,
  type AnnouncementData,
  type AuditResponse,
  type DirectorResponse,
  type JuryBoardResponse,
  type JuryFlagView,
  type JuryFlagsResponse,
  type JuryMembersResponse,
  type JurySessionsResponse,
  type JurySubmission,
  type JurySubmissionsResponse,
  type RescoreResponse,
  type TeamDecisionResponse,
  type TeamHistoryResponse,
  type TaskVerificationView,
  type TaskVerificationsResponse,
  type FinalizeResponse,
  type UnfinalizeResponse,
  type RobustnessResponse,
  ROBUSTNESS_LIMITS,
} from '@podium/contracts';
import type { ServerResponse } from 'node:http';
import { DomainError, notFound } from '../../common/errors/domain-error.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { AnnouncementsService } from '../announcements/announcements.service.js';
import { BlobRepository } from '../blobs/blob.repository.js';
import { DirectorService } from './director.service.js';
import { JuryActionsService } from './jury-actions.service.js';
import { CurrentJury, JuryAuthGuard, JuryRoles } from './jury-auth.guard.js';
import { JuryAuthService, type JuryPrincipal } from './jury-auth.service.js';
import { parseJuryBody } from './jury-request.js';
import { JuryViewService } from './jury-view.service.js';
import { RescoreService } from './rescore.service.js';
import { FinalizeService } from './finalize.service.js';
import { VerificationService } from './verification.service.js';
import { parseRobustnessQuery, RobustnessService } from './robustness.service.js';
import { wireSchema } from '../../openapi/wire-schema.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

function optionalSlug(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!SLUG.test(value)) throw new DomainError('invalid-request', 422, 'Invalid query', `${name} must be a slug.`, [{ code: `query.${name}`, path: name, message: `${name} must be a slug (lowercase letters, digits, dashes).`, found: value.slice(0, 100) }]);
  return value;
}

function optionalInstant(name: string, value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new DomainError('invalid-request', 422, 'Invalid query', `${name} must be an ISO 8601 instant.`, [{ code: `query.${name}`, path: name, message: `${name} must be an ISO 8601 instant, e.g. 2026-03-14T09:00:00Z.`, found: value.slice(0, 100) }]);
  return at;
}

@ApiTags('jury')
@ApiBearerAuth()
@ApiCookieAuth(JURY_SESSION_COOKIE)
@ApiUnauthorizedResponse({ description: 'problem+json: no, expired or revoked jury session', schema: wireSchema('ProblemDetails') })
@ApiForbiddenResponse({ description: "problem+json: another event's session, a role that may not do this, or a cookie session without X-CSRF-Token", schema: wireSchema('ProblemDetails') })
@UseGuards(JuryAuthGuard)
@Controller('jury/events/:event')
export class JuryController {
  constructor(
    private readonly views: JuryViewService,
    private readonly actions: JuryActionsService,
    private readonly rescores: RescoreService,
    private readonly director: DirectorService,
    private readonly auth: JuryAuthService,
    private readonly audit: AuditRepository,
    private readonly announcements: AnnouncementsService,
    private readonly blobs: BlobRepository,
    private readonly verifications: VerificationService,
    private readonly finalizer: FinalizeService,
    private readonly robustnessService: RobustnessService,
  ) {}

  // ----- the whole truth ------------------------------------------------------------------------

  @Get('tasks/:task/board')
  @ApiOperation({ summary: 'Live board of a task on every split (public, private, all cases), unfrozen, beside the public board the screens show; differs flags' })
  @ApiOkResponse({ description: 'JuryBoardResponse', schema: wireSchema('JuryBoardResponse') })
  @ApiNotFoundResponse({ description: 'problem+json: unknown task', schema: wireSchema('ProblemDetails') })
  board(@Param('event') event: string, @Param('task') task: string): Promise<JuryBoardResponse> {
    return this.views.board(event, task);
  }

  @Get('tasks/:task/robustness')
  @ApiOperation({
    summary:
      "Statistical ties: a seeded bootstrap of the task's final ranking (final split). Each resample draws the final split's cases with replacement, rescores every ranked team's representing submission and ranks with the board's rules: score intervals, how often each pair of neighbours in the top 10 keeps its order, and the groups tied below the threshold. Same parameters, same numbers",
  })
  @ApiQuery({ name: 'resamples', required: false, description: `integer ${ROBUSTNESS_LIMITS.resamples.min}..${ROBUSTNESS_LIMITS.resamples.max}, default ${ROBUSTNESS_LIMITS.resamples.default}` })
  @ApiQuery({ name: 'seed', required: false, description: `integer ${ROBUSTNESS_LIMITS.seed.min}..${ROBUSTNESS_LIMITS.seed.max}, default ${ROBUSTNESS_LIMITS.seed.default}` })
  @ApiQuery({ name: 'threshold', required: false, description: `fraction in (0, 1], default ${ROBUSTNESS_LIMITS.threshold.default}: neighbours whose order holds in fewer resamples are tied` })
  @ApiOkResponse({ description: 'RobustnessResponse { split, resamples, seed, threshold, teams (intervals), neighbours (orderHolds), tiedGroups }', schema: wireSchema('RobustnessResponse') })
  @ApiNotFoundResponse({ description: 'problem+json: unknown task', schema: wireSchema('ProblemDetails') })
  @ApiUnprocessableEntityResponse({ description: 'problem+json: resamples, seed or threshold out of range (the parameter and its range named)', schema: wireSchema('ProblemDetails') })
  @ApiConflictResponse({ description: 'problem+json: a stored file or the answer key is missing or no longer parses', schema: wireSchema('ProblemDetails') })
  robustness(
    @Param('event') event: string,
    @Param('task') task: string,
    @Query('resamples') resamples?: string,
    @Query('seed') seed?: string,
    @Query('threshold') threshold?: string,
  ): Promise<RobustnessResponse> {
    const params = parseRobustnessQuery({ resamples, seed, threshold });
    return this.robustnessService.robustness(event, task, params);
  }

  @Get('submissions')
  @ApiOperation({ summary: 'Every submission (newest first) with team, received time, sha256, status, scores per split, every problem, flags, disqualification' })
  @ApiQuery({ name: 'task', required: false })
  @ApiQuery({ name: 'team', required: false })
  @ApiOkResponse({ description: 'JurySubmissionsResponse', schema: wireSchema('JurySubmissionsResponse') })
  submissions(@Param('event') event: string, @Query('task') task?: string, @Query('team') team?: string): Promise<JurySubmissionsResponse> {
    const filters: { task?: string; team?: string } = {};
    const t = optionalSlug('task', task);
    const m = optionalSlug('team', team);
    if (t) filters.task = t;
    if (m) filters.team = m;
    return this.views.submissions(event, filters);
  }

  @Get('submissions/:id')
  @ApiOperation({ summary: 'One submission as the jury sees it' })
  @ApiOkResponse({ description: 'JurySubmission', schema: wireSchema('JurySubmission') })
  submission(@Param('event') event: string, @Param('id') id: string): Promise<JurySubmission> {
    return this.views.submission(event, id);
  }

  @Get('submissions/:id/file')
  @ApiOperation({ summary: 'The original file of a submission, byte for byte as uploaded' })
  @ApiOkResponse({ description: 'The file (Content-Disposition: attachment; X-Content-SHA256)' })
  async file(@Param('event') event: string, @Param('id') id: string, @Res({ passthrough: true }) response: ServerResponse): Promise<StreamableFile> {
    const entity = await this.views.submissionEntity(event, id);
    const bytes = await this.blobs.get(entity.sha256);
    if (!bytes) throw notFound('file', `The stored file of submission ${id} (sha256 ${entity.sha256}) is missing.`);
    response.setHeader('Content-Type', 'application/octet-stream');
    response.setHeader('Content-Disposition', `attachment; filename="${entity.fileName.replace(/["\\\r\n]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(entity.fileName)}`);
    response.setHeader('X-Content-SHA256', entity.sha256);
    response.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(bytes);
  }

  @Get('teams/:team/history')
  @ApiOperation({ summary: "A team's best scores per split over time on one task (default: the first task)" })
  @ApiQuery({ name: 'task', required: false })
  @ApiOkResponse({ description: 'TeamHistoryResponse', schema: wireSchema('TeamHistoryResponse') })
  history(@Param('event') event: string, @Param('team') team: string, @Query('task') task?: string): Promise<TeamHistoryResponse> {
    return this.views.teamHistory(event, team, optionalSlug('task', task));
  }

  @Get('members')
  @ApiOperation({ summary: "The event's jury members and their roles" })
  @ApiOkResponse({ description: 'JuryMembersResponse', schema: wireSchema('JuryMembersResponse') })
  async members(@Param('event') event: string): Promise<JuryMembersResponse> {
    return { event, members: await this.auth.members(event) };
  }

  @Get('audit')
  @ApiOperation({ summary: 'The audit log, oldest first, each entry with its hash and the previous hash; filters: action (prefix), actor, target (substring), since, until, limit' })
  @ApiQuery({ name: 'action', required: false })
  @ApiQuery({ name: 'actor', required: false })
  @ApiQuery({ name: 'target', required: false })
  @ApiQuery({ name: 'since', required: false })
  @ApiQuery({ name: 'until', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiOkResponse({ description: 'AuditResponse { event, entries, head, total }', schema: wireSchema('AuditResponse') })
  async auditLog(
    @Param('event') event: string,
    @Query('action') action?: string,
    @Query('actor') actor?: string,
    @Query('target') target?: string,
    @Query('since') since?: string,
    @Query('until') until?: string,
    @Query('limit') limit?: string,
  ): Promise<AuditResponse> {
    const n = limit === undefined || limit === '' ? undefined : Number(limit);
    if (n !== undefined && !(Number.isSafeInteger(n) && n > 0)) {
      throw new DomainError('invalid-request', 422, 'Invalid query', 'limit must be a positive integer.', [{ code: 'query.limit', path: 'limit', message: 'limit must be a positive integer (at most 5000).', found: String(limit).slice(0, 20) }]);
    }
    const filters = {
      ...(action ? { action } : {}),
      ...(actor ? { actor } : {}),
      ...(target ? { target } : {}),
      ...(optionalInstant('since', since) ? { since: optionalInstant('since', since)! } : {}),
      ...(optionalInstant('until', until) ? { until: optionalInstant('until', until)! } : {}),
      ...(n !== undefined ? { limit: n } : {}),
    };
    return { event, ...(await this.audit.forEvent(event, filters)) };
  }

  @Get('flags')
  @ApiOperation({ summary: 'Flags raised on submissions; ?status=open|resolved' })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'resolved'] })
  @ApiOkResponse({ description: 'JuryFlagsResponse', schema: wireSchema('JuryFlagsResponse') })
  async flags(@CurrentJury() jury: JuryPrincipal, @Query('status') status?: string): Promise<JuryFlagsResponse> {
    if (status !== undefined && status !== '' && status !== 'open' && status !== 'resolved') {
      throw new DomainError('invalid-request', 422, 'Invalid query', 'status must be open or resolved.', [{ code: 'query.status', path: 'status', message: 'status must be "open" or "resolved".', found: status.slice(0, 20) }]);
    }
    return { event: jury.event, flags: await this.views.flags(jury.eventId, status === 'open' || status === 'resolved' ? status : undefined) };
  }

  // ----- actions --------------------------------------------------------------------------------

  @Post('tasks/:task/rescore')
  @HttpCode(200)
  @JuryRoles('organiser')
  @ApiOperation({ summary: 'Rescore a task (or one submission of it: { submission }) from the stored files and the current answer key: { reason, preview }. preview lists the rank changes without applying' })
  @ApiOkResponse({ description: 'RescoreResponse { preview, task, rescored, scoreChanges, changes, audit }', schema: wireSchema('RescoreResponse') })
  @ApiConflictResponse({ description: 'problem+json: submissions of the task are still queued or scoring', schema: wireSchema('ProblemDetails') })
  rescore(@CurrentJury() jury: JuryPrincipal, @Param('task') task: string, @Body() body: unknown): Promise<RescoreResponse> {
    return this.rescores.rescore(jury, task, body);
  }

  @Post('submissions/:id/rescore')
  @HttpCode(200)
  @JuryRoles('organiser')
  @ApiOperation({ summary: 'Rescore one submission: { reason, preview }' })
  @ApiOkResponse({ description: 'RescoreResponse', schema: wireSchema('RescoreResponse') })
  async rescoreSubmission(@CurrentJury() jury: JuryPrincipal, @Param('id') id: string, @Body() body: unknown): Promise<RescoreResponse> {
    const entity = await this.views.submissionEntity(jury.event, id);
    const raw = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
    return this.rescores.rescore(jury, entity.task!.slug, { ...raw, submission: String(entity.id) });
  }

  @Post('submissions/:id/disqualify')
  @HttpCode(200)
  @JuryRoles('organiser')
  @ApiOperation({ summary: 'Disqualify a submission: { reason }. It leaves every board; the jury sees it marked; its team sees the reason' })
  @ApiOkResponse({ description: 'JurySubmission', schema: wireSchema('JurySubmission') })
  @ApiConflictResponse({ description: 'problem+json: already disqualified', schema: wireSchema('ProblemDetails') })
  disqualifySubmission(@CurrentJury() jury: JuryPrincipal, @Param('id') id: string, @Body() body: unknown): Promise<JurySubmission> {
    return this.actions.setSubmissionDisqualified(jury, id, true, body);
  }

  @Post('submissions/:id/reinstate')
  @HttpCode(200)
  @JuryRoles('organiser')
  @ApiOperation({ summary: 'Reinstate a disqualified submission: { reason }' })
  @ApiOkResponse({ description: 'JurySubmission', schema: wireSchema('JurySubmission') })
  @ApiConflictResponse({ description: 'problem+json: not disqualified', schema: wireSchema('ProblemDetails') })
  reinstateSubmission(@CurrentJury() jury: JuryPrincipal, @Param('id') id: string, @Body() body: unknown): Promise<JurySubmission> {
    return this.actions.setSubmissionDisqualified(jury, id, false, body);
  }

  @Post('teams/:team/disqualify')
  @HttpCode(200)
  @JuryRoles('organiser')
  @ApiOperation({ summary: 'Disqualify a team: { reason }. It leaves every board; the team sees the reason in GET /api/teams/me' })
  @ApiOkResponse({ description: 'TeamDecisionResponse', schema: wireSchema('TeamDecisionResponse') })
  @ApiConflictResponse({ description: 'problem+json: already disqualified', schema: wireSchema('ProblemDetails') })
  disqualifyTeam(@CurrentJury() jury: JuryPrincipal, @Param('team') team: string, @Body() body: unknown): Promise<TeamDecisionResponse> {
    return this.actions.setTeamDisqualified(jury, team, true, body);
  }

  @Post('teams/:team/reinstate')
  @HttpCode(200)
  @JuryRoles('organiser')
  @ApiOperation({ summary: 'Reinstate a disqualified team: { reason }' })
  @ApiOkResponse({ description: 'TeamDecisionResponse', schema: wireSchema('TeamDecisionResponse') })
  @ApiConflictResponse({ description: 'problem+json: not disqualified', schema: wireSchema('ProblemDetails') })
  reinstateTeam(@CurrentJury() jury: JuryPrincipal, @Param('team') team: string, @Body() body: unknown): Promise<TeamDecisionResponse> {
    return this.actions.setTeamDisqualified(jury, team, false, body);
  }

  @Post('flags')
  @HttpCode(201)
  @ApiOperation({ summary: 'Flag a submission for discussion (any jury member): { submission, note }' })
  @ApiCreatedResponse({ description: 'JuryFlagView', schema: wireSchema('JuryFlagView') })
  flag(@CurrentJury() jury: JuryPrincipal, @Body() body: unknown): Promise<JuryFlagView> {
    return this.actions.flag(jury, body);
  }

  @Post('flags/:id/resolve')
  @HttpCode(200)
  @JuryRoles('organiser')
  @ApiOperation({ summary: 'Resolve a flag: { reason }' })
  @ApiOkResponse({ description: 'JuryFlagView', schema: wireSchema('JuryFlagView') })
  @ApiConflictResponse({ description: 'problem+json: already resolved', schema: wireSchema('ProblemDetails') })
  resolveFlag(@CurrentJury() jury: JuryPrincipal, @Param('id') id: string, @Body() body: unknown): Promise<JuryFlagView> {
    return this.actions.resolveFlag(jury, id, body);
  }

  // ----- verification (four eyes) -------------------------------------------------------------

  @Post('tasks/:task/verifications')
  @HttpCode(201)
  @ApiOperation({ summary: "Record that this member checked the task's final ranking (any jury member): { note? }. Voided by a later rescore, disqualification or re-import" })
  @ApiCreatedResponse({ description: 'TaskVerificationView', schema: wireSchema('TaskVerificationView') })
  @ApiNotFoundResponse({ description: 'problem+json: unknown task', schema: wireSchema('ProblemDetails') })
  @ApiConflictResponse({ description: "problem+json: this member's verification of the task already stands", schema: wireSchema('ProblemDetails') })
  verify(@CurrentJury() jury: JuryPrincipal, @Param('task') task: string, @Body() body: unknown): Promise<TaskVerificationView> {
    return this.verifications.verify(jury, task, body);
  }

  @Get('tasks/:task/verifications')
  @ApiOperation({ summary: "The task's verifications, oldest first; voided ones say when and why; standing = distinct members whose verification stands" })
  @ApiOkResponse({ description: 'TaskVerificationsResponse', schema: wireSchema('TaskVerificationsResponse') })
  @ApiNotFoundResponse({ description: 'problem+json: unknown task', schema: wireSchema('ProblemDetails') })
  verificationList(@Param('event') event: string, @Param('task') task: string): Promise<TaskVerificationsResponse> {
    return this.verifications.list(event, task);
  }

  @Post('tasks/:task/finalize')
  @HttpCode(200)
  @JuryRoles('organiser')
  @ApiOperation({
    summary:
      'Finalize a task (organiser): { reason? }. Only when the round is closed, nothing is queued or scoring, every failed submission and flag is resolved, two different members verified, and a shadow rescore of every counted submission matches the stored scores exactly',
  })
  @ApiOkResponse({ description: 'FinalizeResponse', schema: wireSchema('FinalizeResponse') })
  @ApiConflictResponse({ description: 'problem+json /problems/finalize-blocked: problems lists EVERY blocker (a changed score names the submission, found = stored, expected = recomputed)', schema: wireSchema('ProblemDetails') })
  finalize(@CurrentJury() jury: JuryPrincipal, @Param('task') task: string, @Body() body: unknown): Promise<FinalizeResponse> {
    return this.finalizer.finalize(jury, task, body);
  }

  @Post('tasks/:task/unfinalize')
  @HttpCode(200)
  @JuryRoles('organiser')
  @ApiOperation({ summary: 'Un-finalize a task (organiser, audited): { reason }. Rescores, disqualifications and re-imports are allowed again' })
  @ApiOkResponse({ description: 'UnfinalizeResponse', schema: wireSchema('UnfinalizeResponse') })
  @ApiConflictResponse({ description: 'problem+json: not finalized', schema: wireSchema('ProblemDetails') })
  unfinalize(@CurrentJury() jury: JuryPrincipal, @Param('task') task: string, @Body() body: unknown): Promise<UnfinalizeResponse> {
    return this.finalizer.unfinalize(jury, task, body);
  }

  @Post('announcements')
  @HttpCode(201)
  @JuryRoles('organiser')
  @ApiOperation({ summary: 'Announce on every screen and team view: { text, level?, until?, reason? }' })
  @ApiCreatedResponse({ description: 'Published', schema: wireSchema('AnnouncementData') })
  announce(@CurrentJury() jury: JuryPrincipal, @Body() body: unknown): Promise<AnnouncementData> {
    const { reason, ...announcement } = objectBody(body);
    return this.announcements.publish(jury.event, announcement, `jury:${jury.login}`, reasonText(reason));
  }

  @Post('announcements/:id/withdraw')
  @HttpCode(200)
  @JuryRoles('organiser')
  @ApiOperation({ summary: 'Take an announcement down early: { reason? }' })
  @ApiOkResponse({ description: 'The announcement, withdrawn', schema: wireSchema('AnnouncementData') })
  withdraw(@CurrentJury() jury: JuryPrincipal, @Param('id') id: string, @Body() body: unknown): Promise<AnnouncementData> {
    return this.announcements.withdraw(jury.event, id, `jury:${jury.login}`, reasonText(objectBody(body).reason));
  }

  // ----- director -------------------------------------------------------------------------------

  @Get('director')
  @ApiOperation({ summary: 'What follow=director screens are pinned to (director: null = released)' })
  @ApiOkResponse({ description: 'DirectorResponse', schema: wireSchema('DirectorResponse') })
  directorState(@CurrentJury() jury: JuryPrincipal): Promise<DirectorResponse> {
    return this.director.current(jury);
  }

  @Post('director')
  @HttpCode(200)
  @JuryRoles('organiser')
  @ApiOperation({ summary: 'Pin what follow=director screens show: { scene, task?, lang?, reason? }' })
  @ApiOkResponse({ description: 'DirectorResponse', schema: wireSchema('DirectorResponse') })
  pin(@CurrentJury() jury: JuryPrincipal, @Body() body: unknown): Promise<DirectorResponse> {
    return this.director.pin(jury, body);
  }

  @Post('director/release')
  @HttpCode(200)
  @JuryRoles('organiser')
  @ApiOperation({ summary: 'Release the screens: they run their own playlist again' })
  @ApiOkResponse({ description: 'DirectorResponse (director: null)', schema: wireSchema('DirectorResponse') })
  release(@CurrentJury() jury: JuryPrincipal, @Body() body: unknown): Promise<DirectorResponse> {
    return this.director.release(jury, body);
  }

  // ----- sessions -------------------------------------------------------------------------------

  @Get('sessions')
  @JuryRoles('organiser')
  @ApiOperation({ summary: "Open jury sessions of the event (organiser)" })
  @ApiOkResponse({ description: 'JurySessionsResponse', schema: wireSchema('JurySessionsResponse') })
  async sessions(@CurrentJury() jury: JuryPrincipal): Promise<JurySessionsResponse> {
    return { event: jury.event, sessions: await this.auth.sessions(jury) };
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @JuryRoles('organiser')
  @ApiOperation({ summary: 'Revoke a jury session (organiser): it stops working at once, on REST and on /live' })
  @ApiNotFoundResponse({ description: 'problem+json: no such session in this event', schema: wireSchema('ProblemDetails') })
  @ApiConflictResponse({ description: 'problem+json: already ended', schema: wireSchema('ProblemDetails') })
  async revoke(@CurrentJury() jury: JuryPrincipal, @Param('id') id: string, @Body() body: unknown): Promise<void> {
    const { reason } = parseJuryBody('revoke', body);
    await this.auth.revoke(jury, id, 'jury.session.revoke', reason);
  }
}

const objectBody = (body: unknown): Record<string, unknown> => (typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {});

/** The console's reason for an announcement, kept in the audit entry (bounded like the other reasons). */
const reasonText = (reason: unknown): string | null => (typeof reason === 'string' && reason.trim() !== '' ? reason.trim().slice(0, 500) : null);
