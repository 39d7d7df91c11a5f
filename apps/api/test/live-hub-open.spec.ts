// An event's stream on a node (its hub) opens with its first subscriber: after a restart, that is
// a screen resuming with `since`. A result is committed before the refresher logs the board
// marker it causes; a hub opened in between must still send that board to the resumed screen.
import type { LeaderboardData } from '@podium/contracts';
import { DataSource } from 'typeorm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventEntity } from '../src/modules/events/event.entity.js';
import { FeedService } from '../src/modules/feed/feed.service.js';
import { LeaderboardService } from '../src/modules/leaderboard/leaderboard.service.js';
import { predictions } from './submissions/round-seed.js';
import { createLiveHarness, type LiveHarness, RawLiveClient, until } from './live/live-harness.js';

describe('a hub opened between a result and its board marker', () => {
  let h: LiveHarness | null = null;
  let raw: RawLiveClient | null = null;
  afterEach(async () => {
    raw?.close();
    await h?.t.close();
  });

  it('sends the board the marker announces to a screen that resumed in between', async () => {
    h = await createLiveHarness({ teams: 3 });
    const event = await h.t.app.get(DataSource).getRepository(EventEntity).findOneByOrFail({ slug: h.round.eventSlug });
    const since = await h.t.app.get(FeedService).head(event.id);

    // Hold the board refresh: the result is committed, its marker not logged yet.
    const leaderboards = h.t.app.get(LeaderboardService);
    const refresh = leaderboards.refresh.bind(leaderboards);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    vi.spyOn(leaderboards, 'refresh').mockImplementation(async (...args) => {
      held++;
      await gate;
      return refresh(...args);
    });
    await h.submit(0, predictions(h.round)).expect(202);
    await until(() => held > 0, 'the held board refresh');

    // The first subscriber opens the hub and resumes from before the upload.
    raw = new RawLiveClient(h.url).subscribe({ event: h.round.eventSlug, since });
    await until(() => raw!.replays.length === 1, 'replay');
    expect(raw.frames.filter((f) => f.type === 'leaderboard')).toHaveLength(0);

    release();
    await h.settleLive();
    const boards = raw.frames.filter((f) => f.type === 'leaderboard').map((f) => f.data as LeaderboardData);
    expect(boards).toHaveLength(1);
    expect(boards[0]!.rows.filter((r) => r.rank !== null).map((r) => r.team.slug)).toEqual([h.round.teams[0]!.slug]);
  });
});
