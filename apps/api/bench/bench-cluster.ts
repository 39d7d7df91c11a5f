// `npm run bench:cluster`: the live feed and scoring on the multi-node topology of `npm run
// cluster` (docker/cluster.mjs: nginx with 4 workers, two API nodes, one scoring worker, a private
// PostgreSQL, Redis; run `npm run build` first) while teams submit.
//
// The demo event (quotas lifted) is imported through nginx. Per level (BENCH_CLUSTER_LEVELS, or
// BENCH_CLUSTER_CLIENTS, default 20000): that many socket.io clients connect through nginx, spread
// over the two nodes by nginx's `affinity` hash (live-clients.ts, as in bench:live: protocol-level
// clients on a bare websocket, every 50th a full LiveFeedClient, four niced client processes).
// Then for BENCH_CLUSTER_SECONDS (default 120): 200 lung CSV uploads a minute spread over the 20
// teams, plus one 500-mask sarcopenia zip a minute, each through nginx. Measured:
// - 202 -> board: from an upload's 202 to each client's receipt of the first board frame that
//   counts it (task, team, n-th settled submission), p50/p99/max over every client and upload;
// - the scoring lag: received_at -> scored_at of those submissions (PostgreSQL);
// - server CPU per delivered message: the two API node processes (/proc/<pid>/stat) over the
//   load phase, an idle window subtracted, per message the clients received; against two raw
//   `ws` server processes broadcasting the same bytes (the messages a probe client received
//   during the phase) to the same number of sockets, in the same run. The API figure is the whole
//   process (uploads, database, boards, fan-out); nginx's CPU per message is printed beside it;
// - memory per connection: RSS of the API nodes (and nginx's workers, the raw servers) before and
//   after the clients connect.
// Everything, clients included, shares this machine's cores: see the README for what a second
// machine changes.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildDemoBundleFiles, buildDemoSubmission, DEMO_EVENT_SLUG, DEMO_SEED, demoTeamSkill, zipEntries } from '@podium/demo';
import type { ImportEventResponse } from '@podium/contracts';
import pg from 'pg';
import { children, fmt, rpc, runBench, serve, sleep, spawnRole, waitFor } from './live-bench-kit.js';
import { CLIENTS_ENTRY } from './live-clients.js';

type ClusterModule = typeof import('../../../docker/cluster.mjs');
type Cluster = InstanceType<ClusterModule['Cluster']>;

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ADMIN = 'bench-cluster-admin-token-0123456789abcdef';
const LEVELS = (process.env['BENCH_CLUSTER_LEVELS'] ?? process.env['BENCH_CLUSTER_CLIENTS'] ?? '20000').split(',').map(Number);
const SECONDS = Number(process.env['BENCH_CLUSTER_SECONDS'] ?? 120);
const CSV_PER_MINUTE = Number(process.env['BENCH_CLUSTER_CSV_PER_MINUTE'] ?? 200);
const ZIPS_PER_MINUTE = 1;
const CLIENT_PROCESSES = Number(process.env['BENCH_LIVE_CLIENT_PROCESSES'] ?? 4);
const SAMPLE_EVERY = Math.max(1, Number(process.env['BENCH_LIVE_SAMPLE_EVERY'] ?? 50));
/** Messages of the phase replayed over raw `ws` (evenly spaced): a per-message rate needs no more. */
const RAW_MESSAGES = Number(process.env['BENCH_CLUSTER_RAW_MESSAGES'] ?? 40);
const RAW_SERVERS = 2;
/** Per client process, 50 clients every RAMP_MS: 500 connections a second through nginx by default. */
const RAMP_MS = Number(process.env['BENCH_CLUSTER_RAMP_MS'] ?? 400);
const NGINX_WORKERS = 4;
const TEAMS = 20;
const TARGET_P99_MS = 1000;
const TARGET_LAG_P99_MS = 2000;
const CLOCK_TICK_MS = 10; // USER_HZ = 100 on Linux

