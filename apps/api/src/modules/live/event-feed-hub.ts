// One event's live stream on this node. Every node tails the database log itself (woken by its
// own commits, by other nodes through the socket.io adapter, and by a slow poll), so every node
// sends the same entries in the same order, and a node that restarts loses nothing: the log is
// the truth. Per entry, one frame is built per audience stream; frames wait in an outbox for a
// short window (an upload's result and board change usually follow its `received` within tens of
// ms) and leave as one message per group of streams with identical frames: one serialisation for
// all the sockets of those rooms, one socket write per socket instead of one per frame.
import { Logger } from '@nestjs/common';
import { type FeedEvent, type FeedFrame, type LeaderboardData, LIVE_MESSAGES, type LiveFeedBatch, type LiveHeartbeat } from '@podium/contracts';
import { leaderboardChanged } from '@podium/rules';
import type { Namespace } from 'socket.io';
import type { FeedEventRecord } from '../feed/feed-event.record.js';
import type { FeedService } from '../feed/feed.service.js';
import { admits, projectRecord, submissionTeamId } from './feed-projection.js';
import type { LiveStateService, TaskBoards } from './live-state.service.js';
import { JURY_SUBSCRIBER, type LiveSubscriber, PUBLIC_SUBSCRIBER, roomOf, type StreamKey } from './live-subscriber.js';

export interface HubOptions {
  /** Minimum time between two leaderboard frames of one task (latest board wins). */
  coalesceMs: number;
  /**
   * Longest time built frames wait for the entries that usually follow them (see
   * `EXPECTS_FOLLOWER`) so that they travel in one message. 0 = every drain sends at once.
   */
  batchMs: number;
  /** Log entries read per query. */
  readBatch: number;
  now: () => Date;
  /**
   * Whether any task of the event is frozen for the public now (the schedule: public
   * information). While true, nothing the public or a team sees may wait on hidden work.
   */
  publicFreeze: () => Promise<boolean>;
}

export interface HubStats {
  /** Messages emitted (one emit = one serialisation, whatever the number of sockets). */
  emits: number;
  /** Emits carrying a leaderboard frame. */
  leaderboardEmits: number;
  /** Frames in those emits (a batch carries several), and the emits that were batches. */
  frames: number;
  batches: number;
  /** Leaderboard markers folded into a later one. */
  folded: number;
  entries: number;
  /** Shortest time between two board frames of one task sent by this node (null: fewer than two). */
  minBoardGapMs: number | null;
  /** Boards built for board markers (both audiences), and the wall time spent building them (database reads included). */
  boardBuilds: number;
  boardBuildMs: number;
  /** Sockets reached by emits (messages written), and the CPU spent inside those emits (socket.io encodes and writes synchronously). */
  deliveries: number;
  emitCpuUs: number;
}

type TeamRef = { id: string; slug: string };

export class EventFeedHub {
  /** Highest seq read from the log. */
  private readPosition: number;
  /** Highest seq fully processed and sent: what a (re)subscription's answer covers. */
  private processed: number;
  /** Highest seq taken from the queue: `processed` once the outbox is sent. */
  private staged: number;
  private lastStagedType: string | null = null;
  private readonly queue: FeedEventRecord[] = [];
  /** Frames built but not sent, per stream, in seq order; the first one's prev is `lastSent` (or `origin`). */
  private readonly outbox = new Map<StreamKey, FeedEvent[]>();
  /** When the outbox's first frame was built (null: empty). */
  private outboxSince: number | null = null;
  /** Ends a pause early (a wake-up while frames wait for their followers). */
  private interrupt: (() => void) | null = null;
  private readonly lastSent = new Map<StreamKey, number>();
  /**
   * The log head when this hub started: the `prev` of a stream's first frame. Not `processed`:
   * entries other streams got (jury-only ones, say) move `processed` past positions this stream's
   * subscribers may still be at, and they would take the first frame for a hole.
   */
  private readonly origin: number;
  /** When each stream last had a message emitted (Date.now()). */
  private readonly lastEmitAt = new Map<StreamKey, number>();
  private readonly teams = new Map<string, TeamRef>();
  private readonly boards = new Map<string, { public: LeaderboardData | null; jury: LeaderboardData | null }>();
  private readonly lastBoardAt = new Map<string, number>();
  private draining: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  readonly stats: HubStats = { emits: 0, leaderboardEmits: 0, frames: 0, batches: 0, folded: 0, boardBuilds: 0, boardBuildMs: 0, entries: 0, minBoardGapMs: null, deliveries: 0, emitCpuUs: 0 };
  private readonly logger: Logger;

