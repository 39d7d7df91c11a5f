// REST shapes of the jury console (`/api/jury/...`) and the jury admin routes, plus the jury-only
// live frame. Stable wire contract: later issues (verifications, finalize, ceremony) only ADD
// fields and routes; nothing here is renamed.
import type { Language, LocalizedText } from '../localized-text.js';
import type { JuryRole } from '../manifest.js';
import type { Problem, ProblemDetails } from '../problem.js';
import type { AnnouncementData, AnnouncementLevel } from '../live/announcement.schema.js';
import type { RevealStepData } from '../live/feed-event.js';
import type { ScoreColumnView, TaskClock, TaskPublicView, TeamPublicView } from '../live/event-view.js';
import type { SubmissionStatusName } from './submissions.schema.js';

/** The three score splits the jury sees side by side (`all` = every case of the answer key). */
export type JurySplit = 'public' | 'private' | 'all';
export const JURY_SPLITS: readonly JurySplit[] = ['public', 'private', 'all'];

/** Scores by split, then by score name (ScoreColumnView.name); null when a split has no usable case. */
export type SplitScores = Record<JurySplit, Record<string, number | null>>;

// ---------------------------------------------------------------------------------------------
// Accounts and sessions

/** `POST /api/admin/events/:event/jury/:login/password` (admin bearer): answered `204`. */
export interface JuryPasswordRequest {
  /** At least JURY_PASSWORD_MIN_LENGTH characters. */
  password: string;
}
export const JURY_PASSWORD_MIN_LENGTH = 12;
export const JURY_PASSWORD_MAX_LENGTH = 1024;

/** A member of an event's jury (from the bundle's `jury:` list). Never carries a password hash. */
export interface JuryMemberView {
  login: string;
  name: string;
  role: JuryRole;
  /** False until an organiser sets a password: the member cannot sign in yet. */
  hasPassword: boolean;
}

/** `GET /api/admin/events/:event/jury` (admin) and `GET /api/jury/events/:event/members` (jury). */
export interface JuryMembersResponse {
  event: string;
  members: JuryMemberView[];
}

/** `POST /api/jury/session` body. */
export interface JurySessionRequest {
  event: string;
  login: string;
  password: string;
}

/**
 * `201` answer of `POST /api/jury/session`. The same session is also set as the `podium_jury`
 * cookie (httpOnly, SameSite=Strict, Secure over https). Browsers send the cookie plus
 * `X-CSRF-Token: <csrfToken>` on every state-changing request; scripts send
 * `Authorization: Bearer <token>` instead (no CSRF header needed then).
 */
export interface JurySessionResponse {
  login: string;
  name: string;
  role: JuryRole;
  event: string;
  token: string;
  csrfToken: string;
  /** ISO 8601 instant; 12 h after sign-in. */
  expiresAt: string;
}

/**
 * `GET /api/jury/session`: the session the cookie (or bearer) opens, so a reloaded console picks
 * up where it was: the sign-in answer again (the token too, for the `/live` subscribe) plus the
 * session id. SameSite=Strict and no CORS: only the console's own origin can read it.
 */
export type JurySessionInfo = JurySessionResponse & { session: string };

/** One open session, as an organiser sees it in `GET /api/jury/events/:event/sessions`. */
export interface JurySessionView {
  /** Session id (not the token): what `DELETE /api/jury/events/:event/sessions/:id` revokes. */
  id: string;
  login: string;
  name: string;
  role: JuryRole;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string | null;
  /** True for the session making this request. */
  current: boolean;
}

export interface JurySessionsResponse {
  event: string;
  sessions: JurySessionView[];
}

export const JURY_SESSION_COOKIE = 'podium_jury';
export const JURY_CSRF_HEADER = 'X-CSRF-Token';
export const JURY_SESSION_HOURS = 12;
/** Failed sign-ins allowed per login and per client address within the window, then `429`. */
export const JURY_LOGIN_MAX_FAILURES = 5;
export const JURY_LOGIN_WINDOW_MINUTES = 15;

