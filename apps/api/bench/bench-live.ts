// `npm run bench:live`: the live feed under 1,000 / 5,000 / 10,000 socket.io clients on loopback.
//
// One process runs the real API (embedded PGlite, or DATABASE_URL) on an event of 20 teams, plus a
// raw `ws` server; four client processes (niced, so the load generator does not starve the server)
// hold the connections (live-clients.ts). Most clients are protocol-level socket.io clients (websocket, `/live`,
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
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { LiveFeedClient } from '@podium/live-client';
import { cpuMs, fmt, percentile, rpc, runBench, serve, sleep, spawnRole, waitFor } from './live-bench-kit.js';
import { CLIENTS_ENTRY, digestOf } from './live-clients.js';

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

// ---------------------------------------------------------------- controller
async function controller(): Promise<void> {
  const { io } = await import('socket.io-client');
  console.log(`bench:live - ${LEVELS.join(' / ')} clients, ${CLIENT_PROCESSES} client processes, storm of ${STORM}; node ${process.version}; ${cpus().length} cores shared by the server and the client processes; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const serverProc = spawnRole(SELF, 'server');
  const server = rpc(serverProc);
  await new Promise((resolve) => serverProc.once('message', resolve));
  const info = (await server('info')) as { port: number; wsPort: number; round: { eventSlug: string; taskSlug: string; teams: { slug: string; token: string }[]; caseIds: string[]; truth: number[] } };
  const url = `http://127.0.0.1:${info.port}`;
  const round = info.round;
  const procs = Array.from({ length: CLIENT_PROCESSES }, (_, i) => spawnRole(CLIENTS_ENTRY, 'clients', i === 0 ? ['--profiled'] : []));
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
      events: { position: number; streams: Record<string, number>; stats: { emits: number; frames: number; deliveries: number; boardBuilds: number; boardBuildMs: number } }[];
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
      const key = `${round.taskSlug}:${team.slug}#${uploads.get(team.slug)}`;
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
  // The storm's clients are public screens: they hold the last seq the public stream carried, which
  // is behind the hub's position when the log ends with frames public screens do not get.
  const head = async () => (await usage()).live.events.find(() => true)?.streams.public ?? 0;
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

await runBench({ server: serverRole }, controller);
