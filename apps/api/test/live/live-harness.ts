// Live feed tests: the real app listening on a loopback port, real socket.io clients that keep
// every raw packet they receive (to assert what actually went over the wire), and the real
// LiveFeedClient the screens use.
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { FeedFrame, LiveError, LiveFeedBatch, LiveHeartbeat, LiveReplay, LiveSnapshot, SubscribeRequest } from '@podium/contracts';
import { LIVE_MESSAGES, LIVE_NAMESPACE } from '@podium/contracts';
import { io, type Socket } from 'socket.io-client';
import { LiveHubsService } from '../../src/modules/live/live-hubs.service.js';
import { waitFor } from '@podium/test-support';
import { createHarness, type Harness, type HarnessOptions } from '../submissions/submission-harness.js';

export interface LiveHarness extends Harness {
  url: string;
  /** Waits until every queued job and board refresh is done, then `flushLive`. */
  settleLive(): Promise<void>;
}

/** Open RawLiveClients per server URL (settleLive waits for them). */
const openClients = new Map<string, Set<RawLiveClient>>();

export async function createLiveHarness(options: HarnessOptions = {}): Promise<LiveHarness> {
  const h = await createHarness(options);
  await h.t.app.listen(0, '127.0.0.1');
  const { port } = h.t.app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    ...h,
    url,
    async settleLive() {
      await h.settle();
      await flushLive(h.t.app, url);
    },
  };
}

/**
 * Waits until this node has sent every live frame the log holds (boards waiting for their
 * coalescing slot included) and every open RawLiveClient of `url` that has its answer holds the
 * last frame its stream carried.
 */
export async function flushLive(app: INestApplication, url: string): Promise<void> {
  const hubs = app.get(LiveHubsService);
  await hubs.flush();
  await until(() => {
    const events = hubs.stats().events;
    return [...(openClients.get(url) ?? [])].every((c) => c.holds(events.find((e) => e.event === c.event)?.streams ?? {}));
  }, 'every live client to hold what its stream carried');
}

/** A bare socket.io client recording every raw engine packet and every decoded message. */
export class RawLiveClient {
  readonly socket: Socket;
  /** Raw engine.io packet payloads (the bytes the server wrote), in arrival order. */
  readonly raw: string[] = [];
  /** Every live frame, whether it came alone (`feed`) or in a `feed-batch`, in arrival order. */
  readonly frames: FeedFrame[] = [];
  /** One entry per live message (a batch is one message), with its arrival time. */
  readonly messages: { at: number; kind: 'feed' | 'feed-batch'; frames: FeedFrame[] }[] = [];
  readonly snapshots: LiveSnapshot[] = [];
  readonly replays: LiveReplay[] = [];
  readonly heartbeats: LiveHeartbeat[] = [];
  readonly errors: LiveError[] = [];
  /** The event of the last subscribe. */
  event: string | null = null;

  constructor(
    private readonly url: string,
    options: { transports?: ('websocket' | 'polling')[] } = {},
  ) {
    let clients = openClients.get(url);
    if (!clients) openClients.set(url, (clients = new Set()));
    clients.add(this);
    this.socket = io(`${url}${LIVE_NAMESPACE}`, { transports: options.transports ?? ['websocket'], reconnection: false, forceNew: true });
    // The engine usually exists already (autoConnect); a reconnection opens a new one. Each is
    // tapped once, so every packet is recorded once.
    const tapped = new WeakSet<object>();
    const tap = () => {
      const engine = this.socket.io.engine;
      if (!engine || tapped.has(engine)) return;
      tapped.add(engine);
      engine.on('packet', (packet: { data?: unknown }) => {
        if (typeof packet.data === 'string') this.raw.push(packet.data);
      });
    };
    tap();
    this.socket.io.on('open', tap);
    this.socket.on(LIVE_MESSAGES.feed, (f: FeedFrame) => this.received('feed', [f]));
    this.socket.on(LIVE_MESSAGES.batch, (b: LiveFeedBatch) => this.received('feed-batch', b.frames));
    this.socket.on(LIVE_MESSAGES.snapshot, (s: LiveSnapshot) => this.snapshots.push(s));
    this.socket.on(LIVE_MESSAGES.replay, (r: LiveReplay) => this.replays.push(r));
    this.socket.on(LIVE_MESSAGES.heartbeat, (b: LiveHeartbeat) => this.heartbeats.push(b));
    this.socket.on(LIVE_MESSAGES.error, (e: LiveError) => this.errors.push(e));
  }

  private received(kind: 'feed' | 'feed-batch', frames: FeedFrame[]): void {
    this.messages.push({ at: Date.now(), kind, frames });
    this.frames.push(...frames);
  }

  subscribe(request: SubscribeRequest): this {
    this.event = request.event;
    this.socket.emit(LIVE_MESSAGES.subscribe, request);
    return this;
  }

  /**
   * Whether this client holds the last frame its stream carried (`streams`: the server's stream
   * positions). A client without an answer holds nothing to wait for only if it was refused.
   */
  holds(streams: Partial<Record<string, number>>): boolean {
    if (!this.socket.connected || this.event === null) return true;
    const answer = this.snapshots.at(-1) ?? this.replays.at(-1);
    if (!answer) return this.errors.length > 0;
    const stream = answer.team !== null ? `team:${answer.team}` : answer.audience;
    const held = Math.max(...this.snapshots.map((s) => s.seq), ...this.replays.map((r) => r.seq), ...this.frames.map((f) => f.seq));
    return held >= (streams[stream] ?? -Infinity);
  }

  /** Every raw packet as one string, for "never contains" assertions. */
  get wire(): string {
    return this.raw.join('\n');
  }

  close(): void {
    openClients.get(this.url)?.delete(this);
    this.socket.disconnect();
  }
}

/** The live tests' wait: frames arrive within milliseconds, so it looks every 10 ms; 8 s at most by default. */
export const until = (condition: () => boolean | Promise<boolean>, what: string | (() => string), timeoutMs = 8000): Promise<void> =>
  waitFor(condition, what, { timeoutMs, intervalMs: 10 }).then(() => undefined);

/** Seqs strictly increase and each frame's prev is the previous frame's seq (or the start). */
export function assertChain(frames: FeedFrame[], start: number): void {
  let last = start;
  for (const f of frames) {
    if (!(f.seq > last)) throw new Error(`seq ${f.seq} after ${last}`);
    if (f.prev !== last) throw new Error(`frame ${f.seq} has prev ${f.prev}, expected ${last}`);
    last = f.seq;
  }
}
