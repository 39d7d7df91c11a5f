// `npm run bench:live`: the live feed under 1,000 / 5,000 / 10,000 socket.io clients on loopback.
//
// One process runs the real API (embedded PGlite, or DATABASE_URL) on an event of 20 teams, plus a
// raw `ws` server; four client processes (niced, so the load generator does not starve the server)
// hold the connections. Most clients are protocol-level socket.io clients (websocket, `/live`,
// `subscribe`, JSON decode of every event message: see openProtocolClient); every 50th is a full
// LiveFeedClient, the client every screen runs, reported apart (BENCH_LIVE_SAMPLE_EVERY=1: all
// of them, which measures this box's client CPU more than the server). Everything shares this
// machine's two cores: the figures are what one small box does, not a cluster.
//
// Per level: latency from the trigger (announcement POST sent; submission 202 received) to each
// client's receipt, p50/p99/max over 8 announcements (40 at 1,000 clients) and 8 uploads, and the slowest receipt of
// each upload; server CPU per delivered message for socket.io and for a raw `ws` broadcast of the
// same bytes; server memory per connection. For submissions, also how many messages each client
// received per upload and how many frames they carried (an upload's `received`, result and board
// change travel as one `feed-batch` when they fall within the hub's batching window;
// BENCH_LIVE_BATCH_MS=0 sends each drain at once, for comparison). Then a reconnect storm: 5,000
// LiveFeedClients dropped at once, changes logged meanwhile, every client must end with the
// server's state with zero missed and zero duplicated events.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { LiveFeedClient } from '@podium/live-client';
import { type LeanWebSocket, openLeanWebSocket } from './lean-websocket.js';
import { type FeedFrame, LIVE_MESSAGES, type LiveFeedBatch, type LiveReplay, type LiveSnapshot } from '@podium/contracts';

const SELF = fileURLToPath(import.meta.url);
const ADMIN = 'bench-live-admin-token-0123456789abcdef';
const LEVELS = (process.env['BENCH_LIVE_LEVELS'] ?? '1000,5000,10000').split(',').map(Number);
const STORM = Number(process.env['BENCH_LIVE_STORM'] ?? 5000);
const CLIENT_PROCESSES = Number(process.env['BENCH_LIVE_CLIENT_PROCESSES'] ?? 4);
/** Announcements per level: at least 8, and at least 40,000 deliveries (a CPU ratio over 8 broadcasts to 1,000 sockets is mostly noise). */
const messagesFor = (level: number) => Math.max(8, Math.ceil(40_000 / level));
const SUBMISSIONS = 8;
/** Every n-th client of a level is a full LiveFeedClient, the others protocol-level socket.io clients (1: all LiveFeedClients). */
const SAMPLE_EVERY = Math.max(1, Number(process.env['BENCH_LIVE_SAMPLE_EVERY'] ?? 50));

type Msg = { id: number; cmd: string; [k: string]: unknown };
type Reply = { id: number; ok: boolean; value?: unknown; error?: string };

// ---------------------------------------------------------------- IPC plumbing
function rpc(child: ChildProcess): (cmd: string, args?: Record<string, unknown>) => Promise<unknown> {
  let next = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (raw: Reply) => {
    const w = waiting.get(raw.id);
    if (!w) return;
    waiting.delete(raw.id);
    if (raw.ok) w.resolve(raw.value);
    else w.reject(new Error(raw.error));
  });
  return (cmd, args = {}) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      child.send({ id, cmd, ...args });
    });
}