  private constructor(
    readonly slug: string,
    readonly eventId: number,
    head: number,
    private readonly nsp: Namespace,
    private readonly feed: FeedService,
    private readonly state: LiveStateService,
    private readonly options: HubOptions,
  ) {
    this.readPosition = head;
    this.origin = head;
    this.processed = head;
    this.staged = head;
    this.logger = new Logger(`LiveHub:${slug}`);
  }

  static async open(
    slug: string,
    eventId: number,
    teams: TeamRef[],
    deps: { nsp: Namespace; feed: FeedService; state: LiveStateService; options: HubOptions },
  ): Promise<EventFeedHub> {
    const head = await deps.feed.head(eventId);
    const hub = new EventFeedHub(slug, eventId, head, deps.nsp, deps.feed, deps.state, deps.options);
    for (const team of teams) hub.teams.set(team.slug, team);
    // No baseline boards: the first board marker after `head` always sends each audience's board.
    // A board read here could already hold a change whose marker comes after `head` (a result is
    // committed before the refresher logs its marker), and that frame would then be judged
    // "unchanged" and never sent to clients that resumed at `head`.
    return hub;
  }

  /** Position a subscription answer covers: frames after it reach the socket live. */
  get position(): number {
    return this.processed;
  }

  /**
   * The seq a stream's clients are told they are at (snapshot, heartbeat): the last frame the
   * stream carried, not the log position, so it never counts entries the stream did not see
   * (post-freeze results, jury-only entries). Fixed on first use for a stream that carried
   * nothing yet, so a snapshot's seq and the next frame's `prev` always agree.
   */
  streamPosition(stream: StreamKey): number {
    let seq = this.lastSent.get(stream);
    if (seq === undefined) this.lastSent.set(stream, (seq = this.processed));
    return seq;
  }

  addTeam(team: TeamRef): void {
    if (!this.teams.has(team.slug)) this.teams.set(team.slug, team);
  }

