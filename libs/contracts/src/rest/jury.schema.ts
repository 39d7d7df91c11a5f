// REST answers of the jury console (`/api/jury/...`) and of the jury admin routes, as zod schemas
// (types inferred). Stable wire contract: later issues only ADD fields and routes; nothing here is
// renamed. Request bodies, constants and paths stay in `jury.ts`, which the screens import values
// from (no zod there).
import { z } from 'zod';
import { LocalizedTextSchema } from '../localized-text.schema.js';
import { ProblemDetailsSchema, ProblemSchema } from '../problem.js';
import { ScoreColumnViewSchema, TaskClockSchema, TaskPublicViewSchema, TeamPublicViewSchema } from '../live/event-view.js';
import { RevealStepDataSchema } from '../live/reveal.schema.js';
import { DIRECTOR_SCENES, JURY_SPLITS } from './jury.js';
import { SubmissionStatusNameSchema } from './submissions.schema.js';

/** The three score splits the jury sees side by side (`all` = every case of the answer key). */
export const JurySplitSchema = z.enum(JURY_SPLITS);

/** One value per split. */
const bySplit = <T extends z.ZodType>(value: T) => z.object({ public: value, private: value, all: value });

const scoresByName = z.record(z.string(), z.number().nullable());

/** Scores by split, then by score name (ScoreColumnView.name); null when a split has no usable case. */
export const SplitScoresSchema = bySplit(scoresByName);
export type SplitScores = z.infer<typeof SplitScoresSchema>;

const JuryRoleSchema = z.enum(['organiser', 'juror']);
const LanguageSchema = z.enum(['en', 'fr']);

// ---------------------------------------------------------------------------------------------
// Accounts and sessions

/** A member of an event's jury (from the bundle's `jury:` list). Never carries a password hash. */
export const JuryMemberViewSchema = z.object({
  login: z.string(),
  name: z.string(),
  role: JuryRoleSchema,
  hasPassword: z.boolean().describe('False until an organiser sets a password: the member cannot sign in yet.'),
});
export type JuryMemberView = z.infer<typeof JuryMemberViewSchema>;

/** `GET /api/admin/events/:event/jury` (admin) and `GET /api/jury/events/:event/members` (jury). */
export const JuryMembersResponseSchema = z.object({ event: z.string(), members: z.array(JuryMemberViewSchema) });
export type JuryMembersResponse = z.infer<typeof JuryMembersResponseSchema>;

/**
 * `201` answer of `POST /api/jury/session`. The same session is also set as the `podium_jury`
 * cookie (httpOnly, SameSite=Strict, Secure over https). Browsers send the cookie plus
 * `X-CSRF-Token: <csrfToken>` on every state-changing request; scripts send
 * `Authorization: Bearer <token>` instead (no CSRF header needed then).
 */
export const JurySessionResponseSchema = z.object({
  login: z.string(),
  name: z.string(),
  role: JuryRoleSchema,
  event: z.string(),
  token: z.string(),
  csrfToken: z.string(),
  expiresAt: z.string().describe('ISO 8601 instant; 12 h after sign-in.'),
});
export type JurySessionResponse = z.infer<typeof JurySessionResponseSchema>;

/**
 * `GET /api/jury/session`: the session the cookie (or bearer) opens, so a reloaded console picks
 * up where it was: the sign-in answer again (the token too, for the `/live` subscribe) plus the
 * session id. SameSite=Strict and no CORS: only the console's own origin can read it.
 */
export const JurySessionInfoSchema = JurySessionResponseSchema.extend({ session: z.string() });
export type JurySessionInfo = z.infer<typeof JurySessionInfoSchema>;

/** One open session, as an organiser sees it in `GET /api/jury/events/:event/sessions`. */
export const JurySessionViewSchema = z.object({
  id: z.string().describe('Session id (not the token): what `DELETE /api/jury/events/:event/sessions/:id` revokes.'),
  login: z.string(),
  name: z.string(),
  role: JuryRoleSchema,
  createdAt: z.string(),
  expiresAt: z.string(),
  lastSeenAt: z.string().nullable(),
  current: z.boolean().describe('True for the session making this request.'),
});
export type JurySessionView = z.infer<typeof JurySessionViewSchema>;

