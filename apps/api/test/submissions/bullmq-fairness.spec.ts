// The Redis path of fair scoring (issue 12, finding 3): a job's BullMQ priority is its place in
// its team's backlog, so one worker takes every team's first job before any team's second.
// Needs Redis (REDIS_URL, default 127.0.0.1:6379): skipped, saying so, when it is not running.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { BullmqScoringQueue, BullmqScoringWorker, scoringPriority } from '../../src/modules/scoring-jobs/bullmq-scoring-queue.js';
import { reachable } from '@podium/test-support';

const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const redis = new URL(redisUrl);
const available = await reachable(redis.hostname, Number(redis.port || 6379));
if (!available) console.warn(`bullmq-fairness: skipped, Redis (${redis.host}) is not reachable`);

describe('scoringPriority', () => {
  it('is 1 for a team\'s first waiting job, one more per job of the team before it, within BullMQ\'s range', () => {
    expect([0, 1, 4].map(scoringPriority)).toEqual([1, 2, 5]);
    expect(scoringPriority(-3)).toBe(1);
    expect(scoringPriority(1e9)).toBe(2 ** 21 - 1);
  });
});

describe.skipIf(!available)('BullMQ scoring queue between teams', () => {
  // Own key prefix: other tests' API nodes on the same Redis never see these jobs.
  const prefix = `podium-test-${randomUUID()}`;
  const queue = available ? new BullmqScoringQueue(redisUrl, prefix) : null;
  let worker: BullmqScoringWorker | null = null;
  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    const client = new Redis(redisUrl);
    const keys = await client.keys(`${prefix}:*`);
    if (keys.length > 0) await client.del(...keys);
    await client.quit();
  });

  it("takes every team's first job before a team's second, whatever was queued first", async () => {
    // Team 1 queues five jobs (ids 101-105), then teams 2 and 3 one each.
    for (let i = 0; i < 5; i++) await queue!.enqueue(101 + i, 1, i);
    await queue!.enqueue(201, 2, 0);
    await queue!.enqueue(301, 3, 0);
    const order: number[] = [];
    await new Promise<void>((resolve) => {
      worker = new BullmqScoringWorker(
        redisUrl,
        async (id) => {
          order.push(id);
          if (order.length === 7) resolve();
        },
        1,
        prefix,
      );
    });
    expect(order).toEqual([101, 201, 301, 102, 103, 104, 105]);
  });
});
