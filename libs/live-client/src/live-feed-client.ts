// The feed client every screen uses: one socket.io connection to `/live`, one event.
// It resumes with `since` after any disconnect, drops duplicates, turns holes into a fresh
// snapshot, and says honestly whether what it holds is live.
import type {
  FeedFrame,
  LiveClientToServerEvents,
  LiveError,
  LiveHealth,
  LiveHealthStatus,
  LiveHeartbeat,
  LiveReplay,
  LiveServerToClientEvents,
  LiveSnapshot,
  SubscribeRequest,
} from '@podium/contracts';
import { LIVE_MESSAGES, LIVE_NAMESPACE, batchFrames, isFeedFrame } from '@podium/contracts';
import { io, type Socket } from 'socket.io-client';
import { applyFeedEvent, emptyLiveState, stateFromSnapshot, type LiveState } from './live-state.js';

export interface LiveFeedClientOptions {
  /** Event slug to follow. */
  event: string;
  /** Server origin, e.g. `http://localhost:3000`; default: the page's own origin. */
  url?: string;
  /** socket.io HTTP path; default `/socket.io`. */
  path?: string;
  /** Team token or jury session token; absent = public audience. */
  token?: string;
  /** After this long without being live, health turns from connecting/reconnecting to offline. */
  offlineAfterMs?: number;
  reconnectionDelayMs?: number;
  reconnectionDelayMaxMs?: number;
  /** Default: websocket first, long-polling when websocket fails. */
  transports?: ('websocket' | 'polling')[];
  /**
   * A subscribe unanswered this long is sent again (default 10 s): a node that dropped it while
   * overloaded must not leave a screen waiting forever (heartbeats are ignored while waiting).
   */
  answerTimeoutMs?: number;
  /** Clock for health timestamps (tests). */
  now?: () => number;
}

export type RefreshCause = 'snapshot' | 'replay' | 'frame';

export interface LiveFeedClientEvents {
  /** The whole state after a snapshot, a replay or a frame. */
  state: (state: LiveState, cause: RefreshCause) => void;
  /** Each frame applied, in seq order (replayed frames included). */
  frame: (frame: FeedFrame) => void;
  snapshot: (snapshot: LiveSnapshot) => void;
  health: (health: LiveHealth) => void;
}

type LiveSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

/** Errors after which retrying the same subscription cannot help. */
const FATAL_ERRORS: ReadonlySet<LiveError['code']> = new Set(['subscribe.invalid', 'event.not_found', 'auth.invalid_token', 'auth.expired']);
/** Frames kept while waiting for a snapshot/replay; beyond that a fresh snapshot is cheaper. */
const MAX_BUFFERED_FRAMES = 2000;
const RETRY_SUBSCRIBE_MS = 2000;
const ANSWER_TIMEOUT_MS = 10_000;

export class LiveFeedClient {
  private socket: LiveSocket | null = null;
  /** Random, not secret: only routes this client's requests to one API node. */
  private readonly affinity = Math.random().toString(36).slice(2, 12);
  private current: LiveState = emptyLiveState();
  private lastSeq: number | null = null;
  private awaitingAnswer = false;
  private buffered: FeedFrame[] = [];
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private serverOffsetMs = 0;
  private readonly listeners: { [K in keyof LiveFeedClientEvents]: Set<LiveFeedClientEvents[K]> } = {
    state: new Set(),
    frame: new Set(),
    snapshot: new Set(),
    health: new Set(),
  };
  private healthValue: LiveHealth;
  private readonly now: () => number;

  constructor(private readonly options: LiveFeedClientOptions) {
    this.now = options.now ?? Date.now;
    this.healthValue = {
      status: 'offline',
      since: new Date(this.now()).toISOString(),
      lastUpdateAt: null,
      lastSeq: null,
      transport: null,
      attempts: 0,
      error: null,
    };
  }

  get state(): LiveState {
    return this.current;
  }

  get health(): LiveHealth {
    return this.healthValue;
  }

  /** Highest seq applied so far (null before the first snapshot). */
  get seq(): number | null {
    return this.lastSeq;
  }

  /** Current time on the server's clock, estimated from the last server timestamp. */
  serverNow(): number {
    return this.now() + this.serverOffsetMs;
  }

  on<K extends keyof LiveFeedClientEvents>(name: K, listener: LiveFeedClientEvents[K]): () => void {
    this.listeners[name].add(listener);
    return () => this.listeners[name].delete(listener);
  }