export const JurySessionsResponseSchema = z.object({ event: z.string(), sessions: z.array(JurySessionViewSchema) });
export type JurySessionsResponse = z.infer<typeof JurySessionsResponseSchema>;

/** The `429` body of a rate-limited sign-in; `Retry-After` carries the same seconds. */
export const TooManyAttemptsProblemSchema = ProblemDetailsSchema.extend({ retryAfterSeconds: z.number().int() });
export type TooManyAttemptsProblem = z.infer<typeof TooManyAttemptsProblemSchema>;

// ---------------------------------------------------------------------------------------------
// Decisions carried by boards and submissions

/** A disqualification in force (of a submission or of a whole team). */
export const DisqualificationViewSchema = z.object({
  reason: z.string(),
  at: z.string(),
  by: z.string().describe('Jury login of the organiser who decided it.'),
});
export type DisqualificationView = z.infer<typeof DisqualificationViewSchema>;

export const JuryFlagStatusSchema = z.enum(['open', 'resolved']);
export type JuryFlagStatus = z.infer<typeof JuryFlagStatusSchema>;

/** A submission flagged for discussion by any jury member; only organisers resolve it. */
export const JuryFlagViewSchema = z.object({
  id: z.string(),
  submission: z.string(),
  task: z.string(),
  team: z.string(),
  note: z.string(),
  by: z.string(),
  at: z.string(),
  status: JuryFlagStatusSchema,
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable().describe("The organiser's reason when resolving."),
});
export type JuryFlagView = z.infer<typeof JuryFlagViewSchema>;

// ---------------------------------------------------------------------------------------------
// The whole truth

/** One team of `GET /api/jury/events/:event/tasks/:task/board`: every split side by side. */
export const JuryBoardRowSchema = z.object({
  team: TeamPublicViewSchema,
  ranks: bySplit(z.number().int().nullable()).describe('Live (unfrozen) rank per split; ties share the best rank; null = not ranked (or disqualified).'),
  scores: SplitScoresSchema,
  points: bySplit(z.number().nullable()).describe('Multi-score tasks: aggregated points per split; null for single-score tasks.'),
  submissions: bySplit(z.string().nullable()).describe('The submission representing the team on each split (best/last policy).'),
  submissionCount: z.number().int().describe('Submissions the team made on this task (all of them, post-freeze included).'),
  lastSubmissionAt: z.string().nullable(),
  frozenRank: z.number().int().nullable().describe('Rank on the frozen public board the screens show; null when not on it.'),
  frozenScores: scoresByName.nullable().describe('Scores on the frozen public board the screens show; null when not on it.'),
  differs: z.boolean().describe("True when the team's rank on any split differs from its rank on the public board screens show."),
  disqualified: DisqualificationViewSchema.nullable().describe('The team is disqualified: listed (struck through) but ranked on no split.'),
});
export type JuryBoardRow = z.infer<typeof JuryBoardRowSchema>;

export const JuryBoardResponseSchema = z.object({
  event: z.string(),
  task: z.string(),
  clock: TaskClockSchema,
  ranking: TaskPublicViewSchema.shape.ranking,
  precision: z.number().int(),
  scores: z.array(ScoreColumnViewSchema),
  splits: z.array(JurySplitSchema),
  rows: z.array(JuryBoardRowSchema).describe('Ordered by the live private-split rank (then all, then public), unranked and disqualified last.'),
  frozen: z.boolean().describe('True when the public board screens show is frozen.'),
  frozenAt: z.string().nullable(),
  differs: z.boolean().describe('True when any row differs (the console raises its flag).'),
  computedAt: z.string(),
  serverTime: z.string(),
});
export type JuryBoardResponse = z.infer<typeof JuryBoardResponseSchema>;

