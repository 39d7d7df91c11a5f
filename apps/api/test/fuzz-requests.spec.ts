// Throws malformed requests at a real server process (src/main.ts, the demo event, embedded
// PGlite): cut and broken multipart bodies, raw bytes under any content type, broken and deeply
// nested JSON, odd path parameters, uploads abandoned mid-body, raw TCP garbage, and engine.io /
// socket.io packets over polling and websocket. The process must stay up, never answer 5xx,
// never log an unhandled error, keep answering /api/health, and lose nothing: a submission
// accepted before the storm is scored, every one accepted during it is readable, one after it
// is accepted and scored.
// Seeded and bounded: PODIUM_FUZZ_SEED (default 20261206), PODIUM_FUZZ_CASES (default 300),
// PODIUM_FUZZ_BUDGET_MS (default 30000; the storm stops early when it is spent).
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoSubmission, DEMO_EVENT_SLUG, DEMO_TEAMS, demoTeamSkill, demoTruth } from '@podium/demo';
import { LIVE_NAMESPACE } from '@podium/contracts';
import { createRng } from '@podium/scoring';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitedEarly, freePort, spawnApi, waitFor, type SpawnedApi } from '@podium/test-support';

const SEED = Number(process.env['PODIUM_FUZZ_SEED'] ?? 20261206);
const CASES = Number(process.env['PODIUM_FUZZ_CASES'] ?? 300);
const BUDGET_MS = Number(process.env['PODIUM_FUZZ_BUDGET_MS'] ?? 30_000);
const ADMIN = 'fuzz-admin-token-0123456789abcdefghij';

/** Case pickers over the seeded PRNG, so a seed replays the same requests. */
function rng(seed: number) {
  const { int } = createRng(seed, 'fuzz requests');
  return {
    int,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
    bytes: (n: number) => Buffer.from(Array.from({ length: n }, () => int(256))),
    text: (n: number) => Array.from({ length: n }, () => String.fromCharCode(32 + int(95))).join(''),
  };
}
type Rng = ReturnType<typeof rng>;

interface Target {
  base: string;
  port: number;
  token: string;
  upload: string;
}

/** What one case did: an HTTP status, or a note for transports without one. */
type Outcome = { status: number; what: string; id?: string } | { status: null; what: string };

const CRLF = '\r\n';

function multipartBody(r: Rng, boundary: string, csv: string): string {
  const part = (name: string, file?: string) =>
    `--${boundary}${CRLF}Content-Disposition: form-data; name="${name}"${file ? `; filename="${file}"` : ''}${CRLF}${CRLF}${csv}${CRLF}`;
  const variants = [
    () => part('file', 'a.csv') + `--${boundary}--${CRLF}`,
    () => part('file', 'a.csv'), // no closing boundary (the issue's crash)
    () => part('file', 'a.csv').slice(0, r.int(40) + 5),
    () => part('other', 'a.csv') + `--${boundary}--`,
    () => part('file', 'a.csv') + part('file', 'b.csv') + `--${boundary}--`,
    () => part('file') + `--${boundary}--`,
    () => `--${boundary}${CRLF}Content-Disposition: form-data; name="file"; filename="${r.text(3000)}"${CRLF}${CRLF}x${CRLF}--${boundary}--`,
    () => `--${boundary}${CRLF}${'X-Junk: y'.repeat(5000)}${CRLF}${CRLF}x${CRLF}--${boundary}--`,
    () => `--${boundary}${CRLF}Content-Disposition: form-data; name="file"; filename="a.csv"${CRLF}Content-Type: text/csv${CRLF}`,
    () => r.text(r.int(200)),
    () => `--${boundary}--${CRLF}`,
    () => `--${boundary}${CRLF}${CRLF}${CRLF}--${boundary}--`,
  ];
  return r.pick(variants)();
}

function randomCsv(r: Rng): string {
  const variants = [
    () => 'id,probability\nPoumon1,0.5\n',
    () => `id,probability\n${Array.from({ length: 50 }, () => `${r.text(8)},${r.text(3)}`).join('\n')}`,
    () => `${'c,'.repeat(r.int(5000))}x\n1,2\n`,
    () => `"id","probability\n"x,"\n`,
    () => r.text(r.int(2000)),
    () => '\uFEFFid;probability\r\nA;0,5\r\n',
    () => `id,probability\n${'\0'.repeat(10)}`,
  ];
  return r.pick(variants)();
}

