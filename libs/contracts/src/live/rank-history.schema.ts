// REST: `GET /api/events/:event/tasks/:task/history[?top=N]` - how standings evolved, for the
// race chart. Same visibility as the leaderboard: a public answer on a frozen board stops at frozenAt.
import { z } from 'zod';
import { ScoreColumnViewSchema, TaskPublicViewSchema, TeamPublicViewSchema } from './event-view.js';

export const RankHistoryPointSchema = z.object({
  at: z.string().describe('When this standing began (the submission that caused it was scored).'),
  rank: z.number().int(),
  scores: z.record(z.string(), z.number().nullable()),
  points: z.number().nullable(),
});
export type RankHistoryPoint = z.infer<typeof RankHistoryPointSchema>;

export const RankHistorySeriesSchema = z.object({
  team: TeamPublicViewSchema,
  points: z.array(RankHistoryPointSchema).describe('Time order; one point per change of the team\'s rank, scores or points.'),
});
export type RankHistorySeries = z.infer<typeof RankHistorySeriesSchema>;

export const RankHistoryResponseSchema = z.object({
  event: z.string(),
  task: z.string(),
  ranking: TaskPublicViewSchema.shape.ranking,
  scores: z.array(ScoreColumnViewSchema),
  frozen: z.boolean(),
  frozenAt: z.string().nullable(),
  series: z.array(RankHistorySeriesSchema).describe('Teams of the current top `top` (default 8), current rank order.'),
  serverTime: z.string(),
});
export type RankHistoryResponse = z.infer<typeof RankHistoryResponseSchema>;
