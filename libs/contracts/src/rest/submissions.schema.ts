// REST shapes of submissions and team standings.
import { z } from 'zod';
import { ProblemDetailsSchema, ProblemSchema } from '../problem.js';
import { TaskClockSchema, TeamPublicViewSchema } from '../live/event-view.js';

/**
 * Life of a submission: `queued` -> `scoring` -> `scored` | `rejected` (its content is invalid,
 * the team must fix it) | `failed` (our side broke: a crash, a bug, a lost worker). The one list:
 * the rules, the entity and the REST answers all use it.
 */
export const SUBMISSION_STATUSES = ['queued', 'scoring', 'scored', 'rejected', 'failed'] as const;
export const SubmissionStatusNameSchema = z.enum(SUBMISSION_STATUSES);
export type SubmissionStatusName = z.infer<typeof SubmissionStatusNameSchema>;

const scoresByName = z.record(z.string(), z.number().nullable());

/** What a team sees of its own disqualification (no juror name). */
export const TeamDisqualificationNoticeSchema = z.object({ reason: z.string(), at: z.string() });
export type TeamDisqualificationNotice = z.infer<typeof TeamDisqualificationNoticeSchema>;

/**
 * `202` answer of `POST /api/events/:event/tasks/:task/submissions`: the file and its row are
 * durable. A retry with the same `Idempotency-Key` (or the same bytes shortly after) gets this
 * same answer back, with header `Idempotent-Replayed: true`.
 */
export const SubmissionAcceptedSchema = z.object({
  id: z.string(),
  status: z.literal('queued'),
  receivedAt: z.string().describe('The instant the server had the complete body (ISO 8601 UTC).'),
  sha256: z.string(),
});
export type SubmissionAccepted = z.infer<typeof SubmissionAcceptedSchema>;

/** `GET /api/submissions/:id` (the owning team only) and the items of `GET /api/teams/me`. */
export const SubmissionDetailsSchema = z.object({
  id: z.string(),
  event: z.string(),
  task: z.string(),
  team: z.string(),
  status: SubmissionStatusNameSchema,
  receivedAt: z.string(),
  settledAt: z.string().nullable().describe('When it was scored or rejected; null while queued/scoring.'),
  fileName: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  scores: scoresByName.nullable().describe('Public-split scores by score name, once scored; null otherwise.'),
  problems: z.array(ProblemSchema).describe('Why the file was rejected (every problem, up to the scoring library\'s cap); empty otherwise.'),
  warnings: z.array(ProblemSchema).describe('Tolerated issues (partial submissions: each missing mask scored 0).'),
  afterFreeze: z.boolean().describe('Received after the task\'s freeze: the public sees it only as "received after the freeze".'),
  counted: z.boolean().describe('Whether it represents the team on the live public-split leaderboard (best/last policy).'),
  disqualified: TeamDisqualificationNoticeSchema.nullable().optional().describe('Set when the jury disqualified this submission: it counts on no board.'),
});
export type SubmissionDetails = z.infer<typeof SubmissionDetailsSchema>;

export const QuotaStateSchema = z.object({
  limit: z.number().int().nullable().describe('Submissions allowed per window; null = unlimited.'),
  perMinutes: z.number().nullable(),
  used: z.number().int(),
  remaining: z.number().int().nullable().describe('null = unlimited.'),
  nextSlotAt: z.string().nullable().describe('When the next slot frees (only when none is free now).'),
  retryAfterSeconds: z.number().int(),
});
export type QuotaState = z.infer<typeof QuotaStateSchema>;

export const TeamTaskStandingSchema = z.object({
  task: z.string(),
  clock: TaskClockSchema,
  rank: z.number().int().nullable().describe('Rank on the public leaderboard (the frozen one during a freeze); null when not ranked.'),
  bestScores: scoresByName.nullable().describe('Public scores of the submission that represents the team now (post-freeze ones included).'),
  bestSubmissionId: z.string().nullable(),
  quota: QuotaStateSchema,
  submissions: z.array(SubmissionDetailsSchema).describe('Newest first.'),
});
export type TeamTaskStanding = z.infer<typeof TeamTaskStandingSchema>;

/** `GET /api/teams/me` (team token). */
export const TeamMeResponseSchema = z.object({
  event: z.string(),
  team: TeamPublicViewSchema,
  tasks: z.array(TeamTaskStandingSchema),
  disqualified: TeamDisqualificationNoticeSchema.nullable().optional().describe('Set when the jury disqualified the team: it is on no board; the reason is shown to it.'),
  serverTime: z.string(),
});
export type TeamMeResponse = z.infer<typeof TeamMeResponseSchema>;

/**
 * The 429 body (`type` `/problems/quota-exceeded`): the RFC 9457 members plus extension members
 * saying when to try again. `nextSlotAt` and `retryAfterSeconds` are null when the task allows no
 * submission at all (limit 0). The same instant is sent as `Retry-After` and `Podium-Next-Slot-At`.
 */
export const QuotaExceededProblemSchema = ProblemDetailsSchema.extend({
  limit: z.number().int(),
  perMinutes: z.number(),
  nextSlotAt: z.string().nullable().describe('ISO 8601 instant the oldest counted submission leaves the window.'),
  retryAfterSeconds: z.number().int().nullable().describe('Whole seconds until `nextSlotAt` (at least 1).'),
});
export type QuotaExceededProblem = z.infer<typeof QuotaExceededProblemSchema>;
