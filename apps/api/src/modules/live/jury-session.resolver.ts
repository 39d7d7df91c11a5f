// The hook between the live feed and jury sessions: a jury session token -> a jury subscriber.
// LiveModule binds JURY_SESSION_RESOLVER to the jury module's JuryAuthService.

export interface JurySession {
  /** Jury member login, for audit. */
  member: string;
  /** Event slug the session is valid for. */
  event: string;
  expiresAt: Date;
}

export interface JurySessionResolver {
  /** The session this token opens, or null (unknown, revoked or expired). */
  resolve(token: string): Promise<JurySession | null>;
}

export const JURY_SESSION_RESOLVER = Symbol('JURY_SESSION_RESOLVER');
