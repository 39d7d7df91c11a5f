// `podium simulate` refuses a server it cannot talk to before playing anything.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { buildDemoSubmission, DEMO_SEED, demoTeamSkill, demoTruth } from '@podium/demo';
import { afterEach, describe, expect, it } from 'vitest';
import { DemoFilePool } from '../src/demo-file-pool.js';
import { runCliInProcess } from './support/cli-fixtures.js';
import { ScriptedApi, replyJson } from './support/scripted-api.js';

it.each(['not a url', 'ftp://example.org'])('answers --server %j with a usage error (exit 2), not a crash', async (server) => {
  const run = await runCliInProcess(['simulate', '--server', server], { cwd: process.cwd() });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(`--server ${JSON.stringify(server)} is not an http(s) URL`);
  expect(run.stderr).not.toMatch(/\n\s+at /);
});

describe('simulate against a flaky network', () => {
  const api = new ScriptedApi();
  let dir = '';
  afterEach(async () => {
    await api.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('retries a submission whose connection dropped, with the same Idempotency-Key, and prints the cause', async () => {
    const now = Date.now();
    const lung = {
      slug: 'lung',
      title: { en: 'Lung', fr: 'Poumon' },
      clock: { opensAt: new Date(now - 60_000).toISOString(), closesAt: new Date(now + 3_600_000).toISOString(), freezeAt: null },
      precision: 4,
      scores: [{ name: 'auc', better: 'max' }],
      ranking: 'single',
      quota: { submissions: 10, perMinutes: 60 },
      state: 'open',
      graceSeconds: 0,
    };
    let posts = 0;
    api.handler = (req, res) => {
      if (req.method === 'GET') return replyJson(res, 200, { slug: 'jfr-demo', title: { en: 'Demo' }, timezone: 'UTC', teams: [{ slug: 'voxel-forge', name: 'Voxel Forge' }], tasks: [lung] });
      posts++;
      if (posts === 1) return res.socket?.destroy(); // the venue Wi-Fi drops the first try
      replyJson(res, 202, { id: 's1' });
    };
    const server = await api.start();
    dir = mkdtempSync(join(tmpdir(), 'podium-sim-'));
    writeFileSync(join(dir, 'tokens.txt'), `voxel-forge ${'x'.repeat(43)}\n`);
    const run = await runCliInProcess(['simulate', '--server', server, '--tokens', 'tokens.txt', '--tasks', 'lung', '--rounds', '1'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const keys = api.received.filter((r) => r.method === 'POST').map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(run.stderr).toMatch(/fetch failed: .+; retrying in \d+ ms with the same Idempotency-Key/);
    expect(run.stdout).toContain('Done: 1 submissions accepted, 0 refused.');
  });
});

describe('DemoFilePool', () => {
  it('builds a sarcopenia file in a worker thread, byte for byte the file built in place', async () => {
    const pool = new DemoFilePool(1);
    try {
      const request = { task: 'sarcopenia' as const, team: 2, skill: demoTeamSkill(DEMO_SEED, 2), attempt: 1 };
      const built = await pool.build(request);
      expect(built.threadId).not.toBe(threadId);
      const inPlace = buildDemoSubmission({ ...request, truth: demoTruth(DEMO_SEED) });
      expect(built.fileName).toBe(inPlace.fileName);
      expect(Buffer.from(built.bytes).equals(Buffer.from(inPlace.bytes))).toBe(true);
    } finally {
      await pool.close();
    }
  }, 120_000);
});
