import { describe, expect, it } from 'vitest';
import { AsyncMutex } from './async-mutex.js';

describe('AsyncMutex', () => {
  it('hands the lock out one holder at a time, in request order', async () => {
    const mutex = new AsyncMutex();
    const log: string[] = [];
    const hold = async (name: string, ms: number) => {
      const release = await mutex.acquire();
      log.push(`${name}+`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`${name}-`);
      release();
      release(); // idempotent
    };
    await Promise.all([hold('a', 20), hold('b', 1), hold('c', 5)]);
    expect(log).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
  });
});