// ---------------------------------------------------------------------------------------------
// Decisions carried by boards and submissions

/** A disqualification in force (of a submission or of a whole team). */
export interface DisqualificationView {
  reason: string;
  at: string;
  /** Jury login of the organiser who decided it. */
  by: string;
}

export type JuryFlagStatus = 'open' | 'resolved';

/** A submission flagged for discussion by any jury member; only organisers resolve it. */
export interface JuryFlagView {
  id: string;
  submission: string;
  task: string;
  team: string;
  note: string;
  by: string;
  at: string;
  status: JuryFlagStatus;
  resolvedBy: string | null;
  resolvedAt: string | null;
  /** The organiser's reason when resolving. */
  resolution: string | null;
}

// ---------------------------------------------------------------------------------------------
// The whole truth

/** One team of `GET /api/jury/events/:event/tasks/:task/board`: every split side by side. */
export interface JuryBoardRow {
  team: TeamPublicView;
  /** Live (unfrozen) rank per split; ties share the best rank; null = not ranked (or disqualified). */
  ranks: Record<JurySplit, number | null>;
  /** Scores per split of the submission that represents the team on that split (best/last policy). */
  scores: SplitScores;
  /** Multi-score tasks: aggregated points per split; null for single-score tasks. */
  points: Record<JurySplit, number | null>;
  /** The submission representing the team on each split. */
  submissions: Record<JurySplit, string | null>;
  /** Submissions the team made on this task (all of them, post-freeze included). */
  submissionCount: number;
  lastSubmissionAt: string | null;
  /** Rank and scores on the frozen public board the screens show; null when not on it. */
  frozenRank: number | null;
  frozenScores: Record<string, number | null> | null;
  /** True when the team's rank on any split differs from its rank on the public board screens show. */
  differs: boolean;
  /** The team is disqualified: listed (struck through) but ranked on no split. */
  disqualified: DisqualificationView | null;
}

export interface JuryBoardResponse {
  event: string;
  task: string;
  clock: TaskClock;
  ranking: TaskPublicView['ranking'];
  precision: number;
  scores: ScoreColumnView[];
  splits: JurySplit[];
  /** Ordered by the live private-split rank (then all, then public), unranked and disqualified last. */
  rows: JuryBoardRow[];
  /** True when the public board screens show is frozen. */
  frozen: boolean;
  frozenAt: string | null;
  /** True when any row differs (the console raises its flag). */
  differs: boolean;
  computedAt: string;
  serverTime: string;
}

/** A submission as the jury sees it: everything, whatever the freeze. */
export interface JurySubmission {
  id: string;
  task: string;
  team: TeamPublicView;
  status: SubmissionStatusName;
  receivedAt: string;
  settledAt: string | null;
  fileName: string;
  size: number;
  sha256: string;
  /** Scores per split, once scored; null otherwise. */
  scores: SplitScores | null;
  /** Every validation problem of a rejected file. */
  problems: Problem[];
  warnings: Problem[];
  /** Internal failure message of a `failed` submission (jury only). */
  error: string | null;
  afterFreeze: boolean;
  /** Counts for its team on the live public split (best/last policy), disqualifications applied. */
  counted: boolean;
  /** This submission's own disqualification (the team's is on the board row / team). */
  disqualified: DisqualificationView | null;
  /** True when the team as a whole is disqualified. */
  teamDisqualified: boolean;
  flags: JuryFlagView[];
  /** `GET` it with the session to download the original file (as uploaded). */
  downloadUrl: string;
}

/** `GET /api/jury/events/:event/submissions?task=&team=`: newest first. */
export interface JurySubmissionsResponse {
  event: string;
  task: string | null;
  team: string | null;
  submissions: JurySubmission[];
  serverTime: string;
}

/** One change of a team's best score on any split. */
export interface TeamHistoryPoint {
  at: string;
  /** The submission that caused the change. */
  submission: string;
  /** The team's best scores per split after this submission. */
  scores: SplitScores;
}

