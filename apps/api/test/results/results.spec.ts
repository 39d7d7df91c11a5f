// Signed results (GET /api/events/:event/results): public once a task is revealed (revealed_at is
// set here in the database, as the ceremony does), jury before; JSON and CSV signed with the
// event's Ed25519 key, whose public half is in the event view; hashes are those of the stored
// blobs; `podium results verify` accepts the published files and refuses any changed byte.
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import {
  canonicalJson,
  type EventDetails,
  type JuryBoardResponse,
  type ProblemDetails,
  RESULTS_CSV_COLUMNS,
  RESULTS_CSV_SIGNATURE_LINE,
  type ResultsDocument,
  resultsSignedText,
} from '@podium/contracts';
import { APP_CONFIG } from '../../src/config/app-config.token.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { BlobRepository } from '../../src/modules/blobs/blob.repository.js';
import { adminAuth } from '../helpers/test-app.js';
import { predictions, seedRound } from '../submissions/round-seed.js';
import { createJuryHarness, OTHER_TEAM_TOKEN, type JuryHarness } from '../jury/jury-harness.js';
import { wireBody } from '../helpers/wire-shape.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const SECRET = 'results-key-secret-for-tests-0123456789';
const now = new Date('2026-03-14T10:00:00Z');
const afterClose = new Date(now.getTime() + 2 * 3600_000);

let h: JuryHarness;
let db: DataSource;
let config: AppConfig;
let dir: string;
const ids: string[] = [];

const results = (query = '') => request(h.t.server).get(`/api/events/round/results${query}`);
const publicKeyOf = async (event: string) => ((await request(h.t.server).get(`/api/events/${event}`).expect(200)).body as EventDetails).resultsPublicKey;
const keyObject = (hex: string) => createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });
const problem = (res: request.Response) => {
  expect(res.headers['content-type']).toContain('application/problem+json');
  return res.body as ProblemDetails;
};
/** `podium results verify ...` as a user runs it (the real entry point). */
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--conditions=podium-source', '--import', '@swc-node/register/esm-register', 'apps/cli/src/main.ts', 'results', 'verify', ...args], {
    cwd: repoRoot,
    env: { ...process.env, INIT_CWD: dir },
    encoding: 'utf8',
  });

beforeAll(async () => {
  h = await createJuryHarness({ now });
  db = h.t.app.get(DataSource);
  config = h.t.app.get<AppConfig>(APP_CONFIG);
  // Keys made from now on are encrypted at rest (as with PODIUM_RESULTS_KEY_SECRET set at boot).
  config.resultsKeySecret = SECRET;
  await seedRound(db, { now, eventSlug: 'round', taskSlug: 'ms', teams: 0 });
  ids.push((await h.submit(0, predictions(h.round, { salt: 1 })).expect(202)).body.id);
  ids.push((await h.submit(1, predictions(h.round, { flip: 2, salt: 2 })).expect(202)).body.id);
  ids.push((await h.submit(2, predictions(h.round, { flip: 1, salt: 3 }), { task: 'ms' }).expect(202)).body.id);
  await h.settle();
  h.setNow(afterClose);
  dir = await mkdtemp(join(tmpdir(), 'podium-results-'));
}, 90_000);
afterAll(async () => {
  await h.t.close();
  await rm(dir, { recursive: true, force: true });
});

