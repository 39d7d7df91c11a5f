// The life of a submission over HTTP: accepted (202, durable), scored or rejected with every
// problem, read back by its own team only; auth, size, multipart and raw bodies.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createHarness, type Harness } from './submission-harness.js';
import { predictions } from './round-seed.js';

describe('submission flow', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ teams: 3, maxUploadMb: 1 });
  });
  afterAll(() => h.t.close());

  it('answers 202 with id, status, receivedAt, sha256 once the file and row are stored, then scores it', async () => {
    const res = await h.submit(0, predictions(h.round)).expect(202);
    expect(Object.keys(res.body).sort()).toEqual(['id', 'receivedAt', 'sha256', 'status']);
    expect(res.body.status).toBe('queued');
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(res.headers['location']).toBe(`/api/submissions/${res.body.id}`);
    const rows = await h.t.app.get(DataSource).query('SELECT s.id, b.size FROM submission s JOIN blob b ON b.sha256 = s.sha256 WHERE s.id = $1', [Number(res.body.id)]);
    expect(rows).toHaveLength(1);
    await h.settle();
    const details = await request(h.t.server).get(`/api/submissions/${res.body.id}`).set(h.auth(0)).expect(200);
    expect(details.body).toMatchObject({ status: 'scored', scores: { auc: 1 }, problems: [], counted: true, team: 'team-01', fileName: 'predictions.csv' });
    expect(details.body.settledAt).not.toBeNull();
  });

  it('rejects invalid content with every structured problem, and says so to its team only', async () => {
    const bad = predictions(h.round, { rows: (id, p) => (id === 'Case3' ? `${id},1.7` : id === 'Case5' ? `${id},abc` : `${id},${p}`) }).replace('Case7,', 'Nope7,');
    const res = await h.submit(1, bad, { fileName: 'bad.csv' }).expect(202);
    await h.settle();
    const details = await request(h.t.server).get(`/api/submissions/${res.body.id}`).set(h.auth(1)).expect(200);
    expect(details.body.status).toBe('rejected');
    expect(details.body.scores).toBeNull();
    const problems = details.body.problems as { code: string; caseId?: string; line?: number; file?: string }[];
    expect(problems.length).toBeGreaterThanOrEqual(3);
    for (const p of problems) expect(p.file).toBe('bad.csv');
    expect(problems.some((p) => p.line === 4)).toBe(true); // Case3 is on line 4 (header = 1)
    expect(problems.some((p) => p.line === 6)).toBe(true);
    await request(h.t.server).get(`/api/submissions/${res.body.id}`).set(h.auth(0)).expect(404);
  });

  it('accepts the raw body with X-File-Name as well as multipart', async () => {
    const res = await h.submit(2, predictions(h.round, { flip: 1 }), { multipart: false, fileName: 'raw.csv' }).expect(202);
    await h.settle();
    const details = await request(h.t.server).get(`/api/submissions/${res.body.id}`).set(h.auth(2)).expect(200);
    expect(details.body).toMatchObject({ status: 'scored', fileName: 'raw.csv' });
    expect(details.body.scores.auc).toBeLessThan(1);
  });

  it('refuses without a valid team token (401 problem+json) and never reads another team\'s submission', async () => {
    const path = `/api/events/${h.round.eventSlug}/tasks/${h.round.taskSlug}/submissions`;
    const res = await request(h.t.server).post(path).attach('file', Buffer.from('x'), 'a.csv').expect(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('/problems/unauthorized');
    await request(h.t.server).post(path).set('Authorization', 'Bearer nope').attach('file', Buffer.from('x'), 'a.csv').expect(401);
    await request(h.t.server).get('/api/submissions/1').expect(401);
    await request(h.t.server).get('/api/submissions/1').set(h.auth(1)).expect(404);
    await request(h.t.server).get('/api/submissions/abc').set(h.auth(0)).expect(404);
  });

  it('refuses a file over the task limit with 413, and an empty request with 400', async () => {
    const big = new Uint8Array(1024 * 1024 + 10).fill(65);
    const res = await h.submit(0, big, { multipart: true }).expect(413);
    expect(res.body.type).toBe('/problems/payload-too-large');
    const raw = await h.submit(0, big, { multipart: false }).expect(413);
    expect(raw.body.type).toBe('/problems/payload-too-large');
    const path = `/api/events/${h.round.eventSlug}/tasks/${h.round.taskSlug}/submissions`;
    const empty = await request(h.t.server).post(path).set(h.auth(0)).set('Content-Type', 'application/octet-stream').send(Buffer.alloc(0)).expect(400);
    expect(empty.body.type).toBe('/problems/submission-file-missing');
  });

  it('answers 404 for an unknown task and 403 for a token of another event', async () => {
    await request(h.t.server).post(`/api/events/${h.round.eventSlug}/tasks/nope/submissions`).set(h.auth(0)).attach('file', Buffer.from('x'), 'a.csv').expect(404);
    const res = await request(h.t.server).post(`/api/events/other/tasks/lung/submissions`).set(h.auth(0)).attach('file', Buffer.from('x'), 'a.csv').expect(403);
    expect(res.body.type).toBe('/problems/wrong-event');
  });
});

describe('submission body formats', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ teams: 1 });
  });
  afterAll(() => h.t.close());

  it('answers 415 for a JSON body instead of waiting for bytes that were already parsed', async () => {
    const path = `/api/events/${h.round.eventSlug}/tasks/${h.round.taskSlug}/submissions`;
    const res = await request(h.t.server).post(path).set(h.auth(0)).set('Content-Type', 'application/json').send('{"id":"Case1","p":0.5}').expect(415);
    expect(res.body.type).toBe('/problems/unsupported-media-type');
  });
});
