// Prev chains and grouping: streams with the same frames and the same prev share one message.
import type { FeedEvent } from '@podium/contracts';
import { describe, expect, it } from 'vitest';
import { StreamOutbox } from './stream-outbox.js';

const announcement = (seq: number): FeedEvent => ({
  seq,
  at: '2026-12-06T12:00:00.000Z',
  event: 'round',
  type: 'announcement',
  data: { id: `a${seq}`, text: { en: 'x', fr: 'x' }, level: 'info', publishedAt: '2026-12-06T12:00:00.000Z', until: null, withdrawn: false },
});

describe('StreamOutbox', () => {
  it('chains each stream from the origin and groups identical streams into one message', () => {
    const outbox = new StreamOutbox(10);
    const shared = announcement(11);
    const juryOnly = announcement(12);
    expect(outbox.add(new Map([['public', shared], ['team:a', shared], ['jury', shared]]))).toBe(true);
    expect(outbox.add(new Map([['public', null], ['jury', juryOnly]]))).toBe(true);
    expect(outbox.add(new Map([['public', null]]))).toBe(false);
    const groups = outbox.take();
    expect(outbox.empty).toBe(true);
    expect(groups.map((g) => [g.streams, g.frames.map((f) => [f.seq, f.prev])])).toEqual([
      [['public', 'team:a'], [[11, 10]]],
      [['jury'], [[11, 10], [12, 11]]],
    ]);
    expect(outbox.positions()).toEqual({ public: 11, 'team:a': 11, jury: 12 });
  });

  it('fixes a silent stream at the position it was first asked for, so its next frame chains to it', () => {
    const outbox = new StreamOutbox(10);
    expect(outbox.streamPosition('team:b', 15)).toBe(15);
    expect(outbox.streamPosition('team:b', 20)).toBe(15);
    outbox.add(new Map([['team:b', announcement(21)]]));
    expect(outbox.take()[0]!.frames[0]!.prev).toBe(15);
    expect(outbox.streamPosition('team:b', 30)).toBe(21);
  });
});
