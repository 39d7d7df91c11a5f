// Hands out failure limiters that share one store: memory by default, Redis when REDIS_URL is set
// (every API node then sees the same counts). Inject it to limit any kind of failed attempt.
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/app-config.token.js';
import { createFailureLimiter, type FailureLimiter, type FailureLimitOptions } from './failure-limiter.js';

@Injectable()
export class FailureLimiterFactory implements OnModuleDestroy {
  private readonly logger = new Logger('FailureLimiter');
  private redis: Redis | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  create(options: FailureLimitOptions): FailureLimiter {
    return createFailureLimiter(options, this.sharedRedis());
  }

  private sharedRedis(): Redis | undefined {
    if (!this.config.redisUrl) return undefined;
    if (!this.redis) {
      // No offline queue: while Redis is away, calls fail at once and the in-memory insurance
      // limiter counts instead of requests waiting on a reconnect.
      this.redis = new Redis(this.config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      let lastLog = 0;
      this.redis.on('error', (error: Error) => {
        if (Date.now() - lastLog < 60_000) return;
        lastLog = Date.now();
        this.logger.warn(`Redis unavailable for failure counts (counting in memory meanwhile): ${error.message}`);
      });
    }
    return this.redis;
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
