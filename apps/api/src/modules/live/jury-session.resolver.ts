// The hook between the live feed and jury sessions: a jury session token -> a jury subscriber.
// LiveModule binds JURY_SESSION_RESOLVER to the jury module's JuryAuthService.

export interface JurySession {
  /** Jury member login, for audit. */
  member: string;
  /** Event slug the session is valid for. */
  event: string;
  expiresAt: Date;
  /** Session id: live sockets of a session sit in a room named after it, so ending it cuts them. */
  id?: string;
}

export interface JurySessionResolver {
  /** The session this token opens, or null (unknown, revoked or expired). */
  resolve(token: string): Promise<JurySession | null>;
  /** Registers who must hear that sessions ended (sign-out, revocation, new password). */
  onSessionsEnded?(listener: (ids: readonly string[]) => void): void;
}

/** socket.io room of one jury session's sockets. */
export const jurySessionRoom = (id: string): string => `jury-session|${id}`;

export const JURY_SESSION_RESOLVER = Symbol('JURY_SESSION_RESOLVER');
