// Side channels of the freeze (issue 12, finding 2): after freeze_at, nothing the public can
// observe - raw frames, their seqs, a fresh snapshot's seq, /api/live/health, when a `received`
// frame leaves - may depend on whether a post-freeze upload was scored or rejected.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FeedFrame } from '@podium/contracts';
import { ScoringJobService } from '../src/modules/scoring-jobs/scoring-job.service.js';
import { adminAuth } from './helpers/test-app.js';
import { predictions } from './submissions/round-seed.js';
import { assertChain, createLiveHarness, type LiveHarness, RawLiveClient, until } from './live/live-harness.js';

const MINUTE = 60_000;

describe('freeze side channels: scored and rejected uploads look the same to the public', () => {
  let h: LiveHarness;
  const start = new Date();
  const clients: RawLiveClient[] = [];
  let pub: RawLiveClient;
  let framesAtFreeze = 0;
  const received = (c: RawLiveClient, id: string) => c.frames.find((f) => f.type === 'submission.received' && f.data.submissionId === id);
  const freshSnapshot = async () => {
    const c = new RawLiveClient(h.url).subscribe({ event: h.round.eventSlug });
    clients.push(c);
    await until(() => c.snapshots.length === 1, 'fresh public snapshot');
    return c.snapshots[0]!;
  };
  const upload = async (team: number, body: string): Promise<string> => String((await h.submit(team, body).expect(202)).body.id);
  // Unknown ids: a located rejection, not a score.
  const rejectedFile = (salt: number) => predictions(h.round, { salt, rows: (id, p) => `${id}-unknown,${p}` });

  beforeAll(async () => {
    // A long batching window: before this fix a post-freeze `received` frame waited for its
    // (hidden) result up to this long; now it must not wait at all while frozen.
    h = await createLiveHarness({ teams: 3, now: start, freeze: 5, liveTiming: { batchMs: 60_000 } });
    await upload(0, predictions(h.round, { flip: 2 }));
    await h.settleLive();
    pub = new RawLiveClient(h.url).subscribe({ event: h.round.eventSlug });
    clients.push(pub);
    await until(() => pub.snapshots.length === 1, 'public snapshot');
    h.setNow(new Date(start.getTime() + 6 * MINUTE));
    await until(() => pub.frames.some((f) => f.type === 'clock' && f.data.change === 'frozen'), 'frozen clock frame');
    await h.settleLive();
    framesAtFreeze = pub.frames.length;
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await h?.t.close();
  });

  it('public health says only that the feed is up; the details need the admin token', async () => {
    const res = await request(h.t.server).get('/api/live/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
    await request(h.t.server).get('/api/admin/live/health').expect(401);
    const admin = await request(h.t.server).get('/api/admin/live/health').set(adminAuth).expect(200);
    expect(admin.body.events[0]).toMatchObject({ event: h.round.eventSlug, position: expect.any(Number) });
  });

  it('a post-freeze received frame leaves at acceptance, before its result exists', async () => {
    const jobs = h.t.app.get(ScoringJobService);
    const original = jobs.process.bind(jobs);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const spy = vi.spyOn(jobs, 'process').mockImplementation(async (id) => {
      await gate;
      return original(id);
    });
    try {
      const id = await upload(1, predictions(h.round, { salt: 3 }));
      // Scoring is held: the frame can only have been sent without waiting for the result.
      await until(() => received(pub, id) !== undefined, 'received frame while scoring is held');
      expect(pub.frames.filter((f) => (f.data as { submissionId?: string }).submissionId === id).map((f) => f.type)).toEqual(['submission.received']);
    } finally {
      release();
      spy.mockRestore();
    }
    await h.settleLive();
  });

  it('same frames, same seq progression, same snapshot seq, same health for scored and rejected uploads', async () => {
    const observed: { outcome: string; frame: FeedFrame; snapshotSeq: number; health: unknown }[] = [];
    const plan: [number, string, string][] = [
      [0, predictions(h.round, { salt: 11 }), 'scored'],
      [1, rejectedFile(12), 'rejected'],
      [2, predictions(h.round, { salt: 13 }), 'scored'],
      [0, rejectedFile(14), 'rejected'],
      [1, predictions(h.round, { salt: 15 }), 'scored'],
    ];
    for (const [team, body, outcome] of plan) {
      const id = await upload(team, body);
      await h.settleLive();
      const details = await request(h.t.server).get(`/api/submissions/${id}`).set(h.auth(team)).expect(200);
      expect(details.body.status).toBe(outcome);
      const frame = received(pub, id)!;
      expect(frame).toBeDefined();
      const snapshot = await freshSnapshot();
      const health = (await request(h.t.server).get('/api/live/health').expect(200)).body;
      observed.push({ outcome, frame, snapshotSeq: snapshot.seq, health });
      // A fresh snapshot is at the last frame the public stream carried, not at the log's head
      // (which counts the hidden result and board marker).
      expect(snapshot.seq).toBe(pub.frames.at(-1)!.seq);
      const recent = snapshot.recentSubmissions.find((s) => s.submissionId === id)!;
      expect(recent).toMatchObject({ outcome: 'pending', settledAt: null, scores: null, afterFreeze: true });
    }
    // Only `received` frames after the freeze, with the same fields whatever the outcome.
    const after = pub.frames.slice(framesAtFreeze);
    expect(new Set(after.map((f) => f.type))).toEqual(new Set(['submission.received']));
    const shapes = new Set(observed.map((o) => Object.keys(o.frame.data).sort().join(',')));
    expect(shapes.size).toBe(1);
    // The seq gap after a scored upload equals the gap after a rejected one.
    const gaps = observed.slice(1).map((o, i) => ({ after: observed[i]!.outcome, gap: o.frame.seq - observed[i]!.frame.seq }));
    expect(new Set(gaps.map((g) => g.gap)).size).toBe(1);
    expect(gaps.map((g) => g.after)).toEqual(['scored', 'rejected', 'scored', 'rejected']);
    for (const o of observed) expect(o.health).toEqual({ status: 'ok' });
    assertChain(pub.frames, pub.snapshots[0]!.seq);
  });
});