/** `GET /api/jury/events/:event/teams/:team/history?task=`: time order. */
export interface TeamHistoryResponse {
  event: string;
  task: string;
  team: TeamPublicView;
  disqualified: DisqualificationView | null;
  points: TeamHistoryPoint[];
}

// ---------------------------------------------------------------------------------------------
// Actions (organiser only, except flags). Every body carries a reason that lands in the audit log.

export interface ReasonRequest {
  /** Why; 1-1000 characters; stored in the audit log. */
  reason: string;
}

/**
 * `POST /api/jury/events/:event/tasks/:task/rescore`: the whole task, or one submission of it when
 * `submission` is given (also `POST /api/jury/events/:event/submissions/:id/rescore`).
 */
export interface RescoreRequest extends ReasonRequest {
  /** True: compute and list the rank changes without applying anything. Default false. */
  preview?: boolean;
  submission?: string;
}

export interface RankChange {
  team: string;
  split: JurySplit;
  from: number | null;
  to: number | null;
}

export interface ScoreChange {
  submission: string;
  team: string;
  before: SplitScores | null;
  after: SplitScores | null;
  /** Status after the rescore (a file may now be rejected, or a failed one now scored). */
  status: SubmissionStatusName;
}

export interface RescoreResponse {
  preview: boolean;
  task: string;
  /** Submissions recomputed. */
  rescored: number;
  /** Only submissions whose scores or status change. */
  scoreChanges: ScoreChange[];
  /** Every rank that moves on any split (frozen public board included as split `public` when live). */
  changes: RankChange[];
  /** Set when applied: the audit entry recording it. */
  audit: number | null;
}

/** `POST .../submissions/:id/disqualify` and `.../reinstate`: the submission after the decision. */
export type SubmissionDecisionResponse = JurySubmission;

/** `POST .../teams/:team/disqualify` and `.../reinstate`. */
export interface TeamDecisionResponse {
  event: string;
  team: TeamPublicView;
  disqualified: DisqualificationView | null;
}

/** `POST /api/jury/events/:event/flags` (any jury role): `201` with the flag. */
export interface FlagRequest {
  submission: string;
  /** 1-1000 characters. */
  note: string;
}

/** `GET /api/jury/events/:event/flags?status=`. */
export interface JuryFlagsResponse {
  event: string;
  flags: JuryFlagView[];
}

/** `POST /api/jury/events/:event/announcements` (organiser): same body as the admin route, plus the reason. */
export interface JuryAnnounceRequest {
  text: LocalizedText | string;
  level?: AnnouncementLevel;
  until?: string;
  reason?: string;
}
export type JuryAnnounceResponse = AnnouncementData;

// ---------------------------------------------------------------------------------------------
// Director control of `follow=director` screens

export const DIRECTOR_SCENES = ['leaderboard', 'overview', 'race', 'ticker', 'countdown', 'ceremony'] as const;
export type DirectorScene = (typeof DIRECTOR_SCENES)[number];

/** What `follow=director` screens must show; null = released (screens run their own playlist). */
export interface DirectorState {
  scene: DirectorScene;
  /** Task slug; null = the screen's choice (all tasks). */
  task: string | null;
  /** null = the screen's own language. */
  lang: Language | null;
  pinnedAt: string;
  /** Jury login of the organiser who pinned it. */
  by: string;
}

/** `POST /api/jury/events/:event/director` (organiser). */
export interface DirectorPinRequest {
  scene: DirectorScene;
  task?: string | null;
  lang?: Language | null;
  reason?: string;
}

/** `GET /api/jury/events/:event/director`, and the answer of pin and `POST .../director/release`. */
export interface DirectorResponse {
  event: string;
  director: DirectorState | null;
}

// ---------------------------------------------------------------------------------------------
// Audit log

