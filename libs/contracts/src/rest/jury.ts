// The jury console (`/api/jury/...`) and the jury admin routes: request bodies, constants, paths
// and the jury-only live frame. Their answers are zod schemas in `jury.schema.ts` (the screens
// import values from this module, so it holds no schema). Stable wire contract: later issues
// (verifications, finalize, ceremony) only ADD fields and routes; nothing here is renamed.
import type { Language, LocalizedText } from '../localized-text.js';
import type { AnnouncementData, AnnouncementLevel } from '../live/announcement.schema.js';
import type { AuditEntryView, DirectorState, DisqualificationView, JuryBoardResponse, JuryFlagView, JurySubmission } from './jury.schema.js';

/** The three score splits the jury sees side by side (`all` = every case of the answer key). */
export const JURY_SPLITS = ['public', 'private', 'all'] as const;
export type JurySplit = (typeof JURY_SPLITS)[number];

// ---------------------------------------------------------------------------------------------
// Accounts and sessions

/** `POST /api/admin/events/:event/jury/:login/password` (admin bearer): answered `204`. */
export interface JuryPasswordRequest {
  /** At least JURY_PASSWORD_MIN_LENGTH characters. */
  password: string;
}
export const JURY_PASSWORD_MIN_LENGTH = 12;
export const JURY_PASSWORD_MAX_LENGTH = 1024;

/** `POST /api/jury/session` body. */
export interface JurySessionRequest {
  event: string;
  login: string;
  password: string;
}

export const JURY_SESSION_COOKIE = 'podium_jury';
export const JURY_CSRF_HEADER = 'X-CSRF-Token';
export const JURY_SESSION_HOURS = 12;
/** Failed sign-ins allowed per login and per client address within the window, then `429`. */
export const JURY_LOGIN_MAX_FAILURES = 5;
export const JURY_LOGIN_WINDOW_MINUTES = 15;

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

/** `POST /api/jury/events/:event/flags` (any jury role): `201` with the flag. */
export interface FlagRequest {
  submission: string;
  /** 1-1000 characters. */
  note: string;
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

/** `POST /api/jury/events/:event/director` (organiser). */
export interface DirectorPinRequest {
  scene: DirectorScene;
  task?: string | null;
  lang?: Language | null;
  reason?: string;
}

// ---------------------------------------------------------------------------------------------
// Audit log

export const AUDIT_GENESIS_HASH = '0'.repeat(64);

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

// Verification (four eyes): a member states they checked a task's final ranking.
export function juryVerificationsPath(event: string, task: string): string {
  return juryEventPath(event, `/tasks/${enc(task)}/verifications`);
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

export function juryRobustnessPath(event: string, task: string, query: { resamples?: number; seed?: number; threshold?: number } = {}): string {
  const params = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return juryEventPath(event, `/tasks/${enc(task)}/robustness${params.length > 0 ? `?${params.join('&')}` : ''}`);
}