/** A submission as the jury sees it: everything, whatever the freeze. */
export const JurySubmissionSchema = z.object({
  id: z.string(),
  task: z.string(),
  team: TeamPublicViewSchema,
  status: SubmissionStatusNameSchema,
  receivedAt: z.string(),
  settledAt: z.string().nullable(),
  fileName: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  scores: SplitScoresSchema.nullable().describe('Scores per split, once scored; null otherwise.'),
  problems: z.array(ProblemSchema).describe('Every validation problem of a rejected file.'),
  warnings: z.array(ProblemSchema),
  error: z.string().nullable().describe('Internal failure message of a `failed` submission (jury only).'),
  afterFreeze: z.boolean(),
  counted: z.boolean().describe('Counts for its team on the live public split (best/last policy), disqualifications applied.'),
  disqualified: DisqualificationViewSchema.nullable().describe("This submission's own disqualification (the team's is on the board row / team)."),
  teamDisqualified: z.boolean().describe('True when the team as a whole is disqualified.'),
  flags: z.array(JuryFlagViewSchema),
  downloadUrl: z.string().describe('`GET` it with the session to download the original file (as uploaded).'),
});
export type JurySubmission = z.infer<typeof JurySubmissionSchema>;

/** `GET /api/jury/events/:event/submissions?task=&team=`: newest first. */
export const JurySubmissionsResponseSchema = z.object({
  event: z.string(),
  task: z.string().nullable(),
  team: z.string().nullable(),
  submissions: z.array(JurySubmissionSchema),
  serverTime: z.string(),
});
export type JurySubmissionsResponse = z.infer<typeof JurySubmissionsResponseSchema>;

/** One change of a team's best score on any split. */
export const TeamHistoryPointSchema = z.object({
  at: z.string(),
  submission: z.string().describe('The submission that caused the change.'),
  scores: SplitScoresSchema,
});
export type TeamHistoryPoint = z.infer<typeof TeamHistoryPointSchema>;

/** `GET /api/jury/events/:event/teams/:team/history?task=`: time order. */
export const TeamHistoryResponseSchema = z.object({
  event: z.string(),
  task: z.string(),
  team: TeamPublicViewSchema,
  disqualified: DisqualificationViewSchema.nullable(),
  points: z.array(TeamHistoryPointSchema).describe("The team's best scores per split after each submission that changed them."),
});
export type TeamHistoryResponse = z.infer<typeof TeamHistoryResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Actions (organiser only, except flags)

export const RankChangeSchema = z.object({
  team: z.string(),
  split: JurySplitSchema,
  from: z.number().int().nullable(),
  to: z.number().int().nullable(),
});
export type RankChange = z.infer<typeof RankChangeSchema>;

export const ScoreChangeSchema = z.object({
  submission: z.string(),
  team: z.string(),
  before: SplitScoresSchema.nullable(),
  after: SplitScoresSchema.nullable(),
  status: SubmissionStatusNameSchema.describe('Status after the rescore (a file may now be rejected, or a failed one now scored).'),
});
export type ScoreChange = z.infer<typeof ScoreChangeSchema>;

export const RescoreResponseSchema = z.object({
  preview: z.boolean(),
  task: z.string(),
  rescored: z.number().int().describe('Submissions recomputed.'),
  scoreChanges: z.array(ScoreChangeSchema).describe('Only submissions whose scores or status change.'),
  changes: z.array(RankChangeSchema).describe('Every rank that moves on any split (frozen public board included as split `public` when live).'),
  audit: z.number().int().nullable().describe('Set when applied: the audit entry recording it.'),
});
export type RescoreResponse = z.infer<typeof RescoreResponseSchema>;

/** `POST .../submissions/:id/disqualify` and `.../reinstate`: the submission after the decision. */
export type SubmissionDecisionResponse = JurySubmission;

/** `POST .../teams/:team/disqualify` and `.../reinstate`. */
export const TeamDecisionResponseSchema = z.object({
  event: z.string(),
  team: TeamPublicViewSchema,
  disqualified: DisqualificationViewSchema.nullable(),
});
export type TeamDecisionResponse = z.infer<typeof TeamDecisionResponseSchema>;

/** `GET /api/jury/events/:event/flags?status=`. */
export const JuryFlagsResponseSchema = z.object({ event: z.string(), flags: z.array(JuryFlagViewSchema) });
export type JuryFlagsResponse = z.infer<typeof JuryFlagsResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Director control of `follow=director` screens

