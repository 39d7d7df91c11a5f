// Jury accounts and sessions. A session token is 32 random bytes shown once (sign-in answer and
// cookie); only its sha256 is stored. The CSRF token is derived from the session token, so it
// needs no storage and is worthless without the cookie. Sessions last JURY_SESSION_HOURS and end
// on sign-out, revocation by an organiser, or a new password.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  JURY_PASSWORD_MAX_LENGTH,
  JURY_PASSWORD_MIN_LENGTH,
  JURY_SESSION_HOURS,
  type JuryMemberView,
  type JuryRole,
  type JurySessionResponse,
  type JurySessionView,
} from '@podium/contracts';
import { DataSource, IsNull } from 'typeorm';
import { DomainError, notFound, unauthorized } from '../../common/errors/domain-error.js';
import { generateToken, hashToken } from '../../common/security/token.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { EventEntity } from '../events/event.entity.js';
import { FeedService } from '../feed/feed.service.js';
import { Clock } from '../../common/clock/clock.service.js';
import type { JurySession, JurySessionResolver } from '../live/jury-session.resolver.js';
import { JuryLoginLimiter } from './jury-login-limiter.js';
import { JuryMemberEntity } from './jury-member.entity.js';
import { decoyHash, hashPassword, verifyPassword } from './jury-password.js';
import { JurySessionEntity } from './jury-session.entity.js';

/** What a request's jury credentials open. */
export interface JuryPrincipal {
  sessionId: string;
  token: string;
  login: string;
  name: string;
  role: JuryRole;
  event: string;
  eventId: number;
  expiresAt: Date;
}

/** `429` of a rate-limited sign-in; the controller sends `Retry-After`. */
export class TooManySignInsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'too-many-sign-in-attempts',
      429,
      'Too many sign-in attempts',
      `Too many failed sign-ins for this login or from this address; try again in ${retryAfterSeconds} s.`,
      undefined,
      { retryAfterSeconds },
    );
  }
}

const SIGN_IN_REFUSED = 'Wrong event, login or password.';
/** lastSeenAt is written at most this often per session (reads must not each write). */
const LAST_SEEN_EVERY_MS = 60_000;

export function csrfTokenOf(sessionToken: string): string {
  return createHash('sha256').update(`podium-jury-csrf:${sessionToken}`, 'utf8').digest('base64url');
}

