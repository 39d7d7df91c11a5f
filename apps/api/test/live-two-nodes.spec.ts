// Two API processes on one PostgreSQL database and one Redis: an upload through node A reaches a
// screen connected to node B; B restarts and the screen resumes from the database log with no
// gap and no duplicate. Needs PostgreSQL (DATABASE_URL, default 127.0.0.1:5432) and Redis
// (REDIS_URL, default 127.0.0.1:6379); skipped, saying so, when either is not running.
import { randomBytes } from 'node:crypto';
import type { FeedFrame, LeaderboardData } from '@podium/contracts';
import { LiveFeedClient } from '@podium/live-client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataSource } from '../src/database/data-source.factory.js';
import { ApiProcess, freePort, reachable } from '@podium/test-support';
import { assertChain, RawLiveClient, until } from './live/live-harness.js';
import { predictions, type SeededRound, seedRound } from './submissions/round-seed.js';

const serverUrl = process.env['DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';
const pgUrl = new URL(serverUrl);
const redis = new URL(redisUrl);
const available = (await reachable(pgUrl.hostname, Number(pgUrl.port || 5432))) && (await reachable(redis.hostname, Number(redis.port || 6379)));
if (!available) console.warn(`live-two-nodes: skipped, PostgreSQL (${pgUrl.host}) or Redis (${redis.host}) is not reachable`);

const ADMIN = 'two-nodes-admin-token-0123456789abcdef';

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function submit(node: ApiProcess, round: SeededRound, team: number, body: string): Promise<{ id: string }> {
  const form = new FormData();
  form.append('file', new Blob([body]), 'predictions.csv');
  const res = await fetch(`${node.url}/api/events/${round.eventSlug}/tasks/${round.taskSlug}/submissions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${round.teams[team]!.token}` },
    body: form,
  });
  if (res.status !== 202) throw new Error(`submission answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string };
}

describe.skipIf(!available)('two API nodes, one database, Redis fan-out', () => {
  const name = `podium_live_${randomBytes(5).toString('hex')}`;
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${name}`;
  let round: SeededRound;
  let a: ApiProcess;
  let b: ApiProcess;
  const raws: RawLiveClient[] = [];
  let screen: LiveFeedClient | null = null;

  beforeAll(async () => {
    await admin(serverUrl, `CREATE DATABASE "${name}"`);
    const ds = await openDataSource({ kind: 'postgres', url: dbUrl.toString() });
    round = await seedRound(ds, { now: new Date(), teams: 3 });
    await ds.destroy();
    const env = { DATABASE_URL: dbUrl.toString(), REDIS_URL: redisUrl, PODIUM_ADMIN_TOKEN: ADMIN, PODIUM_SCORING_THREADS: '1' };
    a = new ApiProcess('sources', await freePort(), env);
    b = new ApiProcess('sources', await freePort(), env);
    await Promise.all([a.boot(), b.boot()]);
  }, 240_000);

  afterAll(async () => {
    screen?.close();
    for (const r of raws) r.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await admin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  }, 60_000);

  it('an upload and an announcement through A reach a screen on B, in order', async () => {
    const onB = new RawLiveClient(b.url);
    raws.push(onB);
    onB.subscribe({ event: round.eventSlug });
    await until(() => onB.snapshots.length === 1, 'snapshot from B');
    const { id } = await submit(a, round, 0, predictions(round));
    await until(() => onB.frames.some((f) => f.type === 'submission.received' && f.data.submissionId === id), 'received on B', 20_000);
    await until(
      () => onB.frames.some((f) => f.type === 'leaderboard' && f.data.rows[0]?.team.slug === 'team-01' && f.data.rows[0].rank === 1),
      'board on B',
      30_000,
    );
    // B hears about A's commits through the Redis adapter, not only through its slow poll.
    const peerWakeups = async () => ((await (await fetch(`${b.url}/api/admin/live/health`, { headers: { Authorization: `Bearer ${ADMIN}` } })).json()) as { wakeups: { peer: number } }).wakeups.peer;
    const peerBefore = await peerWakeups();
    const posted = Date.now();
    const res = await fetch(`${a.url}/api/admin/events/${round.eventSlug}/announcements`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: { en: 'Lunch at noon', fr: 'Déjeuner à midi' }, level: 'important' }),
    });
    expect(res.status).toBe(201);
    await until(() => onB.frames.some((f) => f.type === 'announcement'), 'announcement on B', 10_000);
    const latencyMs = Date.now() - posted;
    expect(await peerWakeups()).toBeGreaterThan(peerBefore);
    console.log(`announcement A -> screen on B: ${latencyMs} ms`);
    assertChain(onB.frames, onB.snapshots[0]!.seq);
  });

  it('B restarts: a screen on B resumes from the log - everything exactly once, same state as the server', async () => {
    const applied: FeedFrame[] = [];
    screen = new LiveFeedClient({ url: b.url, event: round.eventSlug, reconnectionDelayMs: 100, reconnectionDelayMaxMs: 500, transports: ['websocket'] });
    screen.on('frame', (f) => applied.push(f));
    screen.connect();
    await until(() => screen!.health.status === 'live', 'screen live');
    const before = screen.seq!;

    await b.stop();
    await until(() => screen!.health.status !== 'live', 'screen notices');
    // Changes while B is down, through A.
    await submit(a, round, 1, predictions(round, { flip: 1 }));
    await submit(a, round, 2, predictions(round, { flip: 3 }));
    await b.boot();
    await until(() => screen!.health.status === 'live', 'screen live again', 30_000);
    await until(() => {
      const board = screen!.state.tasks[round.taskSlug]?.leaderboard;
      return board?.rows.filter((r) => r.rank !== null).length === 3;
    }, 'three ranked teams on the screen', 30_000);

    const seqs = applied.map((f) => f.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    expect(seqs[0]!).toBeGreaterThan(before);
    const received = applied.filter((f) => f.type === 'submission.received').length;
    expect(received).toBe(2);
    const rest = (await (await fetch(`${a.url}/api/events/${round.eventSlug}/tasks/${round.taskSlug}/leaderboard`)).json()) as LeaderboardData;
    const mine = screen.state.tasks[round.taskSlug]!.leaderboard;
    expect(mine.rows.map((r) => [r.team.slug, r.rank, r.scores])).toEqual(rest.rows.map((r) => [r.team.slug, r.rank, r.scores]));
  });
});
