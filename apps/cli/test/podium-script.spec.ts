// The real entry point, as an organiser types it: `npm run podium -- import <dir>` from their own
// directory (relative paths resolve against it, not against the repository root).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { replaceOnce, VALID_EVENT_YAML, validBundleFiles } from '@podium/event-bundle';
import { writeBundleDir } from './support/cli-fixtures.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
let server: Server;
let url: string;
let work: string;
const requests: { url?: string; auth?: string; bytes: number }[] = [];

function podium(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['--prefix', repoRoot, 'run', '--silent', 'podium', '--', ...args], { cwd: work, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      requests.push({ url: req.url, auth: req.headers.authorization, bytes });
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ slug: 'fixture-2019', created: true, teams: [{ slug: 'owkin', token: 'tok-1' }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  work = await mkdtemp(join(tmpdir(), 'podium-script-'));
  await writeBundleDir(join(work, 'my-event'), validBundleFiles());
  const broken = validBundleFiles();
  broken['event.yaml'] = replaceOnce(VALID_EVENT_YAML, 'closes_at: 2019-10-13T15:00:00+02:00\n    freeze_at', 'closes_ta: 2019-10-13T15:00:00+02:00\n    freeze_at');
  await writeBundleDir(join(work, 'broken'), broken);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(work, { recursive: true, force: true });
});

it('imports a directory given relative to where the command is typed', async () => {
  const r = await podium(['import', 'my-event', '--server', url, '--token', 'abc']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(requests).toEqual([{ url: '/api/admin/events', auth: 'Bearer abc', bytes: expect.any(Number) }]);
  expect(r.stdout).toContain('tok-1');
}, 90_000);

it('exits 1 with the problems of an invalid bundle', async () => {
  const r = await podium(['import', 'broken', '--server', url, '--token', 'abc']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('tasks[0].closes_ta: unknown field "closes_ta": did you mean "closes_at"?');
  expect(requests).toHaveLength(1);
}, 90_000);
