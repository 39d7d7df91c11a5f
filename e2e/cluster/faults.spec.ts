// The fault suite (issue 18): the multi-node topology of `npm run cluster` - nginx, two API
// nodes, a scoring worker, PostgreSQL, Redis - with parts of it killed while teams upload and
// screens follow the board. Each fault prints what users saw and the counts that prove nothing
// acknowledged was lost or counted twice.
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@podium/test-support';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lungPredictionCsv, TEAM_NAMES, teamSlug } from '../src/harness/live-event.js';
import { inBatches, waitSettled } from '../src/harness/submissions.js';
import { ScreenProbe, startFaultCluster, uploadWithRetries, type FaultCluster, type UploadReport } from './cluster-harness.js';

/** Screens of the reconnect storm (FAULTS_STORM_CLIENTS to change it). */
const STORM_CLIENTS = Number(process.env['FAULTS_STORM_CLIENTS'] ?? 5000);

let round: FaultCluster;
let batch = 0;

beforeAll(async () => {
  round = await startFaultCluster();
});

afterAll(async () => {
  await round?.close();
});

function report(fault: string, lines: Record<string, string | number>): void {
  process.stdout.write(`\n== fault: ${fault}\n${Object.entries(lines).map(([k, v]) => `   ${k.padEnd(40)} ${v}`).join('\n')}\n`);
}

/** `count` lung uploads spread over the 20 teams, each with its own idempotency key, retried until a 202. */
function uploads(count: number, during?: (accepted: number) => Promise<void> | void): Promise<UploadReport[]> {
  batch++;
  let accepted = 0;
  const jobs = Array.from({ length: count }, (_, i) => async () => {
    const team = teamSlug(TEAM_NAMES[i % TEAM_NAMES.length]!);
    const sent = await uploadWithRetries(round.cluster.url, round.tokens.get(team)!, 'lung', lungPredictionCsv(0.02 + (i % 40) * 0.01, batch * 1000 + i), `batch-${batch}-upload-${i}`);
    accepted++;
    await during?.(accepted);
    return { ...sent, team };
  });
  return inBatches(jobs, 16);
}

/** Every acknowledged upload is scored, once: one row per key, one `submission.scored` per row. */
async function settleAndCount(sent: (UploadReport & { team?: string })[]) {
  const teamOf = (i: number) => round.tokens.get(teamSlug(TEAM_NAMES[i % TEAM_NAMES.length]!))!;
  await inBatches(
    sent.map((s, i) => () => waitSettled(round.cluster.url, teamOf(i), s.id, 120_000)),
    16,
  );
  const keys = sent.map((s) => s.key);
  const rows = await round.query<{ key: string; rows: string; scored: string }>(
    `SELECT s.idempotency_key AS key, count(*) AS rows,
            (SELECT count(*) FROM feed_event f WHERE f.type = 'submission.scored' AND f.data->>'submissionId' = min(s.id)::text) AS scored
       FROM submission s WHERE s.idempotency_key = ANY($1) GROUP BY s.idempotency_key`,
    [keys],
  );
  return {
    acknowledged: new Set(sent.map((s) => s.id)).size,
    rows: rows.reduce((n, r) => n + Number(r.rows), 0),
    scoredOnce: rows.filter((r) => Number(r.scored) === 1).length,
    duplicated: rows.filter((r) => Number(r.rows) > 1 || Number(r.scored) > 1).length,
    retried: sent.filter((s) => s.failures.length > 0).length,
    failuresSeen: sent.flatMap((s) => s.failures),
  };
}

/**
 * Screens converge: each shows the boards a screen opened now shows. Not the same last seq: a node
 * sends a board frame only when the board it builds changed, so two nodes may end their public
 * streams on different entries while showing the same boards.
 */
async function converge(screens: ScreenProbe[]): Promise<{ fresh: ScreenProbe; matching: number }> {
  const fresh = new ScreenProbe(round.cluster.url, round.event).connect();
  await waitFor(() => fresh.lastSeq !== null, 'a fresh screen got its snapshot', 60_000);
  // Boards are rebuilt after the last score: wait for the feed to settle, then compare.
  let previous = -1;
  await waitFor(async () => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const same = fresh.lastSeq === previous;
    previous = fresh.lastSeq ?? -1;
    return same;
  }, 'the feed went quiet', 60_000);
  const differing = () => {
    const expected = JSON.stringify(fresh.boards());
    return screens.filter((screen) => JSON.stringify(screen.boards()) !== expected);
  };
  try {
    await waitFor(() => differing().length === 0, () => `every screen showing a fresh screen's boards, seq ${fresh.lastSeq} (${describeScreens(differing())})`, {
      timeoutMs: 120_000,
      intervalMs: 500,
    });
  } catch (error) {
    // The first differing screen shows what differs.
    const first = differing()[0];
    if (first) expect(first.boards()).toEqual(fresh.boards());
    throw error;
  }
  return { fresh, matching: screens.length - differing().length };
}

