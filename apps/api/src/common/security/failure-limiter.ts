// Counts failed attempts per key (a client address, a login) in a fixed window and refuses further
// attempts once a limit is reached, until the window ends. The store is rate-limiter-flexible:
// in memory by default, Redis when several API nodes must share the count. Generic on purpose:
// token checks use it per address; a jury login can use it per login and per address.
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { DomainError } from '../errors/domain-error.js';

export interface FailureLimitOptions {
  /** Namespace of the keys (one per kind of check: `auth-token`, `jury-login`). */
  name: string;
  /** Failures allowed in one window; the next attempt in that window is refused. */
  maxFailures: number;
  windowSeconds: number;
}

export interface FailureCount {
  failures: number;
  /** Milliseconds until the key may try again; 0 while under the limit. */
  blockedForMs: number;
}

export class FailureLimiter {
  constructor(
    readonly options: FailureLimitOptions,
    private readonly store: RateLimiterAbstract,
  ) {}

  /** How long `key` must wait before its next attempt (0: it may try now). */
  async blockedFor(key: string): Promise<number> {
    const res = await this.store.get(key).catch(() => null); // a store outage must not lock everyone out
    return res && res.consumedPoints >= this.options.maxFailures ? Math.max(1, res.msBeforeNext) : 0;
  }

  /** Throws a 429 problem (with `retryAfterSeconds`) when `key` must wait; `what` names the check. */
  async assertAllowed(key: string, what: string): Promise<void> {
    const ms = await this.blockedFor(key);
    if (ms > 0) throw tooManyFailedAttempts(what, this.options, Math.ceil(ms / 1000));
  }

  async recordFailure(key: string): Promise<FailureCount> {
    try {
      const res = await this.store.consume(key);
      return { failures: res.consumedPoints, blockedForMs: res.consumedPoints >= this.options.maxFailures ? res.msBeforeNext : 0 };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return { failures: rejection.consumedPoints, blockedForMs: rejection.msBeforeNext };
      throw rejection;
    }
  }

  /** Forgets `key`'s failures (e.g. after a successful login). */
  async reset(key: string): Promise<void> {
    await this.store.delete(key).catch(() => undefined);
  }
}

export const tooManyFailedAttempts = (what: string, options: FailureLimitOptions, retryAfterSeconds: number) =>
  new DomainError(
    'too-many-failed-attempts',
    429,
    'Too many requests',
    `Too many failed ${what} attempts from your address (${options.maxFailures} in ${options.windowSeconds} s); try again in ${retryAfterSeconds} s.`,
    undefined,
    { retryAfterSeconds },
  );

/**
 * Makes limiters on one store: memory, or Redis (with a memory fallback while Redis is
 * unreachable, so a Redis outage neither locks everyone out nor lifts the limit).
 */
export function createFailureLimiter(options: FailureLimitOptions, redis?: Redis): FailureLimiter {
  // `points + 1`: the store rejects the consume past `points`; we refuse from `maxFailures` on.
  const base = { keyPrefix: `podium-${options.name}`, points: options.maxFailures + 1, duration: options.windowSeconds };
  const memory = new RateLimiterMemory(base);
  const store = redis ? new RateLimiterRedis({ ...base, storeClient: redis, insuranceLimiter: new RateLimiterMemory(base) }) : memory;
  return new FailureLimiter(options, store);
}
