import { z } from 'zod';
import { LocalizedTextSchema } from '../localized-text.schema.js';
import { EventPublicViewSchema, TaskPublicViewSchema } from '../live/event-view.js';

/** One entry of `GET /api/events`. */
export const EventSummarySchema = z.object({ slug: z.string(), title: LocalizedTextSchema });
export type EventSummary = z.infer<typeof EventSummarySchema>;

/** A task's schedule state at the server's clock; `frozen` = open, public board frozen. */
export const TaskStateSchema = z.enum(['upcoming', 'open', 'frozen', 'closed']);
export type TaskState = z.infer<typeof TaskStateSchema>;

export const TaskDetailsSchema = TaskPublicViewSchema.extend({
  state: TaskStateSchema,
  graceSeconds: z.number().int().describe('Seconds after closesAt during which an upload that started in time is still accepted.'),
});
export type TaskDetails = z.infer<typeof TaskDetailsSchema>;

/** `GET /api/events/:event`: public, audience-safe (no answer key, token or private value). */
export const EventDetailsSchema = EventPublicViewSchema.extend({
  tasks: z.array(TaskDetailsSchema),
  resultsPublicKey: z
    .string()
    .describe('The event\'s raw Ed25519 public key (64 lowercase hex digits) that signs its results (`GET /api/events/:event/results`); give it to `podium results verify --public-key`.'),
});
export type EventDetails = z.infer<typeof EventDetailsSchema>;
