// The multi-node topology as processes on one machine - PostgreSQL, Redis, API nodes, scoring
// workers (`podium worker`) and nginx in front - with Debian's packages instead of Docker.
// `npm run cluster` runs it (prints the URLs; Ctrl-C stops everything it started); the fault
// suite (e2e/cluster) drives the same topology through `startCluster` and kills parts of it.
//
// Settings of `npm run cluster` (environment):
//   PODIUM_CLUSTER_PORT     nginx port (default 8080); API nodes use the next ports (8081, 8082, ...)
//   PODIUM_CLUSTER_NODES    API nodes (default 2)
//   PODIUM_CLUSTER_WORKERS  scoring worker processes (default 1)
//   DATABASE_URL            PostgreSQL (default: the local server, database podium_cluster, created if missing)
//   REDIS_URL               Redis (default: a private redis-server on nginx port + 100, started and stopped here)
//   PODIUM_ADMIN_TOKEN      organiser token (default: the first node generates one and prints it once)
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('..', import.meta.url));
const API_ENTRY = join(root, 'apps/api/dist/main.js');
const WORKER_ENTRY = join(root, 'apps/api/dist/modules/scoring-jobs/worker-main.js');

export class ClusterError extends Error {}

function which(command) {
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin']) {
    if (existsSync(join(dir, command))) return join(dir, command);
  }
  return null;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what, check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new ClusterError(`${what} did not come up within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

const healthy = async (url) => (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })).ok;

/** Creates the database when missing; starts the local PostgreSQL cluster when it is down. */
async function ensurePostgres(databaseUrl) {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const connect = async () => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    return client;
  };
  let client = await connect().catch(() => null);
  if (!client && ['127.0.0.1', 'localhost'].includes(url.hostname) && which('pg_ctlcluster')) {
    startLocalPostgres();
    await waitFor('PostgreSQL', async () => Boolean((client = await connect())));
  }
  if (!client) throw new ClusterError(`cannot reach PostgreSQL at ${admin.host} (apt-get install postgresql, or set DATABASE_URL)`);
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/** The binaries of the newest installed PostgreSQL (Debian layout). */
function postgresBin(tool) {
  const dir = '/usr/lib/postgresql';
  const versions = existsSync(dir) ? readdirSync(dir).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => join(dir, v, 'bin', tool)).find((path) => existsSync(path));
  if (!found) throw new ClusterError(`PostgreSQL's ${tool} is not installed (apt-get install postgresql)`);
  return found;
}

