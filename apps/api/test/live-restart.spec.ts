// The real LiveFeedClient (what every screen runs) against the real server: websocket and
// long-polling transports, heartbeat and health, and a server restart on the same database with
// changes made before the client is back - resumed from the log with no gap and no duplicate.
import type { AddressInfo } from 'node:net';
import type { FeedFrame, LeaderboardData } from '@podium/contracts';
import { LiveFeedClient } from '@podium/live-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveHubsService } from '../src/modules/live/live-hubs.service.js';
import { adminAuth, createTestApp, type TestApp } from './helpers/test-app.js';
import { predictions } from './submissions/round-seed.js';
import { createLiveHarness, type LiveHarness, RawLiveClient, until } from './live/live-harness.js';

describe('LiveFeedClient against the real server, across a restart', () => {
  let h: LiveHarness;
  let restarted: TestApp | null = null;
  let port = 0;
  const screens: LiveFeedClient[] = [];
  const raws: RawLiveClient[] = [];

  const screen = (transports: ('websocket' | 'polling')[]) => {
    const frames: FeedFrame[] = [];
    const client = new LiveFeedClient({ url: `http://127.0.0.1:${port}`, event: h.round.eventSlug, transports, reconnectionDelayMs: 1500, reconnectionDelayMaxMs: 2000 });
    client.on('frame', (f) => frames.push(f));
    screens.push(client.connect());
    return { client, frames };
  };

  beforeAll(async () => {
    h = await createLiveHarness({ teams: 3 });
    port = (h.t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of screens) s.close();
    for (const r of raws) r.close();
    if (restarted) await restarted.close();
    else await h?.t.close();
  });

  it('works over long-polling as over websocket, with heartbeats and a health view', async () => {
    const ws = screen(['websocket']);
    const polling = screen(['polling']);
    await until(() => ws.client.health.status === 'live' && polling.client.health.status === 'live', 'both live');
    expect(polling.client.health.transport).toBe('polling');
    await h.submit(0, predictions(h.round)).expect(202);
    await h.settleLive();
    await until(() => polling.frames.some((f) => f.type === 'leaderboard'), 'board over polling');
    const carried = () => h.t.app.get(LiveHubsService).stats().events[0]!.streams.public;
    await until(() => ws.client.seq === carried() && polling.client.seq === carried(), 'both screens to hold what the public stream carried');
    expect(polling.frames.map((f) => f.seq)).toEqual(ws.frames.map((f) => f.seq));

    const raw = new RawLiveClient(h.url).subscribe({ event: h.round.eventSlug });
    raws.push(raw);
    await until(() => raw.snapshots.length === 1, 'snapshot');
    // Right after a board frame the periodic beat is skipped (the frame said it all): forced here.
    h.t.app.get(LiveHubsService).heartbeat(0);
    await until(() => raw.heartbeats.length === 1, 'heartbeat');
    // The seq of the last frame the public stream carried: never ahead of what the client holds
    // (its snapshot, plus a frame that may still have been on its way when it subscribed).
    const held = Math.max(raw.snapshots[0]!.seq, ...raw.frames.map((f) => f.seq));
    expect(raw.heartbeats[0]!.seq).toBeLessThanOrEqual(held);
    await until(() => ws.frames.at(-1)!.seq === raw.heartbeats[0]!.seq, 'the other screen holds the beat seq');
    // The periodic beat is skipped for a stream that just carried a frame; messages keep their
    // order, so once an answer to a later subscribe is in, a skipped-but-sent beat would be too.
    h.t.app.get(LiveHubsService).heartbeat();
    h.t.app.get(LiveHubsService).heartbeat(0);
    raw.subscribe({ event: h.round.eventSlug });
    await until(() => raw.snapshots.length === 2, 'the answer to a later subscribe');
    expect(raw.heartbeats).toHaveLength(2);
    const health = await request(h.t.server).get('/api/admin/live/health').set(adminAuth).expect(200);
    expect(health.body).toMatchObject({ status: 'ok', multiNode: false });
    expect(health.body.sockets).toBeGreaterThanOrEqual(3);
  });

  it('resumes after a restart: changes made while it was away arrive once, in order', async () => {
    const { client, frames } = screen(['websocket']);
    await until(() => client.health.status === 'live', 'live');
    const lastBefore = client.seq!;
    const database = h.t.database;
    await h.t.close({ keepDatabase: true });
    await until(() => client.health.status !== 'live', 'client notices');

    restarted = await createTestApp({ database });
    await restarted.app.listen(port, '127.0.0.1');
    // Before the client is back (it retries after ~1.5 s): an upload and an announcement.
    await request(restarted.server)
      .post(`/api/events/${h.round.eventSlug}/tasks/${h.round.taskSlug}/submissions`)
      .set({ Authorization: `Bearer ${h.round.teams[1]!.token}` })
      .attach('file', Buffer.from(predictions(h.round, { flip: 1 })), 'p.csv')
      .expect(202);
    const ann = await request(restarted.server).post(`/api/admin/events/${h.round.eventSlug}/announcements`).set(adminAuth).send({ text: 'We are back' }).expect(201);

    await until(() => client.health.status === 'live', 'live again', 20_000);
    await until(() => client.state.tasks[h.round.taskSlug]?.leaderboard.rows.filter((r) => r.rank !== null).length === 2, 'two ranked teams', 20_000);
    await until(() => client.state.announcements.some((a) => a.id === ann.body.id), 'announcement', 10_000);
    const seqs = frames.map((f) => f.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    const after = frames.filter((f) => f.seq > lastBefore);
    expect(after.filter((f) => f.type === 'submission.received')).toHaveLength(1);
    expect(after.filter((f) => f.type === 'announcement')).toHaveLength(1);
    const rest = await request(restarted.server).get(`/api/events/${h.round.eventSlug}/tasks/${h.round.taskSlug}/leaderboard`).expect(200);
    expect(client.state.tasks[h.round.taskSlug]!.leaderboard.rows.map((r) => [r.team.slug, r.rank, r.scores])).toEqual(
      (rest.body as LeaderboardData).rows.map((r) => [r.team.slug, r.rank, r.scores]),
    );
  });
});
