// `podium submit` against a scripted stand-in for the API: retries with one Idempotency-Key,
// prints the score and rank, every problem of a rejected file, and the quota's next slot.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import type { CliContext } from '../src/cli-context.js';

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

class ScriptedApi {
  readonly posts: { key: string | undefined; body: Buffer; fileName: string | undefined }[] = [];
  handler: Handler = () => undefined;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        if (req.method === 'POST') this.posts.push({ key: req.headers['idempotency-key'] as string | undefined, body, fileName: req.headers['x-file-name'] as string | undefined });
        this.handler(req, body, res);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const accepted = { id: '42', status: 'queued', received_at: '2026-11-27T10:00:00.000Z', sha256: 'a'.repeat(64) };
const details = (status: string, extra: Record<string, unknown> = {}) => ({
  id: '42', event: 'jfr-demo', task: 'lung', team: 'voxel-forge', status, receivedAt: accepted.received_at, settledAt: null,
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

  async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const ctx: CliContext = { stdout: (t) => (stdout += `${t}\n`), stderr: (t) => (stderr += `${t}\n`), env: {}, cwd: dir, fetch: globalThis.fetch };
    const code = await runCli(['submit', '--server', server, '--token', 'tok', '--event', 'jfr-demo', '--task', 'lung', ...args], ctx);
    return { code, stdout, stderr };
  }

  it('retries a failed upload with the same Idempotency-Key, then prints score and rank', async () => {
    api.posts.length = 0;
    let polls = 0;
    api.handler = (req, _body, res) => {
      if (req.method === 'POST') return api.posts.length === 1 ? json(res, 503, { title: 'Unavailable', detail: 'restarting' }) : json(res, 202, accepted);
      if (req.url === '/api/submissions/42') return json(res, 200, ++polls < 2 ? details('scoring') : details('scored', { scores: { auc: 0.91 }, counted: true }));
      if (req.url === '/api/teams/me') {
        return json(res, 200, { event: 'jfr-demo', team: {}, serverTime: '', tasks: [{ task: 'lung', rank: 3, clock: { frozen: false }, quota: { remaining: 7, nextSlotAt: null } }] });
      }
      json(res, 404, {});
    };
    const out = await run(['preds.csv']);
    expect(out.code).toBe(0);
    expect(api.posts).toHaveLength(2);
    expect(api.posts[0]!.key).toBeDefined();
    expect(api.posts[1]!.key).toBe(api.posts[0]!.key);
    expect(api.posts[1]!.body.toString()).toContain('Poumon1,0.5');
    expect(api.posts[1]!.fileName).toBe('preds.csv');
    expect(out.stdout).toContain('Scored: auc 0.91');
    expect(out.stdout).toContain('Rank: 3; 7 submission(s) left');
  }, 30_000);

  it('prints every problem of a rejected file and exits 1', async () => {
    api.handler = (req, _body, res) => {
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
    api.posts.length = 0;
    api.handler = (_req, _body, res) =>
      json(res, 429, { type: '/problems/quota-exceeded', title: 'Submission quota used up', status: 429, detail: 'Task "lung" allows 10 per 60 minutes.' }, { 'retry-after': '120', 'podium-next-slot-at': '2026-11-27T10:02:00.000Z' });
    const out = await run(['preds.csv', '--key', 'my-key']);
    expect(out.code).toBe(1);
    expect(api.posts).toHaveLength(1);
    expect(api.posts[0]!.key).toBe('my-key');
    expect(out.stderr).toContain('Next slot: 2026-11-27T10:02:00.000Z (retry after 120 s)');
  });

  it('refuses wrong usage with exit 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['missing.csv'])).code).toBe(2);
  });
});
