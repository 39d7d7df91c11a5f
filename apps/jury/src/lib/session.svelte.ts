// Who is signed in. The session itself travels in an httpOnly, SameSite=Strict cookie; the
// browser keeps no token: a reloaded tab asks `GET /api/jury/session` for it again (name, role,
// expiry, CSRF token and the token the live feed subscribes with). Only a hint that this browser
// signed in to the event is kept, so a first visit asks nothing (and logs no 401).
import type { ApiFailure } from '@podium/ui';
import type { JuryApi } from './jury-api.js';
import type { JurySessionResponse } from './jury-wire.js';
import type { MessageKey } from './messages.js';

export interface Notice {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** Where the console keeps its language choice and the sign-in hint (localStorage in the browser). */
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

/** localStorage key of the hint: the event this browser last signed in to. */
export const SESSION_HINT_KEY = 'podium.jury.signedIn';

export class SessionStore {
  current = $state.raw<JurySessionResponse | null>(null);
  busy = $state(false);
  /** True while a reloaded tab asks the server for its session (nothing to show yet). */
  resuming = $state(false);
  problem = $state.raw<Notice | null>(null);

  readonly isOrganiser = $derived(this.current?.role === 'organiser');

  constructor(
    private readonly api: JuryApi,
    private readonly storage: KeyValueStorage | null = null,
  ) {}

  /** Picks up the session the cookie holds, unless it is for another event than the address names. */
  async resume(event: string | null): Promise<void> {
    const hint = this.storage?.getItem(SESSION_HINT_KEY) ?? null;
    if (this.storage && (hint === null || (event !== null && hint !== event))) return; // never signed in here: nothing to ask
    this.resuming = true;
    try {
      const outcome = await this.api.currentSession();
      if (outcome.ok && (event === null || outcome.value.event === event) && this.current === null) this.accept(outcome.value);
      else if (!outcome.ok && outcome.status === 401) this.storage?.removeItem(SESSION_HINT_KEY);
    } finally {
      this.resuming = false;
    }
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
    this.storage?.setItem(SESSION_HINT_KEY, session.event);
  }

  private forget(problem: Notice | null): void {
    this.current = null;
    this.api.csrfToken = null;
    this.storage?.removeItem(SESSION_HINT_KEY);
    this.problem = problem;
  }
}
