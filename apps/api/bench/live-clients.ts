// The simulated screens of the live benches (bench-live.ts, bench-cluster.ts): a process of
// this file (`--role=clients`, forked with spawnRole) holds thousands of socket.io clients and
// answers the controller over IPC (connect, status, latencies, board receipts, raw `ws` sockets).
// Most clients are protocol-level (openProtocolClient), a sample are full LiveFeedClients.
import { fileURLToPath } from 'node:url';
import { LiveFeedClient } from '@podium/live-client';
import { type FeedFrame, LIVE_MESSAGES, type LiveFeedBatch, type LiveReplay, type LiveSnapshot } from '@podium/contracts';
import { type LeanWebSocket, openLeanWebSocket } from './lean-websocket.js';
import { serve, sleep } from './live-bench-kit.js';

/** The file to fork for a client process: `spawnRole(CLIENTS_ENTRY, 'clients')`. */
export const CLIENTS_ENTRY = fileURLToPath(import.meta.url);

/**
 * One simulated screen. `live-feed`: the LiveFeedClient every screen runs (socket.io-client,
 * resume, state). `protocol`: the lightest client that is still a socket.io client on the wire
 * (see openProtocolClient). Receipt: the LiveFeedClient's decoded frame; the protocol client's
 * message arrival (decoded later, see openProtocolClient).
 */
interface Tracked {
  kind: ClientKind;
  latencies: number[];
  ids: Map<string, number>;
  /**
   * `task:team#n` (the team's n-th settled submission of the task ranked) -> [receipt time, the
   * board frame's `at` (when the server logged the board change)]. A board whose count jumps
   * (two uploads settled within one board refresh) stands for each count it skipped.
   */
  firstRanked: Map<string, [number, number]>;
  /** `task:team` -> the highest count seen (counts below the first one seen are not recorded). */
  counts: Map<string, number>;
  isLive(): boolean;
  seq(): number | null;
  close(): void;
  /** The full client, for the storm's state audit. */
  feedClient?: InstanceType<typeof LiveFeedClient>;
}
type ClientKind = 'live-feed' | 'protocol';

/** A screen's empty counters around its client's own accessors. */
function tracked(kind: ClientKind, client: Pick<Tracked, 'isLive' | 'seq' | 'close' | 'feedClient'>): Tracked {
  return { kind, latencies: [], ids: new Map(), firstRanked: new Map(), counts: new Map(), ...client };
}

/** What every simulated screen does with a frame: announcement latency, first board ranking each upload. */
function track(t: Tracked, f: FeedFrame, now: number): void {
  if (f.type === 'announcement') {
    t.ids.set(f.data.id, (t.ids.get(f.data.id) ?? 0) + 1);
    const m = /^bench:(\d+)$/.exec(f.data.text.en);
    if (m) t.latencies.push(now - Number(m[1]));
  } else if (f.type === 'leaderboard') {
    const at = Date.parse(f.at);
    for (const r of f.data.rows) {
      if (r.rank === null) continue;
      const slot = `${f.data.task}:${r.team.slug}`;
      const last = t.counts.get(slot);
      if (last !== undefined && r.submissions <= last) continue;
      for (let n = last === undefined ? r.submissions : last + 1; n <= r.submissions; n++) t.firstRanked.set(`${slot}#${n}`, [now, at]);
      t.counts.set(slot, r.submissions);
    }
  }
}

function openLiveFeedClient(url: string, event: string): Tracked {
  const client = new LiveFeedClient({ url, event, transports: ['websocket'], reconnectionDelayMs: 1000, reconnectionDelayMaxMs: 5000, offlineAfterMs: 120_000 });
  const t = tracked('live-feed', { isLive: () => client.health.status === 'live', seq: () => client.seq, close: () => client.close(), feedClient: client });
  client.on('frame', (f) => track(t, f, Date.now()));
  client.connect();
  return t;
}