describe('results before the reveal', () => {
  it('answers the public and teams 404 naming every task and where it stands', async () => {
    for (const auth of [{}, h.auth(0)]) {
      const body = problem(await results().set(auth).expect(404));
      expect(body.type).toBe('/problems/results-not-revealed');
      expect(body.problems!.map((p) => p.path)).toEqual(['task:lung', 'task:ms']);
      expect(body.problems![0]!.message).toContain('not finalized yet');
    }
    await db.query("UPDATE task SET finalized_at = $1, finalized_by = 'chair' WHERE slug = 'lung'", [afterClose]);
    expect(problem(await results().expect(404)).problems![0]!.message).toContain(`finalized at ${afterClose.toISOString()}`);
  });

  it('gives a jury session of the event every task, marked finalized / revealed, by Bearer or cookie', async () => {
    for (const auth of [h.bearer(h.sessions.juror), h.cookie(h.sessions.chair)]) {
      const doc = JSON.parse((await results().set(auth).expect(200)).text) as ResultsDocument;
      expect(doc.audience).toBe('jury');
      expect(doc.tasks.map((t) => [t.slug, t.finalizedAt, t.revealedAt])).toEqual([
        ['lung', afterClose.toISOString(), null],
        ['ms', null, null],
      ]);
    }
  });

  it('refuses a bearer that opens nothing (401), another event (403); an ambient cookie of another event stays public', async () => {
    expect(problem(await results().set({ Authorization: 'Bearer not-a-token-at-all-0123456789' }).expect(401)).detail).toContain('neither a jury session nor a team token');
    expect(problem(await results().set(h.bearer(h.sessions.other)).expect(403)).detail).toContain('belongs to event "other"');
    await results().set({ Authorization: `Bearer ${OTHER_TEAM_TOKEN}` }).expect(403);
    expect(problem(await results().set(h.cookie(h.sessions.other)).expect(404)).type).toBe('/problems/results-not-revealed');
    await request(h.t.server).get('/api/events/nope/results').expect(404);
  });

  it('answers a bad format with a 400 problem', async () => {
    const body = problem(await results('?format=xml').set(h.bearer(h.sessions.chair)).expect(400));
    expect(body.type).toBe('/problems/invalid-format');
    expect(body.detail).toContain('format=json or format=csv');
    expect(problem(await results('?format=csv&format=json').expect(400)).detail).toBe('format is given 2 times; give it once: format=json or format=csv.');
  });
});

