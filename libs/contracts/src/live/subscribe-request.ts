// The `subscribe` message of the live feed: its schema and the parse the server (and the fake
// live server of the screens' tests) runs on every payload.
import { z } from 'zod';
import type { Problem } from '../problem.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;
const MAX_TOKEN_LENGTH = 4096;

export const SubscribeRequestSchema = z.object({
  event: z.string().regex(SLUG).describe('Event slug.'),
  since: z.number().int().min(0).optional().describe('Last seq the client applied; absent for a first subscription.'),
  token: z.string().min(1).max(MAX_TOKEN_LENGTH).optional().describe('Team token or jury session token.'),
}).describe('The `subscribe` message of the socket.io namespace /live (protocol: libs/live-client/README.md).');
export type SubscribeRequest = z.infer<typeof SubscribeRequestSchema>;

export type SubscribeParseResult = { ok: true; value: SubscribeRequest } | { ok: false; problems: Problem[] };

const found = (value: unknown) => JSON.stringify(value) ?? 'undefined';

/** One problem per bad field, worded for the developer of a screen (the token is never echoed). */
const FIELD_PROBLEMS: Record<keyof SubscribeRequest, (raw: Record<string, unknown>) => Problem> = {
  event: (raw) => ({ code: 'subscribe.event', message: 'event must be an event slug (lowercase letters, digits, dashes).', path: 'event', found: found(raw.event) }),
  since: (raw) => ({ code: 'subscribe.since', message: 'since must be a non-negative integer seq.', path: 'since', found: found(raw.since) }),
  token: () => ({ code: 'subscribe.token', message: `token must be a non-empty string of at most ${MAX_TOKEN_LENGTH} characters.`, path: 'token' }),
};

/** Validates a `subscribe` payload from the wire; every problem is reported, nothing throws. */
export function parseSubscribeRequest(input: unknown): SubscribeParseResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ code: 'subscribe.not_object', message: 'subscribe expects an object { event, since?, token? }.', found: typeof input }] };
  }
  const parsed = SubscribeRequestSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const fields = new Set(parsed.error.issues.map((issue) => issue.path[0] as keyof SubscribeRequest));
  const raw = input as Record<string, unknown>;
  return { ok: false, problems: (Object.keys(FIELD_PROBLEMS) as (keyof SubscribeRequest)[]).filter((f) => fields.has(f)).map((f) => FIELD_PROBLEMS[f](raw)) };
}