  connect(): this {
    if (this.socket) return this;
    const { url, path, transports, reconnectionDelayMs, reconnectionDelayMaxMs } = this.options;
    const socket: LiveSocket = io(`${url ?? ''}${LIVE_NAMESPACE}`, {
      path: path ?? '/socket.io',
      transports: transports ?? ['websocket', 'polling'],
      tryAllTransports: true,
      // Sent on every request of the session: a proxy in front of several API nodes keeps a
      // long-polling session on one node with it (docker/nginx), even for clients behind one address.
      query: { affinity: this.affinity },
      reconnection: true,
      reconnectionDelay: reconnectionDelayMs ?? 500,
      reconnectionDelayMax: reconnectionDelayMaxMs ?? 5000,
    });
    this.socket = socket;
    this.setStatus('connecting');

    socket.on('connect', () => {
      this.patchHealth({ transport: transportOf(socket) });
      socket.io.engine.on('upgrade', () => this.patchHealth({ transport: transportOf(socket) }));
      this.subscribe(true);
    });
    socket.on('disconnect', (reason) => {
      this.awaitingAnswer = false;
      this.buffered = [];
      this.clearRetry();
      this.patchHealth({ transport: null });
      this.setStatus(this.notLiveStatus());
      // The server closed us on purpose (restart, deploy): socket.io will not retry by itself.
      if (reason === 'io server disconnect' && this.socket === socket) socket.connect();
    });
    socket.io.on('reconnect_attempt', (attempt) => this.patchHealth({ attempts: attempt }));
    socket.on('connect_error', () => this.setStatus(this.notLiveStatus()));
    socket.on(LIVE_MESSAGES.snapshot, (snapshot) => this.onSnapshot(snapshot));
    socket.on(LIVE_MESSAGES.replay, (replay) => this.onReplay(replay));
    socket.on(LIVE_MESSAGES.feed, (frame) => this.onFeed([frame]));
    socket.on(LIVE_MESSAGES.batch, (batch) => this.onFeed((batchFrames(batch) ?? []) as FeedFrame[]));
    socket.on(LIVE_MESSAGES.heartbeat, (heartbeat) => this.onHeartbeat(heartbeat));
    socket.on(LIVE_MESSAGES.error, (error) => this.onLiveError(error));
    return this;
  }

  /** Stops for good: no reconnection, health offline. Listeners stay registered. */
  close(): void {
    const socket = this.socket;
    this.socket = null;
    this.clearRetry();
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
    socket?.removeAllListeners();
    socket?.io.removeAllListeners();
    socket?.disconnect();
    this.awaitingAnswer = false;
    this.setStatus('offline');
  }

  private subscribe(resume: boolean): void {
    if (!this.socket) return;
    this.awaitingAnswer = true;
    this.buffered = [];
    // Until the answer comes: the same request again after the timeout (the answer clears it).
    this.clearRetry();
    this.retryTimer = setTimeout(() => this.subscribe(resume), this.options.answerTimeoutMs ?? ANSWER_TIMEOUT_MS);
    const request: SubscribeRequest = { event: this.options.event };
    if (resume && this.lastSeq !== null) request.since = this.lastSeq;
    if (this.options.token) request.token = this.options.token;
    this.socket.emit(LIVE_MESSAGES.subscribe, request);
  }

  private onSnapshot(snapshot: LiveSnapshot): void {
    this.touch(snapshot.serverTime);
    this.current = stateFromSnapshot(snapshot);
    this.lastSeq = snapshot.seq;
    this.answered();
    this.emit('snapshot', snapshot);
    this.emit('state', this.current, 'snapshot');
    this.flushBuffered();
  }

  private onReplay(replay: LiveReplay): void {
    this.touch(replay.serverTime);
    this.awaitingAnswer = false;
    let applied = 0;
    for (const frame of replay.frames) {
      const outcome = this.applyFrame(frame);
      if (outcome === 'gap') return; // a resync is under way
      if (outcome === 'applied') applied++;
    }
    if (this.lastSeq === null || replay.seq > this.lastSeq) this.lastSeq = replay.seq;
    this.answered();
    if (applied > 0) this.emit('state', this.current, 'replay');
    this.flushBuffered();
  }

  /**
   * Live frames, one `feed` message or a batch: applied in order, one `state` and one `health`
   * for all of them. This is the hot path (every screen, every message): one health object per
   * message, no intermediate copies.
   */
  private onFeed(frames: FeedFrame[]): void {
    const lastUpdateAt = isoAt(this.now());
    if (this.awaitingAnswer) {
      // Beyond the limit the answer is followed by a hole, hence a fresh snapshot.
      const room = MAX_BUFFERED_FRAMES - this.buffered.length;
      for (let i = 0; i < frames.length && i < room; i++) this.buffered.push(frames[i]);
      this.setHealth(withUpdate(this.healthValue, lastUpdateAt, this.healthValue.lastSeq));
      return;
    }
    this.applyFrames(frames, lastUpdateAt);
  }

  private onHeartbeat(heartbeat: LiveHeartbeat): void {
    this.touch(heartbeat.serverTime);
    if (!this.awaitingAnswer && this.lastSeq !== null && heartbeat.seq > this.lastSeq) this.resync();
  }

  private onLiveError(error: LiveError): void {
    this.awaitingAnswer = false;
    this.patchHealth({ error });
    if (FATAL_ERRORS.has(error.code)) {
      const socket = this.socket;
      this.socket = null;
      socket?.removeAllListeners();
      socket?.io.removeAllListeners();
      socket?.disconnect();
      this.setStatus('offline');
      return;
    }
    this.setStatus(this.notLiveStatus());
    this.clearRetry();
    this.retryTimer = setTimeout(() => this.subscribe(true), RETRY_SUBSCRIBE_MS);
  }

