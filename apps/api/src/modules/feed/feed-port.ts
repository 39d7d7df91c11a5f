// The live feed as submissions and leaderboards use it. FeedModule's `FeedService` implements it:
// `append` inside the transaction that makes the change (the log and the state commit together),
// `publish` after the commit. Until the feed is wired (FEED_PORT unbound) events are not logged.
import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StatementPlanner } from '../../database/data-source.factory.js';

export interface FeedAppendInput {
  eventId: number;
  type: string;
  data: Record<string, unknown>;
}

export interface FeedPort {
  append(manager: EntityManager, input: FeedAppendInput): Promise<unknown>;
  publish(records: unknown[]): unknown;
  /** Plans `append`'s statement without running it (start-up warm-up on the embedded database). */
  planAppend?(plan: StatementPlanner): Promise<void>;
}

export const FEED_PORT = Symbol('FEED_PORT');

/** Collects the records appended in one transaction so they are published after its commit. */
export class FeedBatch {
  private readonly records: unknown[] = [];

  constructor(private readonly feed: FeedPort | null | undefined) {}

  async append(manager: EntityManager, input: FeedAppendInput): Promise<void> {
    if (this.feed) this.records.push(await this.feed.append(manager, input));
  }

  publish(): void {
    if (!this.feed || this.records.length === 0) return;
    // Publishing is best effort: the records are committed, screens catch up with `since`.
    void Promise.resolve()
      .then(() => this.feed!.publish(this.records.splice(0)))
      .catch((error: unknown) => new Logger('FeedBatch').warn(`publish failed: ${error instanceof Error ? error.message : String(error)}`));
  }
}
