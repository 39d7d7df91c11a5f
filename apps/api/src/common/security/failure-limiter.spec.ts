import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-error.js';
import { createFailureLimiter } from './failure-limiter.js';

const redisReachable = await new Promise<boolean>((resolve) => {
  const socket = new Socket();
  const done = (ok: boolean) => (socket.destroy(), resolve(ok));
  socket.setTimeout(500, () => done(false));
  socket.once('error', () => done(false));
  socket.connect(6379, '127.0.0.1', () => done(true));
});

describe('FailureLimiter', () => {
  it('allows maxFailures failures per key in a window, then refuses with a 429 until it ends', async () => {
    const limiter = createFailureLimiter({ name: `t-${randomUUID()}`, maxFailures: 3, windowSeconds: 900 });
    for (let i = 1; i <= 3; i++) {
      await limiter.assertAllowed('10.0.0.1', 'login');
      expect((await limiter.recordFailure('10.0.0.1')).failures).toBe(i);
    }
    const blocked = await limiter.assertAllowed('10.0.0.1', 'login').catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(DomainError);
    expect(blocked).toMatchObject({ status: 429, code: 'too-many-failed-attempts' });
    expect((blocked as DomainError).extensions!['retryAfterSeconds']).toBeGreaterThan(800);
    // Another key (address, login) is counted apart; a reset clears one key.
    await limiter.assertAllowed('10.0.0.2', 'login');
    await limiter.reset('10.0.0.1');
    await limiter.assertAllowed('10.0.0.1', 'login');
  });

  describe.skipIf(!redisReachable)('on Redis', () => {
    const clients: Redis[] = [];
    afterAll(async () => {
      for (const c of clients) await c.quit();
    });

    it('two API nodes share the count', async () => {
      const name = `t-${randomUUID()}`;
      const [a, b] = [0, 1].map(() => {
        const client = new Redis('redis://127.0.0.1:6379', { enableOfflineQueue: true });
        clients.push(client);
        return createFailureLimiter({ name, maxFailures: 2, windowSeconds: 60 }, client);
      });
      await a!.recordFailure('10.0.0.9');
      await b!.recordFailure('10.0.0.9');
      expect(await a!.blockedFor('10.0.0.9')).toBeGreaterThan(0);
      expect(await b!.blockedFor('10.0.0.9')).toBeGreaterThan(0);
      expect(await b!.blockedFor('10.0.0.8')).toBe(0);
    });
  });
});
