// Jury routes: a session from `Authorization: Bearer <token>` (scripts; no CSRF needed) or from
// the `podium_jury` cookie (browsers; state-changing requests must repeat the session's CSRF token
// in `X-CSRF-Token`). Then the route's `:event` must be the session's event, and the route's
// roles (if any) must include the member's role. 401: no or bad session; 403: not allowed.
import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JURY_CSRF_HEADER, JURY_SESSION_COOKIE, type JuryRole } from '@podium/contracts';
import { parse as parseCookie } from 'cookie';
import type { IncomingMessage } from 'node:http';
import { DomainError, unauthorized } from '../../common/errors/domain-error.js';
import { bearerToken } from '../../common/security/token.js';
import { csrfMatches, JuryAuthService, type JuryPrincipal } from './jury-auth.service.js';

type JuryRequest = IncomingMessage & { jury?: JuryPrincipal; params?: Record<string, string> };

const ROLES = 'podium:jury-roles';
/** Only these roles may call the route (default: any jury member). */
export const JuryRoles = (...roles: JuryRole[]) => SetMetadata(ROLES, roles);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const forbidden = (detail: string) => new DomainError('forbidden', 403, 'Forbidden', detail);

/** The session token of a request and how it came. */
export function juryCredentials(request: IncomingMessage): { token: string; via: 'bearer' | 'cookie' } | null {
  const bearer = bearerToken(request.headers.authorization);
  if (bearer) return { token: bearer, via: 'bearer' };
  const cookie = request.headers.cookie ? parseCookie(request.headers.cookie)[JURY_SESSION_COOKIE] : undefined;
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

@Injectable()
export class JuryAuthGuard implements CanActivate {
  constructor(
    private readonly auth: JuryAuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<JuryRequest>();
    const credentials = juryCredentials(request);
    const principal = credentials ? await this.auth.principal(credentials.token) : null;
    if (!credentials || !principal) {
      throw unauthorized('This route needs a jury session: sign in with POST /api/jury/session, then send its cookie or Authorization: Bearer <token>.');
    }
    if (credentials.via === 'cookie' && !SAFE_METHODS.has(request.method ?? 'GET')) {
      const header = request.headers[JURY_CSRF_HEADER.toLowerCase()];
      if (!csrfMatches(credentials.token, typeof header === 'string' ? header : undefined)) {
        throw new DomainError(
          'csrf-token-missing',
          403,
          'CSRF token missing or wrong',
          `A browser session must send its csrfToken (from the sign-in answer or GET /api/jury/session) in the ${JURY_CSRF_HEADER} header on every state-changing request.`,
        );
      }
    }
    const event = request.params?.['event'];
    if (event !== undefined && event !== principal.event) {
      throw forbidden(`This session belongs to event "${principal.event}"; it cannot act on event "${event}".`);
    }
    const roles = this.reflector.getAllAndOverride<JuryRole[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    if (roles && !roles.includes(principal.role)) {
      throw forbidden(`Only a jury ${roles.join(' or ')} may do this; you are signed in as ${principal.role}.`);
    }
    request.jury = principal;
    return true;
  }
}

/** The member signed in by `JuryAuthGuard`. */
export const CurrentJury = createParamDecorator((_data: unknown, context: ExecutionContext): JuryPrincipal => {
  const jury = context.switchToHttp().getRequest<JuryRequest>().jury;
  if (!jury) throw unauthorized('No jury session on this request.');
  return jury;
});
