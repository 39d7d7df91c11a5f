// Who is signed in. The session itself travels in an httpOnly cookie; the browser keeps the answer
// of the sign-in (name, role, expiry, CSRF token, and the token the live feed subscribes with) in
// sessionStorage, so a reload of the tab keeps it and closing the tab forgets it.
import type { ApiFailure } from '@podium/ui';
import type { JuryApi } from './jury-api.js';
import type { JurySessionResponse } from './jury-wire.js';
import type { MessageKey } from './messages.js';

export const SESSION_STORAGE_KEY = 'podium.jury.session';

export interface Notice {
  key: MessageKey;
  params?: Record<string, string | number>;
}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** "2 min 05 s" style wait for a 429, from Retry-After seconds. */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${String(rest).padStart(2, '0')} s`;
}

/** What to say about a failed sign-in: 401 never says which field was wrong; 429 says how long to wait. */
export function signInProblem(failure: ApiFailure): Notice {
  if (failure.status === 401) return { key: 'signin.wrong' };
  if (failure.status === 429) {
    return failure.retryAfterSeconds === null ? { key: 'signin.tooManyNoTime' } : { key: 'signin.tooMany', params: { time: waitText(failure.retryAfterSeconds) } };
  }
  if (failure.status === null) return { key: 'error.network', params: { reason: failure.reason } };
  return { key: 'signin.failed', params: { reason: failure.reason } };
}

export class SessionStore {
  current = $state.raw<JurySessionResponse | null>(null);
  busy = $state(false);
  problem = $state.raw<Notice | null>(null);

  readonly isOrganiser = $derived(this.current?.role === 'organiser');

  constructor(
    private readonly api: JuryApi,
    private readonly storage: KeyValueStorage | null,
    private readonly now: () => number = Date.now,
  ) {}

  /** Picks up a session this tab signed in with before a reload, unless expired or for another event. */
  restore(event: string | null): void {
    const raw = this.storage?.getItem(SESSION_STORAGE_KEY);
    if (!raw) return;
    try {
      const saved = JSON.parse(raw) as JurySessionResponse;
      if ((event === null || saved.event === event) && Date.parse(saved.expiresAt) > this.now()) this.accept(saved);
      else this.storage?.removeItem(SESSION_STORAGE_KEY);
    } catch {
      this.storage?.removeItem(SESSION_STORAGE_KEY);
    }
  }

  /** Asks the server whether the restored session still stands (it may have expired or been revoked). */
  async verify(): Promise<void> {
    if (!this.current) return;
    const outcome = await this.api.currentSession();
    if (!outcome.ok && (outcome.status === 401 || outcome.status === 403)) this.expired();
  }

  async signIn(event: string, login: string, password: string): Promise<boolean> {
    this.busy = true;
    this.problem = null;
    try {
      const outcome = await this.api.signIn({ event, login, password });
      if (!outcome.ok) {
        this.problem = signInProblem(outcome);
        return false;
      }
      this.accept(outcome.value);
      this.storage?.setItem(SESSION_STORAGE_KEY, JSON.stringify(outcome.value));
      return true;
    } finally {
      this.busy = false;
    }
  }

  async signOut(): Promise<void> {
    if (this.current) await this.api.signOut();
    this.forget(null);
  }

  /** The server no longer knows the session (expired, revoked): back to the sign-in form. */
  expired(): void {
    this.forget({ key: 'signin.expired' });
  }

  private accept(session: JurySessionResponse): void {
    this.current = session;
    this.api.csrfToken = session.csrfToken;
  }

  private forget(problem: Notice | null): void {
    this.current = null;
    this.api.csrfToken = null;
    this.storage?.removeItem(SESSION_STORAGE_KEY);
    this.problem = problem;
  }
}
