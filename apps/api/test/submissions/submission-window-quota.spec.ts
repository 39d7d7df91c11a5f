// Windows (server clock, inclusive deadlines, grace for uploads under way at the close), rolling
// quotas (rejected and failed never count) and idempotency (same key or same bytes -> first answer).
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { ClockTickerService } from '../../src/modules/live/clock-ticker.service.js';
import { createHarness, type Harness } from './submission-harness.js';
import { predictions } from './round-seed.js';

const MINUTE = 60_000;
const NOW = new Date('2026-11-27T10:00:00.000Z');
const at = (minutes: number, seconds = 0) => new Date(NOW.getTime() + minutes * MINUTE + seconds * 1000);

describe('submission window and grace', () => {
  let h: Harness;
  beforeAll(async () => {
    // Opens at +0, closes at +60 (grace 10 s).
    h = await createHarness({ now: NOW, opens: 0, closes: 60, graceSeconds: 10, teams: 2 });
    // These tests script the clock reading by reading; the once-a-second task clock ticker would
    // consume a scripted reading at a random moment, so it is stopped here (live tests cover it).
    h.t.app.get(ClockTickerService).onModuleDestroy();
  });
  afterAll(() => h.t.close());

  it('refuses before opens_at with 403 saying when it opens; accepts at exactly opens_at', async () => {
    h.setNow(at(0, -1));
    const res = await h.submit(0, predictions(h.round, { salt: 1 })).expect(403);
    expect(res.body.type).toBe('/problems/submission-window-not-open');
    expect(res.body.detail).toContain(at(0).toISOString());
    h.setNow(at(0));
    await h.submit(0, predictions(h.round, { salt: 2 })).expect(202);
  });

  it('accepts at exactly closes_at and refuses an upload started after it, saying when it closed', async () => {
    h.setNow(at(60));
    await h.submit(0, predictions(h.round, { salt: 3 })).expect(202);
    h.setNow(at(60, 0.001));
    const res = await h.submit(0, predictions(h.round, { salt: 4 })).expect(403);
    expect(res.body.type).toBe('/problems/submission-window-closed');
    expect(res.body.detail).toContain(at(60).toISOString());
  });

  it('accepts an upload started before the close and complete within the grace; receivedAt is its completion', async () => {
    // Nothing else may read the clock in between: let earlier jobs and refreshes finish first.
    await h.settle();
    const readings = [at(59, 59), at(60, 9)];
    h.setClock(() => readings.length > 1 ? readings.shift()! : readings[0]!);
    const res = await h.submit(1, predictions(h.round, { salt: 5 })).expect(202);
    expect(res.body.receivedAt).toBe(at(60, 9).toISOString());
    await h.settle();
  });

  it('refuses an upload started in time but complete after closes_at + grace', async () => {
    await h.settle();
    const readings = [at(59, 59), at(60, 11)];
    h.setClock(() => readings.length > 1 ? readings.shift()! : readings[0]!);
    const res = await h.submit(1, predictions(h.round, { salt: 6 })).expect(403);
    expect(res.body.type).toBe('/problems/submission-window-closed');
    expect(res.body.detail).toContain('within 10 s');
  });
});

describe('quota and idempotency', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: NOW, opens: -10, closes: 120, quota: { submissions: 2, perMinutes: 30 }, teams: 3 });
  });
  afterAll(() => h.t.close());

  it('answers 429 with Retry-After and the time the next slot frees; the slot frees at exactly received_at + window', async () => {
    h.setNow(at(0));
    await h.submit(0, predictions(h.round, { salt: 1 })).expect(202);
    h.setNow(at(5));
    await h.submit(0, predictions(h.round, { salt: 2 })).expect(202);
    h.setNow(at(10));
    const res = await h.submit(0, predictions(h.round, { salt: 3 })).expect(429);
    expect(res.body.type).toBe('/problems/quota-exceeded');
    expect(res.headers['retry-after']).toBe(String(20 * 60));
    expect(res.headers['podium-next-slot-at']).toBe(at(30).toISOString());
    expect(res.body.detail).toContain(at(30).toISOString());
    // The same instant in the body, for clients that do not read headers.
    expect(res.body).toMatchObject({ status: 429, limit: 2, perMinutes: 30, nextSlotAt: at(30).toISOString(), retryAfterSeconds: 20 * 60 });
    h.setNow(at(30, -0.001));
    await h.submit(0, predictions(h.round, { salt: 4 })).expect(429);
    h.setNow(at(30));
    await h.submit(0, predictions(h.round, { salt: 5 })).expect(202);
    await h.settle();
  });

  it('never counts rejected submissions, nor failed ones', async () => {
    h.setNow(at(40));
    for (let i = 0; i < 3; i++) await h.submit(1, `id,p\nnobody,${i}\n`).expect(202);
    await h.settle();
    const statuses = await h.t.app.get(DataSource).query(`SELECT status FROM submission WHERE team_id = $1`, [h.round.teams[1]!.id]);
    expect(statuses.map((r: { status: string }) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    // A failure on our side (marked as the scoring job marks it) does not count either.
    const ok = await h.submit(1, predictions(h.round, { salt: 10 })).expect(202);
    await h.settle();
    await h.t.app.get(DataSource).query(`UPDATE submission SET status = 'failed' WHERE id = $1`, [Number(ok.body.id)]);
    await h.submit(1, predictions(h.round, { salt: 11 })).expect(202);
    await h.submit(1, predictions(h.round, { salt: 12 })).expect(202);
    await h.submit(1, predictions(h.round, { salt: 13 })).expect(429);
    const me = await request(h.t.server).get('/api/teams/me').set(h.auth(1)).expect(200);
    expect(me.body.tasks[0].quota).toMatchObject({ limit: 2, perMinutes: 30, used: 2, remaining: 0, nextSlotAt: at(70).toISOString() });
    await h.settle();
  });

  it('returns the first answer for a retried Idempotency-Key, even after the quota is used up', async () => {
    h.setNow(at(80));
    const body = predictions(h.round, { salt: 20 });
    const first = await h.submit(2, body, { key: 'k-123' }).expect(202);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await h.submit(2, predictions(h.round, { salt: 21 }), { key: 'k-123' }).expect(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const count = await h.t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM submission WHERE team_id = $1`, [h.round.teams[2]!.id]);
    expect(count[0].n).toBe(1);
  });

  it('returns the first answer for the same bytes from the same team shortly after (no key)', async () => {
    h.setNow(at(81));
    const body = predictions(h.round, { salt: 30 });
    const first = await h.submit(2, body).expect(202);
    h.setNow(at(82));
    const again = await h.submit(2, body).expect(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('gives concurrent requests with one key one submission', async () => {
    h.setNow(at(100));
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => h.submit(0, predictions(h.round, { salt: 40 + i }), { key: 'race-1' })));
    const ids = new Set(results.map((r) => (r.status === 202 ? r.body.id : `status ${r.status}`)));
    expect(ids.size).toBe(1);
    const rows = await h.t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM submission WHERE idempotency_key = 'race-1'`);
    expect(rows[0].n).toBe(1);
    await h.settle();
  });

  it('rejects a malformed Idempotency-Key with 400', async () => {
    const res = await h.submit(0, 'x', { key: 'has space' }).expect(400);
    expect(res.body.type).toBe('/problems/invalid-idempotency-key');
  });
});
