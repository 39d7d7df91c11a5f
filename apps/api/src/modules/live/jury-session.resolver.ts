// The hook the jury issue fills in: a jury session token -> a jury subscriber. Until a jury
// module binds JURY_SESSION_RESOLVER, no token resolves to the jury.
import { Injectable } from '@nestjs/common';

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

@Injectable()
export class NoJurySessions implements JurySessionResolver {
  resolve(): Promise<JurySession | null> {
    return Promise.resolve(null);
  }
}
