// The feed log: `append` inside the transaction that makes a change (log and state commit
// together), `publish` after the commit so live subscribers hear about it. The database log is
// the truth: publishing is only a wake-up call, and a lost one is repaired by the readers' poll.
import { Injectable, Logger } from '@nestjs/common';
import { type AnnouncementData, FEED_EVENT_TYPES, type FeedEventType } from '@podium/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { isEmbeddedDatabase } from '../../database/database-kind.js';
import type { StatementPlanner } from '../../database/data-source.factory.js';
import { announcementsInForce } from './announcement-data.js';
import { type FeedAppendInput, type FeedEventRecord, type FeedEventRow, toFeedEventRecord } from './feed-event.record.js';

/** Advisory-lock namespace of feed appends (first key of pg_advisory_xact_lock(int, int)). */
const FEED_LOCK_NAMESPACE = 0x66656564; // 'feed'
const KNOWN_TYPES = new Set<string>(Object.values(FEED_EVENT_TYPES));
const COLUMNS = 'seq, event_id, type, at, data, audience';
const INSERT_EVENT = `INSERT INTO feed_event (event_id, type, at, data, audience, dedupe_key) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (event_id, dedupe_key) DO NOTHING RETURNING ${COLUMNS}`;

export type FeedPublishListener = (records: readonly FeedEventRecord[]) => void;

@Injectable()
export class FeedService {
  private readonly logger = new Logger(FeedService.name);
  private readonly listeners = new Set<FeedPublishListener>();

  /** PGlite runs one transaction at a time: seqs are in commit order without the lock. */
  private readonly embedded: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.embedded = isEmbeddedDatabase(dataSource);
  }

  /**
   * Appends one entry to the event's log with the transaction's `manager`. A transaction-scoped
   * advisory lock per event is taken first, so entries of one event get their seq in commit
   * order: a reader that saw seq N has already seen every committed entry below N. (PGlite runs
   * one transaction at a time: no lock is needed there, and none is taken.)
   */
  async append(manager: EntityManager, input: FeedAppendInput): Promise<FeedEventRecord> {
    const record = await this.insert(manager, input, null);
    if (!record) throw new Error('feed append without a dedupe key cannot be skipped');
    return record;
  }

  /**
   * Appends unless an entry with this `dedupeKey` already exists for the event (then null):
   * several nodes may detect the same clock transition, exactly one entry is logged.
   */
  appendOnce(manager: EntityManager, input: FeedAppendInput & { dedupeKey: string }): Promise<FeedEventRecord | null> {
    return this.insert(manager, input, input.dedupeKey);
  }

  /** Plans `append`'s statement without running it (start-up warm-up: see IntakeWarmup). */
  planAppend(plan: StatementPlanner): Promise<void> {
    return plan(INSERT_EVENT, [0, 'submission.received', new Date(0).toISOString(), '{}', 'all', null]);
  }

  /** Call after the commit: wakes up the live feed (this node, and others through the adapter). */
  publish(records: readonly unknown[]): void {
    const committed = records.filter(isFeedEventRecord);
    if (committed.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(committed);
      } catch (error) {
        this.logger.warn(`feed listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  onPublish(listener: FeedPublishListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Entries of the event after `since`, in seq order, at most `limit`. */
  async readAfter(eventId: number, since: number, limit: number, manager: EntityManager = this.dataSource.manager): Promise<FeedEventRecord[]> {
    const rows: FeedEventRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM feed_event WHERE event_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [eventId, since, limit],
    );
    return rows.map(toFeedEventRecord);
  }

  /** Highest seq of the event's log (0 when empty). */
  async head(eventId: number, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const rows: { head: string | number | null }[] = await manager.query('SELECT max(seq) AS head FROM feed_event WHERE event_id = $1', [eventId]);
    return Number(rows[0]?.head ?? 0);
  }

  /** Whether `seq` is an entry of this event's log (a `since` from another event or database is not). */
  async contains(eventId: number, seq: number, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM feed_event WHERE event_id = $1 AND seq = $2', [eventId, seq]);
    return rows.length > 0;
  }

  /** Entries of the given types restricted to one of `audiences` (`all`, `jury`, `team:<slug>`), in seq order. */
  async ofTypes(eventId: number, types: readonly FeedEventType[], audiences: readonly string[]): Promise<FeedEventRecord[]> {
    const rows: FeedEventRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM feed_event WHERE event_id = $1 AND type = ANY($2::text[]) AND audience = ANY($3::text[]) ORDER BY seq`,
      [eventId, types, audiences],
    );
    return rows.map(toFeedEventRecord);
  }

  /** The latest entry of a type for everyone (audience `all`), or null. */
  async latestPublic(eventId: number, type: FeedEventType): Promise<FeedEventRecord | null> {
    const rows: FeedEventRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM feed_event WHERE event_id = $1 AND type = $2 AND audience = 'all' ORDER BY seq DESC LIMIT 1`,
      [eventId, type],
    );
    return rows[0] ? toFeedEventRecord(rows[0]) : null;
  }

  /** Announcements in force: the latest entry of each id, not withdrawn, not expired. */
  async announcements(eventId: number, now: Date): Promise<AnnouncementData[]> {
    return announcementsInForce((await this.ofTypes(eventId, ['announcement'], ['all'])).map((r) => r.data), now);
  }

  private async insert(manager: EntityManager, input: FeedAppendInput, dedupeKey: string | null): Promise<FeedEventRecord | null> {
    if (!KNOWN_TYPES.has(input.type)) throw new Error(`unknown feed event type "${input.type satisfies FeedEventType}"`);
    if (!this.embedded) await manager.query('SELECT pg_advisory_xact_lock($1, $2)', [FEED_LOCK_NAMESPACE, input.eventId]);
    const rows: FeedEventRow[] = await manager.query(
      INSERT_EVENT,
      [input.eventId, input.type, (input.at ?? new Date()).toISOString(), JSON.stringify(input.data), input.audience ?? 'all', dedupeKey],
    );
    return rows[0] ? toFeedEventRecord(rows[0]) : null;
  }
}

function isFeedEventRecord(value: unknown): value is FeedEventRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r.seq === 'number' && typeof r.eventId === 'number' && typeof r.type === 'string';
}
