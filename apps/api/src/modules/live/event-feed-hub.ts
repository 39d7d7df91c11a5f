// One event's live stream on this node. Every node tails the database log itself (woken by its
// own commits, by other nodes through the socket.io adapter, and by a slow poll), so every node
// sends the same entries in the same order, and a node that restarts loses nothing: the log is
// the truth. Per entry, one frame is built per audience stream (the jury's only while a jury
// socket is here); frames wait in an outbox for a short window (an upload's result and board
// change usually follow its `received` within tens of ms) and leave as one message per group of
// streams with identical frames: one serialisation for all the sockets of those rooms.
// The parts: FeedLogTail reads, FrameScheduler decides when, StreamOutbox chains and groups,
// LiveEmitter writes.
import { Logger } from '@nestjs/common';
import type { FeedEvent, LeaderboardData, LiveHeartbeat } from '@podium/contracts';
import { leaderboardChanged } from '@podium/rules';
import type { FeedEventRecord } from '../feed/feed-event.record.js';
import { admits, projectRecord, type ProjectionContext, submissionTeamId } from './feed-projection.js';
import { type FeedLogReader, FeedLogTail } from './feed-log-tail.js';
import { FrameScheduler, type FrameTiming, type SchedulerClock, type SchedulerTimer } from './frame-scheduler.js';
import type { LiveEmitter } from './live-emitter.js';
import { JURY_SUBSCRIBER, type LiveSubscriber, PUBLIC_SUBSCRIBER, roomOf, type StreamKey } from './live-subscriber.js';
import { StreamOutbox } from './stream-outbox.js';

/** What the hub reads besides the log: projections' context, boards, the public schedule. */
export interface HubState {
  projectionContext(eventSlug: string, now: Date): ProjectionContext;
  /** The task's public board, and the jury's when `jury` (null otherwise). */
  boards(eventSlug: string, taskSlug: string, now: Date, audiences: { jury: boolean }): Promise<{ public: LeaderboardData; jury: LeaderboardData | null }>;
  /**
   * Whether any task of the event is frozen for the public now (the schedule: public
   * information). While true, nothing the public or a team sees may wait on hidden work.
   */
  anyPublicFreeze(eventSlug: string, now: Date): Promise<boolean>;
}

export interface HubOptions extends FrameTiming {
  /** Log entries read per query. */
  readBatch: number;
  /** The server's clock (what frames and heartbeats say); the scheduler keeps its own time. */
  now: () => Date;
  /** Defaults: the system clock and setTimeout (tests pass fakes). */
  schedulerClock?: SchedulerClock;
  timer?: SchedulerTimer;
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
  /** Boards built for board markers, and the wall time spent building them (database reads included). */
  boardBuilds: number;
  boardBuildMs: number;
  /** Sockets reached by emits (messages written). */
  deliveries: number;
}

type TeamRef = { id: string; slug: string };

export class EventFeedHub {
  /** Highest seq fully processed and sent: what a (re)subscription's answer covers. */
  private processed: number;
  /** Highest seq taken from the queue: `processed` once the outbox is sent. */
  private staged: number;
  private readonly queue: FeedEventRecord[] = [];
  private readonly tail: FeedLogTail;
  private readonly scheduler: FrameScheduler;
  private readonly outbox: StreamOutbox;
  private readonly teams = new Map<string, TeamRef>();
  /** Last board sent per task and audience (null: none yet, or the jury's was not built). */
  private readonly boards = new Map<string, { public: LeaderboardData | null; jury: LeaderboardData | null }>();
  /** Jury sockets about to join (see admitJury). */
  private juryJoining = 0;
  private draining: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly counters = { emits: 0, leaderboardEmits: 0, frames: 0, batches: 0, folded: 0, boardBuilds: 0, boardBuildMs: 0, entries: 0, deliveries: 0 };
  private readonly logger: Logger;

