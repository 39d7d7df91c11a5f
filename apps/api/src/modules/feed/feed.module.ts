import { Global, Module } from '@nestjs/common';
import { FEED_PORT } from './feed-port.js';
import { FeedService } from './feed.service.js';

/**
 * Global so every module that changes state can append to the log: FeedService directly, or
 * through FEED_PORT (the port submissions and leaderboards declare) without importing this module.
 */
@Global()
@Module({
  providers: [FeedService, { provide: FEED_PORT, useExisting: FeedService }],
  exports: [FeedService, FEED_PORT],
})
export class FeedModule {}
