// The feed log itself: seq order, commit-order appends, once-only entries, publish after commit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import type { FeedEventRecord } from '../src/modules/feed/feed-event.record.js';
import { FeedService } from '../src/modules/feed/feed.service.js';
import { EventEntity } from '../src/modules/events/event.entity.js';
import { seedEventWithSecrets } from './helpers/event-seed.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('feed log', () => {
  let t: TestApp;
  let feed: FeedService;
  let dataSource: DataSource;
  let eventId: number;

  beforeAll(async () => {
    t = await createTestApp();
    dataSource = t.app.get(DataSource);
    feed = t.app.get(FeedService);
    await seedEventWithSecrets(dataSource, new Date());
    eventId = (await dataSource.getRepository(EventEntity).findOneByOrFail({ slug: 'seeded' })).id;
  }, 60_000);
  afterAll(() => t?.close());

  const announce = (n: number) => ({
    eventId,
    type: 'announcement' as const,
    data: { id: `a${n}`, text: { en: `n${n}` }, level: 'info', publishedAt: new Date().toISOString(), until: null, withdrawn: false },
  });

  it('appends inside the caller transaction with strictly increasing seqs and reads them back in order', async () => {
    const before = await feed.head(eventId);
    const records = await dataSource.transaction(async (manager) => [await feed.append(manager, announce(1)), await feed.append(manager, announce(2))]);
    expect(records[0]!.seq).toBeGreaterThan(before);
    expect(records[1]!.seq).toBeGreaterThan(records[0]!.seq);
    const read = await feed.readAfter(eventId, before, 10);
    expect(read.map((r) => r.seq)).toEqual(records.map((r) => r.seq));
    expect(read[0]).toMatchObject({ type: 'announcement', audience: 'all', data: { id: 'a1' } });
    expect(await feed.head(eventId)).toBe(records[1]!.seq);
    expect(await feed.contains(eventId, records[0]!.seq)).toBe(true);
    expect(await feed.contains(eventId + 1000, records[0]!.seq)).toBe(false);
  });

  it('a rolled back transaction leaves nothing in the log', async () => {
    const before = await feed.head(eventId);
    await expect(
      dataSource.transaction(async (manager) => {
        await feed.append(manager, announce(3));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await feed.head(eventId)).toBe(before);
  });

  it('concurrent transactions commit in seq order: a reader never sees a higher seq before a lower one', async () => {
    const before = await feed.head(eventId);
    const seen: number[][] = [];
    const writers = Array.from({ length: 8 }, (_, i) =>
      dataSource.transaction(async (manager) => {
        const r = await feed.append(manager, announce(10 + i));
        await new Promise((resolve) => setTimeout(resolve, 5 * ((i * 7) % 5)));
        return r;
      }),
    );
    const reader = (async () => {
      for (let i = 0; i < 20; i++) {
        seen.push((await feed.readAfter(eventId, before, 100)).map((r) => r.seq));
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    })();
    const written = await Promise.all(writers);
    await reader;
    const all = written.map((r) => r.seq).sort((a, b) => a - b);
    // Every observation is a prefix of the final order: no later seq became visible before an earlier one.
    for (const observed of seen) expect(observed).toEqual(all.slice(0, observed.length));
  });

  it('appendOnce logs a transition once, however many times it is detected', async () => {
    const input = { ...announce(30), type: 'clock' as const, dedupeKey: 'clock:open:frozen:2026-01-01T00:00:00.000Z' };
    const first = await dataSource.transaction((manager) => feed.appendOnce(manager, input));
    const second = await dataSource.transaction((manager) => feed.appendOnce(manager, input));
    expect(first).not.toBeNull();
    expect(second).toBeNull();
  });

  it('publish hands committed records to listeners and ignores anything else', async () => {
    const heard: FeedEventRecord[][] = [];
    const off = feed.onPublish((records) => heard.push([...records]));
    const record = await dataSource.transaction((manager) => feed.append(manager, announce(40)));
    feed.publish([record, undefined, { nope: true }]);
    feed.publish([]);
    off();
    feed.publish([record]);
    expect(heard).toEqual([[record]]);
  });

  it('refuses an unknown type before touching the database', async () => {
    await expect(dataSource.transaction((manager) => feed.append(manager, { ...announce(50), type: 'nope' as never }))).rejects.toThrow('unknown feed event type');
  });
});
