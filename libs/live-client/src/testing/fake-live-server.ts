// A small, faithful implementation of the `/live` protocol over an in-memory log, for client
// tests and for screen demos before the real gateway exists. Not for production: one audience
// (public), no persistence beyond the process.
import { createServer, type RequestListener, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  EventPublicView,
  FeedEvent,
  FeedEventOf,
  FeedEventType,
  FeedFrame,
  LiveClientToServerEvents,
  LiveServerToClientEvents,
  LiveSnapshot,
  RecentSubmission,
  SubscribeRequest,
  TaskLiveState,
} from '@podium/contracts';
import { LIVE_MESSAGES, LIVE_NAMESPACE, parseSubscribeRequest } from '@podium/contracts';
import { Server } from 'socket.io';
import { applyFeedEvent, stateFromSnapshot, type LiveState } from '../live-state.js';

export interface FakeLiveServerOptions {
  event: EventPublicView;
  tasks?: TaskLiveState[];
  recentSubmissions?: RecentSubmission[];
  /** Handles every HTTP request that is not socket.io (static files, REST) in demo scripts. */
  onRequest?: RequestListener;
  /** 0 = no heartbeats. */
  heartbeatMs?: number;
  /** The first this many subscribes get no answer at all (a node that dropped them under load). */
  unansweredSubscribes?: number;
  /** A resume further behind than this many events gets a snapshot instead of a replay. */
  maxReplay?: number;
  now?: () => Date;
}

const ROOM = 'public';

export class FakeLiveServer {
  readonly log: FeedEvent[] = [];
  /** Every subscribe request received, in order (for assertions). */
  readonly subscriptions: SubscribeRequest[] = [];
  private current: LiveState;
  /** Seq of the last frame sent to the room: the `prev` of the next one. */
  private lastEmitted = 0;
  private http: HttpServer | null = null;
  private io: Server<LiveClientToServerEvents, LiveServerToClientEvents> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private port = 0;
  private readonly now: () => Date;

  constructor(private readonly options: FakeLiveServerOptions) {
    this.now = options.now ?? (() => new Date());
    this.current = stateFromSnapshot({
      seq: 0,
      reason: 'initial',
      audience: 'public',
      team: null,
      event: options.event,
      tasks: options.tasks ?? [],
      recentSubmissions: options.recentSubmissions ?? [],
      announcements: [],
      serverTime: this.now().toISOString(),
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get headSeq(): number {
    return this.log.at(-1)?.seq ?? 0;
  }

  get state(): LiveState {
    return this.current;
  }

  /** Starts (or restarts, on the same port) the HTTP + socket.io server. */
  async listen(port = this.port): Promise<number> {
    const http = createServer(this.options.onRequest ?? ((_req, res) => res.writeHead(404).end()));
    const io = new Server<LiveClientToServerEvents, LiveServerToClientEvents>(http, { cors: { origin: '*' } });
    io.of(LIVE_NAMESPACE).on('connection', (socket) => {
      socket.on(LIVE_MESSAGES.subscribe, (raw) => {
        const parsed = parseSubscribeRequest(raw);
        if (!parsed.ok) {
          socket.emit(LIVE_MESSAGES.error, { code: 'subscribe.invalid', message: parsed.problems[0].message, problems: parsed.problems });
          return;
        }
        const request = parsed.value;
        this.subscriptions.push(request);
        if (this.subscriptions.length <= (this.options.unansweredSubscribes ?? 0)) return;
        if (request.event !== this.options.event.slug) {
          socket.emit(LIVE_MESSAGES.error, { code: 'event.not_found', message: `No event "${request.event}".`, event: request.event });
          return;
        }
        // Join first: a frame emitted meanwhile is then either in the answer or after it.
        void socket.join(ROOM);
        const serverTime = this.now().toISOString();
        const since = request.since;
        const behind = since === undefined ? Infinity : this.headSeq - since;
        if (since === undefined || since > this.headSeq || behind > (this.options.maxReplay ?? 1000)) {
          socket.emit(LIVE_MESSAGES.snapshot, this.snapshot(since === undefined ? 'initial' : since > this.headSeq ? 'since_unknown' : 'too_far_behind'));
          return;
        }
        let prev = since;
        const frames: FeedFrame[] = [];
        for (const event of this.log) {
          if (event.seq <= since) continue;
          frames.push({ ...event, prev });
          prev = event.seq;
        }
        socket.emit(LIVE_MESSAGES.replay, { since, seq: this.headSeq, audience: 'public', team: null, frames, serverTime });
      });
    });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, '127.0.0.1', () => resolve());
    });
    this.http = http;
    this.io = io;
    this.port = (http.address() as AddressInfo).port;
    if (this.options.heartbeatMs) {
      this.heartbeat = setInterval(() => this.sendHeartbeat(), this.options.heartbeatMs);
    }
    return this.port;
  }

  /** Stops the server; the log survives, as a database would, for a restart with `listen()`. */
  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    const io = this.io;
    this.io = null;
    this.http = null;
    if (io) await new Promise<void>((resolve) => io.close(() => resolve()));
  }

  /**
   * Appends an event to the log and sends it live. `deliver: false` loses the frame on the way
   * (the room still counts it as sent), which is what a client must detect as a gap.
   */
  append<T extends FeedEventType>(type: T, data: FeedEventOf<T>['data'], { deliver = true }: { deliver?: boolean } = {}): FeedEventOf<T> {
    const [event, frame] = this.log1(type, data);
    if (deliver) this.io?.of(LIVE_NAMESPACE).to(ROOM).emit(LIVE_MESSAGES.feed, frame);
    return event;
  }

  /** Appends several events and sends their frames as one `feed-batch` message (as the real hub does). */
  appendBatch(entries: { [T in FeedEventType]: { type: T; data: FeedEventOf<T>['data'] } }[FeedEventType][]): FeedEvent[] {
    const logged = entries.map((e) => this.log1(e.type, e.data));
    this.io?.of(LIVE_NAMESPACE).to(ROOM).emit(LIVE_MESSAGES.batch, { frames: logged.map(([, frame]) => frame) });
    return logged.map(([event]) => event);
  }

  private log1<T extends FeedEventType>(type: T, data: FeedEventOf<T>['data']): [FeedEventOf<T>, FeedFrame] {
    const event = { seq: this.headSeq + 1, type, at: this.now().toISOString(), event: this.options.event.slug, data } as FeedEventOf<T>;
    this.log.push(event);
    this.current = applyFeedEvent(this.current, event);
    const frame = { ...event, prev: this.lastEmitted } as FeedFrame;
    this.lastEmitted = event.seq;
    return [event, frame];
  }

  /** Drops every connection without stopping the server (a Wi-Fi blip, a proxy restart). */
  disconnectAll(): void {
    this.io?.of(LIVE_NAMESPACE).disconnectSockets(true);
  }

  sendHeartbeat(): void {
    this.io?.of(LIVE_NAMESPACE).to(ROOM).emit(LIVE_MESSAGES.heartbeat, { seq: this.lastEmitted, serverTime: this.now().toISOString() });
  }

  snapshot(reason: LiveSnapshot['reason'] = 'initial'): LiveSnapshot {
    const s = this.current;
    return {
      seq: this.headSeq,
      reason,
      audience: 'public',
      team: null,
      event: { ...(s.event ?? this.options.event), serverTime: this.now().toISOString() },
      tasks: Object.values(s.tasks),
      recentSubmissions: s.recentSubmissions,
      announcements: s.announcements,
      serverTime: this.now().toISOString(),
    };
  }
}
