// Live feed tests: the real app listening on a loopback port, real socket.io clients that keep
// every raw packet they receive (to assert what actually went over the wire), and the real
// LiveFeedClient the screens use.
import type { AddressInfo } from 'node:net';
import type { FeedFrame, LiveError, LiveFeedBatch, LiveHeartbeat, LiveReplay, LiveSnapshot, SubscribeRequest } from '@podium/contracts';
import { LIVE_MESSAGES, LIVE_NAMESPACE } from '@podium/contracts';
import { io, type Socket } from 'socket.io-client';
import { LiveHubsService } from '../../src/modules/live/live-hubs.service.js';
import { createHarness, type Harness, type HarnessOptions } from '../submissions/submission-harness.js';

export interface LiveHarness extends Harness {
  url: string;
  /** Waits until every queued job, board refresh and live frame of this node is out. */
  settleLive(): Promise<void>;
}

export async function createLiveHarness(options: HarnessOptions = {}): Promise<LiveHarness> {
  const h = await createHarness(options);
  await h.t.app.listen(0, '127.0.0.1');
  const { port } = h.t.app.getHttpServer().address() as AddressInfo;
  const hubs = h.t.app.get(LiveHubsService);
  return {
    ...h,
    url: `http://127.0.0.1:${port}`,
    async settleLive() {
      await h.settle();
      await hubs.flush();
      // Coalesced boards wait up to one interval; one more pass sends them.
      await new Promise((r) => setTimeout(r, 300));
      await hubs.flush();
      await new Promise((r) => setTimeout(r, 50));
    },
  };
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

  constructor(url: string, options: { transports?: ('websocket' | 'polling')[] } = {}) {
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
    this.socket.emit(LIVE_MESSAGES.subscribe, request);
    return this;
  }

  /** Every raw packet as one string, for "never contains" assertions. */
  get wire(): string {
    return this.raw.join('\n');
  }

  close(): void {
    this.socket.disconnect();
  }
}

export async function until(condition: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Seqs strictly increase and each frame's prev is the previous frame's seq (or the start). */
export function assertChain(frames: FeedFrame[], start: number): void {
  let last = start;
  for (const f of frames) {
    if (!(f.seq > last)) throw new Error(`seq ${f.seq} after ${last}`);
    if (f.prev !== last) throw new Error(`frame ${f.seq} has prev ${f.prev}, expected ${last}`);
    last = f.seq;
  }
}
