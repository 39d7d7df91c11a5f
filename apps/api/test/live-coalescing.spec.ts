// Bursts fold: a room gets at most a few board frames per second, the latest board winning; and
// one frame is serialised once per stream (room), not once per socket.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeaderboardData } from '@podium/contracts';
import { DataSource } from 'typeorm';
import { EventEntity } from '../src/modules/events/event.entity.js';
import { FeedService } from '../src/modules/feed/feed.service.js';
import { LiveHubsService } from '../src/modules/live/live-hubs.service.js';
import { adminAuth } from './helpers/test-app.js';
import { predictions } from './submissions/round-seed.js';
import { createLiveHarness, type LiveHarness, RawLiveClient, until } from './live/live-harness.js';

describe('coalescing and serialisation', () => {
  let h: LiveHarness;
  const clients: RawLiveClient[] = [];
  const connect = (token?: string) => {
    const c = new RawLiveClient(h.url);
    clients.push(c);
    return c.subscribe({ event: h.round.eventSlug, ...(token ? { token } : {}) });
  };
  const emits = () => h.t.app.get(LiveHubsService).stats().events.reduce((n, e) => n + e.stats.emits, 0);

  beforeAll(async () => {
    h = await createLiveHarness({ teams: 4 });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await h?.t.close();
  });

  it('a burst of scored uploads gives at most ~4 board frames/s, ending on the REST board', async () => {
    const watcher = connect();
    await until(() => watcher.snapshots.length === 1, 'snapshot');
    const uploads = [];
    for (let i = 0; i < 12; i++) uploads.push(h.submit(i % 4, predictions(h.round, { flip: i % 5, salt: i })).expect(202));
    await Promise.all(uploads);
    await h.settleLive();
    // Board frames as they arrived, alone or inside a batch.
    const arrivals = watcher.messages.flatMap((m) => m.frames.flatMap((f) => (f.type === 'leaderboard' ? [{ at: m.at, board: f.data }] : [])));
    const hub = h.t.app.get(LiveHubsService).stats().events[0]!;
    expect(arrivals.length).toBeGreaterThan(0);
    // Server side, where the rule is enforced: a task's board frames leave at least the coalescing
    // interval apart (null: the burst folded into a single frame). Client arrival times are not
    // asserted: they carry this test process's own event-loop jitter.
    expect(hub.stats.minBoardGapMs ?? Infinity).toBeGreaterThanOrEqual(250);
    // Every board frame the watcher got is one server emit (nothing sent twice to a socket).
    expect(arrivals.length).toBeLessThanOrEqual(hub.stats.leaderboardEmits);
    const rest = await request(h.t.server).get(`/api/events/${h.round.eventSlug}/tasks/${h.round.taskSlug}/leaderboard`).expect(200);
    const last = arrivals.at(-1)!.board;
    expect(last.rows.map((r) => [r.team.slug, r.rank, r.scores, r.submissions])).toEqual(
      (rest.body as LeaderboardData).rows.map((r) => [r.team.slug, r.rank, r.scores, r.submissions]),
    );
  });

  it('30 board markers committed at once give one or two frames per room, the latest seq winning', async () => {
    const watcher = connect();
    const team = connect(h.round.teams[0]!.token);
    await until(() => watcher.snapshots.length === 1 && team.snapshots.length === 1, 'snapshots');
    await h.settleLive();
    const dataSource = h.t.app.get(DataSource);
    const feed = h.t.app.get(FeedService);
    const eventId = (await dataSource.getRepository(EventEntity).findOneByOrFail({ slug: h.round.eventSlug })).id;
    const foldedBefore = h.t.app.get(LiveHubsService).stats().events[0]!.stats.folded;
    // `reason: 'clock'` forces a frame per marker unless folded: without coalescing, 30 frames.
    const records = await dataSource.transaction(async (m) => {
      const out = [];
      for (let i = 0; i < 30; i++) out.push(await feed.append(m, { eventId, type: 'leaderboard', data: { task: h.round.taskSlug, reason: 'clock' } }));
      return out;
    });
    feed.publish(records);
    const seqs = records.map((r) => r.seq);
    await until(() => watcher.frames.some((f) => f.seq === seqs.at(-1)), 'last marker frame', 5000);
    for (const c of [watcher, team]) {
      const boardFrames = c.frames.filter((f) => f.type === 'leaderboard' && f.seq >= seqs[0]!);
      expect(boardFrames.length).toBeGreaterThanOrEqual(1);
      expect(boardFrames.length).toBeLessThanOrEqual(2);
      expect(boardFrames.at(-1)!.seq).toBe(seqs.at(-1));
    }
    expect(h.t.app.get(LiveHubsService).stats().events[0]!.stats.folded - foldedBefore).toBeGreaterThanOrEqual(28);
  });

  it('one announcement to 6 public and 3 team sockets is serialised once per stream', async () => {
    const sockets = [...Array.from({ length: 6 }, () => connect()), ...Array.from({ length: 3 }, () => connect(h.round.teams[3]!.token))];
    await until(() => sockets.every((c) => c.snapshots.length === 1), 'snapshots');
    await h.settleLive();
    const before = emits();
    const res = await request(h.t.server)
      .post(`/api/admin/events/${h.round.eventSlug}/announcements`)
      .set(adminAuth)
      .send({ text: 'Coffee is served', level: 'info' })
      .expect(201);
    await until(() => sockets.every((c) => c.frames.some((f) => f.type === 'announcement' && f.data.id === res.body.id)), 'announcement everywhere');
    // team-04 got no private frame yet, so its stream shares the public bytes: one emit in all
    // (two if the team stream had diverged); never one per socket.
    expect(emits() - before).toBeLessThanOrEqual(2);
    const bytes = new Set(sockets.map((c) => c.raw.find((p) => p.includes(res.body.id as string))));
    expect(bytes.size).toBeLessThanOrEqual(2);
  });

  it('validates announcements and reports every problem', async () => {
    const res = await request(h.t.server)
      .post(`/api/admin/events/${h.round.eventSlug}/announcements`)
      .set(adminAuth)
      .send({ text: '', level: 'loud', extra: 1 })
      .expect(422);
    expect(res.body.problems.map((p: { path?: string }) => p.path).sort()).toEqual(['extra', 'level', 'text']);
    await request(h.t.server).post(`/api/admin/events/${h.round.eventSlug}/announcements`).send({ text: 'x' }).expect(401);
    await request(h.t.server).post(`/api/admin/events/nope/announcements`).set(adminAuth).send({ text: 'x' }).expect(404);
  });
});