/** One entry of the event's hash chain: hash = SHA-256 over prevHash and the entry's canonical content. */
export interface AuditEntryView {
  /** Position in the event's chain, 1-based, no gaps. */
  seq: number;
  at: string;
  /** `admin`, `jury:<login>`, `team:<slug>`, `system` or `anonymous`. */
  actor: string;
  /** Dotted verb, e.g. `jury.signin`, `jury.signin.failed`, `submission.disqualify`, `event.import`. */
  action: string;
  target: string;
  reason: string | null;
  details: Record<string, unknown>;
  /** Hex SHA-256 of this entry. */
  hash: string;
  /** Hex SHA-256 of the previous entry; 64 zeros for the first. */
  prevHash: string;
}

/** `GET /api/jury/events/:event/audit?action=&actor=&target=&since=&until=&limit=`: oldest first. */
export interface AuditResponse {
  event: string;
  entries: AuditEntryView[];
  /** Hash of the newest entry of the whole chain (whatever the filters); null for an empty chain. */
  head: string | null;
  /** Entries in the whole chain. */
  total: number;
}

export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/**
 * `GET /api/admin/events/:event/audit/verify` (admin bearer): the running server re-walks the
 * event's chain from its database - what `podium audit verify` asks while the server holds the
 * embedded database. `broken` names the first bad entry.
 */
export interface AuditVerifyResponse {
  event: string;
  ok: boolean;
  entries: number;
  /** Hash of the newest entry when the chain holds (null for an empty chain or a broken one). */
  head: string | null;
  broken: { id: number; seq: number | null; kind: 'edited' | 'missing' | 'reordered' | 'unchained'; message: string } | null;
}

export const auditVerifyPath = (event: string): string => `/api/admin/events/${encodeURIComponent(event)}/audit/verify`;

// ---------------------------------------------------------------------------------------------
// Live: the jury-only frame and the public director frame

/** `data` of a `jury` feed frame: sent to the jury audience only, never to a team or the public. */
export type JuryFeedData =
  | { kind: 'board'; board: JuryBoardResponse }
  | { kind: 'submission'; submission: JurySubmission }
  | { kind: 'team'; team: string; disqualified: DisqualificationView | null }
  | { kind: 'flag'; flag: JuryFlagView }
  | { kind: 'audit'; entry: AuditEntryView };

export type JuryFeedKind = JuryFeedData['kind'];

/** `data` of a public `director` feed frame (also in the live snapshot as `director`). */
export interface DirectorFrameData {
  director: DirectorState | null;
}

// ---------------------------------------------------------------------------------------------
// Problems and paths

export const JURY_PROBLEM_TYPES = {
  unauthorized: '/problems/unauthorized',
  forbidden: '/problems/forbidden',
  csrf: '/problems/csrf-token-missing',
  tooManyAttempts: '/problems/too-many-sign-in-attempts',
  notFound: '/problems/not-found',
  conflict: '/problems/conflict',
  invalid: '/problems/invalid-request',
} as const;

/** The `429` body of a rate-limited sign-in; `Retry-After` carries the same seconds. */
export interface TooManyAttemptsProblem extends ProblemDetails {
  retryAfterSeconds: number;
}

const enc = encodeURIComponent;

export const JURY_SESSION_PATH = '/api/jury/session';

export function juryEventPath(event: string, rest = ''): string {
  return `/api/jury/events/${enc(event)}${rest}`;
}

export function juryBoardPath(event: string, task: string): string {
  return juryEventPath(event, `/tasks/${enc(task)}/board`);
}

export function jurySubmissionFilePath(event: string, id: string): string {
  return juryEventPath(event, `/submissions/${enc(id)}/file`);
}

export function juryPasswordPath(event: string, login: string): string {
  return `/api/admin/events/${enc(event)}/jury/${enc(login)}/password`;
}

// ---------------------------------------------------------------------------------------------
// Verification (four eyes): a member states they checked a task's final ranking

/** Why a verification no longer stands (a later rescore, disqualification or re-import). */
export interface VerificationVoided {
  at: string;
  /** The action and its reason, e.g. "task.rescore: Split column was swapped". */
  reason: string;
}

export interface TaskVerificationView {
  id: string;
  task: string;
  /** Jury login and name of the member who verified. */
  login: string;
  name: string;
  at: string;
  /** null while it stands. */
  voided: VerificationVoided | null;
}