// ---------------------------------------------------------------- /proc readings
/** CPU time (user + system) of a process, in ms. */
function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
}
function procRss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}
function childPids(parent: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
/** Busy and total jiffies of the whole machine (/proc/stat). */
function machineCpu(): { busy: number; total: number } {
  const values = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: total - values[3]! - values[4]!, total };
}

type Groups = Record<'api' | 'nginx' | 'worker' | 'raw' | 'clients', number[]>;
const sumCpu = (pids: number[]) => pids.reduce((n, pid) => n + procCpuMs(pid), 0);
const sumRss = (pids: number[]) => pids.reduce((n, pid) => n + procRss(pid), 0);
function cpuOf(groups: Groups): Record<keyof Groups, number> & { machine: { busy: number; total: number }; at: number } {
  return {
    api: sumCpu(groups.api),
    nginx: sumCpu(groups.nginx),
    worker: sumCpu(groups.worker),
    raw: sumCpu(groups.raw),
    clients: sumCpu(groups.clients),
    machine: machineCpu(),
    at: Date.now(),
  };
}

/** nginx's error log by kind of message ("upstream timed out", "no live upstreams"...), from line `from` on. */
function nginxErrors(prefix: string, from: number): { lines: number; text: string } {
  const lines = readFileSync(join(prefix, 'logs/error.log'), 'utf8').split('\n').filter(Boolean);
  const kinds = new Map<string, number>();
  for (const line of lines.slice(from)) {
    if (line.includes('setrlimit')) continue;
    const kind = /\*\d+ ([^,(]+)/.exec(line)?.[1]?.trim() ?? line.slice(20, 80);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return { lines: lines.length, text: [...kinds].map(([k, n]) => `${k} x${n}`).join(', ') || 'none' };
}

// ---------------------------------------------------------------- raw ws server role
async function rawServerRole(): Promise<void> {
  const { WebSocketServer } = await import('ws');
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise((r) => wss.once('listening', r));
  serve({
    info: () => ({ port: (wss.address() as AddressInfo).port }),
    broadcast: (msg) => {
      const bytes = String(msg['bytes']);
      for (const client of wss.clients) client.send(bytes);
      return wss.clients.size;
    },
    clients: () => wss.clients.size,
  });
  process.send!({ id: 0, ok: true, value: 'ready' });
}

// ---------------------------------------------------------------- helpers
const percentileOf = (hist: Map<number, number>, p: number): number => {
  const sorted = [...hist.entries()].sort((a, b) => a[0] - b[0]);
  const n = sorted.reduce((a, [, c]) => a + c, 0);
  if (n === 0) return NaN;
  const rank = Math.min(n - 1, Math.floor((p / 100) * n));
  let seen = 0;
  for (const [v, c] of sorted) {
    seen += c;
    if (seen > rank) return v;
  }
  return sorted.at(-1)![0];
};
const histText = (hist: Map<number, number>) => {
  const n = [...hist.values()].reduce((a, b) => a + b, 0);
  return `p50 ${percentileOf(hist, 50)} ms, p99 ${percentileOf(hist, 99)} ms, max ${[...hist.keys()].reduce((a, b) => Math.max(a, b), -Infinity)} ms (n=${n})`;
};
const merge = (into: Map<number, number>, entries: [number, number][]) => {
  for (const [v, c] of entries) into.set(v, (into.get(v) ?? 0) + c);
};
const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** The demo bundle without its quotas (10 lung uploads an hour per team): the bench sends 200 a minute. */
function benchBundle(): Uint8Array {
  const files = buildDemoBundleFiles({ now: new Date() });
  const yaml = files.find((f) => f.path === 'event.yaml')!;
  const text = new TextDecoder().decode(yaml.bytes);
  const lifted = text.replace(/\n(\s+)quota:\n\1\s+submissions: \d+\n\1\s+per_minutes: \d+/g, '');
  if (lifted === text || lifted.includes('quota')) throw new Error('bench:cluster: could not lift the demo quotas (event.yaml changed shape?)');
  return zipEntries(files.map((f) => (f === yaml ? { ...f, bytes: new TextEncoder().encode(lifted) } : f)));
}

interface Upload {
  task: 'lung' | 'sarcopenia';
  team: number;
  key: string;
  t0: number;
  id: string;
}

// ---------------------------------------------------------------- controller
async function controller(): Promise<void> {
  const { io } = await import('socket.io-client');
  const { freePortBase, startCluster } = (await import(pathToFileURL(join(ROOT, 'docker/cluster.mjs')).href)) as ClusterModule;
  console.log(
    `bench:cluster - ${LEVELS.join(' / ')} clients through nginx (${NGINX_WORKERS} workers) to 2 API nodes, 1 scoring worker; ${SECONDS} s of ${CSV_PER_MINUTE} CSV + ${ZIPS_PER_MINUTE} 500-mask zip per minute; ` +
      `${CLIENT_PROCESSES} client processes (niced); node ${process.version}; ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${mb(totalmem())} RAM (${mb(freemem())} free); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
  const sampleZip = buildDemoSubmission({ task: 'sarcopenia', team: 0, skill: demoTeamSkill(DEMO_SEED, 0), attempt: 0 }).bytes;
  const sampleCsv = buildDemoSubmission({ task: 'lung', team: 0, skill: demoTeamSkill(DEMO_SEED, 0), attempt: 0 }).bytes;
  console.log(`  inputs: lung CSV ${(sampleCsv.length / 1024).toFixed(1)} KB, sarcopenia zip ${(sampleZip.length / 1024 / 1024).toFixed(1)} MiB (500 masks), each upload a different file (generated before each level)`);

  const lines: string[] = [];
  const cluster: Cluster = await startCluster({
    port: await freePortBase(2),
    host: '127.0.0.1',
    nodes: 2,
    workers: 1,
    privatePostgres: true,
    demo: false,
    nginxWorkers: NGINX_WORKERS,
    env: { PODIUM_ADMIN_TOKEN: ADMIN, PODIUM_SCORING_THREADS: '1', PODIUM_REJECTED_UPLOADS_PER_MINUTE: '0' },
    log: (name, line) => {
      lines.push(`[${name}] ${line}`);
      if (/error|warn/i.test(line) && !/nginx/.test(name)) console.log(`  [${name}] ${line.slice(0, 300)}`);
    },
  }).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${lines.slice(-40).join('\n')}`);
  });
  const stopAll = async () => {
    for (const child of children) child.kill();
    await cluster.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().finally(() => process.exit(130)));
  // Last resort: nothing the cluster started outlives this process.
  process.once('exit', () => cluster.killAllNow());
  try {
    await run(cluster, io);
  } finally {
    await stopAll();
  }
}

