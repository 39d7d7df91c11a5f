// Uploads built to stop or slow the round: a multipart body cut before its closing boundary, 40
// lines of 1 MB, a 10-million-column header. Each is a bounded answer, never a dead process.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './submission-harness.js';

describe('hostile submission files', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ teams: 2, maxUploadMb: 64 });
  });
  afterAll(() => h.t.close());
  const path = () => `/api/events/${h.round.eventSlug}/tasks/${h.round.taskSlug}/submissions`;

  it('a multipart body without its closing boundary is a 400 problem, and the server keeps serving', async () => {
    const body = '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nid,p\nX,0.5\n';
    const res = await request(h.t.server).post(path()).set(h.auth(0)).set('Content-Type', 'multipart/form-data; boundary=XyZ').send(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('/problems/invalid-multipart');
    await request(h.t.server).get('/api/health').expect(200);
  });

  it('40 lines of 1 MB: the rejection quotes at most 80 characters per value and the reads stay small', async () => {
    const big = 'Z'.repeat(1024 * 1024);
    const text = `id,p\n${Array.from({ length: 40 }, (_, i) => `${big}${i},0.5`).join('\n')}\n`;
    const accepted = await h.submit(1, text, { multipart: false, fileName: 'huge.csv' }).expect(202);
    await h.settle();
    const details = await request(h.t.server).get(`/api/submissions/${accepted.body.id}`).set(h.auth(1)).expect(200);
    expect(details.body.status).toBe('rejected');
    const unknown = (details.body.problems as { code: string; caseId?: string; found?: string; message: string }[]).filter((p) => p.code === 'csv.unknown_id');
    expect(unknown).toHaveLength(40);
    for (const p of unknown) {
      expect(p.caseId!.length).toBeLessThanOrEqual(80);
      expect(p.caseId!.endsWith('\u2026')).toBe(true);
      expect(p.message.length).toBeLessThan(400);
    }
    // Before the cap both answers were 40 MB.
    expect(details.text.length).toBeLessThan(64 * 1024);
    const me = await request(h.t.server).get('/api/teams/me').set(h.auth(1)).expect(200);
    expect(me.text.length).toBeLessThan(64 * 1024);
  });

  it('a 10-million-column header is a located rejection (too many columns), not a failed job', async () => {
    const text = `id${',p'.repeat(10_000_000)}\nCase1,0.5\n`;
    const accepted = await h.submit(0, text, { multipart: false, fileName: 'wide.csv' }).expect(202);
    await h.settle();
    const details = await request(h.t.server).get(`/api/submissions/${accepted.body.id}`).set(h.auth(0)).expect(200);
    expect(details.body.status).toBe('rejected');
    expect(details.body.problems).toEqual([expect.objectContaining({ code: 'csv.too_many_columns', file: 'wide.csv', line: 1 })]);
    expect(details.body.problems[0].message).toContain('too many columns');
  });
});