  /** Dedupe, gap check, apply. */
  private applyFrame(frame: FeedFrame): 'applied' | 'duplicate' | 'gap' | 'malformed' {
    if (!isFeedFrame(frame)) return 'malformed';
    if (this.lastSeq === null) return 'malformed'; // frames before any snapshot cannot be placed
    if (frame.seq <= this.lastSeq) return 'duplicate';
    if (frame.prev > this.lastSeq) {
      this.resync();
      return 'gap';
    }
    this.current = applyFeedEvent(this.current, frame);
    this.lastSeq = frame.seq;
    this.emit('frame', frame);
    return 'applied';
  }

  private flushBuffered(): void {
    const frames = this.buffered;
    this.buffered = [];
    this.applyFrames(frames);
  }

  /**
   * Applies frames in order until a hole, then one `health` (new `lastUpdateAt` when the frames
   * just arrived, new `lastSeq` when some applied) and one `state` when some applied.
   */
  private applyFrames(frames: readonly FeedFrame[], lastUpdateAt?: string): void {
    let applied = 0;
    for (let i = 0; i < frames.length; i++) {
      const outcome = this.applyFrame(frames[i]);
      if (outcome === 'applied') applied++;
      else if (outcome === 'gap') break; // a resync is under way
    }
    if (lastUpdateAt === undefined && applied === 0) return;
    const health = this.healthValue;
    this.setHealth(withUpdate(health, lastUpdateAt ?? health.lastUpdateAt, applied > 0 ? this.lastSeq : health.lastSeq));
    if (applied > 0) this.emit('state', this.current, 'frame');
  }

  /** Something was missed: start over from a snapshot rather than guess. */
  private resync(): void {
    this.subscribe(false);
  }

  private answered(): void {
    this.awaitingAnswer = false;
    this.clearRetry();
    this.patchHealth({ lastSeq: this.lastSeq, attempts: 0, error: null });
    this.setStatus('live');
  }

  private touch(serverTime: string | null): void {
    const now = this.now();
    if (serverTime) {
      const server = Date.parse(serverTime);
      if (Number.isFinite(server)) this.serverOffsetMs = server - now;
    }
    this.patchHealth({ lastUpdateAt: isoAt(now) });
  }

  /** Losing the feed: a live client is reconnecting; connecting/offline stay as they are. */
  private notLiveStatus(): LiveHealthStatus {
    const status = this.healthValue.status;
    return status === 'live' ? 'reconnecting' : status;
  }

  private setStatus(status: LiveHealthStatus): void {
    if (status === 'live' || status === 'offline' || !this.socket) {
      if (this.offlineTimer) clearTimeout(this.offlineTimer);
      this.offlineTimer = null;
    } else if (!this.offlineTimer) {
      this.offlineTimer = setTimeout(() => {
        this.offlineTimer = null;
        if (this.healthValue.status !== 'live') this.setStatus('offline');
      }, this.options.offlineAfterMs ?? 20_000);
    }
    if (status === this.healthValue.status) return;
    this.patchHealth({ status, since: new Date(this.now()).toISOString() });
  }

  private patchHealth(patch: Partial<LiveHealth>): void {
    this.setHealth({ ...this.healthValue, ...patch });
  }

  private setHealth(health: LiveHealth): void {
    this.healthValue = health;
    this.emit('health', health);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private emit<K extends keyof LiveFeedClientEvents>(name: K, ...args: Parameters<LiveFeedClientEvents[K]>): void {
    const listeners = this.listeners[name];
    if (listeners.size === 0) return;
    for (const listener of listeners) {
      try {
        (listener as (...a: Parameters<LiveFeedClientEvents[K]>) => void)(...args);
      } catch (error) {
        // A broken screen listener must not stop the feed; surface the error out of band.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

/** The health after a live message: same fields, new `lastUpdateAt` (and `lastSeq`). */
function withUpdate(h: LiveHealth, lastUpdateAt: string | null, lastSeq: number | null): LiveHealth {
  // A literal with the fields in order, not a spread: this runs once per message per screen.
  return { status: h.status, since: h.since, lastUpdateAt, lastSeq, transport: h.transport, attempts: h.attempts, error: h.error };
}

let isoMs = Number.NaN;
let isoText = '';
/** `new Date(ms).toISOString()`, formatted once per millisecond: a broadcast reaches every client of a process within the same few ms. */
function isoAt(ms: number): string {
  if (ms !== isoMs) {
    isoText = new Date(ms).toISOString();
    isoMs = ms;
  }
  return isoText;
}

function transportOf(socket: LiveSocket): LiveHealth['transport'] {
  const name = socket.io.engine?.transport?.name;
  return name === 'websocket' || name === 'polling' ? name : null;
}