async function run(cluster: Cluster, io: typeof import('socket.io-client').io): Promise<void> {
  const url = cluster.url;
  const imported = await fetch(`${url}/api/admin/events`, { method: 'POST', headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/zip' }, body: benchBundle() });
  if (imported.status !== 201 && imported.status !== 200) throw new Error(`bundle import answered ${imported.status}: ${await imported.text()}`);
  const teams = ((await imported.json()) as ImportEventResponse).teams;
  if (teams.length !== TEAMS) throw new Error(`expected ${TEAMS} teams, got ${teams.length}`);
  const tokens = teams.map((t) => t.token);
  const teamSlugs = teams.map((t) => t.slug);
  const db = new pg.Client({ connectionString: cluster.databaseUrl });
  await db.connect();

  const pidOf = (name: string) => cluster.processes.get(name)!.child!.pid!;
  const nginxMaster = Number(readFileSync(join(cluster.nginxPrefix, 'nginx.pid'), 'utf8').trim());
  const rawProcs = Array.from({ length: RAW_SERVERS }, () => spawnRole(SELF, 'raw'));
  const clientProcs = Array.from({ length: CLIENT_PROCESSES }, (_, i) => spawnRole(CLIENTS_ENTRY, 'clients', i === 0 ? ['--profiled'] : []));
  await Promise.all([...rawProcs, ...clientProcs].map((p) => new Promise((resolve) => p.once('message', resolve))));
  const raws = rawProcs.map(rpc);
  const rawPorts = await Promise.all(raws.map(async (r) => ((await r('info')) as { port: number }).port));
  const clients = clientProcs.map(rpc);
  const groups: Groups = {
    api: cluster.nodeNames.map(pidOf),
    nginx: childPids(nginxMaster),
    worker: cluster.workerNames.map(pidOf),
    raw: rawProcs.map((p) => p.pid!),
    clients: clientProcs.map((p) => p.pid!),
  };
  console.log(`  cluster up at ${url}: API nodes ${groups.api.join(', ')}, nginx workers ${groups.nginx.join(', ')}, scoring worker ${groups.worker.join(', ')}`);
  const all = async <T>(cmd: string, args: Record<string, unknown> | ((i: number) => Record<string, unknown>) = {}) =>
    (await Promise.all(clients.map((c, i) => c(cmd, typeof args === 'function' ? args(i) : args)))) as T[];
  const total = async (cmd: string, args: Parameters<typeof all>[1] = {}) => (await all<number>(cmd, args)).reduce((a, b) => a + b, 0);
  const split = (n: number) => Array.from({ length: CLIENT_PROCESSES }, (_, i) => Math.floor(n / CLIENT_PROCESSES) + (i < n % CLIENT_PROCESSES ? 1 : 0));
  const totalLive = async () => (await all<{ live: number }>('status')).reduce((n, s) => n + s.live, 0);
  const protocolMessages = async () => {
    const m = await all<{ messages: number; reconnects: number; protocol: number; liveFeed: number }>('messages');
    return { messages: m.reduce((n, x) => n + x.messages, 0), reconnects: m.reduce((n, x) => n + x.reconnects, 0), protocol: m.reduce((n, x) => n + x.protocol, 0), liveFeed: m.reduce((n, x) => n + x.liveFeed, 0) };
  };

  // One probe client records the bytes of every event message of a phase, for the raw `ws` replay.
  const probe = io(`${url}/live`, { transports: ['websocket'], query: { affinity: 'bench-probe' } });
  let recording: string[] | null = null;
  probe.io.on('open', () =>
    probe.io.engine.on('packet', (p: { type: string; data?: unknown }) => {
      if (recording && p.type === 'message' && typeof p.data === 'string' && p.data.startsWith('2/live,')) recording.push(`4${p.data}`);
    }),
  );
  probe.emit('subscribe', { event: DEMO_EVENT_SLUG });

  /** 202s per task and team so far (the key of the next board that counts an upload). */
  const counts = new Map<string, number>();
  /** Answers before a 202 (5xx, network errors): the upload is sent again with its Idempotency-Key, as `podium submit` does. */
  const retried: string[] = [];
  const upload = async (task: Upload['task'], team: number, body: Uint8Array, attemptKey: string): Promise<Upload> => {
    let res: Response | null = null;
    let text = '';
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        res = await fetch(`${url}/api/events/${DEMO_EVENT_SLUG}/tasks/${task}/submissions?affinity=${attemptKey}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${tokens[team]}`, 'Content-Type': task === 'lung' ? 'text/csv' : 'application/zip', 'X-File-Name': task === 'lung' ? 'lung.csv' : 'masks.zip', 'Idempotency-Key': attemptKey },
          body,
        });
        text = await res.text();
      } catch (error) {
        res = null;
        text = error instanceof Error ? error.message : String(error);
      }
      if (res && res.status < 500) break;
      retried.push(`${res?.status ?? 'network'} ${text.replace(/\s+/g, ' ').slice(0, 80)}`);
      await sleep(150);
    }
    const t0 = Date.now();
    if (res?.status !== 202) throw new Error(`${task} upload of team ${team} answered ${res?.status}: ${text.slice(0, 300)}`);
    const slot = `${task}:${teamSlugs[team]}`;
    counts.set(slot, (counts.get(slot) ?? 0) + 1);
    return { task, team, key: `${slot}#${counts.get(slot)}`, t0, id: (JSON.parse(text) as { id: string }).id };
  };
  // Every upload a file of its own (the demo's next attempt of that team): identical bytes would
  // not make a new submission. Generated before each level, not while it is measured.
  let uploadSeq = 0;
  const attempts = new Map<string, number>();
  const nextFile = (task: Upload['task'], team: number) => {
    const attempt = attempts.get(`${task}:${team}`) ?? 0;
    attempts.set(`${task}:${team}`, attempt + 1);
    return buildDemoSubmission({ task, team, skill: demoTeamSkill(DEMO_SEED, team), attempt }).bytes;
  };
  let csvFiles: Uint8Array[] = [];
  let zipFiles: [number, Uint8Array][] = [];
  const prepare = (level: number) => {
    csvFiles = Array.from({ length: Math.ceil((SECONDS * CSV_PER_MINUTE) / 60) + 10 }, (_, i) => nextFile('lung', (uploadSeq + i) % TEAMS));
    zipFiles = Array.from({ length: Math.ceil(SECONDS / 60) * ZIPS_PER_MINUTE }, (_, i) => {
      const team = (Math.floor(level / 1000) + i) % TEAMS;
      return [team, nextFile('sarcopenia', team)];
    });
  };
  const nextLung = () => {
    const i = uploadSeq++;
    const body = csvFiles.shift();
    if (!body) throw new Error('bench:cluster: out of prepared CSV files');
    return upload('lung', i % TEAMS, body, `bench-${process.pid}-${i}`);
  };
  const everyoneHas = async (key: string, level: number, timeoutMs: number) => {
    let n = 0;
    await waitFor(async () => (n = await total('rankedCount', { key })) >= level, () => `board with ${key} on every client (${n} of ${level})`, timeoutMs);
  };

  const summary: string[] = [];
  for (const level of LEVELS) {
    console.log(`\n== ${level} socket.io clients through nginx`);
    let nginxLog = nginxErrors(cluster.nginxPrefix, 0);
    prepare(level);
    await sleep(2000);
    const rssBefore = { api: sumRss(groups.api), nginx: sumRss(groups.nginx) };
    const t0 = Date.now();
    const perProcess = split(level);
    // Slower than bench:live's ramp (8,000 a second in all): a burst that overflows a node's accept
    // queue makes nginx time out connecting (2 s, then 502) and the client retry.
    await all('connect', (i) => ({ url, event: DEMO_EVENT_SLUG, count: perProcess[i], sampleEvery: SAMPLE_EVERY, rampMs: RAMP_MS }));
    let live = 0;
    await waitFor(async () => (live = await totalLive()) >= level, () => `${level} live clients (${live} are)`, 300_000);
    console.log(`  ${level} clients live in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await sleep(2000);
    const rssAfter = { api: sumRss(groups.api), nginx: sumRss(groups.nginx) };
    // How nginx spread them: established connections on each node's port.
    const spread = cluster.nodePorts.map((port) => spawnSync('ss', ['-Htn', 'state', 'established', `( sport = :${port} )`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).length);
    console.log(`  connections per API node: ${spread.join(' / ')}; nginx errors meanwhile: ${(nginxLog = nginxErrors(cluster.nginxPrefix, nginxLog.lines)).text}`);

    // Warm-up: a few uploads, unmeasured (the first boards of a level pay for the JIT and the fresh sockets).
    for (let w = 0; w < 3; w++) {
      const u = await nextLung();
      await everyoneHas(u.key, level, 120_000);
    }
    // Idle: the background CPU of the nodes with `level` sockets open (engine.io pings, clocks).
    const idleA = cpuOf(groups);
    await sleep(5000);
    const idleB = cpuOf(groups);
    const idleRate = { api: (idleB.api - idleA.api) / (idleB.at - idleA.at), nginx: (idleB.nginx - idleA.nginx) / (idleB.at - idleA.at) };

    // The load: CSV uploads every 60000/CSV_PER_MINUTE ms, a zip every minute (the first 5 s in).
    await all('resetCounters');
    recording = [];
    const msgBefore = await protocolMessages();
    const cpuBefore = cpuOf(groups);
    const phaseStart = Date.now();
    const sent: Promise<Upload | Error>[] = [];
    const track = (p: Promise<Upload>) => sent.push(p.catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))));
    retried.length = 0;
    const errors: string[] = [];
    const csvEvery = 60_000 / CSV_PER_MINUTE;
    let csvSent = 0;
    let zipSent = 0;
    while (Date.now() - phaseStart < SECONDS * 1000) {
      const elapsed = Date.now() - phaseStart;
      if (csvSent * csvEvery <= elapsed) {
        csvSent++;
        track(nextLung());
        continue;
      }
      if (zipSent < ZIPS_PER_MINUTE * Math.floor((elapsed - 5000) / 60_000 + 1) && elapsed >= 5000) {
        const [team, body] = zipFiles[zipSent] ?? zipFiles[0]!;
        zipSent++;
        track(upload('sarcopenia', team, body, `bench-${process.pid}-zip-${level}-${zipSent}`));
        continue;
      }
      await sleep(Math.max(1, Math.min(csvSent * csvEvery - elapsed, 50)));
    }
    const uploads = (await Promise.all(sent)).flatMap((u) => (u instanceof Error ? (errors.push(u.message), []) : [u]));
    // Every client gets every board that counts an upload; after 60 s, what is missing is counted as such.
    const deadline = Date.now() + 60_000;
    for (const u of uploads) {
      const left = deadline - Date.now();
      if (left <= 0 || !(await everyoneHas(u.key, level, left).then(() => true, () => false))) {
        errors.push(`not every client got the board of ${u.key} within 60 s of the phase's end`);
        break;
      }
    }
    await sleep(500);
    const cpuAfter = cpuOf(groups);
    const msgAfter = await protocolMessages();
    const phaseMs = cpuAfter.at - cpuBefore.at;
    const phaseMessages = recording;
    recording = null;

    const summaries = await all<{ all: [number, number][]; sample: [number, number][]; fanOut: [number, number][]; perUpload: [string, number, number | null, number][] }>('rankedSummary', { uploads: uploads.map((u) => [u.key, u.t0]) });
    const byTask = (task: Upload['task']) => {
      const keys = new Set(uploads.filter((u) => u.task === task).map((u) => u.key));
      const slowest = new Map<string, number>();
      const logged = new Map<string, number>();
      let missing = 0;
      for (const s of summaries) {
        for (const [key, slow, log, miss] of s.perUpload) {
          if (!keys.has(key)) continue;
          missing += miss;
          slowest.set(key, Math.max(slowest.get(key) ?? -Infinity, slow));
          if (log !== null) logged.set(key, Math.min(logged.get(key) ?? Infinity, log));
        }
      }
      return { slowest: [...slowest.values()].filter(Number.isFinite), logged: [...logged.values()], missing, count: keys.size };
    };
    // Receipts of every client and upload, merged over the client processes.
    const receipts = new Map<number, number>();
    const sample = new Map<number, number>();
    const fanOut = new Map<number, number>();
    for (const s of summaries) {
      merge(receipts, s.all);
      merge(sample, s.sample);
      merge(fanOut, s.fanOut);
    }
    const lung = byTask('lung');
    const masks = byTask('sarcopenia');

    // Scoring lag (received_at -> scored_at), per task.
    const lagRows = (
      await db.query<{ task: string; status: string; lag_ms: string | null }>(
        `SELECT t.slug AS task, s.status, (extract(epoch from (s.scored_at - s.received_at)) * 1000)::int AS lag_ms
           FROM submission s JOIN task t ON t.id = s.task_id WHERE s.id = ANY($1::bigint[])`,
        [uploads.map((u) => u.id)],
      )
    ).rows;
    const lagOf = (task: string) => lagRows.filter((r) => r.task === task && r.lag_ms !== null).map((r) => Number(r.lag_ms));
    const statuses = Object.entries(lagRows.reduce<Record<string, number>>((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {}))
      .map(([s, n]) => `${s} ${n}`)
      .join(', ');
    const lagAll = [...lagOf('lung'), ...lagOf('sarcopenia')].sort((a, b) => a - b);

    // Delivered messages: the protocol clients counted theirs; the LiveFeedClient sample gets the same ones.
    const perClient = (msgAfter.messages - msgBefore.messages) / Math.max(1, msgAfter.protocol);
    const delivered = perClient * (msgAfter.protocol + msgAfter.liveFeed);
    const apiCpu = cpuAfter.api - cpuBefore.api - idleRate.api * phaseMs;
    const nginxCpu = cpuAfter.nginx - cpuBefore.nginx - idleRate.nginx * phaseMs;
    const machineBusy = (cpuAfter.machine.busy - cpuBefore.machine.busy) / (cpuAfter.machine.total - cpuBefore.machine.total);
    const ioUs = (apiCpu * 1000) / delivered;
    const nginxUs = (nginxCpu * 1000) / delivered;
    const retriedKinds = Object.entries(retried.reduce<Record<string, number>>((m, r) => ({ ...m, [r]: (m[r] ?? 0) + 1 }), {})).map(([r, n]) => `${r} x${n}`);
    const loadText =
      `${uploads.filter((u) => u.task === 'lung').length} CSV + ${uploads.filter((u) => u.task === 'sarcopenia').length} zip uploads acknowledged in ${(phaseMs / 1000).toFixed(0)} s` +
      `${retried.length ? `; answers before a 202 (sent again): ${retriedKinds.join(', ')}` : ''}${errors.length ? `; ${errors.length} errors: ${errors.slice(0, 3).join(' | ')}` : ''}`;
    const cpuText =
      `CPU over the phase: API nodes ${((cpuAfter.api - cpuBefore.api) / phaseMs * 100).toFixed(0)}%, nginx ${((cpuAfter.nginx - cpuBefore.nginx) / phaseMs * 100).toFixed(0)}%, ` +
      `scoring worker ${((cpuAfter.worker - cpuBefore.worker) / phaseMs * 100).toFixed(0)}%, client processes ${((cpuAfter.clients - cpuBefore.clients) / phaseMs * 100).toFixed(0)}% (of one core); machine ${(machineBusy * 100).toFixed(0)}% busy of ${cpus().length} cores`;
    console.log(`  ${loadText}; submissions now: ${statuses}; nginx errors meanwhile: ${(nginxLog = nginxErrors(cluster.nginxPrefix, nginxLog.lines)).text}`);
    console.log(`  202 -> board, every client and upload: ${histText(receipts)}; LiveFeedClient sample (1 in ${SAMPLE_EVERY}): ${histText(sample)}`);
    console.log(`    slowest receipt per upload: lung ${fmt(lung.slowest)}; sarcopenia ${fmt(masks.slowest)}; clients without the board: ${lung.missing + masks.missing}`);
    console.log(`    202 -> board logged (scoring + board refresh): lung ${fmt(lung.logged)}; sarcopenia ${fmt(masks.logged)}; board logged -> receipt ${histText(fanOut)}`);
    console.log(`  scoring lag (received_at -> scored_at): lung ${fmt(lagOf('lung'))}; sarcopenia ${fmt(lagOf('sarcopenia'))}`);
    console.log(`  ${cpuText}`);
    console.log(`  delivered ${delivered.toFixed(0)} messages (${perClient.toFixed(1)} per client), ${phaseMessages.length} recorded by the probe (${(phaseMessages.reduce((n, m) => n + m.length, 0) / Math.max(1, phaseMessages.length) / 1024).toFixed(1)} KB average); protocol clients' reconnections during the phase: ${msgAfter.reconnects - msgBefore.reconnects}`);
    // RSS is rarely given back: after a first level, the next one reuses what the previous one grew.
    const memoryNote = level === LEVELS[0] ? '' : ' (after a previous level: the nodes reuse memory it grew, not a per-connection figure)';
    console.log(`  memory per connection: API nodes ${((rssAfter.api - rssBefore.api) / level / 1024).toFixed(1)} KB RSS, nginx ${((rssAfter.nginx - rssBefore.nginx) / level / 1024).toFixed(1)} KB RSS${memoryNote}; API nodes now ${mb(rssAfter.api)}`);
    await all('close');
    await sleep(2000);

    // Raw ws: the same bytes to the same number of sockets, two server processes as two nodes.
    const rawRssBefore = sumRss(groups.raw);
    const rawCount = await total('rawConnect', (i) => ({ url: `ws://127.0.0.1:${rawPorts[i % RAW_SERVERS]}`, count: perProcess[i] }));
    if (rawCount < level) console.log(`  (raw ws: only ${rawCount} of ${level} connections opened)`);
    await sleep(1000);
    const rawRss = sumRss(groups.raw) - rawRssBefore;
    const replay = Array.from({ length: Math.min(RAW_MESSAGES, phaseMessages.length) }, (_, i) => phaseMessages[Math.floor((i * phaseMessages.length) / Math.min(RAW_MESSAGES, phaseMessages.length))]!);
    // One unmeasured broadcast first (JIT), then the measured ones, each waited for.
    const broadcast = async (bytes: string, target: number) => {
      await Promise.all(raws.map((r) => r('broadcast', { bytes })));
      await waitFor(async () => (await total('rawReceived')) >= target, 'raw ws deliveries', 120_000);
    };
    await broadcast(replay[0] ?? '4warm-up', rawCount);
    const rawBefore = cpuOf(groups);
    let rawDelivered = 0;
    for (const [i, bytes] of replay.entries()) {
      await broadcast(bytes, rawCount * (i + 2));
      rawDelivered += rawCount;
      await sleep(100);
    }
    const rawAfter = cpuOf(groups);
    const rawIdleA = cpuOf(groups);
    await sleep(2000);
    const rawIdleB = cpuOf(groups);
    const rawIdle = ((rawIdleB.raw - rawIdleA.raw) / (rawIdleB.at - rawIdleA.at)) * (rawAfter.at - rawBefore.at);
    const rawUs = ((rawAfter.raw - rawBefore.raw - rawIdle) * 1000) / rawDelivered;
    await all('rawClose');
    console.log(
      `  server CPU per delivered message: API nodes ${ioUs.toFixed(1)} us (whole processes: uploads, database, boards, fan-out; idle subtracted), raw ws ${rawUs.toFixed(1)} us ` +
        `(${replay.length} of the phase's messages x ${rawCount} sockets), ratio ${(ioUs / rawUs).toFixed(2)}x; nginx ${nginxUs.toFixed(1)} us more; raw ws memory/connection ${(rawRss / level / 1024).toFixed(1)} KB RSS`,
    );
    const p99 = percentileOf(receipts, 99);
    const lagP99 = lagAll.length ? lagAll[Math.min(lagAll.length - 1, Math.floor(0.99 * lagAll.length))]! : NaN;
    summary.push(
      [
        `${String(level).padStart(6)} clients`,
        `202->board ${histText(receipts)}, ${lung.missing + masks.missing} client x upload pairs without the board 60 s after the phase  p99 <= ${TARGET_P99_MS} ms: ${verdict(p99 <= TARGET_P99_MS && lung.missing + masks.missing === 0)}`,
        `scoring lag ${fmt(lagAll)}  p99 <= ${TARGET_LAG_P99_MS} ms: ${verdict(lagP99 <= TARGET_LAG_P99_MS)}`,
        `CPU/message API nodes ${ioUs.toFixed(1)} us vs raw ws ${rawUs.toFixed(1)} us (${(ioUs / rawUs).toFixed(2)}x), nginx +${nginxUs.toFixed(1)} us`,
        `memory/connection API ${((rssAfter.api - rssBefore.api) / level / 1024).toFixed(1)} KB, nginx ${((rssAfter.nginx - rssBefore.nginx) / level / 1024).toFixed(1)} KB, raw ws ${(rawRss / level / 1024).toFixed(1)} KB${memoryNote}`,
        `machine ${(machineBusy * 100).toFixed(0)}% busy, load average ${loadavg()[0]!.toFixed(2)}`,
      ].join('\n    '),
    );
  }

  console.log('\nSummary (targets on this machine: 202 -> board p99 <= 1 s at 20,000 clients, scoring lag p99 <= 2 s)');
  for (const s of summary) console.log(`  ${s}`);
  probe.close();
  await db.end();
}

await runBench({ raw: rawServerRole }, async () => {
  await controller();
  process.exit(0);
});
