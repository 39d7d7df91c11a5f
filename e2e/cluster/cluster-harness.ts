// The fault suite's topology: `startCluster` (docker/cluster.mjs, what `npm run cluster` runs)
// on free ports, a database of its own, the live round of the e2e suite imported through nginx,
// and what users do against it (teams uploading with retries, screens following the feed).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ImportEventResponse } from '@podium/contracts';
import { LiveFeedClient } from '@podium/live-client';
import pg from 'pg';
import { liveEventBundle, LIVE_EVENT } from '../src/harness/live-event.js';
import { ARTIFACTS_DIR, REPO_ROOT } from '../src/harness/paths.js';

// The runner of `npm run cluster` lives outside the workspaces (docker/): loaded by path.
type ClusterModule = typeof import('../../docker/cluster.mjs');
type Cluster = InstanceType<ClusterModule['Cluster']>;
const { freePortBase, startCluster } = (await import(pathToFileURL(join(REPO_ROOT, 'docker/cluster.mjs')).href)) as ClusterModule;

export const ADMIN_TOKEN = 'faults-admin-token-0123456789abcdefghijklmnop';

export interface FaultCluster {
  cluster: Cluster;
  tokens: Map<string, string>;
  event: string;
  /** One query on a connection of its own (the suite restarts PostgreSQL). */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Every line the processes printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

export async function startFaultCluster(options: { workers?: number } = {}): Promise<FaultCluster> {
  const lines: string[] = [];
  const cluster = await startCluster({
    port: await freePortBase(2),
    host: '127.0.0.1',
    nodes: 2,
    workers: options.workers ?? 1,
    privatePostgres: true,
    demo: false,
    env: { PODIUM_ADMIN_TOKEN: ADMIN_TOKEN, PODIUM_SCORING_THREADS: '1', PODIUM_REJECTED_UPLOADS_PER_MINUTE: '0' },
    log: (name, line) => lines.push(`[${name}] ${line}`),
  }).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${lines.slice(-40).join('\n')}`);
  });
  // API nodes must not score (the workers do): PODIUM_SCORING_THREADS above applies to workers.
  const res = await fetch(`${cluster.url}/api/admin/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/zip' },
    body: new Uint8Array(liveEventBundle({ now: new Date() })),
  });
  const body = await res.text();
  if (res.status !== 201 && res.status !== 200) throw new Error(`bundle import answered ${res.status}: ${body}`);
  const imported = JSON.parse(body) as ImportEventResponse;
  return {
    cluster,
    tokens: new Map(imported.teams.map((team) => [team.slug, team.token])),
    event: LIVE_EVENT,
    async query<T>(sql: string, params: unknown[] = []) {
      const client = new pg.Client({ connectionString: cluster.databaseUrl });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
    output: () => lines.join('\n'),
    async close() {
      await cluster.stop();
      // Every process's output, for whoever reads a failure.
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      writeFileSync(join(ARTIFACTS_DIR, 'cluster-faults.log'), lines.join('\n') + '\n');
    },
  };
}

export interface UploadReport {
  id: string;
  key: string;
  /** Answers before the 202 (network errors, 502/503 while a node or the database was down). */
  failures: string[];
}

/**
 * One team upload as `podium submit` sends it, retried with the same Idempotency-Key until a
 * 202 (a network error or a 5xx means "not known to be accepted": try again).
 */
export async function uploadWithRetries(base: string, token: string, task: string, csv: string, key: string, deadlineMs = 90_000): Promise<UploadReport> {
  const failures: string[] = [];
  const started = Date.now();
  for (;;) {
    try {
      // `affinity`: nginx spreads uploads over the nodes as teams from different addresses would be.
      const res = await fetch(`${base}/api/events/${LIVE_EVENT}/tasks/${task}/submissions?affinity=${encodeURIComponent(key)}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv', 'X-File-Name': `${task}.csv`, 'Idempotency-Key': key },
        body: csv,
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      if (res.status === 202 || res.status === 200) return { id: (JSON.parse(text) as { id: string }).id, key, failures };
      if (res.status < 500) throw new Error(`upload ${key} answered ${res.status}: ${text}`);
      failures.push(`${res.status} ${res.headers.get('retry-after') ?? ''} ${text.slice(0, 120)}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith(`upload ${key} answered`)) throw error;
      failures.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
    if (Date.now() - started > deadlineMs) throw new Error(`upload ${key} not accepted after ${deadlineMs} ms: ${failures.slice(-3).join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** A screen following the public feed through nginx, recording what it applied. */
export class ScreenProbe {
  readonly client: LiveFeedClient;
  /** seq and prev of each applied frame, in order. */
  readonly frames: number[] = [];
  /** How the state was refreshed: one snapshot at the start; a hole would add another. */
  readonly refreshes: string[] = [];
  disconnects = 0;
  /** Frames applied at or below a seq already applied. */
  duplicates = 0;
  private base: number | null = null;

  constructor(url: string, event: string) {
    this.client = new LiveFeedClient({ url, event, transports: ['websocket'], reconnectionDelayMs: 200, reconnectionDelayMaxMs: 1000 });
    this.client.on('snapshot', (snapshot) => {
      this.base = snapshot.seq;
    });
    this.client.on('frame', (frame) => {
      const last = this.frames.at(-1) ?? this.base;
      if (last !== null && frame.seq <= last) this.duplicates++;
      this.frames.push(frame.seq);
    });
    this.client.on('state', (_state, cause) => {
      if (cause !== 'frame') this.refreshes.push(cause);
    });
    this.client.on('health', (health) => {
      if (health.status === 'reconnecting') this.disconnects++;
    });
  }

  connect(): this {
    this.client.connect();
    return this;
  }

  get lastSeq(): number | null {
    return this.client.seq;
  }

  /** The boards as this screen shows them (what must match a fresh screen's, but for when each was computed). */
  boards(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.client.state.tasks).map(([slug, task]) => [slug, { ...task.leaderboard, computedAt: undefined }]));
  }

  close(): void {
    this.client.close();
  }
}
