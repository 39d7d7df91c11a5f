// Every jury route the console calls, typed once from `@podium/contracts`. The session's CSRF
// token rides on every state-changing request (the httpOnly cookie carries the session itself).
import type { AnnouncementData, DirectorPinRequest, JuryFlagView, JurySessionsResponse, LeaderboardData } from '@podium/contracts';
import { JURY_SESSION_PATH, juryBoardPath, juryEventPath, juryRobustnessPath, leaderboardPath } from '@podium/contracts';
import { apiCall, type ApiOutcome, type Fetch } from '@podium/ui';
import type {
  AnnounceRequest,
  AuditResponse,
  DirectorResponse,
  JuryBoardResponse,
  JurySessionInfo,
  JurySessionRequest,
  JurySessionResponse,
  JurySubmission,
  JurySubmissionsResponse,
  RescoreResponse,
  RobustnessResponse,
  TeamDecisionResponse,
  TeamHistoryResponse,
} from './jury-wire.js';

const enc = encodeURIComponent;

export interface AuditFilters {
  action?: string;
  actor?: string;
  target?: string;
  since?: string;
}

export class JuryApi {
  /** Set after sign-in; sent as `X-CSRF-Token` on every POST/DELETE. */
  csrfToken: string | null = null;

  constructor(private readonly fetchFn: Fetch) {}

  private post<T>(path: string, body: unknown): Promise<ApiOutcome<T>> {
    return apiCall<T>(this.fetchFn, path, { method: 'POST', body, csrfToken: this.csrfToken });
  }

  signIn(request: JurySessionRequest): Promise<ApiOutcome<JurySessionResponse>> {
    return apiCall(this.fetchFn, JURY_SESSION_PATH, { method: 'POST', body: request });
  }

  /** The session the cookie opens (a reloaded tab checks it is still valid). */
  currentSession(): Promise<ApiOutcome<JurySessionInfo>> {
    return apiCall(this.fetchFn, JURY_SESSION_PATH);
  }

  signOut(): Promise<ApiOutcome<void>> {
    return apiCall(this.fetchFn, JURY_SESSION_PATH, { method: 'DELETE', csrfToken: this.csrfToken });
  }

  board(event: string, task: string): Promise<ApiOutcome<JuryBoardResponse>> {
    return apiCall(this.fetchFn, juryBoardPath(event, task));
  }

  /** Statistical ties of the task's final ranking (a seeded bootstrap; may take seconds). */
  robustness(event: string, task: string, query: { resamples: number; seed: number }): Promise<ApiOutcome<RobustnessResponse>> {
    return apiCall(this.fetchFn, juryRobustnessPath(event, task, query));
  }

  /** The public board exactly as the screens show it (frozen during a freeze). */
  publicBoard(event: string, task: string): Promise<ApiOutcome<LeaderboardData>> {
    return apiCall(this.fetchFn, leaderboardPath(event, task));
  }

  submissions(event: string, filters: { task?: string; team?: string }): Promise<ApiOutcome<JurySubmissionsResponse>> {
    return apiCall(this.fetchFn, juryEventPath(event, '/submissions'), { query: filters });
  }

  teamHistory(event: string, team: string, task: string): Promise<ApiOutcome<TeamHistoryResponse>> {
    return apiCall(this.fetchFn, juryEventPath(event, `/teams/${enc(team)}/history`), { query: { task } });
  }

  rescore(event: string, task: string, body: { reason: string; preview: boolean; submission?: string }): Promise<ApiOutcome<RescoreResponse>> {
    return this.post(juryEventPath(event, `/tasks/${enc(task)}/rescore`), body);
  }

  setSubmissionDisqualified(event: string, id: string, disqualified: boolean, reason: string): Promise<ApiOutcome<JurySubmission>> {
    return this.post(juryEventPath(event, `/submissions/${enc(id)}/${disqualified ? 'disqualify' : 'reinstate'}`), { reason });
  }

  setTeamDisqualified(event: string, team: string, disqualified: boolean, reason: string): Promise<ApiOutcome<TeamDecisionResponse>> {
    return this.post(juryEventPath(event, `/teams/${enc(team)}/${disqualified ? 'disqualify' : 'reinstate'}`), { reason });
  }

  flag(event: string, submission: string, note: string): Promise<ApiOutcome<JuryFlagView>> {
    return this.post(juryEventPath(event, '/flags'), { submission, note });
  }

  resolveFlag(event: string, id: string, reason: string): Promise<ApiOutcome<JuryFlagView>> {
    return this.post(juryEventPath(event, `/flags/${enc(id)}/resolve`), { reason });
  }

  announce(event: string, body: AnnounceRequest): Promise<ApiOutcome<unknown>> {
    return this.post(juryEventPath(event, '/announcements'), body);
  }

  withdrawAnnouncement(event: string, id: string, reason: string): Promise<ApiOutcome<AnnouncementData>> {
    return this.post(juryEventPath(event, `/announcements/${enc(id)}/withdraw`), { reason });
  }

  sessions(event: string): Promise<ApiOutcome<JurySessionsResponse>> {
    return apiCall(this.fetchFn, juryEventPath(event, '/sessions'));
  }

  revokeSession(event: string, id: string, reason: string): Promise<ApiOutcome<void>> {
    return apiCall(this.fetchFn, juryEventPath(event, `/sessions/${enc(id)}`), { method: 'DELETE', body: { reason }, csrfToken: this.csrfToken });
  }

  director(event: string): Promise<ApiOutcome<DirectorResponse>> {
    return apiCall(this.fetchFn, juryEventPath(event, '/director'));
  }

  pinDirector(event: string, body: DirectorPinRequest): Promise<ApiOutcome<DirectorResponse>> {
    return this.post(juryEventPath(event, '/director'), body);
  }

  releaseDirector(event: string, reason: string): Promise<ApiOutcome<DirectorResponse>> {
    return this.post(juryEventPath(event, '/director/release'), { reason });
  }

  audit(event: string, filters: AuditFilters): Promise<ApiOutcome<AuditResponse>> {
    return apiCall(this.fetchFn, juryEventPath(event, '/audit'), { query: { ...filters } });
  }
}