export const DirectorSceneSchema = z.enum(DIRECTOR_SCENES);

/** What `follow=director` screens must show; null = released (screens run their own playlist). */
export const DirectorStateSchema = z.object({
  scene: DirectorSceneSchema,
  task: z.string().nullable().describe("Task slug; null = the screen's choice (all tasks)."),
  lang: LanguageSchema.nullable().describe("null = the screen's own language."),
  pinnedAt: z.string(),
  by: z.string().describe('Jury login of the organiser who pinned it.'),
});
export type DirectorState = z.infer<typeof DirectorStateSchema>;

/** `GET /api/jury/events/:event/director`, and the answer of pin and `POST .../director/release`. */
export const DirectorResponseSchema = z.object({ event: z.string(), director: DirectorStateSchema.nullable() });
export type DirectorResponse = z.infer<typeof DirectorResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Audit log

/** One entry of the event's hash chain: hash = SHA-256 over prevHash and the entry's canonical content. */
export const AuditEntryViewSchema = z.object({
  seq: z.number().int().describe("Position in the event's chain, 1-based, no gaps."),
  at: z.string(),
  actor: z.string().describe('`admin`, `jury:<login>`, `team:<slug>`, `system` or `anonymous`.'),
  action: z.string().describe('Dotted verb, e.g. `jury.signin`, `jury.signin.failed`, `submission.disqualify`, `event.import`.'),
  target: z.string(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string().describe('Hex SHA-256 of this entry.'),
  prevHash: z.string().describe('Hex SHA-256 of the previous entry; 64 zeros for the first.'),
});
export type AuditEntryView = z.infer<typeof AuditEntryViewSchema>;

/** `GET /api/jury/events/:event/audit?action=&actor=&target=&since=&until=&limit=`: oldest first. */
export const AuditResponseSchema = z.object({
  event: z.string(),
  entries: z.array(AuditEntryViewSchema),
  head: z.string().nullable().describe('Hash of the newest entry of the whole chain (whatever the filters); null for an empty chain.'),
  total: z.number().int().describe('Entries in the whole chain.'),
});
export type AuditResponse = z.infer<typeof AuditResponseSchema>;

/**
 * `GET /api/admin/events/:event/audit/verify` (admin bearer): the running server re-walks the
 * event's chain from its database - what `podium audit verify` asks while the server holds the
 * embedded database. `broken` names the first bad entry.
 */
export const AuditVerifyResponseSchema = z.object({
  event: z.string(),
  ok: z.boolean(),
  entries: z.number().int(),
  head: z.string().nullable().describe('Hash of the newest entry when the chain holds (null for an empty chain or a broken one).'),
  broken: z
    .object({ id: z.number().int(), seq: z.number().int().nullable(), kind: z.enum(['edited', 'missing', 'reordered', 'unchained']), message: z.string() })
    .nullable(),
});
export type AuditVerifyResponse = z.infer<typeof AuditVerifyResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Verification (four eyes): a member states they checked a task's final ranking

/** Why a verification no longer stands (a later rescore, disqualification or re-import). */
export const VerificationVoidedSchema = z.object({
  at: z.string(),
  reason: z.string().describe('The action and its reason, e.g. "task.rescore: Split column was swapped".'),
});
export type VerificationVoided = z.infer<typeof VerificationVoidedSchema>;

export const TaskVerificationViewSchema = z.object({
  id: z.string(),
  task: z.string(),
  login: z.string().describe('Jury login of the member who verified (and `name`, their name).'),
  name: z.string(),
  at: z.string(),
  voided: VerificationVoidedSchema.nullable().describe('null while it stands.'),
});
export type TaskVerificationView = z.infer<typeof TaskVerificationViewSchema>;

/** `GET /api/jury/events/:event/tasks/:task/verifications`: oldest first, voided ones included. */
export const TaskVerificationsResponseSchema = z.object({
  event: z.string(),
  task: z.string(),
  verifications: z.array(TaskVerificationViewSchema),
  standing: z.number().int().describe('Distinct members whose verification stands (finalizing needs two).'),
});
export type TaskVerificationsResponse = z.infer<typeof TaskVerificationsResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Finalize: an organiser locks a task's results once nothing can change them

/**
 * `POST .../tasks/:task/finalize` -> `200`. Otherwise `409` problem+json whose `problems` list
 * every blocker: codes `finalize.round_open`, `finalize.submission_pending`,
 * `finalize.submission_failed`, `finalize.flag_open`, `finalize.verifications`,
 * `finalize.score_changed` (path `submission:<id>/<score>/<split>`, `found` = stored,
 * `expected` = recomputed), `finalize.status_changed`, `finalize.already_finalized`.
 */
export const FinalizeResponseSchema = z.object({
  event: z.string(),
  task: z.string(),
  finalizedAt: z.string(),
  finalizedBy: z.string(),
  checked: z.number().int().describe('Counted submissions the shadow rescore recomputed (all matched).'),
  verifiedBy: z.array(z.string()).describe('Logins whose verification stands.'),
  audit: z.number().int(),
});
export type FinalizeResponse = z.infer<typeof FinalizeResponseSchema>;

/** `POST .../tasks/:task/unfinalize { reason }` -> `200`. */
export const UnfinalizeResponseSchema = z.object({ event: z.string(), task: z.string(), audit: z.number().int() });
export type UnfinalizeResponse = z.infer<typeof UnfinalizeResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Prize ceremony: an organiser reveals finalized tasks step by step (`reveal.*` feed frames)

/** `201`: the ceremony is planned; nothing is revealed until `next`. */
export const CeremonyStartResponseSchema = z.object({
  event: z.string(),
  ceremony: z.string(),
  rehearsal: z.boolean(),
  tasks: z.array(z.object({ task: z.string(), steps: z.number().int() })),
  steps: z.number().int().describe('Planned steps, all tasks.'),
  audit: z.number().int(),
});
export type CeremonyStartResponse = z.infer<typeof CeremonyStartResponseSchema>;

/** `POST .../ceremony/next` -> `200`: the step just revealed (1-based over the whole ceremony). */
export const CeremonyNextResponseSchema = z.object({
  event: z.string(),
  ceremony: z.string(),
  step: z.number().int(),
  of: z.number().int(),
  revealed: RevealStepDataSchema,
  done: z.boolean().describe('The ceremony is over (this was its last step).'),
  audit: z.number().int(),
});
export type CeremonyNextResponse = z.infer<typeof CeremonyNextResponseSchema>;

/** One planned step as the jury console shows it (presenter notes). */
export const CeremonyStepViewSchema = z.object({
  index: z.number().int().describe('1-based over the whole ceremony.'),
  revealed: z.boolean(),
  data: RevealStepDataSchema,
});
export type CeremonyStepView = z.infer<typeof CeremonyStepViewSchema>;

export const CeremonyStatusSchema = z.enum(['running', 'done', 'aborted']);
export type CeremonyStatus = z.infer<typeof CeremonyStatusSchema>;

export const CeremonyViewSchema = z.object({
  id: z.string(),
  rehearsal: z.boolean(),
  tasks: z.array(z.string()),
  status: CeremonyStatusSchema,
  startedAt: z.string(),
  startedBy: z.string(),
  endedAt: z.string().nullable(),
  revealed: z.number().int().describe('Steps revealed so far, of `of`.'),
  of: z.number().int(),
  steps: z.array(CeremonyStepViewSchema),
  next: CeremonyStepViewSchema.nullable().describe('What the next Next reveals (presenter notes); null when done.'),
});
export type CeremonyView = z.infer<typeof CeremonyViewSchema>;

/** A task as the ceremony controller lists it. */
export const CeremonyTaskViewSchema = z.object({
  task: z.string(),
  title: LocalizedTextSchema,
  finalizedAt: z.string().nullable(),
  revealedAt: z.string().nullable(),
});
export type CeremonyTaskView = z.infer<typeof CeremonyTaskViewSchema>;

/** `GET /api/jury/events/:event/ceremony` (any jury member): the latest ceremony, if any. */
export const CeremonyResponseSchema = z.object({
  event: z.string(),
  tasks: z.array(CeremonyTaskViewSchema),
  ceremony: CeremonyViewSchema.nullable(),
});
export type CeremonyResponse = z.infer<typeof CeremonyResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Statistical ties: how robust the final ranking is to the choice of test cases (bootstrap)

/** A bootstrap percentile interval (2.5th to 97.5th, numpy's linear method); null when no resample had a value. */
export const RobustnessIntervalSchema = z.object({ low: z.number().nullable(), high: z.number().nullable() });
export type RobustnessInterval = z.infer<typeof RobustnessIntervalSchema>;

const valueWithInterval = z.object({ value: z.number().nullable(), interval: RobustnessIntervalSchema });

/** One ranked team of the final board, with what the resamples say about it. */
export const RobustnessTeamSchema = z.object({
  team: TeamPublicViewSchema,
  rank: z.number().int().describe('Rank on the final board (ties share the best rank).'),
  score: z.number().nullable().describe('The primary score (`RobustnessResponse.primaryScore`) on the final split, as stored and ranked.'),
  interval: RobustnessIntervalSchema,
  scores: z.record(z.string(), valueWithInterval).describe('Every score of the task: value on the final split and interval, by score name.'),
  points: valueWithInterval.nullable().describe('Multi-score tasks: aggregated points (rank sum or mean rank) and their interval; null otherwise.'),
  ranks: z.object({ low: z.number().int(), high: z.number().int() }).describe('Rank interval over the resamples, in whole ranks (best, worst).'),
  undefinedResamples: z.number().int().describe('Resamples on which the primary score was undefined (e.g. a single class drawn for an AUC); ranked last there.'),
  submission: z.string().describe('The submission representing the team (the one rescored on each resample).'),
});
export type RobustnessTeam = z.infer<typeof RobustnessTeamSchema>;

/** Two neighbours of the final board (among the top 10) and how often their order holds. */
export const RobustnessNeighboursSchema = z.object({
  upper: z.string().describe('Team slug, ahead of (or tied with) `lower` on the final board.'),
  lower: z.string(),
  orderHolds: z.number().describe('Fraction (0..1) of resamples where `upper` ranks strictly ahead of `lower`.'),
  tied: z.boolean().describe('`orderHolds < threshold`.'),
});
export type RobustnessNeighbours = z.infer<typeof RobustnessNeighboursSchema>;

/**
 * `GET /api/jury/events/:event/tasks/:task/robustness?resamples=&seed=&threshold=` (any jury member):
 * a seeded bootstrap of the final ranking. Each resample draws the final split's cases with
 * replacement, rescores every ranked team's representing submission on them (same scoring code)
 * and ranks the teams with the board's rules. The same parameters give the same numbers.
 */
export const RobustnessResponseSchema = z.object({
  event: z.string(),
  task: z.string(),
  split: JurySplitSchema.describe("The split of the final ranking (the task's final split, `private` by default)."),
  resamples: z.number().int(),
  seed: z.number().int(),
  threshold: z.number(),
  top: z.number().int().describe('Neighbour pairs are checked among the first `top` teams.'),
  cases: z.number().int().describe("Cases a resample draws (the final split's size)."),
  primaryScore: z.string().describe('Name of the score `score` and `interval` describe (`ranking.tie_break`, else the first score).'),
  teams: z.array(RobustnessTeamSchema).describe("Ranked teams in the final board's order."),
  neighbours: z.array(RobustnessNeighboursSchema).describe('Consecutive pairs among the top `top` teams, best first.'),
  tiedGroups: z
    .array(z.array(z.string()))
    .describe('"Statistically tied": maximal runs of neighbours whose order holds in fewer than `threshold` of resamples (team slugs, best first).'),
  computedAt: z.string().describe('When the bootstrap was computed (an identical request is answered from memory: files, key, rules and parameters unchanged).'),
  durationMs: z.number().describe('Wall time of the computation in the worker thread, in milliseconds.'),
});
export type RobustnessResponse = z.infer<typeof RobustnessResponseSchema>;
