// An unreachable Redis is logged, never an unhandled 'error' event (which would end the process).
import { Logger } from '@nestjs/common';
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
});