/** As root, PostgreSQL's programs run as the postgres user. */
function asPostgres(command, args) {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/**
 * A throwaway PostgreSQL server of the cluster's own (the fault suite stops and starts it), in a
 * temporary directory, on `port`; fsync off: its data dies with the run anyway.
 */
function definePrivatePostgres(cluster, port) {
  const dir = mkdtempSync(join(tmpdir(), 'podium-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const [initCommand, initArgs] = asPostgres(postgresBin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const init = spawnSync(initCommand, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new ClusterError(`initdb failed: ${init.stderr || init.stdout}`);
  const [command, args] = asPostgres(postgresBin('postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  cluster.define('postgres', command, args, {}, () =>
    waitFor('PostgreSQL', async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.end();
      return true;
    }),
  );
  cluster.postgresDir = dir;
  return `postgres://postgres@127.0.0.1:${port}/podium`;
}

function localPostgresVersion() {
  return spawnSync('ls', ['/etc/postgresql'], { encoding: 'utf8' }).stdout.split('\n')[0];
}

function startLocalPostgres() {
  spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', localPostgresVersion(), 'main', 'start'], { stdio: 'ignore' });
}

/** nginx configuration: the compose file's template in a main config with a private prefix. */
function writeNginxConfig(prefix, listen, nodePorts, maxBodyMb, workers) {
  // nginx's workers run as an unprivileged user when started by root: they traverse the prefix.
  chmodSync(prefix, 0o755);
  for (const dir of ['logs', 'temp']) {
    mkdirSync(join(prefix, dir), { recursive: true });
    chmodSync(join(prefix, dir), 0o1777);
  }
  const servers = (parameters) => nodePorts.map((p) => `server 127.0.0.1:${p} ${parameters};`).join('\n    ');
  const site = readFileSync(join(root, 'docker/nginx/podium.conf.template'), 'utf8')
    .replace('${PODIUM_UPSTREAM_SERVERS}', servers('max_fails=1 fail_timeout=3s'))
    .replace('${PODIUM_LIVE_UPSTREAM_SERVERS}', servers('max_fails=0'))
    .replace('${PODIUM_LISTEN}', listen)
    .replace('${PODIUM_MAX_BODY}', `${maxBodyMb}m`);
  const config = join(prefix, 'nginx.conf');
  writeFileSync(
    config,
    [
      // One worker by default. More (bench:cluster): a worker holds two descriptors per live client
      // (client + upstream), and `ulimit -Hn` caps each process; `reuseport` spreads the accepts.
      `worker_processes ${workers};`,
      `pid ${prefix}/nginx.pid;`,
      `error_log ${prefix}/logs/error.log warn;`,
      'worker_rlimit_nofile 70000;',
      'events { worker_connections 60000; }',
      'http {',
      existsSync('/etc/nginx/mime.types') ? '  include /etc/nginx/mime.types;' : '',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${prefix}/temp/${t};`),
      site,
      '}',
    ].join('\n'),
  );
  return config;
}

/**
 * A running topology. Every process is a child in its own process group (Ctrl-C reaches the
 * runner only, which stops them front to back); `kill`/`start` let the fault suite break parts.
 */
export class Cluster {
  /** @type {Map<string, { command: string, args: string[], env: Record<string, string>, child: import('node:child_process').ChildProcess | null, ready?: () => Promise<void> }>} */
  processes = new Map();
  stopping = false;

  constructor(options) {
    this.port = options.port;
    this.nodeCount = options.nodes;
    this.workerCount = options.workers;
    this.databaseUrl = options.databaseUrl;
    this.redisUrl = options.redisUrl;
    this.log = options.log;
    this.extraEnv = options.env;
    this.maxBodyMb = options.maxBodyMb;
    this.url = `http://127.0.0.1:${this.port}`;
    this.nodePorts = Array.from({ length: this.nodeCount }, (_, i) => this.port + 1 + i);
    this.nodeNames = this.nodePorts.map((_, i) => `api-${String.fromCharCode(97 + i)}`);
    this.workerNames = Array.from({ length: this.workerCount }, (_, i) => `worker-${i + 1}`);
  }

  nodeUrl(name) {
    return `http://127.0.0.1:${this.nodePorts[this.nodeNames.indexOf(name)]}`;
  }

  define(name, command, args, env, ready) {
    this.processes.set(name, { command, args, env, child: null, ready });
  }

  /** Starts a defined process (again) and waits until it is ready. */
  async start(name) {
    const entry = this.processes.get(name);
    if (!entry) throw new ClusterError(`no process ${name}`);
    if (entry.child && entry.child.exitCode === null && entry.child.signalCode === null) return;
    const child = spawn(entry.command, entry.args, { cwd: root, env: { ...process.env, ...entry.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    entry.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.on('data', (chunk) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop();
        for (const line of lines) this.log(name, line);
      });
    }
    child.on('exit', (code, signal) => {
      if (!this.stopping) this.log(name, `exited (${signal ?? code})`);
    });
    await entry.ready?.();
  }

  /** Sends `signal` and waits for the exit (SIGKILL after 15 s for a stop that hangs). */
  async kill(name, signal = 'SIGTERM') {
    const child = this.processes.get(name)?.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      // The whole process group: PostgreSQL's server runs under runuser as root, with children.
      try {
        process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    });
  }

  running(name) {
    const child = this.processes.get(name)?.child;
    return Boolean(child && child.exitCode === null && child.signalCode === null);
  }

  /** Front to back: nginx first (no new requests), then the nodes and workers, Redis last. */
  async stop() {
    this.stopping = true;
    for (const group of [['nginx'], [...this.nodeNames, ...this.workerNames], ['redis', 'postgres']]) {
      await Promise.all(group.map((name) => this.kill(name)));
    }
    for (const dir of [this.nginxPrefix, this.postgresDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  }

  /** Last resort (the runner itself is exiting): nothing it started outlives it. */
  killAllNow() {
    for (const { child } of this.processes.values()) {
      if (!child || child.exitCode !== null || child.signalCode !== null) continue;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }
  }
}

/**
 * Starts PostgreSQL (when local and down), Redis (a private one unless `redisUrl`), the API
 * nodes one after another (the first seeds the demo on an empty database when `demo`), the
 * workers and nginx. Resolves when nginx answers health.
 */
export async function startCluster({
  port = 8080,
  /** nginx's interface: every interface for a venue, loopback for tests. */
  host = '0.0.0.0',
  nodes = 2,
  workers = 1,
  databaseUrl = 'postgres://postgres@127.0.0.1:5432/podium_cluster',
  /** A PostgreSQL server of the cluster's own instead of `databaseUrl` (the fault suite restarts it). */
  privatePostgres = false,
  redisUrl,
  demo = true,
  env = {},
  maxBodyMb = 256,
  /** nginx worker processes (each with its own descriptor limit); above 1 they share the port with `reuseport`. */
  nginxWorkers = 1,
  log = (name, line) => process.stdout.write(`[${name}] ${line}\n`),
} = {}) {
  if (!existsSync(API_ENTRY)) throw new ClusterError('apps/api is not built: run `npm run build` first (npm run cluster does it for you)');
  const nginx = which('nginx');
  if (!nginx) throw new ClusterError('nginx is not installed (apt-get install nginx)');
  const cluster = new Cluster({ port, nodes, workers, databaseUrl, redisUrl, log, env, maxBodyMb });
  try {
    if (privatePostgres) {
      cluster.databaseUrl = databaseUrl = definePrivatePostgres(cluster, port + 101);
      await cluster.start('postgres');
    }
    await ensurePostgres(databaseUrl);
    if (!redisUrl) {
      const server = which('redis-server');
      if (!server) throw new ClusterError('redis-server is not installed (apt-get install redis-server, or set REDIS_URL)');
      const redisPort = port + 100;
      cluster.redisUrl = `redis://127.0.0.1:${redisPort}`;
      const cli = which('redis-cli');
      cluster.define('redis', server, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {}, () =>
        waitFor('Redis', async () => !cli || spawnSync(cli, ['-p', String(redisPort), 'ping'], { encoding: 'utf8' }).stdout.includes('PONG')),
      );
      await cluster.start('redis');
    }
    const shared = {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: cluster.redisUrl,
      PODIUM_PUBLIC_URL: process.env.PODIUM_PUBLIC_URL || `http://localhost:${port}`,
      // Behind nginx on this machine: believe its X-Forwarded-For; every client comes from its address.
      PODIUM_TRUST_PROXY: 'loopback',
      PODIUM_LIVE_CONNECTIONS_PER_ADDRESS: '0',
      ...env,
    };
    // API nodes take uploads and serve the screens; the workers (when there are some) score.
    const nodeThreads = workers > 0 ? '0' : (env.PODIUM_SCORING_THREADS ?? '1');
    for (const [i, name] of cluster.nodeNames.entries()) {
      const nodePort = cluster.nodePorts[i];
      // Only the first node seeds the demo on an empty database; the others start after it is up.
      const nodeEnv = { ...shared, PODIUM_SCORING_THREADS: nodeThreads, PORT: String(nodePort), HOST: '127.0.0.1', PODIUM_DEMO: demo && i === 0 ? 'on' : 'off' };
      cluster.define(name, process.execPath, [API_ENTRY], nodeEnv, () => waitFor(name, () => healthy(`http://127.0.0.1:${nodePort}`), 120_000));
      await cluster.start(name);
    }
    for (const name of cluster.workerNames) {
      const workerEnv = { ...shared, PODIUM_SCORING_THREADS: env.PODIUM_SCORING_THREADS ?? process.env.PODIUM_SCORING_THREADS ?? '' };
      // Ready when it printed its banner (it has no HTTP port).
      cluster.define(name, process.execPath, [WORKER_ENTRY], workerEnv);
      await cluster.start(name);
    }
    cluster.nginxPrefix = mkdtempSync(join(tmpdir(), 'podium-nginx-'));
    const config = writeNginxConfig(cluster.nginxPrefix, `${host}:${port}${nginxWorkers > 1 ? ' reuseport' : ''}`, cluster.nodePorts, maxBodyMb, nginxWorkers);
    cluster.define('nginx', nginx, ['-p', cluster.nginxPrefix, '-c', config, '-g', 'daemon off;'], {}, () => waitFor('nginx', () => healthy(cluster.url)));
    await cluster.start('nginx');
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A base port with base..base+nodes, base+100 (Redis) and base+101 (PostgreSQL) free: `startCluster({ port })` for tests and benches. */
export async function freePortBase(nodes) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 400) * 100;
    const ports = [...Array.from({ length: nodes + 1 }, (_, i) => base + i), base + 100, base + 101];
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
  throw new ClusterError('no free ports for the cluster');
}

function integerSetting(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ClusterError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

/** `npm run cluster`. */
async function main() {
  const port = integerSetting('PODIUM_CLUSTER_PORT', 8080, 1, 65000);
  const cluster = await startCluster({
    port,
    host: process.env.HOST || undefined,
    nodes: integerSetting('PODIUM_CLUSTER_NODES', 2, 1, 16),
    workers: integerSetting('PODIUM_CLUSTER_WORKERS', 1, 0, 16),
    databaseUrl: process.env.DATABASE_URL || undefined,
    redisUrl: process.env.REDIS_URL || undefined,
    demo: process.env.PODIUM_DEMO !== 'off',
    maxBodyMb: integerSetting('PODIUM_BUNDLE_LIMIT_MB', 256, 1, 4096),
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\ncluster: stopping\n');
    void cluster.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('exit', () => cluster.killAllNow());
  const base = process.env.PODIUM_PUBLIC_URL || `http://localhost:${port}`;
  const db = new URL(cluster.databaseUrl);
  process.stdout.write(
    [
      '',
      `Podium cluster is up: nginx on ${base} in front of ${cluster.nodeCount} API node(s) (${cluster.nodePorts.map((p) => `127.0.0.1:${p}`).join(', ')}),`,
      `${cluster.workerCount} scoring worker(s), PostgreSQL ${db.host}${db.pathname}, Redis ${cluster.redisUrl}.`,
      `  start here   ${base}/`,
      `  big screen   ${base}/screen`,
      `  team view    ${base}/team`,
      `  jury console ${base}/jury`,
      `  API docs     ${base}/api/docs`,
      'Ctrl-C stops everything this command started.',
      '',
    ].join('\n'),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    process.stderr.write(`cluster: ${error instanceof ClusterError ? error.message : (error?.stack ?? error)}\n`);
    process.exit(1);
  });
}
