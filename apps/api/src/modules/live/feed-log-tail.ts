// Reads one event's log after the last entry read, in seq order. Seq order is commit order within
// an event (FeedService.append), so tailing `seq > position` never skips a committed entry.
import type { FeedEventRecord } from '../feed/feed-event.record.js';

export interface FeedLogReader {
  readAfter(eventId: number, since: number, limit: number): Promise<FeedEventRecord[]>;
}

export class FeedLogTail {
  constructor(
    private readonly feed: FeedLogReader,
    private readonly eventId: number,
    /** Highest seq read. */
    private position: number,
    /** Entries read per query. */
    private readonly readBatch: number,
  ) {}

  /** Every entry committed after the last call (several queries when the log grew a lot). */
  async read(): Promise<FeedEventRecord[]> {
    const out: FeedEventRecord[] = [];
    for (;;) {
      const batch = await this.feed.readAfter(this.eventId, this.position, this.readBatch);
      if (batch.length === 0) break;
      out.push(...batch);
      this.position = batch[batch.length - 1]!.seq;
      if (batch.length < this.readBatch) break;
    }
    return out;
  }
}
