// The fault suite (issue 18): the multi-node topology of `npm run cluster` - nginx, two API
// nodes, a scoring worker, PostgreSQL, Redis - with parts of it killed while teams upload and
// screens follow the board. Each fault prints what users saw and the counts that prove nothing
// acknowledged was lost or counted twice.
import { waitFor } from '@podium/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lungPredictionCsv, TEAM_NAMES, teamSlug } from '../src/harness/live-event.js';
import { inBatches, waitSettled } from '../src/harness/submissions.js';
import { ScreenProbe, startFaultCluster, uploadWithRetries, type FaultCluster, type UploadReport } from './cluster-harness.js';

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
  const rows = await round.db.query<{ key: string; rows: string; scored: string }>(
    `SELECT s.idempotency_key AS key, count(*) AS rows,
            (SELECT count(*) FROM feed_event f WHERE f.type = 'submission.scored' AND f.data->>'submissionId' = min(s.id)::text) AS scored
       FROM submission s WHERE s.idempotency_key = ANY($1) GROUP BY s.idempotency_key`,
    [keys],
  );
  return {
    acknowledged: new Set(sent.map((s) => s.id)).size,
    rows: rows.rows.reduce((n, r) => n + Number(r.rows), 0),
    scoredOnce: rows.rows.filter((r) => Number(r.scored) === 1).length,
    duplicated: rows.rows.filter((r) => Number(r.rows) > 1 || Number(r.scored) > 1).length,
    retried: sent.filter((s) => s.failures.length > 0).length,
    failuresSeen: sent.flatMap((s) => s.failures),
  };
}

/** Screens converge: each shows the boards a screen opened now shows, after the same last seq. */
async function expectConverged(screens: ScreenProbe[]): Promise<ScreenProbe> {
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
  await waitFor(() => screens.every((s) => s.lastSeq !== null && s.lastSeq >= fresh.lastSeq!), 'every screen caught up', 60_000);
  for (const screen of screens) expect(screen.boards()).toEqual(fresh.boards());
  return fresh;
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
    const fresh = await expectConverged(screens);
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
      'screens matching a fresh screen': screens.length,
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
});