  private constructor(
    readonly slug: string,
    readonly eventId: number,
    head: number,
    feed: FeedLogReader,
    private readonly emitter: LiveEmitter,
    private readonly state: HubState,
    private readonly options: HubOptions,
  ) {
    this.processed = head;
    this.staged = head;
    this.tail = new FeedLogTail(feed, eventId, head, options.readBatch);
    this.outbox = new StreamOutbox(head);
    this.scheduler = new FrameScheduler(options, options.schedulerClock, options.timer);
    this.logger = new Logger(`LiveHub:${slug}`);
  }

  static async open(
    slug: string,
    eventId: number,
    teams: TeamRef[],
    deps: { feed: FeedLogReader & { head(eventId: number): Promise<number> }; emitter: LiveEmitter; state: HubState; options: HubOptions },
  ): Promise<EventFeedHub> {
    const head = await deps.feed.head(eventId);
    const hub = new EventFeedHub(slug, eventId, head, deps.feed, deps.emitter, deps.state, deps.options);
    for (const team of teams) hub.teams.set(team.slug, team);
    // No baseline boards: the first board marker after `head` always sends each audience's board.
    // A board read here could already hold a change whose marker comes after `head` (a result is
    // committed before the refresher logs its marker), and that frame would then be judged
    // "unchanged" and never sent to clients that resumed at `head`.
    return hub;
  }

  get stats(): HubStats {
    return { ...this.counters, minBoardGapMs: this.scheduler.minBoardGapMs };
  }

  /** Position a subscription answer covers: frames after it reach the socket live. */
  get position(): number {
    return this.processed;
  }

  /** The seq a stream's clients are told they are at (see StreamOutbox.streamPosition). */
  streamPosition(stream: StreamKey): number {
    return this.outbox.streamPosition(stream, this.processed);
  }

  /** Per stream, the seq it last carried (what its clients hold once every frame arrived). */
  streamPositions(): Record<StreamKey, number> {
    return this.outbox.positions();
  }

  /**
   * Resolves once everything the log holds now is sent, boards waiting for their coalescing
   * slot included (a drain leaves them queued and retries when the slot opens).
   */
  async flush(): Promise<void> {
    await this.wake();
    while (!this.closed && this.queue.length > 0 && (await this.scheduler.retried())) await this.wake();
  }

  /**
   * A jury socket is about to join: jury frames are built from now on, and whatever was staged
   * without them is sent first (the drain in progress ends), so the position its answer is built
   * at covers those entries. Call the returned function once the socket is in its room.
   */
  async admitJury(): Promise<() => void> {
    this.juryJoining++;
    await this.wake(); // never rejects: a failed drain is logged and retried
    let done = false;
    return () => {
      if (!done) this.juryJoining--;
      done = true;
    };
  }

  addTeam(team: TeamRef): void {
    if (!this.teams.has(team.slug)) this.teams.set(team.slug, team);
  }

  /** Reads and sends whatever the log holds after our position; calls while running coalesce. */
  wake(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.draining) {
      this.again = true;
      this.scheduler.wakeUp();
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
    for (const stream of this.streams()) {
      const room = roomOf(this.slug, stream);
      if (!this.hasSockets(room) || !this.scheduler.quiet(stream, quietMs)) continue;
      const heartbeat: LiveHeartbeat = { seq: this.streamPosition(stream), serverTime };
      this.emitter.heartbeat(room, heartbeat);
    }
  }

  close(): void {
    this.closed = true;
    this.scheduler.close();
  }