/** `GET /api/jury/events/:event/tasks/:task/verifications`: oldest first, voided ones included. */
export interface TaskVerificationsResponse {
  event: string;
  task: string;
  verifications: TaskVerificationView[];
  /** Distinct members whose verification stands (finalizing needs two). */
  standing: number;
}

export function juryVerificationsPath(event: string, task: string): string {
  return juryEventPath(event, `/tasks/${enc(task)}/verifications`);
}

// ---------------------------------------------------------------------------------------------
// Finalize: an organiser locks a task's results once nothing can change them

/**
 * `POST .../tasks/:task/finalize` -> `200`. Otherwise `409` problem+json whose `problems` list
 * every blocker: codes `finalize.round_open`, `finalize.submission_pending`,
 * `finalize.submission_failed`, `finalize.flag_open`, `finalize.verifications`,
 * `finalize.score_changed` (path `submission:<id>/<score>/<split>`, `found` = stored,
 * `expected` = recomputed), `finalize.status_changed`, `finalize.already_finalized`.
 */
export interface FinalizeResponse {
  event: string;
  task: string;
  finalizedAt: string;
  finalizedBy: string;
  /** Counted submissions the shadow rescore recomputed (all matched). */
  checked: number;
  /** Logins whose verification stands. */
  verifiedBy: string[];
  audit: number;
}

/** `POST .../tasks/:task/unfinalize { reason }` -> `200`. */
export interface UnfinalizeResponse {
  event: string;
  task: string;
  audit: number;
}

// ---------------------------------------------------------------------------------------------
// Prize ceremony: an organiser reveals finalized tasks step by step (`reveal.*` feed frames)

/** `POST /api/jury/events/:event/ceremony` body. */
export interface CeremonyStartRequest {
  /** Finalized task slugs, revealed in this order. */
  tasks: string[];
  /** Default false. A rehearsal reaches only screens opened with `rehearsal=1` by a jury session. */
  rehearsal?: boolean;
}

/** `201`: the ceremony is planned; nothing is revealed until `next`. */
export interface CeremonyStartResponse {
  event: string;
  ceremony: string;
  rehearsal: boolean;
  tasks: { task: string; steps: number }[];
  /** Planned steps, all tasks. */
  steps: number;
  audit: number;
}

/** `POST .../ceremony/next` -> `200`: the step just revealed (1-based over the whole ceremony). */
export interface CeremonyNextResponse {
  event: string;
  ceremony: string;
  step: number;
  of: number;
  revealed: RevealStepData;
  /** The ceremony is over (this was its last step). */
  done: boolean;
  audit: number;
}

/** One planned step as the jury console shows it (presenter notes). */
export interface CeremonyStepView {
  /** 1-based over the whole ceremony. */
  index: number;
  revealed: boolean;
  data: RevealStepData;
}

export type CeremonyStatus = 'running' | 'done' | 'aborted';

export interface CeremonyView {
  id: string;
  rehearsal: boolean;
  tasks: string[];
  status: CeremonyStatus;
  startedAt: string;
  startedBy: string;
  endedAt: string | null;
  /** Steps revealed so far, of `of`. */
  revealed: number;
  of: number;
  steps: CeremonyStepView[];
  /** What the next Next reveals (presenter notes); null when done. */
  next: CeremonyStepView | null;
}

/** A task as the ceremony controller lists it. */
export interface CeremonyTaskView {
  task: string;
  title: LocalizedText;
  finalizedAt: string | null;
  revealedAt: string | null;
}

/** `GET /api/jury/events/:event/ceremony` (any jury member): the latest ceremony, if any. */
export interface CeremonyResponse {
  event: string;
  tasks: CeremonyTaskView[];
  ceremony: CeremonyView | null;
}

export function juryCeremonyPath(event: string, rest = ''): string {
  return juryEventPath(event, `/ceremony${rest}`);
}

// ---------------------------------------------------------------------------------------------
// Statistical ties: how robust the final ranking is to the choice of test cases (bootstrap)

