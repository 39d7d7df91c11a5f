import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCookieAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { JURY_SESSION_COOKIE, type JurySessionInfo, type JurySessionResponse } from '@podium/contracts';
import { serialize } from 'cookie';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddress } from '../../common/http/client-address.js';
import { csrfTokenOf, JuryAuthService, type JuryPrincipal, TooManySignInsError } from './jury-auth.service.js';
import { CurrentJury, JuryAuthGuard } from './jury-auth.guard.js';
import { wireSchema } from '../../openapi/wire-schema.js';

type ExpressRequest = IncomingMessage & { ip?: string; protocol?: string };

function sessionCookie(request: ExpressRequest, value: string, expires: Date): string {
  return serialize(JURY_SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
    expires,
  });
}

@ApiTags('jury')
@Controller('jury/session')
export class JurySessionController {
  constructor(private readonly auth: JuryAuthService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Sign in to an event’s jury: { event, login, password }',
    description:
      'Answers the session and sets it as the httpOnly, SameSite=Strict `podium_jury` cookie (Secure over https). Browsers then send X-CSRF-Token: <csrfToken> on state-changing requests; scripts may send Authorization: Bearer <token> instead. ' +
      'After 5 failed sign-ins in 15 minutes for a login or from an address: 429 with Retry-After.',
  })
  @ApiBody({ schema: { type: 'object', required: ['event', 'login', 'password'], properties: { event: { type: 'string' }, login: { type: 'string' }, password: { type: 'string' } } } })
  @ApiCreatedResponse({ description: 'JurySessionResponse { login, name, role, event, token, csrfToken, expiresAt }', schema: wireSchema('JurySessionResponse') })
  @ApiUnauthorizedResponse({ description: 'problem+json: wrong event, login or password (never says which)', schema: wireSchema('ProblemDetails') })
  @ApiTooManyRequestsResponse({ description: 'problem+json: too many failed sign-ins; Retry-After (seconds) header', schema: wireSchema('TooManyAttemptsProblem') })
  async signIn(@Body() body: unknown, @Req() request: ExpressRequest, @Res({ passthrough: true }) response: ServerResponse): Promise<JurySessionResponse> {
    try {
      const session = await this.auth.signIn(body, clientAddress(request));
      response.setHeader('Set-Cookie', sessionCookie(request, session.token, new Date(session.expiresAt)));
      response.setHeader('Cache-Control', 'no-store');
      return session;
    } catch (error) {
      if (error instanceof TooManySignInsError) response.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }

  @Get()
  @UseGuards(JuryAuthGuard)
  @ApiBearerAuth()
  @ApiCookieAuth(JURY_SESSION_COOKIE)
  @ApiOperation({ summary: 'The current jury session (a reloaded console picks it up from the cookie)' })
  @ApiOkResponse({ description: 'JurySessionInfo: the sign-in answer plus the session id', schema: wireSchema('JurySessionInfo') })
  @ApiUnauthorizedResponse({ description: 'problem+json: no, expired or revoked session', schema: wireSchema('ProblemDetails') })
  current(@CurrentJury() jury: JuryPrincipal, @Res({ passthrough: true }) response: ServerResponse): JurySessionInfo {
    response.setHeader('Cache-Control', 'no-store');
    return {
      session: jury.sessionId,
      login: jury.login,
      name: jury.name,
      role: jury.role,
      event: jury.event,
      token: jury.token,
      csrfToken: csrfTokenOf(jury.token),
      expiresAt: jury.expiresAt.toISOString(),
    };
  }

  @Delete()
  @HttpCode(204)
  @UseGuards(JuryAuthGuard)
  @ApiBearerAuth()
  @ApiCookieAuth(JURY_SESSION_COOKIE)
  @ApiOperation({ summary: 'Sign out: the session ends at once and its cookie is cleared' })
  @ApiNoContentResponse({ description: 'Signed out' })
  async signOut(@CurrentJury() jury: JuryPrincipal, @Req() request: ExpressRequest, @Res({ passthrough: true }) response: ServerResponse): Promise<void> {
    await this.auth.signOut(jury);
    response.setHeader('Set-Cookie', sessionCookie(request, '', new Date(0)));
  }
}