/**
 * A socket.io client reduced to the protocol: engine.io v4 over one websocket (a bare one, see
 * lean-websocket.ts), the `/live` namespace, `subscribe` (with `since` after a reconnection), a
 * pong for every ping, and a JSON decode of every event message; no state beyond its seq. It
 * stands for the network side of a screen so that 10,000 of them fit beside the server on this
 * machine's two cores: socket.io-client plus LiveFeedClient cost ~60-100 us of
 * CPU per board message on this box, more than a core-second per board for 10,000 of them; on a
 * real event that work is spread over 10,000 devices. A sample of real LiveFeedClients runs among
 * them and is reported apart.
 *
 * Receipt is the moment an event message arrives (its socket.io header read); its JSON is decoded
 * once this process's burst of arrivals is over (see `decodeLater`), because here the 10,000
 * decodes (~30-50 us each for a 5 KB board) run on the server's own cores, one after the other,
 * and the last screens' receipts would measure the other screens' decoding; in a venue each
 * device decodes its own message, in parallel. BENCH_LIVE_DECODE=inline decodes on arrival and
 * stamps receipt after it, as before.
 */
function openProtocolClient(url: string, event: string): Tracked {
  const ns = '/live,';
  let live = false;
  let seq: number | null = null;
  let stopped = false;
  // What LiveFeedClient sends too: behind nginx (bench:cluster) it spreads clients of one address
  // over the nodes; a single node (bench:live) ignores it.
  const affinity = Math.random().toString(36).slice(2, 12);
  let ws: LeanWebSocket;
  const connect = () => {
    ws = openLeanWebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket&affinity=${affinity}`, {
      onMessage: (data) => {
        // `42/live,[...]`: an event of our namespace (the only messages that carry frames).
        if (data[0] === 0x34 && data[1] === 0x32 && data.toString('latin1', 2, 2 + ns.length) === ns) {
          eventMessages++;
          if (DECODE_INLINE) decode(data.toString(), Date.now());
          else decodeLater(data, Date.now(), decode);
          return;
        }
        const text = data.toString();
        if (text === '2') return ws.send('3'); // engine.io ping -> pong
        if (text.startsWith('0')) return ws.send(`40${ns}`); // engine.io open -> connect to the namespace
        // Subscribe; after a reconnection, from the last seq seen (the server sends what was missed).
        if (text.startsWith(`40${ns}`)) return ws.send(`42${ns}${JSON.stringify([LIVE_MESSAGES.subscribe, seq === null ? { event } : { event, since: seq }])}`);
      },
      onClose: () => {
        live = false;
        // A connection refused or dropped under a burst is retried, as a screen would.
        if (!stopped) {
          reconnects++;
          setTimeout(connect, 500 + Math.random() * 1000);
        }
      },
    });
  };
  connect();
  const t = tracked('protocol', {
    isLive: () => live,
    seq: () => seq,
    close: () => {
      stopped = true;
      ws.close();
    },
  });
  const apply = (frames: readonly FeedFrame[], receivedAt: number) => {
    for (const f of frames) {
      seq = f.seq;
      track(t, f, receivedAt);
    }
  };
  const decode = (text: string, receivedAt: number) => {
    const [name, payload] = JSON.parse(text.slice(2 + ns.length)) as [string, unknown];
    switch (name) {
      case LIVE_MESSAGES.snapshot:
        seq = (payload as LiveSnapshot).seq;
        live = true;
        return;
      case LIVE_MESSAGES.replay:
        apply((payload as LiveReplay).frames, receivedAt);
        seq = (payload as LiveReplay).seq;
        live = true;
        return;
      case LIVE_MESSAGES.feed:
        return apply([payload as FeedFrame], receivedAt);
      case LIVE_MESSAGES.batch:
        return apply((payload as LiveFeedBatch).frames, receivedAt);
    }
  };
  return t;
}

const DECODE_INLINE = process.env['BENCH_LIVE_DECODE'] === 'inline';
/** Event messages (`42/live,...`) that reached this process's protocol clients. */
let eventMessages = 0;
/** Protocol clients' connections closed or refused and retried. */
let reconnects = 0;
type Decoder = (text: string, receivedAt: number) => void;
/**
 * Event messages received by this process's protocol clients and not decoded yet, in arrival
 * order: their bytes appended to one arena, their arrival times and decoders in preallocated
 * arrays, so that an arrival allocates nothing. Measured (one 6.6 KB message to 10,000 sockets):
 * a `Buffer.from` copy per message (its own ArrayBuffer above 4 KB) took a client from 15 to 29 us
 * of CPU per message and the p99 from 179 to 364 ms.
 */
const undecoded = { arena: Buffer.allocUnsafe(64 * 1024 * 1024), used: 0, count: 0, ends: new Uint32Array(65_536), times: new Float64Array(65_536), decoders: new Array<Decoder>(65_536) };
let lastArrival = 0;
function decodeLater(data: Buffer, receivedAt: number, decode: Decoder): void {
  const u = undecoded;
  if (u.count === u.ends.length || u.used + data.length > u.arena.length) decodePending();
  data.copy(u.arena, u.used);
  u.used += data.length;
  u.ends[u.count] = u.used;
  u.times[u.count] = receivedAt;
  u.decoders[u.count++] = decode;
  lastArrival = receivedAt;
}
/** Decodes what arrived; on a timer, once no event message has arrived for 20 ms (the burst is over). */
function decodePending(): void {
  const u = undecoded;
  let start = 0;
  for (let i = 0; i < u.count; i++) {
    u.decoders[i]!(u.arena.toString('utf8', start, u.ends[i]), u.times[i]!);
    start = u.ends[i]!;
  }
  u.count = 0;
  u.used = 0;
}
function decodeWhenQuiet(): void {
  setInterval(() => {
    if (undecoded.count > 0 && Date.now() - lastArrival >= 20) decodePending();
  }, 10).unref();
}

async function clientRole(): Promise<void> {
  const { default: WebSocket } = await import('ws');
  decodeWhenQuiet();
  let live: Tracked[] = [];
  let raw: InstanceType<typeof WebSocket>[] = [];
  let rawReceived = 0;
  serve({
    connect: async (msg) => {
      const count = Number(msg['count']);
      // Every `sampleEvery`-th client is a full LiveFeedClient (1: all of them).
      const sampleEvery = Number(msg['sampleEvery']);
      for (let i = 0; i < count; i++) {
        const url = String(msg['url']);
        const event = String(msg['event']);
        live.push(i % sampleEvery === 0 ? openLiveFeedClient(url, event) : openProtocolClient(url, event));
        // A ramp, not a SYN flood: 50 clients every `rampMs` (default 25 ms: 2,000 a second per process).
        if (i % 50 === 49) await sleep(Number(msg['rampMs'] ?? 25));
      }
      return live.length;
    },
    status: () => {
      let isLive = 0;
      const seqs = new Map<number, number>();
      for (const t of live) {
        if (t.isLive()) isLive++;
        const s = t.seq() ?? -1;
        seqs.set(s, (seqs.get(s) ?? 0) + 1);
      }
      return { clients: live.length, live: isLive, seqs: [...seqs.entries()] };
    },
    /** Announcement latencies, those of the LiveFeedClient sample apart. */
    latencies: () => ({ all: live.flatMap((t) => t.latencies), sample: live.flatMap((t) => (t.kind === 'live-feed' ? t.latencies : [])) }),
    // Polled while a board travels: a count only, so the measuring does not steal the clients' CPU.
    rankedCount: (msg) => {
      const key = String(msg['key']);
      return live.reduce((n, t) => n + (t.firstRanked.has(key) ? 1 : 0), 0);
    },
    ranked: (msg) => {
      const key = String(msg['key']);
      const t0 = Number(msg['t0']);
      // [202 -> receipt, 202 -> board logged on the server, LiveFeedClient?] (same machine, same clock).
      return live.map((t) => {
        const hit = t.firstRanked.get(key);
        return hit ? [hit[0] - t0, hit[1] - t0, t.kind === 'live-feed'] : null;
      });
    },
    /**
     * Board receipts of many uploads at once, as histograms (1 ms buckets) rather than one value
     * per client and upload: `uploads` is [key, t0 (the 202)][]. Per upload: the slowest receipt,
     * the earliest board `at` - t0 (when the server logged the first board counting it), clients without a receipt.
     */
    rankedSummary: (msg) => {
      const uploads = msg['uploads'] as [string, number][];
      const all = new Map<number, number>();
      const sample = new Map<number, number>();
      const fanOut = new Map<number, number>();
      const add = (h: Map<number, number>, v: number) => h.set(v, (h.get(v) ?? 0) + 1);
      const perUpload = uploads.map(([key, t0]) => {
        let slowest = -Infinity;
        let logged: number | null = null;
        let missing = 0;
        for (const t of live) {
          const hit = t.firstRanked.get(key);
          if (!hit) {
            missing++;
            continue;
          }
          const receipt = hit[0] - t0;
          add(all, receipt);
          if (t.kind === 'live-feed') add(sample, receipt);
          add(fanOut, hit[0] - hit[1]);
          if (receipt > slowest) slowest = receipt;
          // The earliest: a client that missed the frame (reconnected) got a later board by replay.
          if (logged === null || hit[1] - t0 < logged) logged = hit[1] - t0;
        }
        return [key, slowest, logged, missing];
      });
      return { all: [...all], sample: [...sample], fanOut: [...fanOut], perUpload };
    },
    /** Event messages received so far by this process's protocol clients, their reconnections, and how many clients of each kind it holds. */
    messages: () => ({ messages: eventMessages, reconnects, protocol: live.filter((t) => t.kind === 'protocol').length, liveFeed: live.filter((t) => t.kind === 'live-feed').length }),
    received: (msg) => {
      const id = String(msg['annId']);
      return live.reduce((n, t) => n + (t.ids.has(id) ? 1 : 0), 0);
    },
    audit: (msg) => {
      // Per client: each expected announcement exactly once (as a frame, or in a snapshot's state).
      const expected = msg['ids'] as string[];
      let missed = 0;
      let duplicated = 0;
      const digests = new Map<string, number>();
      for (const t of live) {
        const client = t.feedClient;
        if (!client) throw new Error('the audit needs LiveFeedClients (connect with sampleEvery 1)');
        const inState = new Set(client.state.announcements.map((a) => a.id));
        for (const id of expected) {
          const n = t.ids.get(id) ?? 0;
          if (n > 1) duplicated++;
          if (n === 0 && !inState.has(id)) missed++;
        }
        digests.set(digestOf(client), (digests.get(digestOf(client)) ?? 0) + 1);
      }
      return { missed, duplicated, digests: [...digests.entries()] };
    },
    resetCounters: () => {
      for (const t of live) t.latencies = [];
      return true;
    },
    close: () => {
      for (const t of live) t.close();
      live = [];
      return true;
    },
    rawConnect: async (msg) => {
      const count = Number(msg['count']);
      const open = (attempt: number): Promise<InstanceType<typeof WebSocket> | null> =>
        new Promise((resolve) => {
          const ws = new WebSocket(String(msg['url']), { perMessageDeflate: false });
          ws.on('message', () => rawReceived++);
          ws.once('open', () => resolve(ws));
          ws.once('error', () => {
            // A refused connection under a burst is retried, as a browser would.
            if (attempt < 5) setTimeout(() => void open(attempt + 1).then(resolve), 200 * (attempt + 1));
            else resolve(null);
          });
        });
      for (let i = 0; i < count; i += 100) {
        const batch = await Promise.all(Array.from({ length: Math.min(100, count - i) }, () => open(0)));
        for (const ws of batch) if (ws) raw.push(ws);
      }
      return raw.length;
    },
    rawReceived: () => rawReceived,
    rawClose: () => {
      for (const ws of raw) ws.terminate();
      raw = [];
      rawReceived = 0;
      return true;
    },
  });
  process.send!({ id: 0, ok: true, value: 'ready' });
}

export function digestOf(client: { seq: number | null; state: { announcements: { id: string }[]; tasks: Record<string, { leaderboard: { rows: { team: { slug: string }; rank: number | null; scores: Record<string, number | null> }[] } }> } }): string {
  return JSON.stringify({
    seq: client.seq,
    announcements: client.state.announcements.map((a) => a.id).sort(),
    boards: Object.entries(client.state.tasks).map(([task, t]) => [task, t.leaderboard.rows.map((r) => [r.team.slug, r.rank, r.scores])]),
  });
}

if (process.argv.includes('--role=clients')) {
  // Client processes die with the controller (an orderly exit, so a CPU profile gets written).
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
  await clientRole();
}
