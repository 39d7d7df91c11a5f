// Public views of an event and its tasks: what `GET /api/events/:event` answers and what a live
// snapshot carries. Audience-safe by construction: no answer keys, tokens or hidden scores.
import { z } from 'zod';
import { LocalizedTextSchema } from '../localized-text.schema.js';

/**
 * Where a task stands in its schedule. `frozen` is separate (see TaskClock) because a board
 * can be frozen while the task is still open and stays frozen after it closes.
 * `final`: results published (after the prize ceremony); nothing is hidden any more.
 */
export const TaskPhaseSchema = z.enum(['upcoming', 'open', 'closed', 'final']);
export type TaskPhase = z.infer<typeof TaskPhaseSchema>;

export const TaskClockSchema = z.object({
  phase: TaskPhaseSchema,
  opensAt: z.string().describe('ISO 8601 instant (UTC, `Z`).'),
  closesAt: z.string(),
  freezeAt: z.string().nullable(),
  frozen: z.boolean().describe('True while the public board is frozen (from freezeAt until results are published).'),
  frozenAt: z.string().nullable().describe('When the freeze actually took effect (may differ from freezeAt if a jury moved it).'),
});
export type TaskClock = z.infer<typeof TaskClockSchema>;

export const TeamPublicViewSchema = z.object({
  slug: z.string(),
  name: z.string(),
  category: z.string().nullable(),
});
export type TeamPublicView = z.infer<typeof TeamPublicViewSchema>;

/** One score column of a task, in display order; the first one is the primary score. */
export const ScoreColumnViewSchema = z.object({
  name: z.string(),
  label: LocalizedTextSchema.optional().describe('Column header on screens; defaults to `name` when absent.'),
  better: z.enum(['max', 'min']).describe('`max`: higher is better (AUC, Dice); `min`: lower is better (MSE).'),
});
export type ScoreColumnView = z.infer<typeof ScoreColumnViewSchema>;

export const LeaderboardPolicySchema = z.enum(['best', 'last']);

export const TaskPublicViewSchema = z.object({
  slug: z.string(),
  title: LocalizedTextSchema,
  clock: TaskClockSchema,
  precision: z.number().int().describe('Decimals shown on screens for this task\'s scores.'),
  scores: z.array(ScoreColumnViewSchema),
  ranking: z.enum(['single', 'rank_sum', 'mean_rank']).describe('`single`: ranked by the one score; otherwise the points (rank sum or mean rank) rank teams.'),
  leaderboard: LeaderboardPolicySchema,
  quota: z
    .object({ submissions: z.number().int(), perMinutes: z.number() })
    .nullable()
    .describe('Submissions allowed per window, if the task has a quota.'),
});
export type TaskPublicView = z.infer<typeof TaskPublicViewSchema>;

export const EventPublicViewSchema = z.object({
  slug: z.string(),
  title: LocalizedTextSchema,
  timezone: z.string().describe('IANA zone of the venue, for displaying times (e.g. `Europe/Paris`).'),
  teams: z.array(TeamPublicViewSchema),
  tasks: z.array(TaskPublicViewSchema),
  serverTime: z.string().describe('Server clock when this view was produced: screens correct their countdowns with it.'),
});
export type EventPublicView = z.infer<typeof EventPublicViewSchema>;