/** Bounds of `GET .../tasks/:task/robustness` query parameters (a value outside: `422`). */
export const ROBUSTNESS_LIMITS = {
  resamples: { min: 1, max: 10_000, default: 1000 },
  /** Seeds are unsigned 32-bit integers (the generator's state). */
  seed: { min: 0, max: 4_294_967_295, default: 1 },
  /** Exclusive of 0: a pair is tied when its order holds in fewer than `threshold` of resamples. */
  threshold: { min: 0, max: 1, default: 0.95 },
  /** Neighbour pairs are checked among this many best-ranked teams. */
  top: 10,
} as const;

/** A bootstrap percentile interval (2.5th to 97.5th, numpy's linear method); null when no resample had a value. */
export interface RobustnessInterval {
  low: number | null;
  high: number | null;
}

/** One ranked team of the final board, with what the resamples say about it. */
export interface RobustnessTeam {
  team: TeamPublicView;
  /** Rank on the final board (ties share the best rank). */
  rank: number;
  /** The primary score (`RobustnessResponse.primaryScore`) on the final split, as stored and ranked. */
  score: number | null;
  /** The primary score's interval over the resamples. */
  interval: RobustnessInterval;
  /** Every score of the task: value on the final split and interval, by score name. */
  scores: Record<string, { value: number | null; interval: RobustnessInterval }>;
  /** Multi-score tasks: aggregated points (rank sum or mean rank) and their interval; null otherwise. */
  points: { value: number | null; interval: RobustnessInterval } | null;
  /** Rank interval over the resamples, in whole ranks (best, worst). */
  ranks: { low: number; high: number };
  /** Resamples on which the primary score was undefined (e.g. a single class drawn for an AUC); ranked last there. */
  undefinedResamples: number;
  /** The submission representing the team (the one rescored on each resample). */
  submission: string;
}

/** Two neighbours of the final board (among the top 10) and how often their order holds. */
export interface RobustnessNeighbours {
  /** Team slugs: `upper` is ahead of (or tied with) `lower` on the final board. */
  upper: string;
  lower: string;
  /** Fraction (0..1) of resamples where `upper` ranks strictly ahead of `lower`. */
  orderHolds: number;
  /** `orderHolds < threshold`. */
  tied: boolean;
}

/**
 * `GET /api/jury/events/:event/tasks/:task/robustness?resamples=&seed=&threshold=` (any jury member):
 * a seeded bootstrap of the final ranking. Each resample draws the final split's cases with
 * replacement, rescores every ranked team's representing submission on them (same scoring code)
 * and ranks the teams with the board's rules. The same parameters give the same numbers.
 */
export interface RobustnessResponse {
  event: string;
  task: string;
  /** The split of the final ranking (the task's final split, `private` by default). */
  split: JurySplit;
  resamples: number;
  seed: number;
  threshold: number;
  /** Neighbour pairs are checked among the first `top` teams. */
  top: number;
  /** Cases a resample draws (the final split's size). */
  cases: number;
  /** Name of the score `score` and `interval` describe (`ranking.tie_break`, else the first score). */
  primaryScore: string;
  /** Ranked teams in the final board's order. */
  teams: RobustnessTeam[];
  /** Consecutive pairs among the top `top` teams, best first. */
  neighbours: RobustnessNeighbours[];
  /** "Statistically tied": maximal runs of neighbours whose order holds in fewer than `threshold` of resamples (team slugs, best first). */
  tiedGroups: string[][];
  /** When the bootstrap was computed (an identical request is answered from memory: files, key, rules and parameters unchanged). */
  computedAt: string;
  /** Wall time of the computation in the worker thread, in milliseconds. */
  durationMs: number;
}

export function juryRobustnessPath(event: string, task: string, query: { resamples?: number; seed?: number; threshold?: number } = {}): string {
  const params = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return juryEventPath(event, `/tasks/${enc(task)}/robustness${params.length > 0 ? `?${params.join('&')}` : ''}`);
}
