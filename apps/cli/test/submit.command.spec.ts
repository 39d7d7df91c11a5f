// `podium submit` against a scripted stand-in for the API: retries with one Idempotency-Key,
// prints the score and rank, every problem of a rejected file, and the quota's next slot.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess, type CliRun } from './support/cli-fixtures.js';
import { replyJson as json, ScriptedApi } from './support/scripted-api.js';

const accepted = { id: '42', status: 'queued', receivedAt: '2026-11-27T10:00:00.000Z', sha256: 'a'.repeat(64) };
const details = (status: string, extra: Record<string, unknown> = {}) => ({
  id: '42', event: 'jfr-demo', task: 'lung', team: 'voxel-forge', status, receivedAt: accepted.receivedAt, settledAt: null,
  fileName: 'preds.csv', size: 10, sha256: accepted.sha256, scores: null, problems: [], warnings: [], afterFreeze: false, counted: false, ...extra,
});

describe('podium submit', () => {
  const api = new ScriptedApi();
  let server: string;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    server = await api.start();
    dir = await mkdtemp(join(tmpdir(), 'podium-submit-'));
    file = join(dir, 'preds.csv');
    await writeFile(file, 'examen_id,probability\nPoumon1,0.5\n');
  });
  afterAll(async () => {
    await api.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const run = (args: string[]): Promise<CliRun> =>
    runCliInProcess(['submit', '--server', server, '--token', 'tok', '--event', 'jfr-demo', '--task', 'lung', ...args], { cwd: dir });
  // The uploads so far, with the headers the retries must keep.
  const posts = () =>
    api.received.filter((r) => r.method === 'POST').map((r) => ({ key: r.headers['idempotency-key'], body: r.body, fileName: r.headers['x-file-name'] }));

  it('retries a failed upload with the same Idempotency-Key, then prints score and rank', async () => {
    api.received.length = 0;
    let polls = 0;
    api.handler = (req, res) => {
      if (req.method === 'POST') return posts().length === 1 ? json(res, 503, { title: 'Unavailable', detail: 'restarting' }) : json(res, 202, accepted);
      if (req.url === '/api/submissions/42') return json(res, 200, ++polls < 2 ? details('scoring') : details('scored', { scores: { auc: 0.5811362209667295 }, counted: true }));
      if (req.url === '/api/events/jfr-demo') return json(res, 200, { slug: 'jfr-demo', tasks: [{ slug: 'lung', precision: 4 }] });
      if (req.url === '/api/teams/me') {
        return json(res, 200, { event: 'jfr-demo', team: {}, serverTime: '', tasks: [{ task: 'lung', rank: 3, clock: { frozen: false }, quota: { remaining: 7, nextSlotAt: null } }] });
      }
      json(res, 404, {});
    };
    const out = await run(['preds.csv']);
    expect(out.code).toBe(0);
    expect(posts()).toHaveLength(2);
    expect(posts()[0]!.key).toBeDefined();
    expect(posts()[1]!.key).toBe(posts()[0]!.key);
    expect(posts()[1]!.body.toString()).toContain('Poumon1,0.5');
    expect(posts()[1]!.fileName).toBe('preds.csv');
    // The task's display precision, as on the screens.
    expect(out.stdout).toContain('Scored: auc 0.5811 (public split)');
    expect(out.stdout).toContain('Rank: 3; 7 submission(s) left');

    // --json: only JSON on stdout, the full value.
    polls = 0;
    const asJson = await run(['preds.csv', '--json']);
    expect(asJson.code).toBe(0);
    const answer = JSON.parse(asJson.stdout) as { submission: { scores: Record<string, number> }; standing: { rank: number } };
    expect(answer.submission.scores['auc']).toBe(0.5811362209667295);
    expect(answer.standing.rank).toBe(3);
    expect(asJson.stderr).toContain('Submitting preds.csv');
  }, 60_000);

  it('prints every problem of a rejected file and exits 1', async () => {
    api.handler = (req, res) => {
      if (req.method === 'POST') return json(res, 202, accepted);
      json(res, 200, details('rejected', { problems: [
        { code: 'csv.missing_case', message: 'preds.csv: case Poumon2 is missing.', caseId: 'Poumon2' },
        { code: 'csv.out_of_range', message: 'preds.csv line 2 column "probability": 1.7 is above 1.', line: 2 },
      ] }));
    };
    const out = await run(['preds.csv']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('Rejected: 2 problem(s)');
    expect(out.stderr).toContain('case Poumon2 is missing');
    expect(out.stderr).toContain('1.7 is above 1');
  });

  it('says when the next slot frees on 429 and exits 1 without retrying', async () => {
    api.received.length = 0;
    api.handler = (_req, res) =>
      json(res, 429, { type: '/problems/quota-exceeded', title: 'Submission quota used up', status: 429, detail: 'Task "lung" allows 10 per 60 minutes.' }, { 'retry-after': '120', 'podium-next-slot-at': '2026-11-27T10:02:00.000Z' });
    const out = await run(['preds.csv', '--key', 'my-key']);
    expect(out.code).toBe(1);
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.key).toBe('my-key');
    expect(out.stderr).toContain('Next slot: 2026-11-27T10:02:00.000Z (retry after 120 s)');
  });

  it('refuses wrong usage with exit 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['missing.csv'])).code).toBe(2);
  });
});