function serve(handlers: Record<string, (msg: Msg) => unknown>): void {
  process.on('message', (msg: Msg) => {
    void (async () => {
      try {
        const handler = handlers[msg.cmd];
        if (!handler) throw new Error(`unknown command ${msg.cmd}`);
        process.send!({ id: msg.id, ok: true, value: await handler(msg) } satisfies Reply);
      } catch (error) {
        process.send!({ id: msg.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies Reply);
      }
    })();
  });
}

const children: ChildProcess[] = [];

function spawnRole(role: string, extraArgs: string[] = []): ChildProcess {
  const child = fork(SELF, [`--role=${role}`, ...extraArgs], {
    execArgv: [
      '--expose-gc',
      '--conditions=podium-source',
      '--import',
      '@swc-node/register/esm-register',
      // BENCH_LIVE_PROFILE=dir: V8 CPU profiles of the server process and of the first client
      // process (`--profiled` among its arguments), to see where time goes on both ends.
      ...((role === 'server' || extraArgs.includes('--profiled')) && process.env['BENCH_LIVE_PROFILE']
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_LIVE_PROFILE']}`]
        : []),
    ],
    env: { ...process.env, SWC_NODE_PROJECT: process.env['SWC_NODE_PROJECT'] ?? 'apps/api/tsconfig.json' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // The load generator yields to the server: in a venue the clients are thousands of devices,
  // not processes stealing the server's two cores. Their decode time still counts (receipt is
  // stamped in the client once the message is decoded). BENCH_LIVE_CLIENT_NICE=0: same priority.
  if (role === 'clients' && process.env['BENCH_LIVE_CLIENT_NICE'] !== '0') setPriority(child.pid!, Number(process.env['BENCH_LIVE_CLIENT_NICE'] ?? 10));
  children.push(child);
  return child;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- server role
async function serverRole(): Promise<void> {
  const { DataSource } = await import('typeorm');
  const { WebSocketServer } = await import('ws');
  const { Test } = await import('@nestjs/testing');
  const { AppModule } = await import('../src/app.module.js');
  const { appOptions, configureApp } = await import('../src/app.factory.js');
  const { loadConfig } = await import('../src/config/app-config.js');
  const { LiveHubsService } = await import('../src/modules/live/live-hubs.service.js');
  const { LiveEmitter } = await import('../src/modules/live/live-emitter.js');
  const { InstrumentedLiveEmitter } = await import('./instrumented-live-emitter.js');
  const { seedRound } = await import('../test/submissions/round-seed.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'podium-bench-live-'));
  const loaded = loadConfig({ ...process.env, PODIUM_DEMO: 'off', PODIUM_ADMIN_TOKEN: ADMIN, PODIUM_SCORING_THREADS: '1', PODIUM_LIVE_CONNECTIONS_PER_ADDRESS: '0' });
  const batchMs = process.env['BENCH_LIVE_BATCH_MS'];
  const config = {
    ...loaded,
    ...(process.env['DATABASE_URL'] ? {} : { database: { kind: 'pglite' as const, dataDir } }),
    liveTiming: { ...loaded.liveTiming, ...(batchMs !== undefined ? { batchMs: Number(batchMs) } : {}) },
  };
  // The product's app with the bench's emitter (emit CPU, dropped connections) in place of its own.
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config)] })
    .overrideProvider(LiveEmitter)
    .useClass(InstrumentedLiveEmitter)
    .compile();
  const app = await configureApp(moduleRef.createNestApplication<NestExpressApplication>(appOptions({ logger: ['error', 'warn'] })), config);
  const emitter = app.get(LiveEmitter) as InstanceType<typeof InstrumentedLiveEmitter>;
  await app.listen(0, '127.0.0.1');
  const round = await seedRound(app.get(DataSource), { now: new Date(), teams: 20, eventSlug: `bench-${process.pid}` });
  const hubs = app.get(LiveHubsService);
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise((r) => wss.once('listening', r));
  serve({
    info: () => ({ port: (app.getHttpServer().address() as AddressInfo).port, wsPort: (wss.address() as AddressInfo).port, round }),
    usage: (msg) => {
      // A forced full GC only where heap size is read: on a 200 MB heap it stalls the process for
      // ~250 ms and resets V8's heap-growth pacing, which then starts a major GC in the middle of
      // the next measured broadcasts.
      if (msg['gc']) (globalThis as { gc?: () => void }).gc?.();
      return { cpu: process.cpuUsage(), mem: process.memoryUsage(), live: hubs.stats(), emitCpuUs: emitter.emitCpuUs, wsClients: wss.clients.size };
    },
    drop: (msg) => emitter.dropConnections(Number(msg['count'])),
    wsBroadcast: (msg) => {
      const bytes = String(msg['bytes']);
      const cpu = process.cpuUsage();
      for (const client of wss.clients) client.send(bytes);
      const spent = process.cpuUsage(cpu);
      return { sent: wss.clients.size, cpuUs: spent.user + spent.system };
    },
    stop: async () => {
      setTimeout(() => {
        void app.close().finally(() => {
          rmSync(dataDir, { recursive: true, force: true });
          process.exit(0);
        });
      }, 10);
      return true;
    },
  });
  process.send!({ id: 0, ok: true, value: 'ready' });
}

// ---------------------------------------------------------------- client role
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
  /** `team#uploads` (its n-th upload ranked) -> [receipt time, the board frame's `at` (when the server logged the board change)]. */
  firstRanked: Map<string, [number, number]>;
  isLive(): boolean;
  seq(): number | null;
  close(): void;
  /** The full client, for the storm's state audit. */
  feedClient?: InstanceType<typeof LiveFeedClient>;
}
type ClientKind = 'live-feed' | 'protocol';

/** A screen's empty counters around its client's own accessors. */
function tracked(kind: ClientKind, client: Pick<Tracked, 'isLive' | 'seq' | 'close' | 'feedClient'>): Tracked {
  return { kind, latencies: [], ids: new Map(), firstRanked: new Map(), ...client };
}

/** What every simulated screen does with a frame: announcement latency, first board ranking each upload. */
function track(t: Tracked, f: FeedFrame, now: number): void {
  if (f.type === 'announcement') {
    t.ids.set(f.data.id, (t.ids.get(f.data.id) ?? 0) + 1);
    const m = /^bench:(\d+)$/.exec(f.data.text.en);
    if (m) t.latencies.push(now - Number(m[1]));
  } else if (f.type === 'leaderboard') {
    for (const r of f.data.rows) {
      if (r.rank === null) continue;
      const key = `${r.team.slug}#${r.submissions}`;
      if (!t.firstRanked.has(key)) t.firstRanked.set(key, [now, Date.parse(f.at)]);
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
  let ws: LeanWebSocket;
  const connect = () => {
    ws = openLeanWebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      onMessage: (data) => {
        // `42/live,[...]`: an event of our namespace (the only messages that carry frames).
        if (data[0] === 0x34 && data[1] === 0x32 && data.toString('latin1', 2, 2 + ns.length) === ns) {
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
        if (!stopped) setTimeout(connect, 500 + Math.random() * 1000);
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
        if (i % 50 === 49) await sleep(25); // a ramp, not a SYN flood
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

function digestOf(client: { seq: number | null; state: { announcements: { id: string }[]; tasks: Record<string, { leaderboard: { rows: { team: { slug: string }; rank: number | null; scores: Record<string, number | null> }[] } }> } }): string {
  return JSON.stringify({
    seq: client.seq,
    announcements: client.state.announcements.map((a) => a.id).sort(),
    boards: Object.entries(client.state.tasks).map(([task, t]) => [task, t.leaderboard.rows.map((r) => [r.team.slug, r.rank, r.scores])]),
  });
}

// ---------------------------------------------------------------- controller
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function fmt(values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50)} ms, p99 ${percentile(s, 99)} ms, max ${s.at(-1)} ms (n=${s.length})`;
}

async function waitFor(check: () => Promise<boolean>, what: string | (() => string), timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(200);
  }
}

const cpuMs = (u: { user: number; system: number }) => (u.user + u.system) / 1000;

async function controller(): Promise<void> {
  const { io } = await import('socket.io-client');
  console.log(`bench:live - ${LEVELS.join(' / ')} clients, ${CLIENT_PROCESSES} client processes, storm of ${STORM}; node ${process.version}; ${cpus().length} cores shared by the server and the client processes; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const serverProc = spawnRole('server');
  const server = rpc(serverProc);
  await new Promise((resolve) => serverProc.once('message', resolve));
  const info = (await server('info')) as { port: number; wsPort: number; round: { eventSlug: string; taskSlug: string; teams: { slug: string; token: string }[]; caseIds: string[]; truth: number[] } };
  const url = `http://127.0.0.1:${info.port}`;
  const round = info.round;
  const procs = Array.from({ length: CLIENT_PROCESSES }, (_, i) => spawnRole('clients', i === 0 ? ['--profiled'] : []));
  await Promise.all(procs.map((p) => new Promise((resolve) => p.once('message', resolve))));
  const clients = procs.map(rpc);
  const all = async <T>(cmd: string, args: Record<string, unknown> | ((i: number) => Record<string, unknown>) = {}) =>
    (await Promise.all(clients.map((c, i) => c(cmd, typeof args === 'function' ? args(i) : args)))) as T[];
  /** A count summed over the client processes. */
  const total = async (cmd: string, args: Parameters<typeof all>[1] = {}) => (await all<number>(cmd, args)).reduce((a, b) => a + b, 0);
  type Usage = {
    cpu: { user: number; system: number };
    mem: { rss: number; heapUsed: number };
    live: {
      sockets: number;
      events: { position: number; stats: { emits: number; frames: number; deliveries: number; boardBuilds: number; boardBuildMs: number } }[];
    };
    emitCpuUs: number;
    wsClients: number;
  };
  const emitStats = (u: Usage) =>
    u.live.events.reduce(
      (acc, e) => ({
        d: acc.d + e.stats.deliveries,
        us: acc.us,
        emits: acc.emits + e.stats.emits,
        frames: acc.frames + e.stats.frames,
        boards: acc.boards + e.stats.boardBuilds,
        boardMs: acc.boardMs + e.stats.boardBuildMs,
      }),
      { d: 0, us: u.emitCpuUs, emits: 0, frames: 0, boards: 0, boardMs: 0 },
    );
  const usage = (options: { gc?: boolean } = {}) => server('usage', options) as Promise<Usage>;
  const announce = async (text: string) => {
    const res = await fetch(`${url}/api/admin/events/${round.eventSlug}/announcements`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    if (res.status !== 201) throw new Error(`announcement answered ${res.status}`);
    return ((await res.json()) as { id: string }).id;
  };
  /** Logs an announcement, waits until all `clients` have it, then a short pause. */
  const announceToAll = async (text: string, clients: number) => {
    const id = await announce(text);
    await waitFor(async () => (await total('received', { annId: id })) >= clients, `announcement "${text}" on every client`, 120_000);
    await sleep(300);
  };
  const split = (n: number) => Array.from({ length: CLIENT_PROCESSES }, (_, i) => Math.floor(n / CLIENT_PROCESSES) + (i < n % CLIENT_PROCESSES ? 1 : 0));
  const totalLive = async () => (await all<{ live: number }>('status')).reduce((n, s) => n + s.live, 0);
  /** Waits until `count` clients are live; a timeout says how many were. */
  const waitLive = async (count: number) => {
    let live = 0;
    await waitFor(async () => (live = await totalLive()) >= count, () => `${count} live clients (${live} are)`, 300_000);
  };

  // One bare socket.io client captures the exact bytes of a feed frame for the raw ws comparison.
  const probe = io(`${url}/live`, { transports: ['websocket'] });
  let frameBytes = '';
  /** Size of the last message that carried a board (an upload's batch), as sent. */
  let boardBytes = 0;
  probe.io.on('open', () => probe.io.engine.on('packet', (p: { data?: unknown }) => {
    if (typeof p.data !== 'string') return;
    if (/"feed(-batch)?"/.test(p.data) && p.data.includes('bench:')) frameBytes = `4${p.data}`;
    if (p.data.includes('"type":"leaderboard"')) boardBytes = p.data.length + 1;
  }));
  probe.emit('subscribe', { event: round.eventSlug });

  let teamIndex = 0;
  const uploads = new Map<string, number>();
  const results: string[] = [];
  for (const level of LEVELS) {
    console.log(`\n== ${level} socket.io clients`);
    const idle = await usage({ gc: true });
    const counts = split(level);
    const messages = messagesFor(level);
    const t0 = Date.now();
    await all('connect', (i) => ({ url, event: round.eventSlug, count: counts[i], sampleEvery: SAMPLE_EVERY }));
    await waitLive(level);
    console.log(`  ${level} clients live in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await sleep(1500);
    const connected = await usage({ gc: true });
    const perConnKb = (connected.mem.rss - idle.mem.rss) / level / 1024;
    const perConnHeapKb = (connected.mem.heapUsed - idle.mem.heapUsed) / level / 1024;

    // Announcements, one at a time (a board change every few seconds is the real load; a
    // saturated server would measure its queue, not its latency). Trigger = the POST leaving here.
    // One unmeasured broadcast first, on each path: the first one of a run pays for the JIT.
    await announceToAll('warm-up', level);
    await all('resetCounters');
    const before = await usage();
    const phaseStart = Date.now();
    for (let m = 0; m < messages; m++) await announceToAll(`bench:${Date.now()}`, level);
    const after = await usage();
    const phaseMs = Date.now() - phaseStart;
    // Background CPU over a window as long as the phase (engine.io pings of every socket, the
    // log poll, the clock ticker, the controller's status polls), subtracted from both figures.
    const idleWindow = async (ms: number) => {
      const a = await usage();
      const start = Date.now();
      while (Date.now() - start < ms) {
        await all('received', { annId: 'none' });
        await sleep(200);
      }
      const b = await usage();
      return cpuMs(b.cpu) - cpuMs(a.cpu);
    };
    const announced = await all<{ all: number[]; sample: number[] }>('latencies');
    const latencies = announced.flatMap((l) => l.all);
    const sampleLatencies = announced.flatMap((l) => l.sample);
    const delivered = latencies.length;
    // The broadcast alone: CPU inside the socket.io emits / sockets reached (what raw ws is compared with).
    const emitBefore = emitStats(before);
    const emitAfter = emitStats(after);
    const ioEmitUs = (emitAfter.us - emitBefore.us) / (emitAfter.d - emitBefore.d);

    // Submissions: trigger = the 202; receipt = the first board frame where the team is ranked with this upload counted.
    let subBefore = emitStats(await usage());
    const subLat: number[] = [];
    const sampleSubLat: number[] = [];
    // Split of that latency: 202 -> board change logged (scoring + board refresh, one per upload),
    // then board logged -> receipt (the live feed: batching window, projection, fan-out, client decode).
    const pipeline: number[] = [];
    const fanOut: number[] = [];
    /** Per upload: the slowest receipt (which upload the tail comes from). */
    const slowest: number[] = [];
    // s = -1: an unmeasured warm-up upload. The first upload after the announcements was the
    // slowest of every level (+50-100 ms at 10k; its 202 -> board logged also ~2x the others).
    for (let s = -1; s < SUBMISSIONS; s++) {
      if (s === 0) subBefore = emitStats(await usage());
      const team = round.teams[teamIndex++ % round.teams.length]!;
      const body = ['id,p', ...round.caseIds.map((id, i) => `${id},${(round.truth[i] === 1 ? 0.9 : 0.1) + teamIndex * 1e-6}`)].join('\n') + '\n';
      const form = new FormData();
      form.append('file', new Blob([body]), 'p.csv');
      const res = await fetch(`${url}/api/events/${round.eventSlug}/tasks/${round.taskSlug}/submissions`, { method: 'POST', headers: { Authorization: `Bearer ${team.token}` }, body: form });
      const accepted = Date.now();
      if (res.status !== 202) throw new Error(`submission answered ${res.status}: ${await res.text()}`);
      uploads.set(team.slug, (uploads.get(team.slug) ?? 0) + 1);
      const key = `${team.slug}#${uploads.get(team.slug)}`;
      await waitFor(async () => (await total('rankedCount', { key })) >= level, `board with ${key} on every client`, 120_000);
      const hits = (await all<[number, number, boolean][]>('ranked', { key, t0: accepted })).flat();
      if (s < 0) {
        await sleep(300);
        continue;
      }
      subLat.push(...hits.map(([receipt]) => receipt));
      slowest.push(Math.max(...hits.map(([receipt]) => receipt)));
      sampleSubLat.push(...hits.filter(([, , full]) => full).map(([receipt]) => receipt));
      pipeline.push(hits[0]![1]);
      fanOut.push(...hits.map(([receipt, logged]) => receipt - logged));
      await sleep(300); // as between announcements: uploads a few seconds apart, not back to back
    }

    // Messages written per client per upload (sockets reached / clients / uploads), and frames per emit.
    await sleep(500); // a board frame sent after the last receipt check still belongs to this phase
    const subAfter = emitStats(await usage());
    // The idle window comes after the uploads, not between the phases: uploads follow the
    // announcements at the same pace as each other (after seconds of idling, V8's memory reducer
    // starts a major GC that the first upload would meet).
    const ioIdleMs = await idleWindow(phaseMs);
    const ioCpuUs = ((cpuMs(after.cpu) - cpuMs(before.cpu) - ioIdleMs) * 1000) / delivered;
    const msgsPerUpload = (subAfter.d - subBefore.d) / level / SUBMISSIONS;
    const framesPerMsg = (subAfter.frames - subBefore.frames) / Math.max(1, subAfter.emits - subBefore.emits);
    const uploadMsgs = `slowest receipt per upload ${slowest.join('/')} ms; ${msgsPerUpload.toFixed(2)} messages/client/upload, ${framesPerMsg.toFixed(2)} frames/message; 202->board logged ${pipeline.join('/')} ms, board built in ${((subAfter.boardMs - subBefore.boardMs) / Math.max(1, subAfter.boards - subBefore.boards)).toFixed(0)} ms, logged->receipt p50 ${percentile([...fanOut].sort((a, b) => a - b), 50)} ms, p99 ${percentile([...fanOut].sort((a, b) => a - b), 99)} ms`;
    const sampleLine = SAMPLE_EVERY === 1 ? 'every client a LiveFeedClient' : `LiveFeedClient sample (1 in ${SAMPLE_EVERY}): announcement ${fmt(sampleLatencies)}; submission ${fmt(sampleSubLat)}`;
    const ioLines = [
      `announcement->receipt ${fmt(latencies)}`,
      `submission 202->board ${fmt(subLat)} (${uploadMsgs})`,
      sampleLine,
      `server memory/connection ${perConnHeapKb.toFixed(1)} KB heap (${perConnKb.toFixed(1)} KB rss, noisy)`,
    ];
    for (const l of ioLines) console.log(`  ${l}`);
    await all('close');
    await waitFor(async () => (await usage()).live.sockets <= 1, 'socket.io clients gone', 60_000);

    // Raw ws: the same bytes, the same number of clients, the same count of messages.
    const rawCount = await total('rawConnect', (i) => ({ url: `ws://127.0.0.1:${info.wsPort}`, count: counts[i] }));
    if (rawCount < level) console.log(`  (raw ws: only ${rawCount} of ${level} connections opened)`);
    await sleep(1000);
    await server('wsBroadcast', { bytes: frameBytes });
    await waitFor(async () => (await total('rawReceived')) >= rawCount, 'raw ws warm-up', 120_000);
    await sleep(300);
    const wsBefore = await usage();
    const wsStart = Date.now();
    let wsLoopUs = 0;
    let wsSent = 0;
    for (let m = 0; m < messages; m++) {
      const r = (await server('wsBroadcast', { bytes: frameBytes })) as { sent: number; cpuUs: number };
      wsLoopUs += r.cpuUs;
      wsSent += r.sent;
      const target = rawCount * (m + 2); // + the warm-up
      await waitFor(async () => (await total('rawReceived')) >= target, 'raw ws deliveries', 120_000);
      await sleep(300);
    }
    const wsAfter = await usage();
    const wsIdleMs = await idleWindow(Date.now() - wsStart);
    const wsCpuUs = ((cpuMs(wsAfter.cpu) - cpuMs(wsBefore.cpu) - wsIdleMs) * 1000) / (rawCount * messages);
    await all('rawClose');
    const wsEmitUs = wsLoopUs / wsSent;

    const line = [
      `${String(level).padStart(6)} clients`,
      `announcement->receipt ${fmt(latencies)}`,
      `submission 202->board ${fmt(subLat)} (${uploadMsgs})`,
      sampleLine,
      `broadcast CPU/message socket.io ${ioEmitUs.toFixed(2)} us, raw ws ${wsEmitUs.toFixed(2)} us, ratio ${(ioEmitUs / wsEmitUs).toFixed(2)}x`,
      `whole-process CPU/message ${ioCpuUs.toFixed(2)} us vs ${wsCpuUs.toFixed(2)} us (${(ioCpuUs / wsCpuUs).toFixed(2)}x)`,
      `memory/connection ${perConnHeapKb.toFixed(1)} KB heap (${perConnKb.toFixed(1)} KB rss)`,
      `announcement message ${frameBytes.length} bytes, last upload message ${boardBytes} bytes`,
      `load average ${loadavg()[0]!.toFixed(2)}`,
    ];
    console.log(`  broadcast CPU per delivered message: socket.io ${ioEmitUs.toFixed(2)} us, raw ws ${wsEmitUs.toFixed(2)} us, ratio ${(ioEmitUs / wsEmitUs).toFixed(2)}x`);
    console.log(`  whole-process CPU per delivered message (idle subtracted): socket.io path ${ioCpuUs.toFixed(2)} us (incl. HTTP + DB append + projection), raw ws ${wsCpuUs.toFixed(2)} us, ratio ${(ioCpuUs / wsCpuUs).toFixed(2)}x`);
    results.push(line.join(' | '));
    await sleep(1000);
  }

  // Reconnect storm.
  console.log(`\n== reconnect storm: ${STORM} clients dropped at once`);
  await all('connect', (i) => ({ url, event: round.eventSlug, count: split(STORM)[i], sampleEvery: 1 }));
  await waitLive(STORM);
  const dropped = (await server('drop', { count: STORM + 10 })) as number;
  const stormStart = Date.now();
  const during: string[] = [];
  for (let m = 0; m < 5; m++) {
    during.push(await announce(`storm ${m}`));
    await sleep(200);
  }
  const head = async () => (await usage()).live.events.find(() => true)?.position ?? 0;
  await waitFor(async () => {
    const h = await head();
    const statuses = await all<{ live: number; seqs: [number, number][] }>('status');
    return statuses.every((s) => s.seqs.every(([seq]) => seq === h)) && statuses.reduce((n, s) => n + s.live, 0) >= STORM;
  }, 'every client live at the server position', 300_000);
  const recoveredMs = Date.now() - stormStart;
  const audits = await all<{ missed: number; duplicated: number; digests: [string, number][] }>('audit', { ids: during });
  const digests = new Map<string, number>();
  for (const a of audits) for (const [d, n] of a.digests) digests.set(d, (digests.get(d) ?? 0) + n);
  // The reference: a fresh subscriber's state (what the server holds now).
  const reference = new LiveFeedClient({ url, event: round.eventSlug, transports: ['websocket'] }).connect();
  await waitFor(async () => reference.health.status === 'live', 'reference client', 30_000);
  const refDigest = digestOf(reference);
  reference.close();
  const missed = audits.reduce((n, a) => n + a.missed, 0);
  const duplicated = audits.reduce((n, a) => n + a.duplicated, 0);
  const matching = digests.get(refDigest) ?? 0;
  const storm = `storm: ${dropped} dropped, all live again at the server seq in ${(recoveredMs / 1000).toFixed(1)} s; ${missed} missed, ${duplicated} duplicated; ${matching}/${STORM} clients hold exactly the server state (${digests.size} distinct state${digests.size === 1 ? '' : 's'})`;
  console.log(`  ${storm}`);
  await all('close');

  console.log('\nSummary');
  for (const r of results) console.log(`  ${r}`);
  console.log(`  ${storm}`);
  probe.close();
  await server('stop').catch(() => undefined);
  for (const p of procs) p.kill();
  process.exit(missed === 0 && duplicated === 0 && matching === STORM ? 0 : 1);
}

const role = process.argv.find((a) => a.startsWith('--role='))?.slice('--role='.length);
if (role === 'server') {
  process.on('disconnect', () => process.exit(0));
  await serverRole();
}
else if (role === 'clients') {
  // Client processes die with the controller (an orderly exit, so a CPU profile gets written).
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
  await clientRole();
} else {
  try {
    await controller();
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    for (const child of children) child.kill();
    process.exit(1);
  }
}
