// A committed (or about to be committed) entry of an event's feed log, as the API passes it around.
import type { FeedEventType } from '@podium/contracts';

export interface FeedEventRecord {
  /** Log position (from the bigint identity; exact below 2^53, which a live round never reaches). */
  seq: number;
  eventId: number;
  type: FeedEventType;
  /** ISO 8601 instant of the change. */
  at: string;
  /** Full payload (the jury's view); audiences get projections when it is sent. */
  data: Record<string, unknown>;
  /** `all`, `jury` or `team:<slug>` (see FeedEventEntity.audience). */
  audience: string;
}

export interface FeedAppendInput {
  eventId: number;
  type: FeedEventType;
  data: Record<string, unknown>;
  /** Default `all`: every audience receives the projection the rules allow. */
  audience?: string;
  /** When the change happened; default now. */
  at?: Date;
}

export interface FeedEventRow {
  seq: string | number;
  event_id: number;
  type: string;
  at: Date | string;
  data: Record<string, unknown>;
  audience: string;
}

export function toFeedEventRecord(row: FeedEventRow): FeedEventRecord {
  return {
    seq: Number(row.seq),
    eventId: row.event_id,
    type: row.type as FeedEventType,
    at: (row.at instanceof Date ? row.at : new Date(row.at)).toISOString(),
    data: row.data,
    audience: row.audience,
  };
}
