// One event's live stream on this node. Every node tails the database log itself (woken by its
// own commits, by other nodes through the socket.io adapter, and by a slow poll), so every node
// sends the same entries in the same order, and a node that restarts loses nothing: the log is
// the truth. Per entry, one frame is built per audience stream and serialised once for all the
// sockets of the rooms that share those bytes (public, each team, jury).
import { Logger } from '@nestjs/common';
import { type FeedEvent, type FeedFrame, type LeaderboardData, LIVE_MESSAGES, type LiveHeartbeat } from '@podium/contracts';
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
  /** Log entries read per query. */
  readBatch: number;
  now: () => Date;
}

export interface HubStats {
  /** Frames emitted (one emit = one serialisation, whatever the number of sockets). */
  emits: number;
  leaderboardEmits: number;
  /** Leaderboard markers folded into a later one. */
  folded: number;
  entries: number;
  /** Shortest time between two board frames of one task sent by this node (null: fewer than two). */
  minBoardGapMs: number | null;
  /** Sockets reached by emits, and the CPU spent inside those emits (socket.io encodes and writes synchronously). */
  deliveries: number;
  emitCpuUs: number;
}

type TeamRef = { id: string; slug: string };

export class EventFeedHub {
  /** Highest seq read from the log. */
  private readPosition: number;
  /** Highest seq fully processed: what a (re)subscription's answer covers. */
  private processed: number;
  private readonly queue: FeedEventRecord[] = [];
  private readonly lastSent = new Map<StreamKey, number>();
  private readonly teams = new Map<string, TeamRef>();
  private readonly boards = new Map<string, { public: LeaderboardData | null; jury: LeaderboardData | null }>();
  private readonly lastBoardAt = new Map<string, number>();
  private draining: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  readonly stats: HubStats = { emits: 0, leaderboardEmits: 0, folded: 0, entries: 0, minBoardGapMs: null, deliveries: 0, emitCpuUs: 0 };
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
    this.processed = head;
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
    // Baseline boards: the first frame after a (re)start is sent only if a board really changed.
    const now = deps.options.now();
    for (const task of await deps.state.taskSlugs(slug)) {
      const boards = await deps.state.boards(slug, task, now).catch(() => null);
      hub.boards.set(task, { public: boards?.public ?? null, jury: boards?.jury ?? null });
    }
    return hub;
  }

  /** Position a subscription answer covers: frames after it reach the socket live. */
  get position(): number {
    return this.processed;
  }

  addTeam(team: TeamRef): void {
    if (!this.teams.has(team.slug)) this.teams.set(team.slug, team);
  }

  /** Reads and sends whatever the log holds after our position; calls while running coalesce. */
  wake(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.draining) {
      this.again = true;
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

  /** Heartbeat to each stream room with local sockets: the seq its stream last carried. */
  heartbeat(): void {
    const serverTime = this.options.now().toISOString();
    for (const stream of this.streams()) {
      const room = roomOf(this.slug, stream);
      if (!this.hasSockets(room)) continue;
      const heartbeat: LiveHeartbeat = { seq: this.lastSent.get(stream) ?? 0, serverTime };
      this.nsp.local.to(room).emit(LIVE_MESSAGES.heartbeat, heartbeat);
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async drainOnce(): Promise<void> {
    for (;;) {
      const batch = await this.feed.readAfter(this.eventId, this.readPosition, this.options.readBatch);
      if (batch.length === 0) break;
      this.queue.push(...batch);
      this.readPosition = batch[batch.length - 1]!.seq;
      if (batch.length < this.options.readBatch) break;
    }
    const ctx = this.state.projectionContext(this.slug, this.options.now());
    while (this.queue.length > 0 && !this.closed) {
      const record = this.queue[0]!;
      if (record.type === 'leaderboard') {
        const task = typeof record.data['task'] === 'string' ? record.data['task'] : null;
        const later = task ? this.queue.find((r, i) => i > 0 && r.type === 'leaderboard' && r.data['task'] === task) : undefined;
        if (later) {
          // A later board of the same task is already known: this one would be stale at once.
          if (isClockMarker(record)) later.data = { ...later.data, reason: 'clock' };
          this.stats.folded++;
        } else if (task) {
          const due = (this.lastBoardAt.get(task) ?? 0) + this.options.coalesceMs;
          const wait = due - Date.now();
          if (wait > 0) {
            // Hold the stream (not just this frame) so frames stay in seq order.
            this.schedule(wait);
            return;
          }
          if (await this.sendBoards(record, task)) {
            // Measured when the frame left, so slow board computations do not shorten the gap.
            const sentAt = Date.now();
            const previous = this.lastBoardAt.get(task);
            if (previous !== undefined) this.stats.minBoardGapMs = Math.min(this.stats.minBoardGapMs ?? Infinity, sentAt - previous);
            this.lastBoardAt.set(task, sentAt);
          }
        }
      } else {
        await this.sendEntry(record, ctx);
      }
      this.queue.shift();
      this.processed = record.seq;
      this.stats.entries++;
    }
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.wake();
    }, ms);
    this.timer.unref?.();
  }

  private async sendEntry(record: FeedEventRecord, ctx: Parameters<typeof projectRecord>[2]): Promise<void> {
    const publicEvent = await projectRecord(record, PUBLIC_SUBSCRIBER, ctx);
    const juryEvent = await projectRecord(record, JURY_SUBSCRIBER, ctx);
    const perStream = new Map<StreamKey, FeedEvent | null>([['public', publicEvent], ['jury', juryEvent]]);
    const ownTeamId = submissionTeamId(record);
    for (const team of this.teams.values()) {
      const subscriber: LiveSubscriber = { audience: 'team', team };
      // A team sees what the public sees, except its own results and entries meant for it.
      const differs = team.id === ownTeamId || admits(record, subscriber) !== admits(record, PUBLIC_SUBSCRIBER);
      perStream.set(`team:${team.slug}`, differs ? await projectRecord(record, subscriber, ctx) : publicEvent);
    }
    this.emitGrouped(perStream, false);
  }

  /** True when a frame went out to some stream. */
  private async sendBoards(record: FeedEventRecord, task: string): Promise<boolean> {
    const now = this.options.now();
    let boards: TaskBoards;
    try {
      boards = await this.state.boards(this.slug, task, now);
    } catch (error) {
      this.logger.warn(`no board for task "${task}": ${error instanceof Error ? error.message : String(error)}`);
      return false;
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
    this.emitGrouped(perStream, true);
    return [...perStream.values()].some((e) => e !== null);
  }

  /**
   * Streams that get the same event with the same `prev` share one emit (one serialisation);
   * every stream's `prev` advances even when no socket of it is on this node.
   */
  private emitGrouped(perStream: Map<StreamKey, FeedEvent | null>, leaderboard: boolean): void {
    const groups = new Map<FeedEvent, Map<number, StreamKey[]>>();
    for (const [stream, event] of perStream) {
      if (!event) continue;
      const prev = this.lastSent.get(stream) ?? this.processed;
      let byPrev = groups.get(event);
      if (!byPrev) groups.set(event, (byPrev = new Map()));
      const list = byPrev.get(prev);
      if (list) list.push(stream);
      else byPrev.set(prev, [stream]);
    }
    for (const [event, byPrev] of groups) {
      for (const [prev, streams] of byPrev) {
        for (const stream of streams) this.lastSent.set(stream, event.seq);
        const rooms = streams.map((s) => roomOf(this.slug, s)).filter((room) => this.hasSockets(room));
        if (rooms.length === 0) continue;
        const frame = { ...event, prev } as FeedFrame;
        const cpu = process.cpuUsage();
        this.nsp.local.to(rooms).emit(LIVE_MESSAGES.feed, frame);
        const spent = process.cpuUsage(cpu);
        this.stats.emitCpuUs += spent.user + spent.system;
        for (const room of rooms) this.stats.deliveries += this.nsp.adapter.rooms.get(room)?.size ?? 0;
        this.stats.emits++;
        if (leaderboard) this.stats.leaderboardEmits++;
      }
    }
  }

  private streams(): StreamKey[] {
    return ['public', 'jury', ...[...this.teams.keys()].map((slug) => `team:${slug}` as const)];
  }

  private hasSockets(room: string): boolean {
    return (this.nsp.adapter.rooms.get(room)?.size ?? 0) > 0;
  }
}

/** Leaderboard markers appended with a clock transition (`reason: 'clock'`) are always sent. */
const isClockMarker = (record: FeedEventRecord): boolean => record.data['reason'] === 'clock';
