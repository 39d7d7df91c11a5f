// LeaderboardService.refresh with mocked repositories: a snapshot per changed board, one feed
// marker per refresh that changed something, nothing written when nothing changed.
import type { RoundTruth } from '@podium/rules';
import type { DataSource } from 'typeorm';
import { describe, expect, it, vi } from 'vitest';
import type { EventEntity } from '../events/event.entity.js';
import type { TaskEntity } from '../events/task.entity.js';
import type { Clock } from '../../common/clock/clock.service.js';
import type { FeedPort } from '../feed/feed-port.js';
import type { LeaderboardSnapshotEntity } from './leaderboard-snapshot.entity.js';
import type { LeaderboardSnapshotRepository, NewSnapshot } from './leaderboard-snapshot.repository.js';
import { LeaderboardService } from './leaderboard.service.js';
import type { RoundTruthRepository } from './round-truth.repository.js';

const NOW = new Date('2026-12-06T14:00:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const ref = { event: { id: 1, slug: 'round' } as EventEntity, task: { id: 3, slug: 'lung' } as TaskEntity };

function truth(freezeAt: Date | null = null): RoundTruth {
  return {
    task: { slug: 'lung', opensAt: at(-60), closesAt: at(60), freezeAt, graceSeconds: 0, policy: 'best', scores: [{ name: 'auc', direction: 'higher' }] },
    teams: [
      { id: '1', slug: 'alpha', name: 'Alpha' },
      { id: '2', slug: 'bravo', name: 'Bravo' },
    ],
    submissions: [{ id: '10', teamId: '1', receivedAt: at(-30), status: 'scored', scores: { auc: { public: 0.9, private: 0.8, all: 0.85 } }, scoredAt: at(-29) }],
    reveal: { privateRevealed: false },
  };
}

/** Snapshot streams kept in memory, as the repository would store them. */
function harness(roundTruth: RoundTruth) {
  const calls: string[] = [];
  const stored: LeaderboardSnapshotEntity[] = [];
  const manager = { name: 'transaction manager' };
  const snapshots = {
    lockTask: vi.fn(async () => void calls.push('lockTask')),
    latest: vi.fn(async (_taskId: number, reason: string, count: number) => {
      const stream = stored.filter((s) => s.reason === reason).reverse();
      return Array.from({ length: count }, (_, i) => stream[i]);
    }),
    insert: vi.fn(async (snapshot: NewSnapshot) => void (calls.push(`insert ${snapshot.reason}`), stored.push({ id: stored.length + 1, ...snapshot } as LeaderboardSnapshotEntity))),
  };
  const truths = { findTaskById: vi.fn(async () => (calls.push('findTaskById'), ref)), load: vi.fn(async () => roundTruth) };
  const feed = { append: vi.fn(async () => (calls.push('feed.append'), { seq: 1 })), publish: vi.fn() };
  const dataSource = { transaction: vi.fn(async (work: (m: unknown) => Promise<unknown>) => work(manager)) };
  const service = new LeaderboardService(
    dataSource as unknown as DataSource,
    truths as unknown as RoundTruthRepository,
    snapshots as unknown as LeaderboardSnapshotRepository,
    { now: () => NOW } as Clock,
    feed as unknown as FeedPort,
  );
  return { service, snapshots, feed, calls, stored, manager };
}

describe('LeaderboardService.refresh', () => {
  it('locks the task first, snapshots both boards the first time and logs one feed marker', async () => {
    const h = harness(truth());
    expect(await h.service.refresh(3, NOW)).toEqual({ live: true, public: true });
    expect(h.calls).toEqual(['lockTask', 'findTaskById', 'insert change:live', 'insert change:public', 'feed.append']);
    expect(h.feed.append).toHaveBeenCalledWith(h.manager, { eventId: 1, type: 'leaderboard', data: { task: 'lung' } });
    expect(h.stored[1]!.rows.map((r) => [r.team.slug, r.rank])).toEqual([
      ['alpha', 1],
      ['bravo', null],
    ]);
  });

  it('writes nothing when called again without a change (idempotent)', async () => {
    const h = harness(truth());
    await h.service.refresh(3, NOW);
    h.calls.length = 0;
    expect(await h.service.refresh(3, NOW)).toEqual({ live: false, public: false });
    expect(h.calls).toEqual(['lockTask', 'findTaskById']);
  });

  it('logs a marker on every refresh while the public board is frozen, changed or not', async () => {
    const h = harness(truth(at(-10)));
    await h.service.refresh(3, NOW);
    h.calls.length = 0;
    await h.service.refresh(3, NOW);
    expect(h.calls).toEqual(['lockTask', 'findTaskById', 'feed.append']);
  });
});
