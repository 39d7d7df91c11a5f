// An unreachable Redis is logged, never an unhandled 'error' event (which would end the process).
import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BullmqScoringQueue, BullmqScoringWorker } from './bullmq-scoring-queue.js';

const UNREACHABLE = 'redis://127.0.0.1:9/0'; // discard port: connection refused at once

describe('BullMQ scoring queue without Redis', () => {
  afterEach(() => vi.restoreAllMocks());

  it('logs the connection errors of the queue and the worker once each, and closes', async () => {
    const warnings: string[] = [];
    vi.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    const queue = new BullmqScoringQueue(UNREACHABLE, 'podium-test-unreachable');
    const worker = new BullmqScoringWorker(UNREACHABLE, async () => undefined, 1, 'podium-test-unreachable');
    await vi.waitFor(() => {
      expect(warnings.some((w) => w.startsWith('queue Redis connection:'))).toBe(true);
      expect(warnings.some((w) => w.startsWith('worker Redis connection:'))).toBe(true);
    }, { timeout: 10_000 });
    // Reconnection attempts repeat the same failure: one line, not one per attempt.
    await new Promise((r) => setTimeout(r, 500));
    expect(warnings.filter((w) => w.startsWith('queue Redis connection:'))).toHaveLength(1);
    await Promise.race([Promise.all([queue.close(), worker.close()]), new Promise((r) => setTimeout(r, 3000))]);
  });

  it('acknowledges an enqueue within two seconds while Redis is down (the row is durable; the sweep adds the job later)', async () => {
    const warnings: string[] = [];
    vi.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    const queue = new BullmqScoringQueue(UNREACHABLE, 'podium-test-unreachable');
    await expect(queue.enqueue(1, 1)).resolves.toBeUndefined();
    expect(warnings.some((w) => w.startsWith('scoring queue unreachable'))).toBe(true);
    await Promise.race([queue.close(), new Promise((r) => setTimeout(r, 3000))]);
  });
});

describe.skipIf(!process.env['REDIS_URL'] && !process.env['CI'])('BullMQ scoring queue resubmit (real Redis)', () => {
  const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

  it('adds the jobs that never reached Redis, retries failed ones, leaves waiting ones alone', async () => {
    const prefix = `podium-test-resubmit-${process.pid}-${Date.now()}`;
    const queue = new BullmqScoringQueue(redisUrl, prefix);
    const raw = new Queue('podium-scoring', { connection: { url: redisUrl }, prefix });
    try {
      await queue.enqueue(1, 1);
      // Job 2 gave up (its attempts failed while the database was down).
      await raw.add('score', { submissionId: 2 }, { jobId: 'submission-2', attempts: 1 });
      const failing = new Worker('podium-scoring', async () => Promise.reject(new Error('database down')), { connection: { url: redisUrl }, prefix });
      await vi.waitFor(async () => expect(await (await raw.getJob('submission-2'))!.getState()).toBe('failed'), { timeout: 20_000 });
      await failing.close();
      // Job 3 never reached Redis.
      expect(await queue.resubmit([1, 2, 3])).toBe(2);
      expect(await (await raw.getJob('submission-2'))!.getState()).not.toBe('failed');
      expect(await raw.getJob('submission-3')).toBeTruthy();
      // Job 1 was already waiting: left alone (no second job).
      expect(await raw.getJobCountByTypes('wait', 'prioritized', 'waiting')).toBe(3);
    } finally {
      await raw.obliterate({ force: true }).catch(() => undefined);
      await raw.close();
      await queue.close();
    }
  });
});
