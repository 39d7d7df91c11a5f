// Every jury route the console calls, typed once. The session's CSRF token rides on every
// state-changing request (the cookie carries the session itself).
import { apiCall, type ApiOutcome, type Fetch } from '@podium/ui';
import type {
  AnnounceRequest,
  AuditResponse,
  DirectorState,
  JuryBoardResponse,
  JurySessionRequest,
  JurySessionResponse,
  JurySubmissionsResponse,
  RescoreResponse,
  TeamHistoryResponse,
} from './jury-wire.js';

const enc = encodeURIComponent;

export interface AuditFilters {
  action?: string;
  actor?: string;
  since?: string;
}

export class JuryApi {
  /** Set after sign-in; sent as `X-CSRF-Token` on every POST/DELETE. */
  csrfToken: string | null = null;

  constructor(private readonly fetchFn: Fetch) {}

  private eventPath(event: string, rest: string): string {
    return `/api/jury/events/${enc(event)}${rest}`;
  }

  private post<T>(path: string, body: unknown): Promise<ApiOutcome<T>> {
    return apiCall<T>(this.fetchFn, path, { method: 'POST', body, csrfToken: this.csrfToken });
  }

  signIn(request: JurySessionRequest): Promise<ApiOutcome<JurySessionResponse>> {
    return apiCall(this.fetchFn, '/api/jury/session', { method: 'POST', body: request });
  }

  signOut(): Promise<ApiOutcome<void>> {
    return apiCall(this.fetchFn, '/api/jury/session', { method: 'DELETE', csrfToken: this.csrfToken });
  }

  board(event: string, task: string): Promise<ApiOutcome<JuryBoardResponse>> {
    return apiCall(this.fetchFn, this.eventPath(event, `/tasks/${enc(task)}/board`));
  }

  submissions(event: string, filters: { task?: string; team?: string }): Promise<ApiOutcome<JurySubmissionsResponse>> {
    return apiCall(this.fetchFn, this.eventPath(event, '/submissions'), { query: filters });
  }

  teamHistory(event: string, team: string, task: string): Promise<ApiOutcome<TeamHistoryResponse>> {
    return apiCall(this.fetchFn, this.eventPath(event, `/teams/${enc(team)}/history`), { query: { task } });
  }

  rescore(event: string, task: string, body: { reason: string; preview: boolean; submission?: string }): Promise<ApiOutcome<RescoreResponse>> {
    return this.post(this.eventPath(event, `/tasks/${enc(task)}/rescore`), body);
  }

  setSubmissionDisqualified(event: string, id: string, disqualified: boolean, reason: string): Promise<ApiOutcome<unknown>> {
    return this.post(this.eventPath(event, `/submissions/${enc(id)}/${disqualified ? 'disqualify' : 'reinstate'}`), { reason });
  }

  setTeamDisqualified(event: string, team: string, disqualified: boolean, reason: string): Promise<ApiOutcome<unknown>> {
    return this.post(this.eventPath(event, `/teams/${enc(team)}/${disqualified ? 'disqualify' : 'reinstate'}`), { reason });
  }

  flag(event: string, submission: string, note: string): Promise<ApiOutcome<unknown>> {
    return this.post(this.eventPath(event, '/flags'), { submission, note });
  }

  announce(event: string, body: AnnounceRequest): Promise<ApiOutcome<unknown>> {
    return this.post(this.eventPath(event, '/announcements'), body);
  }

  director(event: string): Promise<ApiOutcome<DirectorState>> {
    return apiCall(this.fetchFn, this.eventPath(event, '/director'));
  }

  pinDirector(event: string, body: { scene: string | null; task: string | null; lang: string | null; reason: string }): Promise<ApiOutcome<DirectorState>> {
    return this.post(this.eventPath(event, '/director'), body);
  }

  releaseDirector(event: string, reason: string): Promise<ApiOutcome<DirectorState>> {
    return this.post(this.eventPath(event, '/director/release'), { reason });
  }

  audit(event: string, filters: AuditFilters): Promise<ApiOutcome<AuditResponse>> {
    return apiCall(this.fetchFn, this.eventPath(event, '/audit'), { query: { ...filters } });
  }
}
