// Fault test: the real server process (sources, embedded PGlite) takes a burst of 200 submissions
// from 20 teams and is killed with SIGKILL mid-burst. After a restart on the same directory every
// submission that got a 202 is scored exactly once, and each request cut off before its answer is
// either absent or found again (not duplicated) when retried with its Idempotency-Key.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoSubmission, DEMO_EVENT_SLUG, DEMO_TEAMS, demoTeamSkill, demoTruth } from '@podium/demo';
import { DataSource } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import { exitedEarly, freePort, spawnApi, waitFor, waitForHealth, type SpawnedApi as Running } from '@podium/test-support';
import { dataSourceOptions } from '../../src/database/data-source.factory.js';

const PER_TEAM = 10;
const KILL_AFTER_ACKS = 70;

/** The server from sources on the embedded database (never a DATABASE_URL from the environment). */
function startServer(env: Record<string, string>): Running {
  return spawnApi('sources', { DATABASE_URL: '', REDIS_URL: '', ...env });
}


interface Attempt {
  team: number;
  key: string;
  bytes: Uint8Array;
  fileName: string;
  /** The 202 answer's id, when one arrived. */
  id?: string;
  cutOff?: boolean;
}

async function send(base: string, token: string, a: Attempt): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([a.bytes]), a.fileName);
  return fetch(`${base}/api/events/${DEMO_EVENT_SLUG}/tasks/lung/submissions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': a.key },
    body: form,
  });
}

describe('SIGKILL during a burst of submissions', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'podium-crash-'));
  const running: Running[] = [];
  afterAll(() => {
    for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('scores every acknowledged submission exactly once and never duplicates a retried one', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = { PORT: String(port), HOST: '127.0.0.1', PODIUM_DATA_DIR: dataDir, PODIUM_ADMIN_TOKEN: 'crash-test-admin-token-0123456789', PODIUM_DEMO: 'on' };
    const first = startServer(env);
    running.push(first);
    const tokens = await waitFor(
      () => {
        const block = /Team tokens \(shown once\):\n((?:\s{2}\S+\s+\S+\n)+)/.exec(first.output());
        if (!block) return undefined;
        return new Map(block[1]!.trim().split('\n').map((line) => line.trim().split(/\s+/) as [string, string]));
      },
      'the demo team tokens',
      { timeoutMs: 200_000, intervalMs: 250, giveUpIf: exitedEarly(first) },
    );
    expect(tokens.size).toBe(DEMO_TEAMS.length);

    const truth = demoTruth();
    const attempts: Attempt[][] = DEMO_TEAMS.map((_, team) =>
      Array.from({ length: PER_TEAM }, (_, attempt) => {
        const file = buildDemoSubmission({ task: 'lung', team, skill: demoTeamSkill(2019, team), attempt, truth });
        return { team, key: randomUUID(), bytes: file.bytes, fileName: file.fileName };
      }),
    );
    let acks = 0;
    let killed = false;
    const kill = () => {
      if (!killed) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    };
    // 20 teams in parallel, each sending its submissions one after the other.
    await Promise.all(
      attempts.map(async (list) => {
        for (const a of list) {
          if (killed) return;
          try {
            const res = await send(base, tokens.get(DEMO_TEAMS[a.team]!.slug)!, a);
            const body = (await res.json()) as { id?: string };
            expect(res.status, JSON.stringify(body)).toBe(202);
            a.id = body.id;
            if (++acks >= KILL_AFTER_ACKS) kill();
          } catch (error) {
            if (!killed) throw error;
            a.cutOff = true;
            return;
          }
        }
      }),
    );
    await first.exited;
    const acked = attempts.flat().filter((a) => a.id !== undefined);
    const cutOff = attempts.flat().filter((a) => a.cutOff);
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acked.length).toBeLessThan(DEMO_TEAMS.length * PER_TEAM);
    console.info(`crash test: ${acked.length} acknowledged, ${cutOff.length} cut off by the SIGKILL`);

    const second = startServer(env);
    running.push(second);
    await waitForHealth(base, second, 200_000);
    // Retry every cut-off request with its key: found again or created, never twice.
    for (const a of cutOff) {
      const res = await send(base, tokens.get(DEMO_TEAMS[a.team]!.slug)!, a);
      expect(res.status).toBe(202);
      a.id = ((await res.json()) as { id: string }).id;
      const again = await send(base, tokens.get(DEMO_TEAMS[a.team]!.slug)!, a);
      expect(((await again.json()) as { id: string }).id).toBe(a.id);
    }
    const known = attempts.flat().filter((a) => a.id !== undefined);
    const resumed = /resuming (\d+) unfinished/.exec(second.output());
    console.info(`crash test: ${resumed?.[1] ?? 0} unfinished submission(s) resumed on restart`);
    // Every team's own list is exactly what it was answered, and all of it is scored.
    await waitFor(
      async () => {
        for (const [team, slug] of DEMO_TEAMS.map((t, i) => [i, t.slug] as const)) {
          const me = (await (await fetch(`${base}/api/teams/me`, { headers: { authorization: `Bearer ${tokens.get(slug)}` } })).json()) as {
            tasks: { task: string; submissions: { id: string; status: string }[] }[];
          };
          const lung = me.tasks.find((t) => t.task === 'lung')!;
          if (lung.submissions.some((s) => s.status !== 'scored')) return undefined;
          expect(lung.submissions.map((s) => s.id).sort()).toEqual(known.filter((a) => a.team === team).map((a) => a.id!).sort());
        }
        return true;
      },
      'every submission to be scored',
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    // Straight from the database: one settle per submission, one score row, no duplicate.
    const ds = await new DataSource(dataSourceOptions({ kind: 'pglite', dataDir })).initialize();
    try {
      const rows: { id: number; status: string; attempt: number; scores: number; settles: number }[] = await ds.query(
        `SELECT s.id, s.status, s.attempt,
                (SELECT count(*)::int FROM score WHERE submission_id = s.id) AS scores,
                (SELECT count(*)::int FROM feed_event WHERE type = 'submission.scored' AND data->>'submissionId' = s.id::text) AS settles
           FROM submission s JOIN task t ON t.id = s.task_id WHERE t.slug = 'lung' ORDER BY s.id`,
      );
      expect(rows.map((r) => String(r.id)).sort()).toEqual(known.map((a) => a.id!).sort());
      for (const r of rows) {
        expect(r, `submission ${r.id}`).toMatchObject({ status: 'scored', scores: 1, settles: 1 });
        expect(r.attempt).toBeLessThanOrEqual(2);
      }
    } finally {
      await ds.destroy();
    }
  }, 600_000);
});