async function http(t: Target, method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Outcome> {
  const res = await fetch(`${t.base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let id: string | undefined;
  if (res.status === 202) id = (JSON.parse(text) as { id: string }).id;
  return { status: res.status, what: `${method} ${path.slice(0, 60)}`, ...(id ? { id } : {}) };
}

/** Raw bytes over TCP: no HTTP client would send these. Resolves when the server closes or after a pause. */
function rawTcp(t: Target, payload: Buffer | string, endAfterMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect(t.port, '127.0.0.1');
    let answer = '';
    const done = () => {
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      resolve(status ? { status: Number(status), what: 'raw tcp' } : { status: null, what: 'raw tcp (no answer)' });
    };
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', done);
    socket.on('close', done);
    socket.write(payload, () => setTimeout(done, endAfterMs));
  });
}

async function enginePolling(t: Target, r: Rng): Promise<Outcome> {
  const handshake = await fetch(`${t.base}/socket.io/?EIO=4&transport=polling`);
  const open = await handshake.text();
  const sid = /"sid":"([^"]+)"/.exec(open)?.[1];
  if (!sid) return { status: handshake.status, what: 'engine.io handshake' };
  const packets = [
    `40${LIVE_NAMESPACE},`,
    `42${LIVE_NAMESPACE},["subscribe",${r.pick(['null', '1', '"x"', '{}', '{"event":1}', '{"event":"jfr-demo","since":-1}', '{"event":"jfr-demo","token":"x"}', `{"event":"${r.text(500)}"}`, '[[[[[[[[[]]]]]]]]]'])}]`,
    `42${LIVE_NAMESPACE},["${r.text(20)}",1]`,
    `4${r.text(r.int(100))}`,
    r.text(r.int(300)),
    '9',
    `42${LIVE_NAMESPACE},["subscribe"`,
    `451-${LIVE_NAMESPACE},["subscribe",{"_placeholder":true,"num":0}]`,
    'b' + Buffer.from(r.bytes(50)).toString('base64'),
  ];
  const payload = Array.from({ length: 1 + r.int(4) }, () => r.pick(packets)).join('\x1e');
  const res = await fetch(`${t.base}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: payload, headers: { 'Content-Type': 'text/plain;charset=UTF-8' } });
  await res.text();
  const poll = await fetch(`${t.base}/socket.io/?EIO=4&transport=polling&sid=${sid}`).catch(() => null);
  await poll?.text();
  return { status: res.status, what: 'engine.io polling packets' };
}

function socketIoEmit(t: Target, r: Rng): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = io(`${t.base}${LIVE_NAMESPACE}`, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: 5000 });
    const finish = (what: string) => {
      socket.close();
      resolve({ status: null, what });
    };
    socket.on('connect_error', () => finish('socket.io connect error'));
    socket.on('connect', () => {
      const payloads: unknown[] = [undefined, null, 42, 'x'.repeat(r.int(100_000)), { event: r.text(80) }, { event: DEMO_EVENT_SLUG, since: 'x' }, { event: DEMO_EVENT_SLUG, token: r.text(40) }, [1, [2, [3]]], Buffer.from(r.bytes(100))];
      for (let i = 0; i < 5; i++) socket.emit(r.pick(['subscribe', 'subscribe', r.text(10), 'feed', 'live-error']), r.pick(payloads));
      setTimeout(() => finish('socket.io emits'), 150);
    });
  });
}

