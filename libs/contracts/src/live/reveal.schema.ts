// What one step of the prize ceremony reveals: the `reveal.step` feed frame's data, also answered
// over REST by `POST /api/jury/events/:event/ceremony/next` and listed in the ceremony view.
import { z } from 'zod';
import { LocalizedTextSchema } from '../localized-text.schema.js';

/** A prize as the bundle's `prizes:` names it; `place` is the place this step reveals. */
export const RevealPrizeSchema = z.object({
  title: LocalizedTextSchema,
  place: z.number().int(),
  category: z.string().nullable().describe("Category prizes: the category ranked on its own; null for the task's whole ranking."),
});
export type RevealPrize = z.infer<typeof RevealPrizeSchema>;

/** One team of a step: several when they share the place (ex-aequo). */
export const RevealTeamSchema = z.object({
  team: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  rank: z.number().int().describe("Final rank on the task's whole final ranking (shared by tied teams)."),
  scores: z.record(z.string(), z.number().nullable()).describe("Final scores (the task's final split), by score name."),
  points: z.number().nullable().describe('Points when the task ranks on several scores (rank sum, mean rank); null otherwise.'),
  frozenRank: z.number().int().nullable().describe('Rank on the frozen public board the screens showed before the reveal; null when unranked there.'),
  movement: z
    .object({ kind: z.enum(['up', 'down', 'same', 'new']), places: z.number().int() })
    .describe('From the frozen public board to the final ranking (`new`: not ranked there).'),
});
export type RevealTeam = z.infer<typeof RevealTeamSchema>;

export const RevealStepDataSchema = z.object({
  task: z.string(),
  step: z.number().int().describe('1-based within the task.'),
  team: z.string().describe('First team of the step (see `teams` for ex-aequo).'),
  rank: z.number().int(),
  scores: z.record(z.string(), z.number().nullable()),
  ceremony: z.string(),
  rehearsal: z.boolean(),
  prize: RevealPrizeSchema.nullable().describe('null without prizes: the step reveals a place of the whole final ranking.'),
  place: z.number().int().describe("Place revealed (the prize's place, or the rank without prizes)."),
  teams: z.array(RevealTeamSchema),
  exAequo: z.boolean().describe('Several teams share this place.'),
  winner: z.boolean().describe("First place of the task's whole ranking (the screen's confetti moment)."),
  last: z.boolean().describe("The task's last step: `reveal.finished` follows."),
});
export type RevealStepData = z.infer<typeof RevealStepDataSchema>;
