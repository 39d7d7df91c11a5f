// The /live namespace end to end: real submissions through HTTP, real scoring, frames over
// socket.io. Ordering, snapshot then live frames, resume without gap or duplicate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictions } from './submissions/round-seed.js';
import { assertChain, createLiveHarness, type LiveHarness, RawLiveClient, until } from './live/live-harness.js';

describe('live feed', () => {
  let h: LiveHarness;
  const clients: RawLiveClient[] = [];
  const client = () => {
    const c = new RawLiveClient(h.url);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    h = await createLiveHarness({ teams: 3 });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await h?.t.close();
  });

  it('answers a first subscribe with a snapshot, then sends the round live in seq order', async () => {
    const c = client().subscribe({ event: h.round.eventSlug });
    await until(() => c.snapshots.length === 1, 'snapshot');
    const snapshot = c.snapshots[0]!;
    expect(snapshot).toMatchObject({ reason: 'initial', audience: 'public', team: null });
    expect(snapshot.event.slug).toBe(h.round.eventSlug);
    expect(snapshot.tasks.map((t) => t.task)).toEqual([h.round.taskSlug]);
    expect(snapshot.tasks[0]!.leaderboard.rows.every((r) => r.rank === null)).toBe(true);

    await h.submit(0, predictions(h.round, { flip: 1 })).expect(202);
    await h.submit(1, predictions(h.round)).expect(202);
    await h.settleLive();
    await until(() => c.frames.some((f) => f.type === 'leaderboard' && f.data.rows[0]?.team.slug === 'team-02'), 'board with team-02 first');
    assertChain(c.frames, snapshot.seq);
    const types = c.frames.map((f) => f.type);
    expect(types.filter((t) => t === 'submission.received')).toHaveLength(2);
    expect(types.filter((t) => t === 'submission.settled')).toHaveLength(2);
    // Public never gets the team's full result event.
    expect(types).not.toContain('submission.scored');
    const board = c.frames.filter((f) => f.type === 'leaderboard').at(-1)!;
    if (board.type !== 'leaderboard') throw new Error('unreachable');
    expect(board.data.rows.map((r) => [r.team.slug, r.rank])).toEqual([
      ['team-02', 1],
      ['team-01', 2],
      ['team-03', null],
    ]);
    expect(c.wire).not.toContain('teamId');
  });

  it('resumes with since: the missed frames exactly once, in order, then live again', async () => {
    const a = client().subscribe({ event: h.round.eventSlug });
    await until(() => a.snapshots.length === 1, 'snapshot');
    const start = a.snapshots[0]!.seq;
    await h.submit(2, predictions(h.round, { flip: 2 })).expect(202);
    await h.settleLive();
    await until(() => a.frames.some((f) => f.type === 'submission.settled'), 'settled');
    const seenByA = a.frames.map((f) => f.seq);

    // A client that stopped at the snapshot resumes: it must get exactly what A got.
    const b = client().subscribe({ event: h.round.eventSlug, since: start });
    await until(() => b.replays.length === 1, 'replay');
    const replay = b.replays[0]!;
    assertChain(replay.frames, start);
    expect(replay.frames.map((f) => f.seq)).toEqual(seenByA);
    expect(replay.seq).toBeGreaterThanOrEqual(seenByA.at(-1)!);

    // And it is live afterwards.
    await h.submit(0, predictions(h.round, { salt: 1 })).expect(202);
    await h.settleLive();
    await until(() => b.frames.some((f) => f.type === 'submission.received'), 'live frame after replay');
    assertChain(b.frames, replay.frames.at(-1)!.seq);
  });

  it('reports a bad request, an unknown event and a bad token as live-error data', async () => {
    const c = client();
    c.subscribe({ event: 'Not A Slug' } as never);
    c.subscribe({ event: 'no-such-event' });
    c.subscribe({ event: h.round.eventSlug, token: 'not-a-token' });
    await until(() => c.errors.length === 3, 'three errors');
    expect(c.errors.map((e) => e.code).sort()).toEqual(['auth.invalid_token', 'event.not_found', 'subscribe.invalid']);
    const invalid = c.errors.find((e) => e.code === 'subscribe.invalid')!;
    expect(invalid.problems?.[0]?.path).toBe('event');
  });
});
