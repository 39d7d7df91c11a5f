import { z } from 'zod';
import { ProblemDetailsSchema } from '../problem.js';

/** A team token, shown once: only in the answer of the call that created or rotated it. */
export const TeamTokenBodySchema = z.object({ slug: z.string(), token: z.string() });
export type TeamTokenBody = z.infer<typeof TeamTokenBodySchema>;

/** `201` answer of `POST /api/admin/events` (body: the event bundle zip). */
export const ImportEventResponseSchema = z.object({
  slug: z.string(),
  created: z.boolean().describe('False when an event with this slug existed and was updated.'),
  teams: z.array(TeamTokenBodySchema).describe('Tokens of the teams this import created; existing teams keep theirs.'),
});
export type ImportEventResponse = z.infer<typeof ImportEventResponseSchema>;

/**
 * `202` answer of `POST /api/admin/events?async=true` (or with `Prefer: respond-async`), and the
 * answer of `GET /api/admin/imports/:id` (its `Location`): where a large import is.
 */
export const ImportJobResponseSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  phase: z
    .enum(['validating', 'writing', 'done'])
    .describe('`validating`: the bundle is unzipped and checked (off the event loop); `writing`: the rows are written, in one transaction.'),
  rows: z.object({ done: z.number().int(), total: z.number().int() }).describe('Answer-key rows written so far, of all tasks (total known once validated).'),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  result: ImportEventResponseSchema.nullable().describe('Succeeded: what the synchronous `201` answers (tokens of new teams: shown to the admin only).'),
  error: ProblemDetailsSchema.nullable().describe('Failed: the problem the synchronous call answers (e.g. 422 with every problem of the bundle).'),
});
export type ImportJobResponse = z.infer<typeof ImportJobResponseSchema>;

/** `POST /api/admin/teams/:event/:team/token`: the new token; the old one stops working. */
export const RotateTeamTokenResponseSchema = z.object({ event: z.string(), team: z.string(), token: z.string() });
export type RotateTeamTokenResponse = z.infer<typeof RotateTeamTokenResponseSchema>;