describe('results after the reveal of one task', () => {
  let json: string;
  let csv: string;
  let doc: ResultsDocument;
  let key: string;

  beforeAll(async () => {
    await db.query("UPDATE task SET revealed_at = $1 WHERE slug = 'lung'", [afterClose]);
    const res = await results().expect(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['cache-control']).toBe('no-store');
    json = res.text;
    doc = wireBody('ResultsDocument', JSON.parse(json));
    const c = await results('?format=csv').expect(200);
    expect(c.headers['content-type']).toContain('text/csv');
    csv = c.text;
    expect(c.headers['content-disposition']).toBe('inline; filename="round-results.csv"');
    key = await publicKeyOf('round');
  });

  it('gives the public the revealed task only, with its final scores; nothing of the other', async () => {
    expect(doc.audience).toBe('public');
    expect(doc.tasks.map((t) => t.slug)).toEqual(['lung']);
    expect(json).not.toContain('"ms"');
    expect(json).not.toContain(`"${ids[2]}"`);
    expect(csv.split('\r\n').filter((line) => line.split(',')[2] === 'ms')).toEqual([]);
    // Same ranks and scores as the jury board.
    const board = (await request(h.t.server).get('/api/jury/events/round/tasks/lung/board').set(h.bearer(h.sessions.chair)).expect(200)).body as JuryBoardResponse;
    expect(doc.tasks[0]!.rows).toEqual(board.rows.map((r) => ({ team: r.team, ranks: r.ranks, scores: r.scores, points: r.points, submissions: r.submissions })));
    expect(doc.tasks[0]!.rows[0]).toMatchObject({ team: { slug: 'team-01' }, ranks: { private: 1 }, submissions: { private: ids[0] } });
    expect(doc.tasks[0]!.rows[0]!.scores.private['auc']).toBeTypeOf('number');
    // A jury session still sees both tasks.
    expect((JSON.parse((await results().set(h.bearer(h.sessions.chair)).expect(200)).text) as ResultsDocument).tasks.map((t) => t.slug)).toEqual(['lung', 'ms']);
  });

  it('is the canonical JSON, signed with the key of the event view; the CSV is signed over its exact bytes', async () => {
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(json).toBe(canonicalJson(doc));
    expect(doc.signature).toMatchObject({ algorithm: 'Ed25519', publicKey: key });
    expect(verify(null, Buffer.from(resultsSignedText(doc), 'utf8'), keyObject(key), Buffer.from(doc.signature.value, 'hex'))).toBe(true);
    expect(verify(null, Buffer.from(resultsSignedText({ ...doc, generatedAt: 'x' }), 'utf8'), keyObject(key), Buffer.from(doc.signature.value, 'hex'))).toBe(false);

    const start = csv.lastIndexOf('\r\n', csv.length - 3) + 2;
    const [, csvKey, signature] = RESULTS_CSV_SIGNATURE_LINE.exec(csv.slice(start))!;
    expect(csvKey).toBe(key);
    expect(verify(null, Buffer.from(csv.slice(0, start), 'utf8'), keyObject(key), Buffer.from(signature!, 'hex'))).toBe(true);
    expect(csv.split('\r\n')[0]).toBe(RESULTS_CSV_COLUMNS.join(','));
    expect(csv).toContain(`\r\nscore,round,lung,private,1,team-01,Team 1,,auc,`);
  });

  it('lists the sha256 of the stored answer key and counted submissions, and the audit head the server verifies', async () => {
    const blobs = h.t.app.get(BlobRepository);
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    const task = doc.tasks[0]!;
    const [{ answer_key_sha256: keySha }] = (await db.query("SELECT answer_key_sha256 FROM task WHERE slug = 'lung'")) as { answer_key_sha256: string }[];
    expect(task.answerKey).toEqual({ sha256: keySha, masksSha256: null });
    expect(sha((await blobs.get(keySha))!)).toBe(keySha);
    expect(task.submissions.map((s) => s.id)).toEqual([ids[0], ids[1]]);
    for (const s of task.submissions) {
      const file = await request(h.t.server).get(`/api/jury/events/round/submissions/${s.id}/file`).set(h.bearer(h.sessions.chair)).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect(sha(file.body as Buffer)).toBe(s.sha256);
    }
    expect(csv).toContain(`\r\nanswer_key,round,lung,,,,,,,,,${keySha},\r\n`);
    const chain = wireBody('AuditVerifyResponse', (await request(h.t.server).get('/api/admin/events/round/audit/verify').set(adminAuth).expect(200)).body);
    expect(doc.audit).toEqual({ head: chain.head, entries: chain.entries });
    // The key's creation is in the chain, with its public half.
    const audit = (await request(h.t.server).get('/api/jury/events/round/audit?action=event.results_key').set(h.bearer(h.sessions.chair)).expect(200)).body as { entries: { details: Record<string, unknown> }[] };
    expect(audit.entries.map((e) => e.details)).toEqual([{ algorithm: 'Ed25519', publicKey: key, encrypted: true }]);
  });

  it('keeps the private key on the server, encrypted with PODIUM_RESULTS_KEY_SECRET; without that secret nothing is signed', async () => {
    const [row] = (await db.query("SELECT k.private_key, k.encrypted FROM event_signing_key k JOIN event e ON e.id = k.event_id WHERE e.slug = 'round'")) as { private_key: string; encrypted: boolean }[];
    expect(row!.encrypted).toBe(true);
    expect(row!.private_key).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    for (const text of [json, csv, JSON.stringify((await request(h.t.server).get('/api/events/round').expect(200)).body)]) expect(text).not.toContain('PRIVATE KEY');
    for (const secret of [undefined, 'another-secret-of-enough-length-0123456789']) {
      config.resultsKeySecret = secret;
      const body = problem(await results().expect(503));
      expect(body.type).toBe('/problems/results-key-locked');
    }
    // Made without a secret: plain PKCS#8.
    config.resultsKeySecret = undefined;
    await seedRound(db, { now, eventSlug: 'plain', taskSlug: 'lung', teams: 0 });
    await publicKeyOf('plain');
    const [plain] = (await db.query("SELECT k.private_key, k.encrypted FROM event_signing_key k JOIN event e ON e.id = k.event_id WHERE e.slug = 'plain'")) as { private_key: string; encrypted: boolean }[];
    expect(plain).toMatchObject({ encrypted: false, private_key: expect.stringMatching(/^-----BEGIN PRIVATE KEY-----/) });
    config.resultsKeySecret = SECRET;
    await results().expect(200);
  });

  it('`podium results verify` accepts the published JSON and CSV, checks --public-key and the files against the listed sha256', async () => {
    await writeFile(join(dir, 'results.json'), json);
    await writeFile(join(dir, 'results.csv'), csv);
    const ok = cli('results.json', 'results.csv', '--public-key', key);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain(`results.json: valid JSON results of event "round" (public)`);
    expect(ok.stdout).toContain(`results.csv: valid CSV results of event "round" (public)`);
    expect(ok.stdout).toContain(`the key you trust, ${key}`);
    expect(ok.status).toBe(0);

    const other = await publicKeyOf('other');
    const wrongKey = cli('results.json', '--public-key', other);
    expect(wrongKey.stderr).toContain(`is not the key you trust (${other})`);
    expect(wrongKey.status).toBe(1);

    // Files: the answer key and a submission are listed; a stranger file is not.
    await mkdir(join(dir, 'files'));
    const blobs = h.t.app.get(BlobRepository);
    await writeFile(join(dir, 'files', 'key.csv'), (await blobs.get(doc.tasks[0]!.answerKey.sha256))!);
    await writeFile(join(dir, 'files', 'sub.csv'), (await blobs.get(doc.tasks[0]!.submissions[0]!.sha256))!);
    const files = cli('results.csv', '--files', 'files');
    expect(files.stdout).toContain('key.csv: sha256');
    expect(files.stdout).toContain('is the answer key of task "lung"');
    expect(files.stdout).toContain(`is submission ${ids[0]} of team "team-01"`);
    expect(files.status).toBe(0);
    await writeFile(join(dir, 'files', 'stranger.csv'), 'id,p\n');
    const stranger = cli('results.csv', '--files', 'files');
    expect(stranger.stderr).toContain('stranger.csv: sha256');
    expect(stranger.stderr).toContain('is NOT listed');
    expect(stranger.status).toBe(1);
  }, 60_000);

  it('`podium results verify` refuses the file after any single byte changes', async () => {
    const flips: string[] = [];
    for (const [name, text] of [['json', json], ['csv', csv]] as const) {
      const bytes = Buffer.from(text, 'utf8');
      // First byte, a key, a score digit, inside a sha256, the signature, the last byte...
      const positions = [0, 1, 40, Math.floor(bytes.length / 3), Math.floor(bytes.length / 2), bytes.length - 100, bytes.length - 3, bytes.length - 1];
      for (const position of positions) {
        const changed = Buffer.from(bytes);
        changed[position] = changed[position]! ^ 0x01;
        const file = `flipped-${name}-${position}.${name}`;
        await writeFile(join(dir, file), changed);
        flips.push(file);
      }
    }
    const refused = cli(...flips);
    expect(refused.stdout).toBe('');
    for (const file of flips) expect(refused.stderr).toContain(`${file}: INVALID: `);
    expect(refused.status).toBe(1);
  }, 60_000);

  it('builds the content once per change: served again as generated until a decision (audited), a score or a reveal changes', async () => {
    const generatedAt = async () => (JSON.parse((await results().expect(200)).text) as ResultsDocument).generatedAt;
    const first = await generatedAt();
    const later = new Date(afterClose.getTime() + 60_000);
    h.setNow(later);
    expect(await generatedAt()).toBe(first);
    await request(h.t.server).post('/api/jury/events/round/flags').set(h.bearer(h.sessions.juror)).send({ submission: ids[0], note: 'A second look' }).expect(201);
    expect(await generatedAt()).toBe(later.toISOString());
    h.setNow(afterClose);
  });

  it('documents the route in OpenAPI', async () => {
    const paths = (await request(h.t.server).get('/api/docs-json').expect(200)).body.paths as Record<string, Record<string, { responses: Record<string, unknown>; parameters: { name: string }[] }>>;
    const route = paths['/api/events/{event}/results']!['get']!;
    expect(Object.keys(route.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '429', '503']);
    expect(route.parameters.map((p) => p.name)).toContain('format');
  });
});