/** Screens grouped by what they last knew (a failure message). */
function describeScreens(screens: ScreenProbe[]): string {
  const groups = new Map<string, number>();
  for (const screen of screens) {
    const h = screen.client.health;
    const key = `${h.status} at seq ${screen.lastSeq}, ${h.attempts} attempts${h.error ? `, error ${h.error.code}` : ''}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return `${screens.length} differ: ${[...groups].map(([k, n]) => `${n} ${k}`).join('; ')}`;
}

describe('the cluster under faults', () => {
  it('SIGKILL of an API node during 200 uploads: every 202 scored once, its screens resume on the other node', async () => {
    const screens = Array.from({ length: 20 }, () => new ScreenProbe(round.cluster.url, round.event).connect());
    await waitFor(() => screens.every((s) => s.lastSeq !== null), 'screens have their snapshot', 60_000);
    let killed: Promise<void> | undefined;
    const sent = await uploads(200, (accepted) => {
      if (accepted === 60) killed = round.cluster.kill('api-a', 'SIGKILL');
    });
    await killed;
    const counts = await settleAndCount(sent);
    const { fresh, matching } = await converge(screens);
    const moved = screens.filter((s) => s.disconnects > 0);
    report('SIGKILL api-a during a burst of 200 uploads', {
      'uploads acknowledged (202)': counts.acknowledged,
      'uploads retried by the client': counts.retried,
      'answers seen before the 202': [...new Set(counts.failuresSeen.map((f) => f.split(':')[0]!.split(' ')[0]))].join(', ') || 'none',
      'submission rows': counts.rows,
      'scored exactly once': counts.scoredOnce,
      'duplicated': counts.duplicated,
      'screens': screens.length,
      'screens that lost their node': moved.length,
      'screens resumed by replay (no hole)': moved.filter((s) => !s.refreshes.slice(1).includes('snapshot')).length,
      'duplicate frames applied': screens.reduce((n, s) => n + s.duplicates, 0),
      'screens matching a fresh screen': matching,
    });
    expect(counts.acknowledged).toBe(200);
    expect(counts.rows).toBe(200);
    expect(counts.scoredOnce).toBe(200);
    expect(counts.duplicated).toBe(0);
    expect(moved.length).toBeGreaterThan(0);
    for (const screen of screens) {
      expect(screen.refreshes.slice(1)).not.toContain('snapshot');
      expect(screen.duplicates).toBe(0);
    }
    for (const s of [...screens, fresh]) s.close();
    await round.cluster.start('api-a');
  });

  it('SIGKILL of a scoring worker mid-job: the job is retried and scored once', async () => {
    const redis = new Redis(round.cluster.redisUrl);
    // Hold the worker in the middle of its jobs, without racing it: a test transaction locks the
    // score table, so the worker claims (status 'scoring', committed), scores, and then waits in
    // its settle transaction, which inserts scores. That is the moment it is killed.
    const lock = new pg.Client({ connectionString: round.cluster.databaseUrl });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE score IN EXCLUSIVE MODE');
    const sending = uploads(100);
    let activeAtKill: string[] = [];
    try {
      await waitFor(async () => {
        const active = await redis.lrange('bull:podium-scoring:active', 0, -1);
        const ids = active.map((job) => Number(job.replace('submission-', '')));
        const claimed = await round.query<{ id: number }>(`SELECT id FROM submission WHERE id = ANY($1) AND status = 'scoring'`, [ids]);
        activeAtKill = claimed.map((r) => `submission-${r.id}`);
        return activeAtKill.length > 0;
      }, 'the worker holds a claimed job', 60_000);
      await round.cluster.kill('worker-1', 'SIGKILL');
    } finally {
      await lock.query('ROLLBACK');
      await lock.end();
    }
    const sent = await sending;
    await round.cluster.start('worker-1');
    const counts = await settleAndCount(sent);
    const killedIds = activeAtKill.map((job) => Number(job.replace('submission-', '')));
    const attempts = await round.query<{ id: number; status: string; attempt: number }>(`SELECT id, status, attempt FROM submission WHERE id = ANY($1)`, [killedIds]);
    report('SIGKILL worker-1 while it holds jobs', {
      'uploads acknowledged (202)': counts.acknowledged,
      'jobs killed mid-job': activeAtKill.length,
      'their submissions now': attempts.map((r) => `${r.id}: ${r.status} (attempt ${r.attempt})`).join(', '),
      'scored exactly once': counts.scoredOnce,
      'duplicated': counts.duplicated,
    });
    await redis.quit();
    expect(activeAtKill.length).toBeGreaterThan(0);
    expect(counts.acknowledged).toBe(100);
    expect(counts.scoredOnce).toBe(100);
    expect(counts.duplicated).toBe(0);
    // Retried: scored by a second claim (the first died with the worker).
    expect(attempts.every((r) => r.status === 'scored' && r.attempt >= 2)).toBe(true);
  });

  it('PostgreSQL restarted during a burst: 503 with Retry-After while it is down, everything resumes after', async () => {
    let outage: Promise<void> | undefined;
    const sent = await uploads(100, (accepted) => {
      if (accepted !== 30) return;
      outage = (async () => {
        await round.cluster.kill('postgres', 'SIGINT');
        await sleep(5000);
        await round.cluster.start('postgres');
      })();
    });
    await outage;
    const counts = await settleAndCount(sent);
    const answers = counts.failuresSeen.map((f) => f.split(' ')[0]!);
    const kinds = Object.entries(answers.reduce<Record<string, number>>((m, a) => ({ ...m, [a]: (m[a] ?? 0) + 1 }), {}));
    report('PostgreSQL stopped 5 s during a burst of 100 uploads', {
      'uploads acknowledged (202)': counts.acknowledged,
      'answers seen before the 202': kinds.map(([k, n]) => `${k} x${n}`).join(', ') || 'none',
      '503 answers with Retry-After': counts.failuresSeen.filter((f) => /^503 \d+/.test(f)).length,
      'scored exactly once': counts.scoredOnce,
      'duplicated': counts.duplicated,
    });
    expect(counts.acknowledged).toBe(100);
    expect(counts.scoredOnce).toBe(100);
    expect(counts.duplicated).toBe(0);
    expect(answers.length).toBeGreaterThan(0);
    for (const failure of counts.failuresSeen) expect(failure).toMatch(/^503 \d+ /);
  });

  it('Redis stopped for 30 s: nodes keep serving, nothing acknowledged is lost, screens converge', async () => {
    const screens = Array.from({ length: 10 }, () => new ScreenProbe(round.cluster.url, round.event).connect());
    await waitFor(() => screens.every((s) => s.lastSeq !== null), 'screens have their snapshot', 60_000);
    let outage: Promise<void> | undefined;
    const health: number[] = [];
    const sent = await uploads(60, (accepted) => {
      if (accepted !== 20) return;
      outage = (async () => {
        await round.cluster.kill('redis');
        const until = Date.now() + 30_000;
        while (Date.now() < until) {
          health.push((await fetch(`${round.cluster.url}/api/health`).catch(() => null))?.status ?? 0);
          await sleep(500);
        }
        await round.cluster.start('redis');
      })();
    });
    await outage;
    const counts = await settleAndCount(sent);
    const { fresh, matching } = await converge(screens);
    report('Redis stopped for 30 s during 60 uploads', {
      'uploads acknowledged (202)': counts.acknowledged,
      'answers seen before the 202': [...new Set(counts.failuresSeen.map((f) => f.split(' ')[0]))].join(', ') || 'none',
      'health answers while Redis was down': [...new Set(health)].join(', '),
      'scored exactly once': counts.scoredOnce,
      'duplicated': counts.duplicated,
      'screens matching a fresh screen': matching,
      'duplicate frames applied': screens.reduce((n, s) => n + s.duplicates, 0),
    });
    // Acknowledged at once: nothing waited on Redis (no client timeout).
    expect(counts.failuresSeen).toEqual([]);
    expect(health.every((status) => status === 200)).toBe(true);
    expect(counts.acknowledged).toBe(60);
    expect(counts.scoredOnce).toBe(60);
    expect(counts.duplicated).toBe(0);
    for (const s of [...screens, fresh]) s.close();
  });

  it(`${STORM_CLIENTS} screens reconnect at once through nginx: none misses or repeats a frame`, async () => {
    const screens: ScreenProbe[] = [];
    // Opened in waves, as a venue's screens and phones arrive.
    for (let i = 0; i < STORM_CLIENTS; i += 500) {
      screens.push(...Array.from({ length: Math.min(500, STORM_CLIENTS - i) }, () => new ScreenProbe(round.cluster.url, round.event).connect()));
      await waitFor(() => screens.every((s) => s.lastSeq !== null), 'a wave of screens has its snapshot', 120_000);
    }
    let outage: Promise<void> | undefined;
    // nginx dies with every connection while teams upload; the uploads retry until it is back.
    const sent = await uploads(40, (accepted) => {
      if (accepted !== 10) return;
      outage = (async () => {
        await round.cluster.kill('nginx', 'SIGKILL');
        await sleep(2000);
        await round.cluster.start('nginx');
      })();
    });
    await outage;
    const counts = await settleAndCount(sent);
    const { fresh, matching } = await converge(screens);
    const resumed = screens.filter((s) => s.disconnects > 0);
    report(`nginx killed under ${STORM_CLIENTS} screens during 40 uploads`, {
      'uploads acknowledged (202)': counts.acknowledged,
      'scored exactly once': counts.scoredOnce,
      'screens that reconnected': resumed.length,
      'screens resumed by replay (no hole)': resumed.filter((s) => !s.refreshes.slice(1).includes('snapshot')).length,
      'screens matching a fresh screen': matching,
      'duplicate frames applied': screens.reduce((n, s) => n + s.duplicates, 0),
    });
    expect(counts.scoredOnce).toBe(40);
    expect(resumed.length).toBe(STORM_CLIENTS);
    for (const screen of screens) {
      expect(screen.refreshes.slice(1)).not.toContain('snapshot');
      expect(screen.duplicates).toBe(0);
    }
    for (const s of [...screens, fresh]) s.close();
  });
});
