// Batching: consecutive frames of one stream leave as one `feed-batch` message (one socket write
// per socket), each frame keeping its own `prev`, so ordering, hole detection and resume stay
// exact. Raw engine packets are checked: the bytes on the wire are one message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveFeedClient } from '@podium/live-client';
import type { AnnouncementData, FeedFrame } from '@podium/contracts';
import { DataSource } from 'typeorm';
import { EventEntity } from '../src/modules/events/event.entity.js';
import { FeedService } from '../src/modules/feed/feed.service.js';
import { LiveHubsService } from '../src/modules/live/live-hubs.service.js';
import { predictions } from './submissions/round-seed.js';
import { assertChain, createLiveHarness, type LiveHarness, RawLiveClient, until } from './live/live-harness.js';

/** A window no scoring run on a loaded test box comes close to: what must batch, does. */
const WIDE_WINDOW_MS = 10_000;

describe('batching live frames', () => {
  let h: LiveHarness;
  const clients: RawLiveClient[] = [];
  const feedClients: LiveFeedClient[] = [];
  const connect = (token?: string) => {
    const c = new RawLiveClient(h.url);
    clients.push(c);
    return c.subscribe({ event: h.round.eventSlug, ...(token ? { token } : {}) });
  };
  const hubStats = () => h.t.app.get(LiveHubsService).stats().events[0]!.stats;

  beforeAll(async () => {
    // Opened long enough ago that the clock ticker logs no `opened` entry in the middle of a test.
    h = await createLiveHarness({ teams: 3, opens: -30, liveTiming: { batchMs: WIDE_WINDOW_MS } });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const c of feedClients) c.close();
    await h?.t.close();
  });

  it("an upload's received, result and board change reach each audience as one message", async () => {
    const publicClient = connect();
    const teamClient = connect(h.round.teams[0]!.token);
    await until(() => publicClient.snapshots.length === 1 && teamClient.snapshots.length === 1, 'snapshots');
    const before = hubStats();
    const res = await h.submit(0, predictions(h.round)).expect(202);
    const id = String(res.body.id);
    await until(() => publicClient.frames.some((f) => f.type === 'leaderboard'), 'board frame', 15_000);
    await until(() => teamClient.frames.some((f) => f.type === 'leaderboard'), 'team board frame', 15_000);

    for (const [c, result] of [[publicClient, 'submission.settled'], [teamClient, 'submission.scored']] as const) {
      expect(c.messages).toHaveLength(1);
      expect(c.messages[0]!.kind).toBe('feed-batch');
      expect(c.messages[0]!.frames.map((f) => f.type)).toEqual(['submission.received', result, 'leaderboard']);
      assertChain(c.frames, c.snapshots[0]!.seq);
      // On the wire: one engine packet carries the three frames.
      const packets = c.raw.filter((p) => p.includes(`"submissionId":"${id}"`));
      expect(packets).toHaveLength(1);
      expect(packets[0]).toContain('"feed-batch"');
      expect(packets[0]).toContain(result);
    }
    // The public and the uploading team differ (the team sees its own score): two emits, not one per socket.
    const after = hubStats();
    expect(after.emits - before.emits).toBe(2);
    expect(after.batches - before.batches).toBe(2);
    expect(after.frames - before.frames).toBe(6);
  });

  it('entries committed together go as one batch; the screen client applies every frame in order', async () => {
    const raw = connect();
    const screen = new LiveFeedClient({ url: h.url, event: h.round.eventSlug, transports: ['websocket'] });
    feedClients.push(screen);
    const applied: FeedFrame[] = [];
    screen.on('frame', (f) => applied.push(f));
    screen.connect();
    await until(() => raw.snapshots.length === 1 && screen.health.status === 'live', 'both subscribed');
    const start = screen.seq!;
    const dataSource = h.t.app.get(DataSource);
    const feed = h.t.app.get(FeedService);
    const eventId = (await dataSource.getRepository(EventEntity).findOneByOrFail({ slug: h.round.eventSlug })).id;
    const announcement = (n: number): AnnouncementData => ({
      id: `batch-${n}`,
      text: { en: `Message ${n}`, fr: `Message ${n}` },
      level: 'info',
      publishedAt: new Date().toISOString(),
      until: null,
      withdrawn: false,
    });
    const records = await dataSource.transaction(async (m) => {
      const out = [];
      for (let n = 1; n <= 3; n++) out.push(await feed.append(m, { eventId, type: 'announcement', data: { ...announcement(n) } }));
      return out;
    });
    feed.publish(records);
    const seqs = records.map((r) => r.seq);
    await until(() => screen.seq === seqs.at(-1), 'screen at the last seq');
    await until(() => raw.frames.some((f) => f.seq === seqs.at(-1)), 'the last seq on the raw socket');

    // One message; the frames chain on the stream's previous frame, then on each other.
    expect(raw.messages.map((m) => m.kind)).toEqual(['feed-batch']);
    expect(raw.frames.map((f) => [f.seq, f.prev])).toEqual([
      [seqs[0], raw.frames[0]!.prev],
      [seqs[1], seqs[0]],
      [seqs[2], seqs[1]],
    ]);
    expect(raw.frames[0]!.prev).toBeLessThanOrEqual(raw.snapshots[0]!.seq);
    // (Announcements expect no follower: the batch left at once, not after the 10 s window.)
    expect(applied.map((f) => f.seq)).toEqual(seqs);
    expect(screen.state.announcements.map((a) => a.id).slice(-3)).toEqual(['batch-1', 'batch-2', 'batch-3']);

    // A resume from before the batch replays the same frames; from its end, nothing twice.
    const resumed = new RawLiveClient(h.url);
    clients.push(resumed);
    resumed.subscribe({ event: h.round.eventSlug, since: start });
    await until(() => resumed.replays.length === 1, 'replay');
    expect(resumed.replays[0]!.frames.map((f) => f.seq)).toEqual(seqs);
  });
});
