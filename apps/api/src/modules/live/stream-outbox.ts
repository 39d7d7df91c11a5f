// Frames built but not sent, per stream, and each stream's `prev` chain. Taking the outbox groups
// streams with the same frames (the same objects, so the same bytes) and the same `prev`: each
// group is one message, serialised once for all the sockets of its rooms.
import type { FeedEvent, FeedFrame } from '@podium/contracts';
import type { StreamKey } from './live-subscriber.js';

export interface OutboxGroup {
  streams: StreamKey[];
  /** In seq order, each with its `prev`. */
  frames: FeedFrame[];
}

export class StreamOutbox {
  /** Per stream, in seq order; the first one's prev is `lastSent` (or `origin`). */
  private readonly pending = new Map<StreamKey, FeedEvent[]>();
  private readonly lastSent = new Map<StreamKey, number>();

  /**
   * `origin`: the log head when the hub started, the `prev` of a stream's first frame. Not the
   * hub's position: entries other streams got (jury-only ones, say) move it past positions this
   * stream's subscribers may still be at, and they would take the first frame for a hole.
   */
  constructor(private readonly origin: number) {}

  get empty(): boolean {
    return this.pending.size === 0;
  }

  /** Adds one entry's frames (null: nothing for that stream). True when some frame was added. */
  add(perStream: Map<StreamKey, FeedEvent | null>): boolean {
    let added = false;
    for (const [stream, event] of perStream) {
      if (!event) continue;
      const queued = this.pending.get(stream);
      if (queued) queued.push(event);
      else this.pending.set(stream, [event]);
      added = true;
    }
    return added;
  }

  /**
   * The seq a stream's clients are told they are at (snapshot, heartbeat): the last frame the
   * stream carried, not the log position, so it never counts entries the stream did not see
   * (post-freeze results, jury-only entries). Fixed at `position` on first use for a stream that
   * carried nothing yet, so a snapshot's seq and the next frame's `prev` always agree.
   */
  streamPosition(stream: StreamKey, position: number): number {
    let seq = this.lastSent.get(stream);
    if (seq === undefined) this.lastSent.set(stream, (seq = position));
    return seq;
  }

  /** The seq each stream last carried (streams that carried nothing yet are left out). */
  positions(): Record<StreamKey, number> {
    return Object.fromEntries(this.lastSent) as Record<StreamKey, number>;
  }

  /** Empties the outbox into one group per distinct (prev, frames); every stream's chain advances. */
  take(): OutboxGroup[] {
    const groups = new Map<string, { events: FeedEvent[]; prev: number; streams: StreamKey[] }>();
    const ids = new Map<FeedEvent, number>();
    const idOf = (event: FeedEvent) => {
      let id = ids.get(event);
      if (id === undefined) ids.set(event, (id = ids.size));
      return id;
    };
    for (const [stream, events] of this.pending) {
      const prev = this.lastSent.get(stream) ?? this.origin;
      const key = `${prev}:${events.map(idOf).join(',')}`;
      const group = groups.get(key);
      if (group) group.streams.push(stream);
      else groups.set(key, { events, prev, streams: [stream] });
      this.lastSent.set(stream, events[events.length - 1]!.seq);
    }
    this.pending.clear();
    return [...groups.values()].map(({ events, prev, streams }) => {
      let last = prev;
      const frames = events.map((event) => {
        const frame = { ...event, prev: last } as FeedFrame;
        last = event.seq;
        return frame;
      });
      return { streams, frames };
    });
  }
}