  private async drainOnce(): Promise<void> {
    let frozen: Promise<boolean> | null = null;
    const publicFreeze = () => (frozen ??= this.state.anyPublicFreeze(this.slug, this.options.now()).catch(() => true));
    this.queue.push(...(await this.tail.read()));
    const boardWaitMs = await this.stageQueue(publicFreeze);
    if (this.closed) return;
    const pending = !this.outbox.empty;
    const step = this.scheduler.next({ pending, boardWaitMs, frozen: pending && (await publicFreeze()) });
    switch (step.kind) {
      case 'hold':
        await this.scheduler.hold(step.ms);
        this.again = true;
        return;
      case 'send-then-retry':
      case 'retry':
        this.flushOutbox();
        this.scheduler.retryAfter(step.ms, () => void this.wake());
        return;
      case 'send':
      case 'idle':
        this.flushOutbox();
    }
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
          this.counters.folded++;
        } else if (task) {
          const wait = this.scheduler.boardWait(task);
          if (wait !== null) return wait;
          boardSent = await this.stageBoards(record, task);
          // During a freeze every marker takes its slot, sent or not: whether the jury's board
          // changed (a hidden outcome) must not move when the next frames may leave.
          if (boardSent || (await publicFreeze())) this.scheduler.boardTaken(task);
        }
      } else {
        await this.stageEntry(record, ctx);
      }
      this.queue.shift();
      this.staged = record.seq;
      this.scheduler.entryStaged(record.type);
      this.counters.entries++;
      // A board ends what an upload started: it leaves at once, so its slot is measured right.
      if (boardSent) this.flushOutbox();
    }
    return null;
  }

  private async stageEntry(record: FeedEventRecord, ctx: ProjectionContext): Promise<void> {
    const publicEvent = await projectRecord(record, PUBLIC_SUBSCRIBER, ctx);
    const perStream = new Map<StreamKey, FeedEvent | null>([['public', publicEvent]]);
    // Nobody to send it to on this node: a jury socket that subscribes later first waits for the
    // drain in progress (admitJury), so its answer covers this entry.
    if (this.juryWatching()) perStream.set('jury', await projectRecord(record, JURY_SUBSCRIBER, ctx));
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
    const jury = this.juryWatching();
    let boards: { public: LeaderboardData; jury: LeaderboardData | null };
    const started = performance.now();
    try {
      boards = await this.state.boards(this.slug, task, this.options.now(), { jury });
    } catch (error) {
      this.logger.warn(`no board for task "${task}": ${error instanceof Error ? error.message : String(error)}`);
      return false;
    } finally {
      this.counters.boardBuilds++;
      this.counters.boardBuildMs += performance.now() - started;
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
    const juryEvent = boards.jury && due(last.jury, boards.jury) ? { ...base, data: boards.jury } : null;
    perStream.set('jury', juryEvent);
    // Without a jury board the last one sent is forgotten: the next jury socket's first board
    // frame must go whatever it holds (its answer may show a board the hub never sent).
    this.boards.set(task, { public: publicEvent ? boards.public : last.public, jury: boards.jury ? (juryEvent ? boards.jury : last.jury) : null });
    this.stage(perStream);
    return [...perStream.values()].some((e) => e !== null);
  }

  private stage(perStream: Map<StreamKey, FeedEvent | null>): void {
    if (this.outbox.add(perStream)) this.scheduler.frameBuilt();
  }

  /** Sends the outbox (see StreamOutbox.take). Every stream's `prev` advances even when no socket of it is on this node. */
  private flushOutbox(): void {
    const groups = this.outbox.take();
    this.processed = this.staged;
    if (groups.length === 0) return;
    this.scheduler.sent(groups.flatMap((g) => g.streams));
    for (const { streams, frames } of groups) {
      const rooms = streams.map((s) => roomOf(this.slug, s)).filter((room) => this.hasSockets(room));
      if (rooms.length === 0) continue;
      this.emitter.frames(rooms, frames);
      for (const room of rooms) this.counters.deliveries += this.emitter.roomSize(room);
      this.counters.emits++;
      this.counters.frames += frames.length;
      if (frames.length > 1) this.counters.batches++;
      if (frames.some((f) => f.type === 'leaderboard')) this.counters.leaderboardEmits++;
    }
  }

  private juryWatching(): boolean {
    return this.juryJoining > 0 || this.hasSockets(roomOf(this.slug, 'jury'));
  }

  private streams(): StreamKey[] {
    return ['public', 'jury', ...[...this.teams.keys()].map((slug) => `team:${slug}` as const)];
  }

  private hasSockets(room: string): boolean {
    return this.emitter.roomSize(room) > 0;
  }
}

/** Leaderboard markers appended with a clock transition (`reason: 'clock'`) are always sent. */
const isClockMarker = (record: FeedEventRecord): boolean => record.data['reason'] === 'clock';
