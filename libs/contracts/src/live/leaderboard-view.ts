// A task's leaderboard as one audience sees it: full rows (never a diff) plus what moved.
import { z } from 'zod';
import { TeamPublicViewSchema } from './event-view.js';

export const MovementKindSchema = z.enum(['up', 'down', 'same', 'new']);
export type MovementKind = z.infer<typeof MovementKindSchema>;

export const RowMovementSchema = z.object({
  kind: MovementKindSchema,
  previousRank: z.number().int().nullable().describe('Rank in the previous leaderboard frame of this audience; null when the team was not ranked.'),
  places: z.number().int().describe('Places gained (positive) or lost (negative); 0 for `same` and `new`.'),
});
export type RowMovement = z.infer<typeof RowMovementSchema>;

const scoresByName = z.record(z.string(), z.number().nullable());

export const LeaderboardRowSchema = z.object({
  rank: z.number().int().nullable().describe('1-based; ties share the best rank (1, 1, 3). Null for a team with no ranked submission yet (listed last).'),
  team: TeamPublicViewSchema,
  scores: scoresByName.describe('Score values by score name (ScoreColumnView.name); null when the score is missing.'),
  scoreRanks: z.record(z.string(), z.number().int()).optional().describe('Multi-score tasks: rank of the team on each score, by score name.'),
  points: z.number().nullable().describe('Multi-score tasks: aggregated points (rank sum or mean rank); null for single-score tasks.'),
  submissions: z
    .number()
    .int()
    .describe('Submissions counted for this audience. For a frozen public board: only those received before frozenAt (a post-freeze count would leak activity).'),
  lastSubmissionAt: z.string().nullable().describe('Same freeze rule as `submissions`.'),
  movement: RowMovementSchema.nullable().describe('Null on unranked rows.'),
});
export type LeaderboardRow = z.infer<typeof LeaderboardRowSchema>;

export const RankMoveSchema = z.object({ team: z.string(), from: z.number().int().nullable(), to: z.number().int() });
export type RankMove = z.infer<typeof RankMoveSchema>;

export const LeaderboardMovementsSchema = z.object({
  up: z.array(RankMoveSchema).describe('Teams that gained places (or entered the board), best new rank first.'),
  down: z.array(RankMoveSchema),
  newLeader: z.object({ team: z.string(), previous: z.string().nullable() }).nullable().describe('Set when rank 1 changed hands in this frame.'),
});
export type LeaderboardMovements = z.infer<typeof LeaderboardMovementsSchema>;

export const LeaderboardDataSchema = z.object({
  task: z.string(),
  rows: z.array(LeaderboardRowSchema),
  movements: LeaderboardMovementsSchema,
  frozen: z.boolean(),
  frozenAt: z.string().nullable(),
  computedAt: z.string().describe('When the board was computed (not when it was sent).'),
});
export type LeaderboardData = z.infer<typeof LeaderboardDataSchema>;

/**
 * `GET /api/events/:event/tasks/:task/leaderboard` (JSON): the public board as the live feed
 * sends it, plus the split it is ranked on (`final` once the ceremony reveals it) and whether
 * rank 1 changed against the previous public board.
 */
export const LeaderboardResponseSchema = LeaderboardDataSchema.extend({
  split: z.enum(['public', 'private', 'all']),
  leaderChanged: z.boolean(),
});
export type LeaderboardResponse = z.infer<typeof LeaderboardResponseSchema>;