  /** Reads and sends whatever the log holds after our position; calls while running coalesce. */
  wake(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.draining) {
      this.again = true;
      this.interrupt?.();
      return this.draining;
    }
    this.draining = (async () => {
      try {
        do {
          this.again = false;
          await this.drainOnce();
        } while (this.again && !this.closed);
      } catch (error) {
        this.logger.warn(`feed drain failed (retried on the next wake): ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.draining = null;
      }
    })();
    return this.draining;
  }

  /**
   * Heartbeat to each stream room with local sockets: the seq its stream last carried. A stream
   * that carried a frame within `quietMs` skips the beat: that frame already told its clients the
   * same (seq, server alive), and at 10,000 sockets a beat landing beside a board frame doubles
   * the fan-out work of that moment.
   */
  heartbeat(quietMs: number): void {
    const serverTime = this.options.now().toISOString();
    const now = Date.now();
    for (const stream of this.streams()) {
      const room = roomOf(this.slug, stream);
      if (!this.hasSockets(room)) continue;
      if (now - (this.lastEmitAt.get(stream) ?? -Infinity) < quietMs) continue;
      const heartbeat: LiveHeartbeat = { seq: this.streamPosition(stream), serverTime };
      this.nsp.local.to(room).emit(LIVE_MESSAGES.heartbeat, heartbeat);
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.interrupt?.();
  }

  private async drainOnce(): Promise<void> {
    let frozen: Promise<boolean> | null = null;
    const publicFreeze = () => (frozen ??= this.options.publicFreeze().catch(() => true));
    for (;;) {
      const batch = await this.feed.readAfter(this.eventId, this.readPosition, this.options.readBatch);
      if (batch.length === 0) break;
      this.queue.push(...batch);
      this.readPosition = batch[batch.length - 1]!.seq;
      if (batch.length < this.options.readBatch) break;
    }
    const boardWaitMs = await this.stageQueue(publicFreeze);
    if (this.closed) return;
    if (this.outbox.size === 0) {
      this.processed = this.staged;
      if (boardWaitMs !== null) this.schedule(boardWaitMs);
      return;
    }
    // During a freeze frames never wait for an upload's result: when the public's `received` frame
    // leaves must not depend on how (or how fast) the hidden scoring ended.
    const batchMs = (await publicFreeze()) ? 0 : this.options.batchMs;
    const windowLeft = this.outboxSince! + batchMs - Date.now();
    if (boardWaitMs !== null) {
      // A board waits for its coalescing slot and holds the stream: what precedes it waits with
      // it only if the slot opens within the batching window.
      if (boardWaitMs <= windowLeft) return this.pause(boardWaitMs);
      this.flushOutbox();
      this.schedule(boardWaitMs);
      return;
    }
    if (windowLeft > 0 && this.lastStagedType !== null && EXPECTS_FOLLOWER.has(this.lastStagedType)) return this.pause(windowLeft);
    this.flushOutbox();
  }

  /**
   * Moves queued entries into the outbox, in seq order. Returns how long until the next board
   * slot when a board must wait for it (the rest of the queue waits too), else null.
   */
  private async stageQueue(publicFreeze: () => Promise<boolean>): Promise<number | null> {
    const ctx = this.state.projectionContext(this.slug, this.options.now());
    while (this.queue.length > 0 && !this.closed) {
      const record = this.queue[0]!;
      let boardSent = false;
      if (record.type === 'leaderboard') {
        const task = typeof record.data['task'] === 'string' ? record.data['task'] : null;
        const later = task ? this.queue.find((r, i) => i > 0 && r.type === 'leaderboard' && r.data['task'] === task) : undefined;
        if (later) {
          // A later board of the same task is already known: this one would be stale at once.
          if (isClockMarker(record)) later.data = { ...later.data, reason: 'clock' };
          this.stats.folded++;
        } else if (task) {
          const wait = (this.lastBoardAt.get(task) ?? 0) + this.options.coalesceMs - Date.now();
          if (wait > 0) return wait;
          boardSent = await this.stageBoards(record, task);
          // During a freeze every marker takes its slot, sent or not: whether the jury's board
          // changed (a hidden outcome) must not move when the next frames may leave.
          if (boardSent || (await publicFreeze())) this.noteBoardSent(task);
        }
      } else {
        await this.stageEntry(record, ctx);
      }
      this.queue.shift();
      this.staged = record.seq;
      this.lastStagedType = record.type;
      this.stats.entries++;
      // A board ends what an upload started: it leaves at once, so its slot is measured right.
      if (boardSent) this.flushOutbox();
    }
    return null;
  }

  /** Waits up to `ms` for followers; a wake-up (a new commit) ends the wait early. The drain loop then reads again. */
  private async pause(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.interrupt = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.interrupt = null;
    this.again = true;
  }

  private noteBoardSent(task: string): void {
    const sentAt = Date.now();
    const previous = this.lastBoardAt.get(task);
    if (previous !== undefined) this.stats.minBoardGapMs = Math.min(this.stats.minBoardGapMs ?? Infinity, sentAt - previous);
    this.lastBoardAt.set(task, sentAt);
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.wake();
    }, ms);
    this.timer.unref?.();
  }

  private async stageEntry(record: FeedEventRecord, ctx: Parameters<typeof projectRecord>[2]): Promise<void> {
    const publicEvent = await projectRecord(record, PUBLIC_SUBSCRIBER, ctx);
    const juryEvent = await projectRecord(record, JURY_SUBSCRIBER, ctx);
    const perStream = new Map<StreamKey, FeedEvent | null>([['public', publicEvent], ['jury', juryEvent]]);
    const ownTeamId = submissionTeamId(record);
    for (const team of this.teams.values()) {
      const subscriber: LiveSubscriber = { audience: 'team', team };
      // A team sees what the public sees, except submissions (its own in full, others' not at all)
      // and entries meant for it.
      const differs = ownTeamId !== null || admits(record, subscriber) !== admits(record, PUBLIC_SUBSCRIBER);
      perStream.set(`team:${team.slug}`, differs ? await projectRecord(record, subscriber, ctx) : publicEvent);
    }
    this.stage(perStream);
  }

  /** True when a frame was built for some stream. */
  private async stageBoards(record: FeedEventRecord, task: string): Promise<boolean> {
    const now = this.options.now();
    let boards: TaskBoards;
    const started = performance.now();
    try {
      boards = await this.state.boards(this.slug, task, now);
    } catch (error) {
      this.logger.warn(`no board for task "${task}": ${error instanceof Error ? error.message : String(error)}`);
      return false;
    } finally {
      this.stats.boardBuilds++;
      this.stats.boardBuildMs += performance.now() - started;
    }
    const last = this.boards.get(task) ?? { public: null, jury: null };
    // A clock transition (freeze, close) is public: its board frame goes out whatever changed.
    // Otherwise a frame is due only when this audience's own board changed.
    const forced = isClockMarker(record);
    const due = (prev: LeaderboardData | null, next: LeaderboardData) => forced || !prev || leaderboardChanged(prev, next, { includeActivity: true });
    const base = { seq: record.seq, at: record.at, event: this.slug, type: 'leaderboard' as const };
    const perStream = new Map<StreamKey, FeedEvent | null>();
    // The public decision compares public boards only: never the hidden truth (freeze safety).
    const publicEvent = due(last.public, boards.public) ? { ...base, data: boards.public } : null;
    perStream.set('public', publicEvent);
    for (const team of this.teams.values()) perStream.set(`team:${team.slug}`, publicEvent);
    perStream.set('jury', due(last.jury, boards.jury) ? { ...base, data: boards.jury } : null);
    this.boards.set(task, { public: publicEvent ? boards.public : last.public, jury: perStream.get('jury') ? boards.jury : last.jury });
    this.stage(perStream);
    return [...perStream.values()].some((e) => e !== null);
  }

  /** Adds one entry's frames (null: nothing for that stream) to the outbox. */
  private stage(perStream: Map<StreamKey, FeedEvent | null>): void {
    for (const [stream, event] of perStream) {
      if (!event) continue;
      const queued = this.outbox.get(stream);
      if (queued) queued.push(event);
      else this.outbox.set(stream, [event]);
      this.outboxSince ??= Date.now();
    }
  }

  /**
   * Sends the outbox. Streams with the same frames (the same objects, so the same bytes) and the
   * same `prev` share one emit: one frame goes as `feed`, several as one `feed-batch`. Every
   * stream's `prev` advances even when no socket of it is on this node.
   */
  private flushOutbox(): void {
    const groups = new Map<string, { events: FeedEvent[]; prev: number; streams: StreamKey[] }>();
    const ids = new Map<FeedEvent, number>();
    const idOf = (event: FeedEvent) => {
      let id = ids.get(event);
      if (id === undefined) ids.set(event, (id = ids.size));
      return id;
    };
    for (const [stream, events] of this.outbox) {
      const prev = this.lastSent.get(stream) ?? this.origin;
      const key = `${prev}:${events.map(idOf).join(',')}`;
      const group = groups.get(key);
      if (group) group.streams.push(stream);
      else groups.set(key, { events, prev, streams: [stream] });
      this.lastSent.set(stream, events[events.length - 1]!.seq);
    }
    this.outbox.clear();
    this.outboxSince = null;
    this.processed = this.staged;
    const now = Date.now();
    for (const { events, prev, streams } of groups.values()) {
      for (const stream of streams) this.lastEmitAt.set(stream, now);
      const rooms = streams.map((s) => roomOf(this.slug, s)).filter((room) => this.hasSockets(room));
      if (rooms.length === 0) continue;
      let last = prev;
      const frames = events.map((event) => {
        const frame = { ...event, prev: last } as FeedFrame;
        last = event.seq;
        return frame;
      });
      const cpu = process.cpuUsage();
      if (frames.length === 1) this.nsp.local.to(rooms).emit(LIVE_MESSAGES.feed, frames[0]);
      else this.nsp.local.to(rooms).emit(LIVE_MESSAGES.batch, { frames } satisfies LiveFeedBatch);
      const spent = process.cpuUsage(cpu);
      this.stats.emitCpuUs += spent.user + spent.system;
      for (const room of rooms) this.stats.deliveries += this.nsp.adapter.rooms.get(room)?.size ?? 0;
      this.stats.emits++;
      this.stats.frames += frames.length;
      if (frames.length > 1) this.stats.batches++;
      if (events.some((e) => e.type === 'leaderboard')) this.stats.leaderboardEmits++;
    }
  }

  private streams(): StreamKey[] {
    return ['public', 'jury', ...[...this.teams.keys()].map((slug) => `team:${slug}` as const)];
  }

  private hasSockets(room: string): boolean {
    return (this.nsp.adapter.rooms.get(room)?.size ?? 0) > 0;
  }
}

/**
 * Entries usually followed within milliseconds by another one for the same upload: its result
 * (scoring), then the board change it caused (refresh). Frames wait for them up to `batchMs`.
 */
const EXPECTS_FOLLOWER: ReadonlySet<string> = new Set(['submission.received', 'submission.scored']);

/** Leaderboard markers appended with a clock transition (`reason: 'clock'`) are always sent. */
const isClockMarker = (record: FeedEventRecord): boolean => record.data['reason'] === 'clock';