function caseFor(r: Rng, t: Target): () => Promise<Outcome> {
  const auth = { Authorization: `Bearer ${t.token}` };
  const boundary = r.pick(['XyZ', '----b' + r.text(10).replace(/[^A-Za-z0-9]/g, 'a'), 'a'.repeat(70)]);
  const kinds = [
    // multipart, well-formed header and broken body, or broken header
    () => http(t, 'POST', t.upload, { ...auth, 'Content-Type': `multipart/form-data; boundary=${boundary}` }, multipartBody(r, boundary, randomCsv(r))),
    () => http(t, 'POST', t.upload, { ...auth, 'Content-Type': r.pick(['multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary="unterminated', 'multipart/mixed; boundary=x']) }, multipartBody(r, 'x', 'a')),
    // raw bodies under any content type
    () => http(t, 'POST', t.upload, { ...auth, 'Content-Type': r.pick(['application/octet-stream', 'text/csv', 'application/zip', 'image/png', 'x/y', 'text/plain; charset=utf-16']), 'X-File-Name': r.pick(['../../etc/passwd', 'a\u0000b.csv', r.text(500), 'p.csv']) }, r.int(2) ? r.bytes(r.int(4000)) : randomCsv(r)),
    () => http(t, 'POST', t.upload, { ...auth, 'Content-Type': 'application/json' }, r.pick(['{"a":', '[1,2', '{}', '"x"', '['.repeat(200_000) + ']'.repeat(200_000), 'null'])),
    () => http(t, 'POST', t.upload, { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' }, 'file=' + r.text(300)),
    // JSON to JSON routes, with and without the admin token
    () => http(t, 'POST', `/api/admin/events/${DEMO_EVENT_SLUG}/announcements`, { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' }, r.pick(['{"a":', '{"title":{"en":1}}', '[' + '{"a":['.repeat(20_000), '{"__proto__":{"x":1}}', JSON.stringify({ title: { en: r.text(5000), fr: 'x' } }), '\u0000'])),
    () => http(t, 'POST', `/api/admin/events/${DEMO_EVENT_SLUG}/announcements/${r.text(10).replace(/[/?#%]/g, 'a')}/withdraw`, { Authorization: `Bearer ${ADMIN}` }),
    () => http(t, 'POST', '/api/admin/events', { Authorization: `Bearer ${ADMIN}`, 'Content-Type': r.pick(['application/zip', 'application/json', 'text/plain']) }, r.bytes(r.int(3000))),
    // path and query oddities
    () => http(t, 'GET', r.pick([`/api/events/${r.pick(['%00', '%ff', '%', '%zz', '..%2f..', 'a'.repeat(2000), '%ED%A0%80'])}`, `/api/events/${DEMO_EVENT_SLUG}/tasks/%00/leaderboard`, `/api/submissions/${r.pick(['-1', '99999999999999999999', '1e5', '%00', '0x10'])}`, `/api/events/${DEMO_EVENT_SLUG}/tasks/lung/history?top=${r.pick(['-1', 'abc', '1e309', '99999999'])}`, `/api/events/${DEMO_EVENT_SLUG}/tasks/lung/leaderboard?format=${r.text(10)}`, `/screen/${r.pick(['%00', '../../package.json', '..%2f..%2fpackage.json', 'assets/app.js%00', 'assets/%ff'])}`]), r.int(2) ? auth : {}),
    () => http(t, r.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS']), r.pick(['/api/health', t.upload, '/api/teams/me']), auth, 'x'),
    () => http(t, 'GET', '/api/teams/me', { Authorization: r.pick(['Bearer', 'Bearer ' + r.text(3000), 'Basic x', `Bearer ${t.token} extra`, 'bearer\t' + t.token]) }),
    // an upload abandoned mid-body, a request line of garbage, a header that never ends
    () => rawTcp(t, `POST ${t.upload} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.token}\r\nContent-Type: multipart/form-data; boundary=Q\r\nContent-Length: 100000\r\n\r\n--Q\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nid,p\n`, 50),
    () => rawTcp(t, `POST ${t.upload} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.token}\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nid,p\n${r.pick(['zz\r\n', '0\r\n', ''])}`, 50),
    () => rawTcp(t, `POST /api/admin/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN}\r\nContent-Type: application/zip\r\nContent-Length: 50000\r\n\r\nPK\x03\x04`, 50),
    () => rawTcp(t, r.bytes(r.int(2000)), 50),
    () => rawTcp(t, `GET /api/health HTTP/1.1\r\nHost: x\r\n${'X: ' + 'y'.repeat(20_000)}`, 50),
    () => rawTcp(t, `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${Buffer.from(r.bytes(16)).toString('base64')}\r\n\r\n${r.bytes(200).toString('latin1')}`, 100),
    // engine.io / socket.io
    () => enginePolling(t, r),
    () => socketIoEmit(t, r),
  ];
  return r.pick(kinds);
}

async function json<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { headers });
  expect(res.status, url).toBe(200);
  return (await res.json()) as T;
}

describe('fuzzing a running server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'podium-fuzz-'));
  // A built screen stand-in, so /screen paths reach the static file handler.
  const webDir = join(dataDir, 'web');
  let server: SpawnedApi;
  let target: Target;
  const truth = demoTruth();
  const validFile = (attempt: number) => buildDemoSubmission({ task: 'lung', team: 0, skill: demoTeamSkill(2019, 0), attempt, truth });
  const submitValid = async (attempt: number) => {
    const file = validFile(attempt);
    const form = new FormData();
    form.set('file', new Blob([file.bytes]), file.fileName);
    const res = await fetch(`${target.base}${target.upload}`, { method: 'POST', headers: { Authorization: `Bearer ${target.token}`, 'Idempotency-Key': randomUUID() }, body: form });
    expect(res.status, await res.clone().text()).toBe(202);
    return ((await res.json()) as { id: string }).id;
  };
  const statusOf = async (id: string) => (await json<{ status: string }>(`${target.base}/api/submissions/${id}`, { Authorization: `Bearer ${target.token}` })).status;

  beforeAll(async () => {
    const port = await freePort();
    mkdirSync(join(webDir, 'assets'), { recursive: true });
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>screen</title>');
    writeFileSync(join(webDir, 'assets', 'app.js'), 'void 0;');
    // Failed-token and rejected-upload limits out of the way: the storm's wrong tokens and broken
    // files must not hide deeper paths, nor refuse the valid uploads checked afterwards.
    server = spawnApi('sources', {
      DATABASE_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      PODIUM_DATA_DIR: dataDir,
      PODIUM_ADMIN_TOKEN: ADMIN,
      PODIUM_DEMO: 'on',
      PODIUM_AUTH_FAILURE_LIMIT: '100000',
      PODIUM_REJECTED_UPLOADS_PER_MINUTE: '0',
      PODIUM_WEB_DIR: webDir,
    });
    const tokens = await waitFor(
      () => {
        const block = /Team tokens \(shown once\):\n((?:\s{2}\S+\s+\S+\n)+)/.exec(server.output());
        return block ? new Map(block[1]!.trim().split('\n').map((line) => line.trim().split(/\s+/) as [string, string])) : undefined;
      },
      'the demo team tokens',
      { timeoutMs: 200_000, intervalMs: 200, giveUpIf: exitedEarly(server) },
    );
    target = { base: `http://127.0.0.1:${port}`, port, token: tokens.get(DEMO_TEAMS[0]!.slug)!, upload: `/api/events/${DEMO_EVENT_SLUG}/tasks/lung/submissions` };
  });
  afterAll(() => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`survives ${CASES} malformed requests (seed ${SEED}) and loses nothing`, async () => {
    const before = await submitValid(0);
    const outcomes: Outcome[] = [];
    const started = Date.now();
    let ran = 0;
    // Four at a time: concurrent bad requests, like a real crowd.
    const worker = async () => {
      while (ran < CASES && Date.now() - started < BUDGET_MS) {
        // One generator per case: case i is the same whatever order the workers run in.
        const run = caseFor(rng(SEED + ran++ * 7919), target);
        outcomes.push(await run().catch((error: unknown) => ({ status: null, what: `client error: ${String(error).slice(0, 80)}` })));
        if (ran % 50 === 0) expect((await fetch(`${target.base}/api/health`)).status).toBe(200);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    console.info(`fuzz: ${ran} cases in ${Date.now() - started} ms (seed ${SEED}); statuses ${JSON.stringify(countBy(outcomes.map((o) => String(o.status))))}`);

    expect(server.child.exitCode, server.output().slice(-3000)).toBeNull();
    expect((await fetch(`${target.base}/api/health`)).status).toBe(200);
    // The process guards (and the problem filter, for 500s) log what nobody handled: nothing may.
    const unhandled = /Unhandled promise rejection|Uncaught exception|Unhandled error [0-9a-f-]{36}/.exec(server.output());
    const logged = unhandled ? server.output().slice(unhandled.index, unhandled.index + 1500) : '';
    const serverErrors = outcomes.filter((o) => o.status !== null && o.status >= 500);
    expect(serverErrors, `${JSON.stringify(serverErrors.slice(0, 5))}\n${logged}`).toEqual([]);
    expect(logged).toBe('');

    // Nothing lost: the submission from before, every one accepted during, and a new one.
    const accepted = outcomes.flatMap((o) => ('id' in o && o.id ? [o.id] : []));
    const after = await submitValid(1);
    for (const id of [before, after]) await waitFor(async () => (await statusOf(id)) === 'scored', `submission ${id} scored`, { timeoutMs: 120_000, intervalMs: 200 });
    for (const id of accepted) expect(['queued', 'scoring', 'scored', 'rejected']).toContain(await statusOf(id));
    const me = await json<{ tasks: { submissions: { id: string }[] }[] }>(`${target.base}/api/teams/me`, { Authorization: `Bearer ${target.token}` });
    const listed = new Set(me.tasks.flatMap((task) => task.submissions.map((s) => s.id)));
    for (const id of [before, after]) expect(listed.has(id), `submission ${id} in /api/teams/me`).toBe(true);
  }, BUDGET_MS + 180_000);
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
