import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildBundleZip, loadEventBundle, replaceOnce, VALID_EVENT_YAML, validBundleFiles } from '@podium/event-bundle';
import { runCliInProcess, writeBundleDir, type CliRun } from './support/cli-fixtures.js';
import { replyJson, ScriptedApi } from './support/scripted-api.js';

describe('podium import', () => {
  const api = new ScriptedApi();
  let server: string;
  let work: string;

  const run = (args: string[], env: Record<string, string> = {}): Promise<CliRun> => runCliInProcess(args, { cwd: work, env });

  beforeAll(async () => {
    api.replyAlways(201, {});
    server = await api.start();
    work = await mkdtemp(join(tmpdir(), 'podium-cli-'));
    await writeBundleDir(join(work, 'bundle'), validBundleFiles());
    await writeFile(join(work, 'bundle.zip'), buildBundleZip(validBundleFiles()));
    const broken = validBundleFiles();
    broken['event.yaml'] = replaceOnce(replaceOnce(VALID_EVENT_YAML, 'timezone: Europe/Paris', 'timezone: Paris'), 'metric: auc,', 'metric: aucc,');
    await writeBundleDir(join(work, 'broken'), broken);
  });
  afterAll(async () => {
    await api.stop();
    await rm(work, { recursive: true, force: true });
  });
  afterEach(() => {
    api.received.length = 0;
    api.replyAlways(201, {});
  });

  it('uploads a bundle directory as a zip and prints the new team tokens', async () => {
    api.replyAlways(201, { slug: 'fixture-2019', created: true, teams: [{ slug: 'owkin', token: 'tok-owkin-123' }, { slug: 'neuro-ai', token: 'tok-neuro-456' }] });
    const r = await run(['import', 'bundle', '--server', server, '--token', 's3cret']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(api.received).toHaveLength(1);
    const req = api.received[0];
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/api/admin/events');
    expect(req.headers['content-type']).toBe('application/zip');
    expect(req.headers.authorization).toBe('Bearer s3cret');
    // The server receives a zip that validates to the same event.
    const uploaded = loadEventBundle(req.body);
    expect(uploaded.problems).toEqual([]);
    expect(uploaded.bundle!.manifest.slug).toBe('fixture-2019');
    expect([...uploaded.bundle!.files.keys()].sort()).toEqual(['event.yaml', 'keys/lung.csv', 'keys/ms.csv', 'keys/sarcopenia-masks.zip', 'keys/sarcopenia.csv']);
    expect(r.stdout).toContain('Bundle OK: event "fixture-2019", 3 tasks, 4 teams, 2 jury members.');
    expect(r.stdout).toContain('Event "fixture-2019" created');
    expect(r.stdout).toMatch(/TEAM\s+TOKEN\n\s+-+\s+-+\n\s+owkin\s+tok-owkin-123\n\s+neuro-ai\s+tok-neuro-456/);
  });

  it('sends a zip file unchanged, with server and token from the environment', async () => {
    api.replyAlways(200, { slug: 'fixture-2019', created: false, teams: [] });
    const r = await run(['import', join(work, 'bundle.zip')], { PODIUM_SERVER: server, PODIUM_ADMIN_TOKEN: 'from-env' });
    expect(r.code).toBe(0);
    expect(api.received[0].headers.authorization).toBe('Bearer from-env');
    expect(Buffer.from(api.received[0].body).equals(await readFile(join(work, 'bundle.zip')))).toBe(true);
    expect(r.stdout).toContain('Event "fixture-2019" updated');
    expect(r.stdout).toContain('No new team');
  });

  it('refuses an invalid bundle locally, listing every problem, and uploads nothing', async () => {
    const r = await run(['import', 'broken', '--server', server, '--token', 't']);
    expect(r.code).toBe(1);
    expect(api.received).toHaveLength(0);
    expect(r.stderr).toContain('2 problems');
    expect(r.stderr).toContain('timezone: "Paris" is not a known IANA time zone');
    expect(r.stderr).toContain('tasks[0].scores[0].metric: unknown metric "aucc"');
  });

  it('names the zip file in the problems of an invalid zip', async () => {
    await writeFile(join(work, 'slides.zip'), 'not a zip');
    const r = await run(['import', 'slides.zip', '--token', 't', '--server', server]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('slides.zip: is not a zip archive');
    expect(api.received).toHaveLength(0);
  });

  it('prints the problems of a 422 answer and exits 1', async () => {
    api.replyAlways(422, {
      type: '/problems/invalid-bundle',
      title: 'Invalid event bundle',
      status: 422,
      detail: '1 problem',
      problems: [{ code: 'bundle.conflict', message: 'task "lung" has submissions and cannot be removed' }],
    });
    const r = await run(['import', 'bundle', '--server', server, '--token', 't']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HTTP 422 Invalid event bundle');
    expect(r.stderr).toContain('task "lung" has submissions and cannot be removed');
  });

  it('asks for an asynchronous import; a 202 is followed at its Location, with progress, until its result', async () => {
    const job = (status: string, phase: string, done: number, extra: object = {}) => ({
      id: 'imp-1', status, phase, rows: { done, total: 300000 }, startedAt: '2026-12-06T10:00:00.000Z', finishedAt: null, result: null, error: null, ...extra,
    });
    const states = [
      job('running', 'writing', 150000),
      job('succeeded', 'done', 300000, { result: { slug: 'fixture-2019', created: true, teams: [{ slug: 'owkin', token: 'tok-owkin-123' }] } }),
    ];
    api.handler = (req, res) => {
      if (req.method === 'POST') return replyJson(res, 202, job('running', 'validating', 0), { location: '/api/admin/imports/imp-1' });
      replyJson(res, 200, states.shift() ?? states.at(-1));
    };
    const r = await run(['import', 'bundle', '--server', server, '--token', 't']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(api.received[0]!.headers.prefer).toBe('respond-async');
    expect(api.received.slice(1).map((q) => [q.method, q.url, q.headers.authorization])).toEqual([
      ['GET', '/api/admin/imports/imp-1', 'Bearer t'],
      ['GET', '/api/admin/imports/imp-1', 'Bearer t'],
    ]);
    expect(r.stdout).toContain('import writing answer-key rows: 150000/300000');
    expect(r.stdout).toMatch(/owkin\s+tok-owkin-123/);
  });

  it('prints the problems of an asynchronous import that failed, and exits 1', async () => {
    api.handler = (req, res) => {
      if (req.method === 'POST') return replyJson(res, 202, { id: 'imp-2' }, { location: '/api/admin/imports/imp-2' });
      replyJson(res, 200, {
        id: 'imp-2', status: 'failed', phase: 'validating', rows: { done: 0, total: 0 }, result: null,
        error: { type: '/problems/invalid-bundle', title: 'Invalid event bundle', status: 422, detail: '1 problem', problems: [{ code: 'key.bad_split', message: 'split "test" is not public or private' }] },
      });
    };
    const r = await run(['import', 'bundle', '--server', server, '--token', 't']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HTTP 422 Invalid event bundle');
    expect(r.stderr).toContain('split "test" is not public or private');
  });

  it('says when the admin token is refused', async () => {
    api.replyAlways(401, { title: 'Unauthorized', status: 401 });
    const r = await run(['import', 'bundle', '--server', server, '--token', 'wrong']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refused the admin token');
  });

  it('explains an unreachable server', async () => {
    const closed = new ScriptedApi();
    const url = await closed.start();
    await closed.stop();
    const r = await run(['import', 'bundle', '--server', url, '--token', 't']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Cannot reach the Podium server at ${url}/ (ECONNREFUSED)`);
  });

  it('validates only with --check, without a token or a server', async () => {
    const r = await run(['import', 'bundle', '--check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Bundle OK');
    // Windows in the event's time zone, whatever offset the organiser wrote.
    expect(r.stdout).toMatch(/TASK\s+OPENS \(Europe\/Paris\)\s+FREEZES\s+CLOSES/);
    expect(r.stdout).toMatch(/lung\s+2019-10-13 13:00\s+2019-10-13 14:40\s+2019-10-13 15:00/);
    expect(r.stdout).toMatch(/ms\s+2019-10-13 13:00\s+-\s+2019-10-13 15:00/);
    expect(api.received).toHaveLength(0);
  });

  it('rejects wrong usage with exit code 2', async () => {
    expect((await run(['import', 'bundle', '--server', server])).stderr).toContain('No admin token');
    expect((await run(['import', 'bundle', '--server', server])).code).toBe(2);
    expect((await run(['import', '--token', 't'])).code).toBe(2);
    expect((await run(['import', 'a', 'b', '--token', 't'])).code).toBe(2);
    expect((await run(['import', 'bundle', '--token', 't', '--servr', server])).code).toBe(2);
    expect((await run(['import', 'bundle', '--token', 't', '--server', 'localhost:3000'])).stderr).toContain('not an http(s) URL');
    const missing = await run(['import', 'nowhere', '--token', 't']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
    expect(api.received).toHaveLength(0);
  });

  it('has --help for the program and for each command', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('import');
    const help = await run(['import', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--server <url>');
    expect((await run(['help', 'import'])).stdout).toBe(help.stdout);
    expect((await run([])).code).toBe(2);
    const unknown = await run(['imprt']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "imprt"');
  });
});