export function csrfMatches(sessionToken: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(csrfTokenOf(sessionToken));
  const actual = Buffer.from(header);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

@Injectable()
export class JuryAuthService implements JurySessionResolver {
  private readonly logger = new Logger('JuryAuth');
  private readonly endedListeners = new Set<(ids: readonly string[]) => void>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
    private readonly feed: FeedService,
    private readonly limiter: JuryLoginLimiter,
    private readonly clock: Clock,
  ) {}

  async members(eventSlug: string): Promise<JuryMemberView[]> {
    const event = await this.event(eventSlug);
    const members = await this.dataSource.getRepository(JuryMemberEntity).find({ where: { eventId: event.id }, order: { login: 'ASC' } });
    return members.map((m) => ({ login: m.login, name: m.name, role: m.role, hasPassword: m.passwordHash !== null }));
  }

  /** Sets or resets a member's password; their open sessions end. The password is never logged. */
  async setPassword(eventSlug: string, login: string, body: unknown, actor: string): Promise<void> {
    const password = (body as { password?: unknown } | null)?.password;
    if (typeof password !== 'string' || password.length < JURY_PASSWORD_MIN_LENGTH || password.length > JURY_PASSWORD_MAX_LENGTH) {
      throw new DomainError('invalid-request', 422, 'Invalid password', `Send JSON { "password": "..." } with ${JURY_PASSWORD_MIN_LENGTH} to ${JURY_PASSWORD_MAX_LENGTH} characters.`, [
        {
          code: 'jury.password',
          path: 'password',
          message: `password must be a string of at least ${JURY_PASSWORD_MIN_LENGTH} characters.`,
          found: typeof password === 'string' ? `${password.length} characters` : typeof password,
        },
      ]);
    }
    const event = await this.event(eventSlug);
    const member = await this.dataSource.getRepository(JuryMemberEntity).findOneBy({ eventId: event.id, login });
    if (!member) throw notFound('jury-member', `No jury member "${login}" in event "${eventSlug}" (members come from the bundle's jury: list).`);
    const hash = await hashPassword(password);
    const now = this.clock.now();
    const open = await this.dataSource.getRepository(JurySessionEntity).find({ where: { memberId: member.id, revokedAt: IsNull() }, select: { id: true } });
    const records = await this.dataSource.transaction(async (manager) => {
      await manager.update(JuryMemberEntity, { id: member.id }, { passwordHash: hash });
      await manager.update(JurySessionEntity, { memberId: member.id, revokedAt: IsNull() }, { revokedAt: now, revokedBy: actor });
      const { feed } = await this.audit.append({ event: eventSlug, actor, action: 'jury.password.set', target: `event:${eventSlug}/jury:${login}`, at: now }, manager);
      return [feed];
    });
    this.feed.publish(records);
    this.ended(open.map((s) => s.id));
  }

  async signIn(body: unknown, address: string): Promise<JurySessionResponse> {
    const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const problems = (['event', 'login', 'password'] as const)
      .filter((k) => typeof raw[k] !== 'string' || (raw[k] as string).length === 0 || (raw[k] as string).length > JURY_PASSWORD_MAX_LENGTH)
      .map((k) => ({ code: `jury.session.${k}`, path: k, message: `${k} must be a non-empty string.` }));
    if (problems.length > 0) {
      throw new DomainError('invalid-request', 422, 'Invalid sign-in request', 'Send JSON { "event", "login", "password" }.', problems);
    }
    const { event: eventSlug, login, password } = raw as { event: string; login: string; password: string };
    const wait = await this.limiter.blockedFor(eventSlug, login, address);
    if (wait > 0) throw new TooManySignInsError(wait);

    const member = await this.dataSource
      .getRepository(JuryMemberEntity)
      .createQueryBuilder('m')
      .innerJoinAndSelect('m.event', 'event')
      .where('event.slug = :eventSlug AND m.login = :login', { eventSlug, login })
      .getOne();
    // Same work whether the login exists or not: the answer time does not tell which was wrong.
    const ok = await verifyPassword(password, member?.passwordHash ?? (await decoyHash()));
    const now = this.clock.now();
    if (!member || !member.passwordHash || !ok) {
      await this.limiter.recordFailure(eventSlug, login, address);
      const known = member ? eventSlug : (await this.dataSource.getRepository(EventEntity).existsBy({ slug: eventSlug })) ? eventSlug : '';
      const { feed } = await this.audit.append({
        event: known,
        actor: 'anonymous',
        action: 'jury.signin.failed',
        target: known ? `event:${known}/jury:${login.slice(0, 64)}` : `jury:${login.slice(0, 64)}`,
        details: { address, ...(known ? {} : { event: eventSlug.slice(0, 100) }) },
        at: now,
      });
      this.feed.publish([feed]);
      throw unauthorized(SIGN_IN_REFUSED);
    }
    await this.limiter.recordSuccess(eventSlug, login);
    const token = generateToken();
    const id = randomUUID();
    const expiresAt = new Date(now.getTime() + JURY_SESSION_HOURS * 3600_000);
    const records = await this.dataSource.transaction(async (manager) => {
      await manager.insert(JurySessionEntity, { id, memberId: member.id, tokenHash: hashToken(token), createdAt: now, expiresAt, lastSeenAt: now, revokedAt: null, revokedBy: null });
      const { feed } = await this.audit.append(
        { event: eventSlug, actor: `jury:${login}`, action: 'jury.signin', target: `event:${eventSlug}/jury:${login}`, details: { session: id, address }, at: now },
        manager,
      );
      return [feed];
    });
    this.feed.publish(records);
    this.logger.log(`jury member ${login} signed in to ${eventSlug}`);
    return { login, name: member.name, role: member.role, event: eventSlug, token, csrfToken: csrfTokenOf(token), expiresAt: expiresAt.toISOString() };
  }

  /** The principal a session token opens now, or null (unknown, revoked, expired, member removed). */
  async principal(token: string): Promise<JuryPrincipal | null> {
    const session = await this.dataSource
      .getRepository(JurySessionEntity)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.member', 'm')
      .innerJoinAndSelect('m.event', 'e')
      .where('s.tokenHash = :hash', { hash: hashToken(token) })
      .getOne();
    const now = this.clock.now();
    if (!session || session.revokedAt !== null || session.expiresAt.getTime() <= now.getTime()) return null;
    const member = session.member!;
    if (!session.lastSeenAt || now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_EVERY_MS) {
      await this.dataSource.getRepository(JurySessionEntity).update({ id: session.id }, { lastSeenAt: now });
    }
    return {
      sessionId: session.id,
      token,
      login: member.login,
      name: member.name,
      role: member.role,
      event: member.event!.slug,
      eventId: member.eventId,
      expiresAt: session.expiresAt,
    };
  }

  /** JURY_SESSION_RESOLVER for `/live`: the live feed gives such a token the jury audience. */
  async resolve(token: string): Promise<JurySession | null> {
    const principal = await this.principal(token);
    return principal && { member: principal.login, event: principal.event, expiresAt: principal.expiresAt, id: principal.sessionId };
  }

  onSessionsEnded(listener: (ids: readonly string[]) => void): void {
    this.endedListeners.add(listener);
  }

  private ended(ids: readonly string[]): void {
    if (ids.length === 0) return;
    for (const listener of this.endedListeners) listener(ids);
  }

  async signOut(principal: JuryPrincipal): Promise<void> {
    await this.revoke(principal, principal.sessionId, 'jury.signout');
  }

  async sessions(principal: JuryPrincipal): Promise<JurySessionView[]> {
    const now = this.clock.now();
    const rows = await this.dataSource
      .getRepository(JurySessionEntity)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.member', 'm')
      .where('m.eventId = :eventId AND s.revokedAt IS NULL AND s.expiresAt > :now', { eventId: principal.eventId, now })
      .orderBy('s.createdAt', 'ASC')
      .getMany();
    return rows.map((s) => ({
      id: s.id,
      login: s.member!.login,
      name: s.member!.name,
      role: s.member!.role,
      createdAt: s.createdAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      lastSeenAt: s.lastSeenAt?.toISOString() ?? null,
      current: s.id === principal.sessionId,
    }));
  }

  /** Ends a session of the principal's event (an organiser's revocation, or one's own sign-out). */
  async revoke(principal: JuryPrincipal, sessionId: string, action: 'jury.signout' | 'jury.session.revoke' = 'jury.session.revoke', reason?: string): Promise<void> {
    const now = this.clock.now();
    const records = await this.dataSource.transaction(async (manager) => {
      const session = await manager
        .createQueryBuilder(JurySessionEntity, 's')
        .innerJoinAndSelect('s.member', 'm')
        .where('s.id = :id AND m.eventId = :eventId', { id: sessionId, eventId: principal.eventId })
        .getOne();
      if (!session) throw notFound('jury-session', `No jury session "${sessionId}" in event "${principal.event}".`);
      if (session.revokedAt !== null) throw new DomainError('conflict', 409, 'Already ended', `Session "${sessionId}" was already ended at ${session.revokedAt.toISOString()}.`);
      await manager.update(JurySessionEntity, { id: sessionId }, { revokedAt: now, revokedBy: principal.login });
      const { feed } = await this.audit.append(
        {
          event: principal.event,
          actor: `jury:${principal.login}`,
          action,
          target: `event:${principal.event}/jury:${session.member!.login}`,
          reason: reason ?? null,
          details: { session: sessionId },
          at: now,
        },
        manager,
      );
      return [feed];
    });
    this.feed.publish(records);
    this.ended([sessionId]);
  }

  private async event(slug: string): Promise<EventEntity> {
    const event = await this.dataSource.getRepository(EventEntity).findOneBy({ slug });
    if (!event) throw notFound('event', `No event with slug "${slug}".`);
    return event;
  }
}
